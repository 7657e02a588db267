//! A run's records on their way to the database, written in as few transactions as durability
//! allows.
//!
//! Every step and log line of a run must be durable before two moments: before a node that acts on
//! the world starts (the engine awaits its records then), and before anyone hears of the run's end.
//! Between those moments nothing is gained by committing each record on its own — a run of pure
//! nodes (set, if, code, respond) used to cost three round trips to the writer and as many commits,
//! which at one client at a time was most of a webhook's latency. So records wait here, in order,
//! and go to the writer in one batch when the engine awaits one of them, when the run ends (with
//! its end, in one transaction), or at the latest [`FLUSH_AFTER`] after the oldest was queued, so a
//! slow run (a delay, a long model call) is visible, and survives a crash, as it goes.
//!
//! A run whose caller hands its id to nobody before the end (a webhook answered with the run's
//! output, a schedule) also defers its opening row: a crash within the first [`FLUSH_AFTER`] of such a
//! run then leaves no record of it — and its caller no answer — rather than a record of a run that
//! did nothing.

use neuroflow_engine::RecordError;
use neuroflow_engine::run::Durable;
use neuroflow_store::Connection;
use neuroflow_store::OrgStore;
use neuroflow_store::table::execution_logs::{self, LogRow};
use neuroflow_store::table::execution_steps::{self, StepRow};
use neuroflow_store::table::executions::{self, ExecutionRow, FinishRow};
use neuroflow_store::table::workflows;
use neuroflow_types::{OrgId, Timestamp, WorkflowId};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// The longest a record waits for company before it is written anyway.
pub const FLUSH_AFTER: Duration = Duration::from_millis(25);

/// A run's opening: its execution row (already RUNNING) and its workflow's run count. (Its first log
/// line is derived from the row when the log is read.)
#[derive(Debug, Clone)]
pub(crate) struct Opening {
    pub row: ExecutionRow,
    pub org: OrgId,
    pub workflow: WorkflowId,
    pub started_at: Timestamp,
}

impl Opening {
    /// Writes the opening; with `end`, the run's row is written already ended (a deferred run whose
    /// opening is still waiting when it ends: its row is written once, with the rest of the run).
    pub fn write(&self, c: &Connection, end: Option<&FinishRow>) -> neuroflow_store::Result<()> {
        executions::insert(c, &self.row, end)?;
        workflows::record_execution(c, self.org, self.workflow, &self.started_at)
    }
}

/// One record of a run.
#[derive(Debug, Clone)]
pub(crate) enum Row {
    Step(StepRow),
    Log(LogRow),
}

/// Records taken from the buffer to be written together, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Batch {
    pub opening: Option<Opening>,
    pub rows: Vec<Row>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.opening.is_none() && self.rows.is_empty()
    }

    /// Writes the batch; `end` is the run's end when the batch is written with it (see [`Opening::write`]).
    pub fn write(&self, c: &Connection, end: Option<&FinishRow>) -> neuroflow_store::Result<()> {
        if let Some(opening) = &self.opening {
            opening.write(c, end)?;
        }
        for row in &self.rows {
            match row {
                Row::Step(step) => execution_steps::write(c, step)?,
                Row::Log(log) => execution_logs::insert(c, log)?,
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct Buffer {
    batch: Batch,
    /// How many records were ever queued (the newest record's number).
    queued: u64,
    /// Whether the flusher watches this recorder (from its first record on).
    watched: bool,
}

/// The records of one run not yet known to be durable.
pub(crate) struct Recorder {
    store: Arc<OrgStore>,
    flusher: Arc<Flusher>,
    buffer: Mutex<Buffer>,
    /// Records numbered up to this are committed.
    committed: AtomicU64,
    /// One flush at a time, so batches reach the writer in the order they were taken.
    flushing: tokio::sync::Mutex<()>,
}

impl Recorder {
    pub fn new(store: Arc<OrgStore>, flusher: Arc<Flusher>) -> Arc<Self> {
        Arc::new(Self {
            store,
            flusher,
            buffer: Mutex::new(Buffer::default()),
            committed: AtomicU64::new(0),
            flushing: tokio::sync::Mutex::new(()),
        })
    }

    fn buffer(&self) -> std::sync::MutexGuard<'_, Buffer> {
        self.buffer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes the run's opening the first thing its first flush writes (a run whose start is deferred).
    pub fn defer(&self, opening: Opening) {
        self.buffer().batch.opening = Some(opening);
    }

    /// Queues records; the returned future resolves once they (and all before them) are durable.
    /// Nothing is written until it is awaited, the run ends, or [`FLUSH_AFTER`] passes.
    pub fn push(self: &Arc<Self>, rows: impl IntoIterator<Item = Row>) -> Durable {
        let (number, first) = {
            let mut buffer = self.buffer();
            buffer.batch.rows.extend(rows);
            let first = !buffer.watched;
            buffer.watched = true;
            buffer.queued += 1;
            (buffer.queued, first)
        };
        if first {
            self.flusher.watch(self);
        }
        let recorder = Arc::clone(self);
        Box::pin(async move { recorder.flush(number).await.map_err(|e| RecordError(e.to_string())) })
    }

    /// Writes everything buffered, unless the records up to `number` are committed already.
    async fn flush(&self, number: u64) -> neuroflow_store::Result<()> {
        let _turn = self.flushing.lock().await;
        if self.committed.load(Ordering::Acquire) >= number.min(self.buffer().queued) {
            return Ok(());
        }
        let (batch, upto) = {
            let mut buffer = self.buffer();
            (std::mem::take(&mut buffer.batch), buffer.queued)
        };
        if batch.is_empty() {
            return Ok(());
        }
        let batch = Arc::new(batch);
        let written = Arc::clone(&batch);
        match self.store.write(move |c| written.write(c, None)).await {
            Ok(()) => {
                self.committed.fetch_max(upto, Ordering::AcqRel);
                Ok(())
            }
            Err(e) => {
                // Nothing of the batch was written: put it back in front, for the next flush or the end.
                let mut buffer = self.buffer();
                let mut back = Arc::unwrap_or_clone(batch);
                back.rows.append(&mut buffer.batch.rows);
                back.opening = back.opening.take().or(buffer.batch.opening.take());
                buffer.batch = back;
                Err(e)
            }
        }
    }

    /// Takes everything not yet written, to be written with the run's end. Waits for a flush on its
    /// way, so what is taken follows what was written.
    pub async fn take_rest(&self) -> Batch {
        let _turn = self.flushing.lock().await;
        std::mem::take(&mut self.buffer().batch)
    }
}

/// Writes what runs have kept waiting for [`FLUSH_AFTER`]: one task for the whole process, which
/// sleeps while no run is recording — rather than a timer per run, which at thousands of runs a
/// second cost more than the commits it saves.
#[derive(Default)]
pub(crate) struct Flusher {
    /// Recorders by the time of their first record, oldest first; finished runs drop out as their
    /// time comes (their recorder is gone by then).
    watched: Mutex<Watched>,
    wake: tokio::sync::Notify,
}

#[derive(Default)]
struct Watched {
    queue: std::collections::VecDeque<(Instant, Weak<Recorder>)>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Flusher {
    fn watch(self: &Arc<Self>, recorder: &Arc<Recorder>) {
        let mut watched = self.watched.lock().unwrap_or_else(|p| p.into_inner());
        watched.queue.push_back((Instant::now(), Arc::downgrade(recorder)));
        if watched.queue.len() == 1 {
            self.wake.notify_one();
        }
        // The task lives on the runtime of the first run that needs it, and again on a later one if
        // that runtime has ended (tests start several).
        if watched.task.as_ref().is_none_or(|t| t.is_finished())
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            watched.task = Some(runtime.spawn(Arc::clone(self).run()));
        }
    }

    async fn run(self: Arc<Self>) {
        loop {
            let oldest = {
                let watched = self.watched.lock().unwrap_or_else(|p| p.into_inner());
                watched.queue.front().map(|(at, _)| *at)
            };
            match oldest {
                None => self.wake.notified().await,
                Some(at) => tokio::time::sleep_until((at + FLUSH_AFTER).into()).await,
            }
            let due: Vec<Arc<Recorder>> = {
                let mut watched = self.watched.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                let mut due = Vec::new();
                while watched.queue.front().is_some_and(|(at, _)| *at + FLUSH_AFTER <= now) {
                    if let Some(recorder) = watched.queue.pop_front().and_then(|(_, r)| r.upgrade()) {
                        due.push(recorder);
                    }
                }
                due
            };
            for recorder in due {
                // A slow run keeps being watched: what it records later is written in its turn.
                recorder.buffer().watched = false;
                tokio::spawn(async move {
                    if let Err(e) = recorder.flush(u64::MAX).await {
                        tracing::warn!(error = %e, "a run's records could not be written yet; they will be with its end");
                    }
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hub::Hub;
    use neuroflow_store::table::executions;
    use neuroflow_types::{ExecutionId, ExecutionStatus, LogEntry, TriggerKind, WorkflowExecution, now};
    use serde_json::json;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn records_nobody_awaits_are_written_within_flush_after() {
        let dir = tempfile::tempdir().unwrap();
        let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
        let org = hub.create_org("Acme").await.unwrap().id;
        let doc = json!({ "format": 1, "name": "W", "nodes": [
            { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } } ], "edges": [] });
        let workflow = hub.import_workflow(org, &doc.to_string()).await.unwrap().workflow.id;
        let open = hub.org(org).await.unwrap();
        let execution = WorkflowExecution {
            id: ExecutionId::new(),
            organization_id: org,
            workflow_id: workflow,
            workflow_name: "W".into(),
            workflow_version: 1,
            status: ExecutionStatus::Running,
            trigger: TriggerKind::Manual,
            trigger_node: Some("t".into()),
            parent_execution_id: None,
            rerun_of: None,
            rerun_from: None,
            test_run: false,
            started_at: now(),
            completed_at: None,
            duration_ms: None,
            input: json!({}),
            output: None,
            error: None,
            nodes_executed: 0,
            tokens_used: 0,
            cost_micros: 0,
            log_count: 0,
            logs_dropped: 0,
            pinned: false,
        };
        let id = execution.id;
        let recorder = Recorder::new(Arc::clone(&open.store), Arc::clone(&hub.inner.flusher));
        recorder.defer(Opening {
            row: ExecutionRow::encode(&execution, None).unwrap(),
            org,
            workflow,
            started_at: execution.started_at,
        });
        let line = LogEntry {
            seq: 1,
            node_id: Some("t".into()),
            node_name: None,
            status: "COMPLETED".into(),
            timestamp: now(),
            message: "a node's line".into(),
            data: None,
            error: None,
        };
        let row = LogRow::encode(org, id, 1, &line).unwrap();
        let before = open.store.commits();
        let queued = std::time::Instant::now();
        drop(recorder.push([Row::Log(row)]));
        // A loaded machine may pause this thread past FLUSH_AFTER; a write is wrong only before it.
        if open.store.commits() != before {
            assert!(queued.elapsed() >= FLUSH_AFTER, "nothing is written while the run may add to the batch");
        }

        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        let read = loop {
            if let Ok(found) = open.store.read_async(move |c| executions::detail(c, org, id)).await {
                break found;
            }
            assert!(std::time::Instant::now() < deadline, "the records were never written");
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        assert_eq!(read.execution.status, ExecutionStatus::Running);
        let lines: Vec<_> = read.logs.iter().map(|l| (l.seq, l.message.as_str())).collect();
        assert_eq!(lines, [(0, "started by manual at trigger 't'"), (1, "a node's line")], "the opening is derived");
        assert_eq!(open.store.commits(), before + 1, "the opening and the line went in one commit");
        assert!(recorder.take_rest().await.is_empty(), "nothing is left for the end");
    }
}
