//! The one lifecycle of everything this process runs — workflow executions, agent calls and team
//! runs: a record is created RUNNING (naming this process's runner lease, so that recovery can close
//! it if the process dies), the work is registered here to be cancellable by id, and when it ends its
//! record is finished and its registration removed.
//!
//! Registrations are removed by a guard's `Drop`, so no path — an error, a panic, a dropped future —
//! leaves a stale token behind. [`Unfinished`] is the same idea for records: if the work is dropped
//! before it finished its record (a task aborted mid-call), the guard queues the record's closing as
//! CANCELLED at once, ahead of anything written after it.

use neuroflow_types::{AgentExecutionId, ExecutionId, TeamExecutionId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// Something running in this process that can be cancelled by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ActivityId {
    Execution(ExecutionId),
    AgentCall(AgentExecutionId),
    TeamRun(TeamExecutionId),
}

/// The cancellation tokens of everything running in this process.
#[derive(Debug, Default)]
pub(crate) struct Activities {
    tokens: Mutex<HashMap<ActivityId, CancellationToken>>,
}

impl Activities {
    /// Registers running work; it stays cancellable until the guard is dropped.
    pub fn register(self: &Arc<Self>, id: ActivityId, cancel: CancellationToken) -> Registration {
        self.tokens.lock().unwrap_or_else(|e| e.into_inner()).insert(id, cancel);
        Registration { activities: Arc::clone(self), id }
    }

    /// Cancels running work; false when nothing of that id runs in this process.
    pub fn cancel(&self, id: ActivityId) -> bool {
        let token = self.tokens.lock().unwrap_or_else(|e| e.into_inner()).get(&id).cloned();
        token.map(|t| t.cancel()).is_some()
    }
}

/// Keeps an activity registered; dropping it removes the registration.
#[derive(Debug)]
pub(crate) struct Registration {
    activities: Arc<Activities>,
    id: ActivityId,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.activities.tokens.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.id);
    }
}

/// Closes a record if its work is dropped before finishing it. Call [`Unfinished::finished`] once
/// the record has been finished the normal way.
pub(crate) struct Unfinished {
    close: Option<Box<dyn FnOnce() + Send>>,
}

impl Unfinished {
    /// `close` queues the record's closing (it must not block: it runs inside `Drop`).
    pub fn new(close: impl FnOnce() + Send + 'static) -> Self {
        Self { close: Some(Box::new(close)) }
    }

    /// The record was finished; nothing to do on drop.
    pub fn finished(mut self) {
        self.close = None;
    }
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if let Some(close) = self.close.take() {
            close();
        }
    }
}
