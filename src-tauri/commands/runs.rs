//! Running workflows from the desktop, and reading their record. A run's events stream to the
//! window that started it over a channel; every window hears of any execution starting or ending
//! (webhook and schedule runs included) through the `ExecutionChanged` event.

use neuroflow_app::{AppError, EventSink, Hub, OrgStats, RunHandle, RunOptions};
use neuroflow_types::{
    ExecutionDetail, ExecutionFilter, ExecutionId, OrgId, Page, RunEvent, WorkflowExecution, WorkflowId,
};
use serde_json::Value;
use std::sync::Arc;
use tauri::State;
use tauri::ipc::Channel;

/// Starts a run; its events stream to `on_event`. Returns the execution id at once.
#[tauri::command]
#[specta::specta]
pub async fn run_workflow(
    hub: State<'_, Hub>,
    org: OrgId,
    id: WorkflowId,
    input: Value,
    trigger_node: Option<String>,
    on_event: Channel<RunEvent>,
) -> Result<ExecutionId, AppError> {
    let options = RunOptions { input, trigger_node, on_event: Some(sink(on_event)), ..RunOptions::default() };
    Ok(follow(hub.start_run(org, id, options).await?))
}

/// Re-runs a past execution from a node; the new run's events stream to `on_event`.
#[tauri::command]
#[specta::specta]
pub async fn rerun_execution(
    hub: State<'_, Hub>,
    org: OrgId,
    id: ExecutionId,
    from: String,
    on_event: Channel<RunEvent>,
) -> Result<ExecutionId, AppError> {
    Ok(follow(hub.rerun(org, id, &from, Some(sink(on_event))).await?))
}

/// A run's events, sent to the window's channel (a window that went away just stops listening).
pub(crate) fn sink(on_event: Channel<RunEvent>) -> EventSink<RunEvent> {
    Arc::new(move |event| {
        let _ = on_event.send(event);
    })
}

/// Answers with the run's id at once, and logs it if the run could not be completed.
pub(crate) fn follow(handle: RunHandle) -> ExecutionId {
    let id = handle.execution_id;
    tauri::async_runtime::spawn(async move {
        if let Err(e) = handle.finish().await {
            tracing::error!(error = %e, "a run could not be completed");
        }
    });
    id
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_execution(hub: State<'_, Hub>, org: OrgId, id: ExecutionId) -> Result<(), AppError> {
    hub.cancel_execution(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_executions(
    hub: State<'_, Hub>,
    org: OrgId,
    filter: ExecutionFilter,
) -> Result<Page<WorkflowExecution>, AppError> {
    hub.list_executions(org, filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_execution(hub: State<'_, Hub>, org: OrgId, id: ExecutionId) -> Result<ExecutionDetail, AppError> {
    hub.get_execution(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn org_stats(hub: State<'_, Hub>, org: OrgId) -> Result<OrgStats, AppError> {
    hub.org_stats(org).await
}
