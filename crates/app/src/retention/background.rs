//! Pruning in the background: the desktop app and `neuroflow serve` prune every organization a
//! little after they start and then every hour, paced so runs never wait on it (see `prune`). A prune
//! another process is doing is left to it.

use super::PruneOptions;
use crate::hub::Hub;
use neuroflow_types::ErrorCode;
use std::time::Duration;

/// The pause after each background batch, as a multiple of the batch: at most 1/31 of the writer and
/// of the processor. At 15 a prune in another process took 11–12% of `neuroflow serve`'s webhook
/// throughput on two cores (`neuroflow-bench --analytics`); the goal is under 10%.
pub const BACKGROUND_PACE: u32 = 30;

/// The background pruning of a process; stops when dropped.
#[derive(Debug)]
pub struct RetentionTask {
    handle: tokio::task::JoinHandle<()>,
}

impl Drop for RetentionTask {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

impl Hub {
    /// Prunes every organization `first` from now and then every `every`, until the task is dropped.
    pub fn start_retention(&self, first: Duration, every: Duration) -> RetentionTask {
        let hub = self.clone();
        RetentionTask { handle: tokio::spawn(async move { hub.run_retention(first, every).await }) }
    }

    /// Prunes every organization `first` from now and then every `every`, forever (for a shell that
    /// spawns its tasks on its own runtime).
    pub async fn run_retention(&self, first: Duration, every: Duration) {
        tokio::time::sleep(first).await;
        loop {
            self.prune_all_in_background().await;
            tokio::time::sleep(every).await;
        }
    }

    async fn prune_all_in_background(&self) {
        let orgs = match self.list_orgs().await {
            Ok(orgs) => orgs,
            Err(e) => return tracing::warn!(error = %e, "background pruning could not list the organizations"),
        };
        for org in orgs {
            let options = PruneOptions { pace: BACKGROUND_PACE, ..PruneOptions::default() };
            match self.prune(org.id, options).await {
                Ok(_) => {}
                Err(e) if e.code == ErrorCode::Conflict => {}
                Err(e) => tracing::warn!(org = %org.id, error = %e, "background pruning failed"),
            }
        }
    }
}
