//! The background sync: one loop per connected organization, for as long as the app (or `neuroflow
//! serve`) runs. Each round pushes what waits and then pulls with a long poll, so a change made
//! online elsewhere arrives within a moment; a change made here cuts the long poll short (nothing
//! of it was applied) and the next round pushes it. A push under way is never cut short: a desktop
//! that changes things all the time still finishes its rounds. A failed round is
//! recorded for the status and retried after a growing pause (2 s doubling to 5 min); signing in
//! again or syncing by hand wakes it early. Offline, nothing is lost: the outbox simply waits.

use super::engine::LongPoll;
use crate::hub::Hub;
use neuroflow_store::table::sync;
use neuroflow_types::{ErrorCode, OrgId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// How long a pull waits for the workspace's next change.
pub(crate) const LONG_POLL: Duration = Duration::from_secs(20);
/// How often the loop looks for organizations connected meanwhile.
const LOOK_FOR_ORGS: Duration = Duration::from_secs(5);

/// What the sync keeps in the hub: the refresh lock, each organization's wake-up call, and which
/// organizations were lately found to have no roles or limits to enforce.
#[derive(Default)]
pub(crate) struct SyncShared {
    pub refresh: tokio::sync::Mutex<()>,
    pub browser: super::browser::PendingSignIn,
    pub unlimited: super::access::UnlimitedOrgs,
    wakers: Mutex<HashMap<OrgId, Arc<Notify>>>,
}

impl SyncShared {
    fn waker(&self, org: OrgId) -> Arc<Notify> {
        self.wakers.lock().unwrap_or_else(|e| e.into_inner()).entry(org).or_default().clone()
    }
}

/// The running background sync; it stops when this is dropped or stopped.
pub struct SyncService {
    stop: CancellationToken,
}

impl SyncService {
    pub fn stop(&self) {
        self.stop.cancel();
    }
}

impl Drop for SyncService {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl Hub {
    /// Wakes an organization's sync loop (a local change, a new sign-in, a button).
    pub(crate) fn sync_service_wake(&self, org: OrgId) {
        self.inner.sync.waker(org).notify_one();
    }

    /// Starts syncing every connected organization in the background. Must be called inside a
    /// tokio runtime.
    pub fn start_sync_service(&self) -> SyncService {
        let stop = CancellationToken::new();
        let hub = self.clone();
        let token = stop.clone();
        tokio::spawn(async move { hub.supervise(token).await });
        SyncService { stop }
    }

    /// Starts a loop for each connected organization, as they appear.
    async fn supervise(self, stop: CancellationToken) {
        let mut running: HashMap<OrgId, CancellationToken> = HashMap::new();
        let mut changes = self.subscribe_changes();
        let _watch = self.watch_changes().await.ok();
        loop {
            for org in self.list_orgs().await.unwrap_or_default() {
                if running.contains_key(&org.id) || !self.is_connected(org.id).await {
                    continue;
                }
                let token = stop.child_token();
                running.insert(org.id, token.clone());
                let hub = self.clone();
                tokio::spawn(async move { hub.org_loop(org.id, token).await });
            }
            running.retain(|_, t| !t.is_cancelled());
            let until = tokio::time::sleep(LOOK_FOR_ORGS);
            tokio::pin!(until);
            loop {
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = &mut until => break,
                    batch = changes.recv() => match batch {
                        // A change here: wake that organization's loop (applied pulls wake it too,
                        // harmlessly: an empty push is not sent).
                        Ok(batch) => if let Some(org) = batch.org.filter(|o| running.contains_key(o)) {
                            self.wake_if_pending(org).await
                        },
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                            for org in running.keys() { self.sync_service_wake(*org) }
                        }
                        Err(_) => {
                            (&mut until).await;
                            break;
                        }
                    },
                }
            }
        }
    }

    /// Wakes the loop when changes wait to be pushed (not for what a pull applied).
    async fn wake_if_pending(&self, org: OrgId) {
        let Ok(open) = self.org(org).await else { return };
        if matches!(open.store.read_async(sync::pending).await, Ok(n) if n > 0) {
            self.sync_service_wake(org);
        }
    }

    async fn is_connected(&self, org: OrgId) -> bool {
        let Ok(open) = self.org(org).await else { return false };
        matches!(open.store.read_async(sync::state).await, Ok(Some(s)) if s.connected)
    }

    /// Syncs one organization until it is disconnected or the service stops.
    async fn org_loop(self, org: OrgId, stop: CancellationToken) {
        let waker = self.inner.sync.waker(org);
        tracing::info!(%org, "syncing in the background");
        let mut failures: i64 = 0;
        loop {
            if stop.is_cancelled() || !self.is_connected(org).await {
                stop.cancel();
                return;
            }
            let round = self.sync_recorded(org, Some(LongPoll { wait: LONG_POLL, wake: &waker }));
            let pause = tokio::select! {
                () = stop.cancelled() => return,
                result = round => match result {
                    Ok(_) => { failures = 0; Duration::ZERO }
                    Err(e) if e.code == ErrorCode::Unauthorized => {
                        // Nothing to do until someone signs in again (which wakes this loop).
                        tracing::warn!(%org, error = %e, "sync waits for a sign-in");
                        Duration::from_secs(3_600)
                    }
                    Err(e) => {
                        failures += 1;
                        tracing::info!(%org, error = %e, failures, "sync failed; trying again later");
                        super::engine::backoff(failures)
                    }
                },
            };
            if pause > Duration::ZERO {
                tokio::select! {
                    () = stop.cancelled() => return,
                    () = waker.notified() => {}
                    () = tokio::time::sleep(pause) => {}
                }
            }
        }
    }
}
