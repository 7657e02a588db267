//! How many calls each agent has in flight in this process: an agent is BUSY while any runs, and
//! its record says so; the first call to start and the last to end are the ones that write it.

use neuroflow_types::AgentId;
use std::collections::HashMap;
use std::sync::Mutex;

/// Calls in flight per agent.
#[derive(Debug, Default)]
pub(crate) struct BusyAgents {
    calls: Mutex<HashMap<AgentId, usize>>,
}

impl BusyAgents {
    /// Counts a call starting; true when it is the agent's only one (it just became BUSY).
    pub fn start(&self, agent: AgentId) -> bool {
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        let n = calls.entry(agent).or_insert(0);
        *n += 1;
        *n == 1
    }

    /// Counts a call ending; true when it was the agent's last one (it is no longer BUSY).
    pub fn end(&self, agent: AgentId) -> bool {
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        let n = calls.entry(agent).or_insert(0);
        *n = n.saturating_sub(1);
        let last = *n == 0;
        if last {
            calls.remove(&agent);
        }
        last
    }
}
