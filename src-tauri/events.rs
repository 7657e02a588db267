//! Events the app sends to every window (typed for the UI by tauri-specta).

use neuroflow_app::Hub;
use neuroflow_types::{ExecutionId, ExecutionStatus, RunEvent};
use serde::{Deserialize, Serialize};
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

/// An execution started or ended, however it was started (a webhook, a schedule, another window):
/// lists and dashboards refresh on it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionChanged {
    pub execution_id: ExecutionId,
    pub status: ExecutionStatus,
}

/// Forwards the hub's execution starts and ends to every window, until the app ends.
pub async fn forward(app: tauri::AppHandle, hub: Hub) {
    let mut events = hub.subscribe();
    loop {
        let changed = match events.recv().await {
            Ok(RunEvent::ExecutionStarted { execution_id, .. }) => {
                ExecutionChanged { execution_id, status: ExecutionStatus::Running }
            }
            Ok(RunEvent::ExecutionFinished { execution_id, status, .. }) => ExecutionChanged { execution_id, status },
            Ok(_) | Err(RecvError::Lagged(_)) => continue,
            Err(RecvError::Closed) => return,
        };
        if let Err(e) = changed.emit(&app) {
            tracing::warn!(error = %e, "could not notify the windows of an execution change");
        }
    }
}
