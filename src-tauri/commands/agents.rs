//! Agents from the desktop: settings, the playground (answers stream over a channel and can be
//! cancelled), and the record of their calls.

use neuroflow_app::{AppError, AskOptions, Hub};
use neuroflow_types::{
    AgentEvent, AgentExecution, AgentExecutionFilter, AgentExecutionId, AgentFilter, AgentId, AgentPatch, AiAgent,
    NewAgent, OrgId, Page,
};
use std::sync::Arc;
use tauri::State;
use tauri::ipc::Channel;

#[tauri::command]
#[specta::specta]
pub async fn list_agents(hub: State<'_, Hub>, org: OrgId, filter: AgentFilter) -> Result<Page<AiAgent>, AppError> {
    hub.list_agents(org, filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_agent(hub: State<'_, Hub>, org: OrgId, id: AgentId) -> Result<AiAgent, AppError> {
    hub.get_agent(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_agent(hub: State<'_, Hub>, org: OrgId, agent: NewAgent) -> Result<AiAgent, AppError> {
    hub.create_agent(org, agent).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_agent(
    hub: State<'_, Hub>,
    org: OrgId,
    id: AgentId,
    patch: AgentPatch,
) -> Result<AiAgent, AppError> {
    hub.update_agent(org, id, patch).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_agent(hub: State<'_, Hub>, org: OrgId, id: AgentId) -> Result<(), AppError> {
    hub.delete_agent(org, id).await
}

/// The tools an agent can be given.
#[tauri::command]
#[specta::specta]
pub fn agent_tools() -> Result<Vec<String>, AppError> {
    Ok(Hub::agent_tools())
}

/// Asks an agent (the playground); its answer streams to `on_event`, which first says the call's id
/// (to cancel it with `cancel_agent_call`). Answers with the call's record.
#[tauri::command]
#[specta::specta]
pub async fn ask_agent(
    hub: State<'_, Hub>,
    org: OrgId,
    id: AgentId,
    prompt: String,
    forget: bool,
    on_event: Channel<AgentEvent>,
) -> Result<AgentExecution, AppError> {
    let sink = Arc::new(move |e: AgentEvent| {
        let _ = on_event.send(e);
    });
    let options = AskOptions { forget, on_event: Some(sink), ..AskOptions::default() };
    hub.ask_agent(org, id, &prompt, options).await
}

#[tauri::command]
#[specta::specta]
pub fn cancel_agent_call(hub: State<'_, Hub>, id: AgentExecutionId) -> Result<bool, AppError> {
    Ok(hub.cancel_agent_call(id))
}

#[tauri::command]
#[specta::specta]
pub async fn list_agent_executions(
    hub: State<'_, Hub>,
    org: OrgId,
    filter: AgentExecutionFilter,
) -> Result<Page<AgentExecution>, AppError> {
    hub.list_agent_executions(org, filter).await
}
