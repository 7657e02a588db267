//! Events the app sends to every window (typed for the UI by tauri-specta): runs starting and
//! ending in this process, everything the change feed reports (whichever process made the change:
//! this app, the CLI, `neuroflow serve`), and what the trigger service serves.

use neuroflow_app::Hub;
use neuroflow_app::triggers::{TriggerHost, TriggerState};
use neuroflow_types::{ChangeBatch, ExecutionId, ExecutionStatus, RunEvent};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

/// An execution started or ended in this app (a webhook, a schedule, another window): lists and
/// dashboards refresh on it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionChanged {
    pub execution_id: ExecutionId,
    pub status: ExecutionStatus,
}

/// Data of an organization changed, in this process or another one.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct DataChanged(pub ChangeBatch);

/// What this app's trigger service serves changed.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct TriggersChanged(pub TriggerState);

/// Forwards runs, data changes and trigger changes to every window, until the app ends.
pub async fn forward(app: tauri::AppHandle, hub: Hub, triggers: Arc<TriggerHost>) {
    let watch = match hub.watch_changes().await {
        Ok(watch) => Some(watch),
        Err(e) => {
            tracing::warn!(error = %e, "changes made by other processes will not show until a window reloads");
            None
        }
    };
    let mut runs = hub.subscribe();
    let mut changes = hub.subscribe_changes();
    let mut served = triggers.subscribe();
    loop {
        let sent = tokio::select! {
            event = runs.recv() => match event {
                Ok(RunEvent::ExecutionStarted { execution_id, .. }) => {
                    ExecutionChanged { execution_id, status: ExecutionStatus::Running }.emit(&app)
                }
                Ok(RunEvent::ExecutionFinished { execution_id, status, .. }) => {
                    ExecutionChanged { execution_id, status }.emit(&app)
                }
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            },
            batch = changes.recv() => match batch {
                Ok(batch) => DataChanged(batch).emit(&app),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            },
            state = served.recv() => match state {
                Ok(state) => TriggersChanged(state).emit(&app),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            },
        };
        if let Err(e) = sent {
            tracing::warn!(error = %e, "could not notify the windows of a change");
        }
    }
    drop(watch);
}
