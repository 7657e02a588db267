//! This process as a runner of an organization's executions, agent calls and team runs, and
//! recovery of what a gone runner left unfinished.
//!
//! On its first run (or agent call, or team run) in an organization, a process registers a runner row (naming its pid, host and
//! kind) and takes an exclusive OS lock on `runners/<id>.lock` beside the organization's file. The
//! OS releases that lock when the process ends, however it ends — `kill -9` included. Recovery looks
//! at every other runner: one whose lock can be taken is gone, and its unfinished executions (with
//! their running steps), agent calls and team runs are closed as FAILED ("interrupted"), and its
//! agents are IDLE again; the work of a live runner (the
//! desktop app while `neuroflow serve` runs, say) are never touched. Interrupted executions are not
//! resumed automatically: a re-run from the failed node resumes them with the recorded outputs.
//! The row's heartbeat is renewed while the process lives, for people and tools looking at it.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::OrgStore;
use neuroflow_store::table::runners::{self, Runner};
use neuroflow_types::{OrgId, now};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How often a live runner renews its heartbeat and looks for gone runners.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The reason recorded on executions whose process is gone.
pub const INTERRUPTED: &str = "interrupted: the process running it stopped before it finished";

/// This process's lease on an organization: held for as long as the process runs.
pub(crate) struct RunnerLease {
    pub id: String,
    _lock: File,
    heartbeat: tokio::task::JoinHandle<()>,
}

impl Drop for RunnerLease {
    fn drop(&mut self) {
        self.heartbeat.abort();
    }
}

fn runners_dir(store: &OrgStore) -> PathBuf {
    store.path().parent().unwrap_or(Path::new(".")).join("runners")
}

impl Hub {
    /// The runner id of this process in an organization, registering it (and recovering what gone
    /// runners left) on first use.
    pub(crate) async fn runner_id(&self, org: OrgId) -> AppResult<String> {
        let open = self.org(org).await?;
        let kind = self.inner.kind.clone();
        let store = Arc::clone(&open.store);
        let lease = open.lease.get_or_try_init(|| register(store, kind)).await?;
        Ok(lease.id.clone())
    }

    /// Closes the unfinished executions of runners that are gone; returns how many were closed.
    pub async fn recover(&self, org: OrgId) -> AppResult<usize> {
        let open = self.org(org).await?;
        let mine = open.lease.get().map(|l| l.id.clone());
        recover(&open.store, mine.as_deref()).await
    }
}

async fn register(store: Arc<OrgStore>, kind: String) -> AppResult<RunnerLease> {
    let dir = runners_dir(&store);
    let id = neuroflow_types::ExecutionId::new().to_string();
    let lock_path = dir.join(format!("{id}.lock"));
    let lock = tokio::task::spawn_blocking(move || -> std::io::Result<File> {
        std::fs::create_dir_all(&dir)?;
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path)?;
        file.try_lock().map_err(std::io::Error::other)?;
        Ok(file)
    })
    .await?
    .map_err(|e| AppError::new(neuroflow_types::ErrorCode::Io, format!("could not take the runner lock: {e}")))?;
    let runner = Runner {
        id: id.clone(),
        pid: i64::from(std::process::id()),
        host: host_name(),
        kind,
        started_at: now(),
        heartbeat_at: now(),
    };
    let lease_until = now() + chrono::Duration::from_std(HEARTBEAT * 3).unwrap_or_default();
    store.write(move |c| runners::register(c, &runner, &lease_until)).await?;
    recover(&store, Some(&id)).await?;
    let heartbeat = tokio::spawn({
        let (store, id) = (Arc::clone(&store), id.clone());
        async move {
            let mut tick = tokio::time::interval(HEARTBEAT);
            tick.tick().await;
            loop {
                tick.tick().await;
                let lease_until = now() + chrono::Duration::from_std(HEARTBEAT * 3).unwrap_or_default();
                let beat_id = id.clone();
                if let Err(e) = store.write(move |c| runners::heartbeat(c, &beat_id, &lease_until)).await {
                    tracing::warn!(error = %e, "could not renew the runner heartbeat");
                }
                if let Err(e) = recover(&store, Some(&id)).await {
                    tracing::warn!(error = %e, "recovery of interrupted executions failed");
                }
                crate::changes::prune(&store).await;
                crate::workflows::purge_deleted(&store).await;
            }
        }
    });
    Ok(RunnerLease { id, _lock: lock, heartbeat })
}

/// Closes the unfinished executions of every runner other than `mine` whose process is gone.
pub(crate) async fn recover_store(store: &Arc<OrgStore>, mine: Option<&str>) -> AppResult<usize> {
    recover(store, mine).await
}

async fn recover(store: &Arc<OrgStore>, mine: Option<&str>) -> AppResult<usize> {
    // Open work first, runners second: a runner's row is committed before any work it opens, so
    // every runner named by the work read here is in the list read after it. Read the other way
    // round, a call opened in between looked unregistered, and so gone, and was closed as
    // interrupted while its process was still working on it.
    let (rows, open) = store
        .read_async(|c| {
            let open = runners::runners_of_open_work(c)?;
            Ok((runners::list(c)?, open))
        })
        .await?;
    let dir = runners_dir(store);
    let mut gone: Vec<Option<String>> = Vec::new();
    for runner in open {
        match runner {
            None => gone.push(None),
            Some(id) if Some(id.as_str()) == mine => {}
            Some(id) => {
                let registered = rows.iter().any(|r| r.id == id);
                if !registered || !is_alive(&dir, &id) {
                    gone.push(Some(id));
                }
            }
        }
    }
    // Rows of gone runners with nothing left open are removed as well.
    let idle_gone: Vec<String> =
        rows.iter().filter(|r| Some(r.id.as_str()) != mine && !is_alive(&dir, &r.id)).map(|r| r.id.clone()).collect();
    if gone.is_empty() && idle_gone.is_empty() {
        return Ok(0);
    }
    // Say what is about to happen before a long close, not after.
    let counted = gone.clone();
    let pending = store
        .read_async(move |c| {
            counted.iter().map(|r| runners::count_open(c, r.as_deref())).sum::<neuroflow_store::Result<i64>>()
        })
        .await?;
    if pending > 0 {
        tracing::warn!(
            count = pending,
            "closing {pending} executions, agent calls and team runs left unfinished by a NeuroFlow process that stopped"
        );
    }
    let closed = store
        .write(move |c| {
            let mut closed = 0;
            for runner in &gone {
                closed += runners::close_orphans(c, runner.as_deref(), crate::runner::INTERRUPTED)?;
            }
            for id in &idle_gone {
                runners::remove(c, id)?;
            }
            Ok(closed)
        })
        .await?;
    if closed > 0 {
        tracing::warn!(closed, "closed work interrupted by a process that stopped");
    }
    Ok(closed)
}

/// Whether the process holding a runner's lock is alive: its lock file exists and cannot be locked.
fn is_alive(dir: &Path, id: &str) -> bool {
    let Ok(file) = OpenOptions::new().write(true).open(dir.join(format!("{id}.lock"))) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            let _ = std::fs::remove_file(dir.join(format!("{id}.lock")));
            false
        }
        Err(_) => true,
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}
