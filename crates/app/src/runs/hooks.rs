//! Where a run reports to. Each record is encoded here, on the run's own thread, so the writer only
//! executes, and handed to the run's [`Recorder`], which writes records in batches, in order, as
//! late as durability allows.
//! The run numbers its log lines itself — the first 1,000 are written, the rest counted — and writes
//! the counts with its end; its own opening and closing lines are numbered and announced but not
//! written (reading the log derives them from the execution). Each event goes to the run's own sink, if any, and to the process's
//! live bus.

use super::recording::{Recorder, Row};
use crate::events::EventSink;
use neuroflow_engine::RecordError;
use neuroflow_engine::run::{Durable, Record, RunHooks};
use neuroflow_store::table::execution_logs::LogRow;
use neuroflow_store::table::execution_steps::StepRow;
use neuroflow_types::{ExecutionId, LogEntry, MAX_LOG_ENTRIES, OrgId, RunEvent};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tokio::sync::broadcast;

/// Numbers a run's log lines; past the limit, counts them instead.
#[derive(Debug, Default)]
pub(crate) struct LogCounter {
    next: AtomicI64,
    dropped: AtomicI64,
}

impl LogCounter {
    /// The next line's place, or `None` (and one more dropped) past the limit.
    pub fn claim(&self) -> Option<i64> {
        let seq = self.next.fetch_add(1, Ordering::Relaxed);
        if seq < MAX_LOG_ENTRIES {
            Some(seq)
        } else {
            self.dropped.fetch_add(1, Ordering::Relaxed);
            None
        }
    }

    pub fn kept(&self) -> i64 {
        self.next.load(Ordering::Relaxed).min(MAX_LOG_ENTRIES)
    }

    pub fn dropped(&self) -> i64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

pub(crate) struct StoreHooks {
    pub recorder: Arc<Recorder>,
    org: OrgId,
    execution: ExecutionId,
    pub logs: LogCounter,
    listener: Option<EventSink<RunEvent>>,
    bus: broadcast::Sender<RunEvent>,
    /// The action of each integration node, recorded on its steps.
    actions: Arc<HashMap<String, String>>,
    /// The run's first log line, announced only after `executionStarted` so that listeners always
    /// hear of a run before anything within it.
    opening: std::sync::Mutex<Option<RunEvent>>,
}

impl StoreHooks {
    pub fn new(
        recorder: Arc<Recorder>,
        org: OrgId,
        execution: ExecutionId,
        listener: Option<EventSink<RunEvent>>,
        bus: broadcast::Sender<RunEvent>,
        actions: Arc<HashMap<String, String>>,
    ) -> Self {
        Self {
            recorder,
            org,
            execution,
            logs: LogCounter::default(),
            listener,
            bus,
            actions,
            opening: Default::default(),
        }
    }

    /// A step, encoded with its integration action if it has one.
    fn step_row(&self, step: &neuroflow_types::ExecutionStep) -> neuroflow_store::Result<StepRow> {
        let action = if step.node_type == "integration" { self.actions.get(&step.node_id).cloned() } else { None };
        StepRow::encode(self.org, step).map(|row| row.with_action(action))
    }

    pub fn send(&self, event: RunEvent) {
        if self.bus.receiver_count() > 0 {
            let _ = self.bus.send(event.clone());
        }
        if let Some(listener) = &self.listener {
            listener(event);
        }
    }

    /// A log line encoded with its place in the log (and announced with it to whoever listens), or
    /// `None` once the log is full.
    pub fn log_row(&self, entry: &LogEntry) -> neuroflow_store::Result<Option<LogRow>> {
        let Some(seq) = self.logs.claim() else { return Ok(None) };
        if self.listening() {
            self.send(RunEvent::Log { execution_id: self.execution, entry: LogEntry { seq, ..entry.clone() } });
        }
        LogRow::encode(self.org, self.execution, seq, entry).map(Some)
    }

    /// Claims the run's opening line (seq 0) and announces it right after the engine announces the
    /// run. The line is not stored: reading the log derives it from the execution (see
    /// [`neuroflow_types::with_run_lines`]).
    pub fn claim_opening_line(&self, line: impl FnOnce() -> LogEntry) {
        let Some(seq) = self.logs.claim() else { return };
        if self.listening() {
            let event = RunEvent::Log { execution_id: self.execution, entry: LogEntry { seq, ..line() } };
            *self.opening.lock().unwrap_or_else(|p| p.into_inner()) = Some(event);
        }
    }

    /// Claims the run's closing line (the log's last place, if the log is not full) and announces it.
    /// Like the opening, it is derived from the ended execution when the log is read.
    pub fn announce_closing_line(&self, line: impl FnOnce() -> LogEntry) {
        let Some(seq) = self.logs.claim() else { return };
        if self.listening() {
            self.send(RunEvent::Log { execution_id: self.execution, entry: LogEntry { seq, ..line() } });
        }
    }
}

impl RunHooks for StoreHooks {
    fn listening(&self) -> bool {
        self.listener.is_some() || self.bus.receiver_count() > 0
    }

    fn emit(&self, event: RunEvent) {
        let started = matches!(event, RunEvent::ExecutionStarted { .. });
        self.send(event);
        if started && let Some(opening) = self.opening.lock().unwrap_or_else(|p| p.into_inner()).take() {
            self.send(opening);
        }
    }

    fn record(&self, record: Record) -> Durable {
        let encoded = match record {
            Record::StepStarted(step) => self.step_row(&step).map(|row| (Some(row), None)),
            Record::StepSettled { step, log } => self.step_row(&step).and_then(|row| {
                let log = match &log {
                    Some(log) => self.log_row(log)?,
                    None => None,
                };
                Ok((Some(row), log))
            }),
            Record::Log(entry) => self.log_row(&entry).map(|log| (None, log)),
        };
        match encoded {
            Ok((step, log)) => self.recorder.push(step.map(Row::Step).into_iter().chain(log.map(Row::Log))),
            Err(e) => Box::pin(async move { Err(RecordError(e.to_string())) }),
        }
    }

    fn persists_with_end(&self) -> bool {
        true
    }
}
