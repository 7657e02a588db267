//! The one writer of an organization's file in this process, with group commit.
//!
//! SQLite allows one writer at a time. Rather than have every caller take a lock and commit on its
//! own, callers hand their write to a dedicated thread that owns the write connection. The thread
//! takes every write waiting in its queue, runs them in a single `BEGIN IMMEDIATE` transaction (each
//! inside its own savepoint, so one failing write does not undo the others) and commits once; each
//! caller hears back only after that commit. Under load this turns a thousand small commits into a
//! handful, which is what lets the engine persist every step of every execution and still answer
//! thousands of webhooks a second. Blocking SQLite work thus never runs on the async executor.
//! Just before the commit the thread adds the batch's closed runs to the rollups in one statement
//! (see `table::rollups`), inside the same transaction.

use crate::change_signal::ChangeSignal;
use crate::error::{Result, StoreError};
use rusqlite::Connection;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use tokio::sync::oneshot;

/// Most writes committed together; bounds how long the first caller of a batch waits.
const MAX_BATCH: usize = 512;

/// Called after the batch's commit with the commit's error, if any; delivers the write's result.
type Deliver = Box<dyn FnOnce(Option<&BatchFailure>) + Send>;

/// Why a batch's transaction could not start or commit, told to each write in it.
struct BatchFailure {
    disk_full: bool,
    reason: String,
}

impl BatchFailure {
    fn of(e: &rusqlite::Error) -> Self {
        let disk_full = matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull);
        Self { disk_full, reason: e.to_string() }
    }

    /// The error a write gets: a full disk as such, anything else named with the step that failed.
    fn error(&self, step: &str) -> StoreError {
        if self.disk_full {
            StoreError::DiskFull
        } else {
            StoreError::Internal(format!("the write could not {step}: {}", self.reason))
        }
    }
}

/// A write waiting for the writer thread.
trait Job: Send {
    /// Runs the write inside the open transaction; the result is delivered after the commit.
    fn run(self: Box<Self>, conn: &Connection) -> Deliver;
    /// Reports that the write never ran because its transaction could not start.
    fn fail(self: Box<Self>, why: &BatchFailure);
}

struct Pending<R, F> {
    f: F,
    reply: oneshot::Sender<Result<R>>,
}

impl<R, F> Job for Pending<R, F>
where
    R: Send + 'static,
    F: FnOnce(&Connection) -> Result<R> + Send + 'static,
{
    fn run(self: Box<Self>, conn: &Connection) -> Deliver {
        let Pending { f, reply } = *self;
        let outcome = in_savepoint(conn, f);
        Box::new(move |commit_error: Option<&BatchFailure>| {
            let result = match (outcome, commit_error) {
                (Ok(_), Some(e)) => Err(e.error("be committed")),
                (outcome, _) => outcome,
            };
            let _ = reply.send(result);
        })
    }

    fn fail(self: Box<Self>, why: &BatchFailure) {
        let _ = self.reply.send(Err(why.error("start")));
    }
}

/// A handle to the writer thread; cloning it shares the thread.
#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Box<dyn Job>>,
    commits: Arc<AtomicU64>,
}

impl Writer {
    /// Starts the writer thread on an open, migrated connection. With a `signal` file, every commit
    /// that added to the change feed touches it (see [`ChangeSignal`]).
    pub fn start(conn: Connection, name: String, signal: Option<PathBuf>) -> Result<Self> {
        let (jobs, queue) = mpsc::channel::<Box<dyn Job>>();
        let signal = signal.and_then(|path| ChangeSignal::install(&conn, path));
        let commits = Arc::new(AtomicU64::new(0));
        let counted = Arc::clone(&commits);
        std::thread::Builder::new()
            .name(format!("store-writer-{name}"))
            .spawn(move || run(conn, queue, signal, &counted))
            .map_err(StoreError::Io)?;
        Ok(Self { jobs, commits })
    }

    /// How many transactions the writer has committed (each a batch of writes), for the tests and
    /// benchmarks that check how many commits a run costs.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Queues `f` at once to run in a write transaction; the ticket resolves when it is committed.
    /// Writes from one caller are committed in the order they were queued.
    pub fn enqueue<R, F>(&self, f: F) -> WriteTicket<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        let job: Box<dyn Job> = Box::new(Pending { f, reply });
        match self.jobs.send(job) {
            Ok(()) => WriteTicket { rx: Some(rx) },
            Err(_) => WriteTicket { rx: None },
        }
    }

    /// Runs `f` in a write transaction; resolves once it is committed.
    pub async fn write<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        self.enqueue(f).await
    }

    /// Like [`Writer::write`], for code that is not async. Must not be called on an async executor thread.
    pub fn write_blocking<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        match self.enqueue(f).rx {
            Some(rx) => rx.blocking_recv().map_err(|_| StoreError::WriterStopped)?,
            None => Err(StoreError::WriterStopped),
        }
    }
}

/// A queued write: resolves to its result once the transaction that ran it is committed.
pub struct WriteTicket<R> {
    rx: Option<oneshot::Receiver<Result<R>>>,
}

impl<R> std::future::Future for WriteTicket<R> {
    type Output = Result<R>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        match self.rx.as_mut() {
            None => std::task::Poll::Ready(Err(StoreError::WriterStopped)),
            Some(rx) => std::pin::Pin::new(rx).poll(cx).map(|r| r.unwrap_or(Err(StoreError::WriterStopped))),
        }
    }
}

fn in_savepoint<R>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
    conn.prepare_cached("SAVEPOINT write")?.execute([])?;
    let outcome = catch_unwind(AssertUnwindSafe(|| f(conn)))
        .unwrap_or_else(|_| Err(StoreError::Internal("a write panicked and was rolled back".into())));
    match &outcome {
        Ok(_) => {
            conn.prepare_cached("RELEASE write")?.execute([])?;
        }
        Err(_) => conn.execute_batch("ROLLBACK TO write; RELEASE write")?,
    }
    outcome
}

fn run(conn: Connection, queue: mpsc::Receiver<Box<dyn Job>>, mut signal: Option<ChangeSignal>, commits: &AtomicU64) {
    // Runs closed here are counted in the rollups once per batch, just before its commit.
    let deferred = crate::table::rollups::defer_run_counts(&conn);
    if let Err(e) = &deferred {
        tracing::warn!(error = %e, "runs will be counted one by one");
    }
    loop {
        // A touch of the change signal owed to a burst is paid when the writer falls idle.
        let next = match signal.as_ref().and_then(ChangeSignal::due_in) {
            None => queue.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            Some(wait) => queue.recv_timeout(wait),
        };
        let first = match next {
            Ok(job) => job,
            Err(stopped) => {
                if let Some(signal) = &mut signal {
                    signal.pay();
                }
                if stopped == mpsc::RecvTimeoutError::Disconnected {
                    break;
                }
                continue;
            }
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if let Err(e) = conn.prepare_cached("BEGIN IMMEDIATE").and_then(|mut s| s.execute([])) {
            let why = BatchFailure::of(&e);
            if why.disk_full {
                tracing::warn!("a write was refused: the disk is full");
            } else {
                tracing::error!(error = %why.reason, "could not start a write transaction");
            }
            for job in batch {
                job.fail(&why);
            }
            continue;
        }
        let deliveries: Vec<Deliver> = batch.into_iter().map(|job| job.run(&conn)).collect();
        let commit_error = match crate::table::rollups::flush_runs(&conn) {
            Err(StoreError::Sqlite(e)) => Some(BatchFailure::of(&e)),
            Err(StoreError::DiskFull) => Some(BatchFailure { disk_full: true, reason: "the disk is full".into() }),
            Err(e) => Some(BatchFailure { disk_full: false, reason: format!("the runs could not be counted: {e}") }),
            Ok(()) => conn.prepare_cached("COMMIT").and_then(|mut s| s.execute([])).err().map(|e| BatchFailure::of(&e)),
        };
        if let Some(e) = &commit_error {
            if e.disk_full {
                tracing::warn!("a write was refused and rolled back: the disk is full");
            } else {
                tracing::error!(error = %e.reason, "a write transaction could not be committed");
            }
            let _ = conn.execute_batch("ROLLBACK");
            if let Some(signal) = &signal {
                signal.forget();
            }
        } else {
            commits.fetch_add(1, Ordering::Relaxed);
            if let Some(signal) = &mut signal {
                signal.after_commit();
            }
        }
        for deliver in deliveries {
            deliver(commit_error.as_ref());
        }
    }
}
