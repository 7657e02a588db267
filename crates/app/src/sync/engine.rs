//! One sync of one organization: the session (role, plan, usage: what the app enforces offline),
//! then push until the outbox is empty, then pull until the feed is drained. Every step commits
//! before the next request, so a sync cut short anywhere — a killed app, a dropped connection, a
//! restarted service — carries on from where it stood: a push in flight is sent again unchanged
//! (the workspace skips mutation numbers it has applied) and a pull starts from the last cursor
//! committed with its page. A cursor below the workspace's tombstone horizon (`RESYNC_REQUIRED`)
//! starts the feed again from 0 and, at its end, removes what the workspace no longer has.

use super::account::CallError;
use super::scrub;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::{sync, sync_apply};
use neuroflow_types::wire::{PullResponse, PushRequest, PushResponse, SyncSession};
use neuroflow_types::{ErrorCode, OrgId, SyncReport};
use reqwest::Method;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// How a sync's last pull waits for the workspace's next change (a long poll): up to `wait`, cut
/// short when `wake` is notified (a change made here, waiting to be pushed). Only this wait is cut
/// short: a push or a page in hand always finishes, so a busy desktop's rounds still end.
#[derive(Clone, Copy)]
pub(crate) struct LongPoll<'a> {
    pub wait: Duration,
    pub wake: &'a Notify,
}

/// Rows per pulled page.
pub(crate) const PAGE: usize = 500;
/// The most pushes one sync makes before letting the pull run (a large first upload continues next time).
const MAX_PUSHES: usize = 200;

impl Hub {
    /// One sync of a connected organization; with `poll`, the last pull waits for the workspace's
    /// next change. Failures are returned, not recorded.
    pub(crate) async fn sync_once(&self, org: OrgId, poll: Option<LongPoll<'_>>) -> Result<SyncReport, CallError> {
        let open = self.org(org).await.map_err(CallError::App)?;
        let state = open.store.read_async(sync::state).await.map_err(|e| CallError::App(e.into()))?;
        let Some(state) = state.filter(|s| s.connected) else {
            return Err(CallError::App(AppError::invalid(
                "this organization is not connected to a workspace (neuroflow workspace connect)",
            )));
        };
        let ws = state.workspace_org_id.clone().unwrap_or_else(|| org.to_string());
        let base = format!("/api/v1/organizations/{ws}/sync");
        let mut report = SyncReport::default();

        let session: SyncSession = self
            .workspace_call(Method::GET, &format!("{base}/session"), None::<&()>, super::api::REQUEST_TIMEOUT)
            .await?;
        let month = super::access::this_month();
        let (role, plan, used) = (session.role, session.plan, session.executions_this_month);
        open.store
            .write(move |c| sync::record_session(c, role, plan, used, &month))
            .await
            .map_err(|e| CallError::App(e.into()))?;
        if state.cursor > 0 && state.cursor < session.horizon && !state.resyncing {
            self.begin_resync(org).await?;
            report.resynced = true;
        }

        let author = self.workspace_account().await.ok().flatten().map(|a| a.name).unwrap_or_default();
        let mut pushes = 0;
        loop {
            let mutations = open.store.write(sync::prepare_push).await.map_err(|e| CallError::App(e.into()))?;
            if mutations.is_empty() || pushes >= MAX_PUSHES {
                break;
            }
            pushes += 1;
            let (client_id, sent_up_to) = (state.client_id.clone(), mutations.iter().map(|m| m.id).max().unwrap_or(0));
            let cursor = open.store.read_async(sync::state).await.map_err(|e| CallError::App(e.into()))?;
            let cursor = cursor.map(|s| s.cursor).unwrap_or(0);
            let mut body = PushRequest { client_id, cursor, author: author.clone(), mutations };
            scrub::push_request(&mut body);
            let asked = Instant::now();
            let sent = self
                .workspace_call::<PushResponse>(
                    Method::POST,
                    &format!("{base}/push"),
                    Some(&body),
                    super::api::REQUEST_TIMEOUT,
                )
                .await;
            report.push_ms = report.push_ms.saturating_add(millis(asked.elapsed()));
            let answer = match sent {
                Err(e) if e.is_code("RESYNC_REQUIRED") => {
                    // The push waits (kept as it is) until this copy has synced again from the start.
                    self.begin_resync(org).await?;
                    report.resynced = true;
                    self.pull_all(org, &base, None, &mut report).await?;
                    continue;
                }
                other => other?,
            };
            if answer.last_mutation_id < sent_up_to {
                return Err(CallError::App(AppError::new(
                    ErrorCode::Provider,
                    format!(
                        "the workspace acknowledged changes up to {} of {sent_up_to}; they will be sent again",
                        answer.last_mutation_id
                    ),
                )));
            }
            report.pushed += answer.applied;
            // A conflict copy this push made comes back with the pull, and is counted there.
            report.rejected +=
                open.store.write(move |c| sync::ack_push(c, &answer)).await.map_err(|e| CallError::App(e.into()))?;
        }
        if !self.pull_all(org, &base, poll, &mut report).await? {
            // Woken while waiting: the feed may not be drained, so the cursor stays where it is.
            return Ok(report);
        }
        // Drained after the session was read: nothing below the horizon is left to see, so the cursor
        // may stand at the horizon (otherwise a feed whose newest row is older than the forgotten
        // tombstones would look behind again at every sync).
        let horizon = session.horizon;
        open.store
            .write(move |c| Ok(c.execute("UPDATE sync_state SET cursor = max(cursor, ?)", [horizon])?))
            .await
            .map_err(|e| CallError::App(e.into()))?;
        Ok(report)
    }

    async fn begin_resync(&self, org: OrgId) -> Result<(), CallError> {
        tracing::info!(%org, "behind the workspace's memory of deletions: syncing again from the start");
        let open = self.org(org).await.map_err(CallError::App)?;
        open.store.write(sync_apply::begin_resync).await.map_err(|e| CallError::App(e.into()))
    }

    /// Pulls pages until the feed is drained (the first look long-polls with `poll`), applying each
    /// with its cursor; finishes a resync when one is under way. The next page is fetched while
    /// the last one is written: the service's time and the store's overlap. A page fetched ahead
    /// is only a read; the cursor moves with each page written, so a crash loses nothing.
    /// Returns false when the long poll was cut short by its wake-up (nothing of it applied).
    async fn pull_all(
        &self,
        org: OrgId,
        base: &str,
        poll: Option<LongPoll<'_>>,
        report: &mut SyncReport,
    ) -> Result<bool, CallError> {
        let open = self.org(org).await.map_err(CallError::App)?;
        'start: loop {
            let state = open.store.read_async(sync::state).await.map_err(|e| CallError::App(e.into()))?;
            let Some(state) = state else { return Ok(true) };
            let mut asked = state.cursor;
            let mut started = Instant::now();
            let mut fetched = match poll {
                Some(LongPoll { wait, wake }) => tokio::select! {
                    () = wake.notified() => return Ok(false),
                    page = self.pull_page(base, asked, wait) => {
                        started = Instant::now();
                        page
                    }
                },
                None => self.pull_page(base, asked, Duration::ZERO).await,
            };
            loop {
                let page = match fetched {
                    Err(e) if e.is_code("RESYNC_REQUIRED") && asked > 0 => {
                        self.begin_resync(org).await?;
                        report.resynced = true;
                        continue 'start;
                    }
                    other => other?,
                };
                let (cursor, more, changes) = (page.cursor, page.has_more, page.changes);
                let write = open.store.write(move |c| sync_apply::apply_page(c, org, &changes, cursor));
                // Only the first look waits: the next pages are there already.
                let (applied, next) = if more {
                    let (applied, next) = tokio::join!(write, self.pull_page(base, cursor, Duration::ZERO));
                    (applied, Some(next))
                } else {
                    (write.await, None)
                };
                let applied = applied.map_err(|e| CallError::App(e.into()))?;
                report.pulled += (applied.applied + applied.deleted) as u32;
                report.conflicts += applied.conflicts as u32;
                let Some(next) = next else {
                    report.pull_ms = report.pull_ms.saturating_add(millis(started.elapsed()));
                    if state.resyncing {
                        let removed =
                            open.store.write(sync_apply::finish_resync).await.map_err(|e| CallError::App(e.into()))?;
                        tracing::info!(%org, removed, "synced again from the start");
                    }
                    return Ok(true);
                };
                (asked, fetched) = (cursor, next);
            }
        }
    }

    /// One page of the feed after `since`, waiting up to `wait` for a change when there is none.
    async fn pull_page(&self, base: &str, since: i64, wait: Duration) -> Result<PullResponse, CallError> {
        let path = format!("{base}/pull?since={since}&limit={PAGE}&wait={}", wait.as_secs());
        let timeout = super::api::REQUEST_TIMEOUT + wait;
        self.workspace_call::<PullResponse>(Method::GET, &path, None::<&()>, timeout).await
    }

    /// Syncs now and records the outcome (the status shows it): the report, or the error in words.
    pub async fn sync_now(&self, org: OrgId) -> AppResult<SyncReport> {
        self.sync_recorded(org, None).await
    }

    pub(crate) async fn sync_recorded(&self, org: OrgId, poll: Option<LongPoll<'_>>) -> AppResult<SyncReport> {
        let open = self.org(org).await?;
        match self.sync_once(org, poll).await {
            Ok(report) => {
                open.store.write(sync::record_success).await?;
                Ok(report)
            }
            Err(e) => {
                let err: AppError = e.into();
                // Signed out on purpose: the organization waits for the next sign-in; its sync did
                // not fail. (A sign-in ended by the workspace, with the account still here, is recorded.)
                if err.code == ErrorCode::Unauthorized && !self.signed_in().await {
                    return Err(err);
                }
                let failures = open.store.read_async(sync::state).await?.map(|s| s.failures).unwrap_or(0);
                let next = neuroflow_types::now()
                    + chrono::Duration::from_std(backoff(failures + 1)).unwrap_or(chrono::Duration::zero());
                let message = err.message.clone();
                open.store.write(move |c| sync::record_failure(c, &message, &next)).await?;
                Err(err)
            }
        }
    }
}

/// How long to wait after `failures` failed attempts in a row: 2 s doubling, at most 5 minutes.
pub(crate) fn backoff(failures: i64) -> Duration {
    let exp = failures.clamp(1, 20) as u32 - 1;
    Duration::from_secs(2u64.saturating_mul(1u64 << exp.min(10)).min(300))
}

/// A duration in whole milliseconds, as a report carries it.
fn millis(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_five_minutes() {
        let waits: Vec<u64> = (1..=10).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
    }
}
