//! The live change feed: batches of what changed in each organization, as it commits, whichever
//! process wrote it — so a run started by `neuroflow serve` or a workflow imported by the CLI shows up
//! in an open desktop app at once, and the trigger service reloads its routes when a workflow is
//! activated anywhere.
//!
//! Writes leave rows in each file's `changes` table (by trigger, in the same transaction), and the
//! writer then touches the organization's signal file (`signals/<org>`); a change to the list of
//! organizations touches `signals/registry`. This watcher asks the operating system (inotify,
//! FSEvents, ReadDirectoryChangesW, through `notify`) to say when a signal file changes, waits a few
//! milliseconds for the burst to end, and reads the new rows of the organizations that signalled: no
//! polling timer, and no watch on the databases themselves (that would wake it, and tax the writer,
//! on every page the WAL writes — and reading the registry writes its shared memory, so a watch on
//! it woke the feed ~50 times a second, for ever). Only if the OS refuses a watch does it fall back
//! to looking once a second, and says so.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::changes;
use neuroflow_types::{ChangeAction, ChangeBatch, ChangeModel, ModelChange, OrgId};
use notify::{RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;

/// How long to let a burst of writes settle before reading the feed.
const SETTLE: Duration = Duration::from_millis(15);
/// How often to look when the OS cannot watch files.
const FALLBACK_POLL: Duration = Duration::from_secs(1);
/// How many batches are buffered for slow listeners.
const CAPACITY: usize = 256;
/// How long change rows are kept.
const KEEP_SECS: i64 = 3_600;
/// Changes read per look.
const BATCH: usize = 2_000;

/// The change feed's state: where batches go, and the one watcher of this process (shared by
/// whoever asked for it: the desktop's windows, the trigger service).
pub(crate) struct ChangeFeed {
    sender: broadcast::Sender<ChangeBatch>,
    watch: Mutex<Weak<ChangeWatch>>,
    /// How many times the list of organizations was read (an idle feed reads it never).
    looks: AtomicU64,
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self { sender: broadcast::channel(CAPACITY).0, watch: Mutex::new(Weak::new()), looks: AtomicU64::new(0) }
    }
}

impl ChangeFeed {
    fn send(&self, batch: ChangeBatch) {
        let _ = self.sender.send(batch);
    }
}

/// A running watcher; it stops when the last handle is dropped.
pub struct ChangeWatch {
    _watcher: Option<notify::RecommendedWatcher>,
    stop: CancellationToken,
}

impl std::fmt::Debug for ChangeWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChangeWatch")
    }
}

impl Drop for ChangeWatch {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl Hub {
    /// Every change batch of this data directory, live (see [`Hub::watch_changes`]).
    pub fn subscribe_changes(&self) -> broadcast::Receiver<ChangeBatch> {
        self.inner.changes.sender.subscribe()
    }

    /// Watches the data directory for as long as the returned handle (or a clone) lives; batches go
    /// to every [`Hub::subscribe_changes`] receiver. One watcher serves the whole process. Must be
    /// called inside a tokio runtime.
    pub async fn watch_changes(&self) -> AppResult<Arc<ChangeWatch>> {
        if let Some(watch) = self.inner.changes.watch.lock().unwrap_or_else(|e| e.into_inner()).upgrade() {
            return Ok(watch);
        }
        // Where each organization's feed stands now: every change after this is reported.
        let mut cursors = HashMap::new();
        let mut known = BTreeSet::new();
        look(self, &mut cursors, &mut known, true).await;
        let mut shared = self.inner.changes.watch.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(watch) = shared.upgrade() {
            return Ok(watch);
        }
        let watch = Arc::new(self.start_watch(cursors, known)?);
        *shared = Arc::downgrade(&watch);
        Ok(watch)
    }

    fn start_watch(&self, cursors: HashMap<OrgId, i64>, known: BTreeSet<OrgId>) -> AppResult<ChangeWatch> {
        let (wake, woken) = mpsc::unbounded_channel::<Wake>();
        let signals = self.inner.layout.signals_dir();
        std::fs::create_dir_all(&signals)?;
        let registry = self.inner.layout.registry_signal();
        let on_event = move |result: notify::Result<notify::Event>| {
            let Ok(event) = result else { return };
            if event.kind.is_access() {
                return;
            }
            for path in &event.paths {
                if *path == registry {
                    let _ = wake.send(Wake::Orgs);
                } else if let Some(org) = path.file_name().and_then(|n| n.to_str()?.parse::<OrgId>().ok()) {
                    let _ = wake.send(Wake::Org(org));
                }
            }
        };
        let watcher = match notify::recommended_watcher(on_event).and_then(|mut w| {
            w.watch(&signals, RecursiveMode::NonRecursive)?;
            Ok(w)
        }) {
            Ok(w) => Some(w),
            Err(e) => {
                tracing::warn!(error = %e, "the operating system cannot watch the data directory; looking for changes every second instead");
                None
            }
        };
        let stop = CancellationToken::new();
        let poll = watcher.is_none();
        tokio::runtime::Handle::try_current()
            .map_err(|_| AppError::internal("the change feed needs a tokio runtime"))?
            .spawn(feed(self.clone(), woken, stop.clone(), poll, cursors, known));
        Ok(ChangeWatch { _watcher: watcher, stop })
    }
}

/// What woke the feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Wake {
    /// An organization's change feed grew.
    Org(OrgId),
    /// The list of organizations may have changed.
    Orgs,
}

/// Reads the feed whenever the watcher wakes it (or every second when polling), until stopped.
async fn feed(
    hub: Hub,
    mut woken: mpsc::UnboundedReceiver<Wake>,
    stop: CancellationToken,
    poll: bool,
    mut cursors: HashMap<OrgId, i64>,
    mut known_orgs: BTreeSet<OrgId>,
) {
    loop {
        let mut wakes = BTreeSet::new();
        tokio::select! {
            () = stop.cancelled() => return,
            got = woken.recv() => match got {
                Some(w) => { wakes.insert(w); }
                None => return,
            },
            () = tokio::time::sleep(FALLBACK_POLL), if poll => {
                wakes.insert(Wake::Orgs);
                wakes.extend(known_orgs.iter().copied().map(Wake::Org));
            }
        }
        tokio::time::sleep(SETTLE).await;
        while let Ok(w) = woken.try_recv() {
            wakes.insert(w);
        }
        if wakes.contains(&Wake::Orgs) {
            look(&hub, &mut cursors, &mut known_orgs, false).await;
            continue;
        }
        for wake in wakes {
            if let Wake::Org(org) = wake
                && known_orgs.contains(&org)
            {
                read_org(&hub, org, &mut cursors).await;
            }
        }
    }
}

/// Reads every organization's new changes and sends them; on `first`, only notes where each starts.
async fn look(hub: &Hub, cursors: &mut HashMap<OrgId, i64>, known: &mut BTreeSet<OrgId>, first: bool) {
    hub.inner.changes.looks.fetch_add(1, Ordering::Relaxed);
    let orgs: BTreeSet<OrgId> = match hub.list_orgs().await {
        Ok(list) => list.into_iter().map(|o| o.id).collect(),
        Err(e) => {
            tracing::warn!(error = %e, "the change feed could not list the organizations");
            return;
        }
    };
    if !first && orgs != *known {
        hub.inner.changes.send(ChangeBatch {
            org: None,
            changes: vec![ModelChange { model: ChangeModel::Organization, id: None, action: ChangeAction::Updated }],
        });
    }
    *known = orgs.clone();
    cursors.retain(|org, _| orgs.contains(org));
    for org in orgs {
        read_org(hub, org, cursors).await;
    }
}

/// Reads one organization's changes after its cursor and sends them as one batch (the first time,
/// only notes where its feed stands).
async fn read_org(hub: &Hub, org: OrgId, cursors: &mut HashMap<OrgId, i64>) {
    let Ok(open) = hub.org(org).await else { return };
    let start = cursors.get(&org).copied();
    let read = open
        .store
        .read_async(move |c| match start {
            None => Ok((changes::latest(c)?, Vec::new())),
            Some(seq) => {
                let rows = changes::since(c, seq, BATCH)?;
                Ok((rows.last().map_or(seq, |r| r.seq), rows))
            }
        })
        .await;
    let (cursor, rows) = match read {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(%org, error = %e, "the change feed could not read an organization");
            return;
        }
    };
    cursors.insert(org, cursor);
    if rows.is_empty() {
        return;
    }
    let changes: BTreeSet<ModelChange> = rows
        .iter()
        .filter_map(|r| {
            Some(ModelChange {
                model: ChangeModel::parse(&r.model)?,
                id: r.model_id.clone(),
                action: ChangeAction::parse(&r.action)?,
            })
        })
        .collect();
    if changes.iter().any(|c| c.model == ChangeModel::Settings && c.id.as_deref() == Some(crate::limits::SETTING)) {
        hub.reload_limits(org).await;
    }
    hub.inner.changes.send(ChangeBatch { org: Some(org), changes: changes.into_iter().collect() });
}

/// Prunes an organization's old change rows (called by the runner heartbeat).
pub(crate) async fn prune(store: &std::sync::Arc<neuroflow_store::OrgStore>) {
    if let Err(e) = store.write(|c| changes::prune(c, KEEP_SECS)).await {
        tracing::warn!(error = %e, "could not prune the change feed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An organization created by another process (another hub on the same directory) arrives as a
    /// batch; an idle feed then reads nothing at all.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_feed_hears_other_processes_and_sleeps_when_idle() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::open(dir.path().join("data")).unwrap();
        let other = Hub::open(dir.path().join("data")).unwrap();
        let mut batches = hub.subscribe_changes();
        let _watch = hub.watch_changes().await.unwrap();
        other.create_org("Harbor Realty").await.unwrap();
        let batch = tokio::time::timeout(Duration::from_secs(5), batches.recv()).await.unwrap().unwrap();
        assert_eq!(batch.org, None);
        assert_eq!(batch.changes[0].model, ChangeModel::Organization);

        // Let the wake-ups of that creation settle (generous, for a loaded machine), then count.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let before = hub.inner.changes.looks.load(Ordering::Relaxed);
        hub.list_orgs().await.unwrap();
        tokio::time::sleep(Duration::from_secs(1)).await;
        let looks = hub.inner.changes.looks.load(Ordering::Relaxed) - before;
        assert_eq!(looks, 0, "an idle feed woke itself {looks} times in a second");
    }
}
