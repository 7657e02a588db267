//! Teams from the desktop: members, structure, and runs whose contributions stream over a channel.

use neuroflow_app::{AppError, Hub, TeamDetail, TeamRunOptions};
use neuroflow_types::{
    AgentId, AgentTeam, NewTeam, OrgId, Page, TeamEvent, TeamExecution, TeamExecutionFilter, TeamExecutionId,
    TeamFilter, TeamId, TeamPatch, TeamRole,
};
use std::sync::Arc;
use tauri::State;
use tauri::ipc::Channel;

#[tauri::command]
#[specta::specta]
pub async fn list_teams(hub: State<'_, Hub>, org: OrgId, filter: TeamFilter) -> Result<Page<AgentTeam>, AppError> {
    hub.list_teams(org, filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn get_team(hub: State<'_, Hub>, org: OrgId, id: TeamId) -> Result<TeamDetail, AppError> {
    hub.get_team(org, id).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_team(hub: State<'_, Hub>, org: OrgId, team: NewTeam) -> Result<AgentTeam, AppError> {
    hub.create_team(org, team).await
}

#[tauri::command]
#[specta::specta]
pub async fn update_team(hub: State<'_, Hub>, org: OrgId, id: TeamId, patch: TeamPatch) -> Result<AgentTeam, AppError> {
    hub.update_team(org, id, patch).await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_team(hub: State<'_, Hub>, org: OrgId, id: TeamId) -> Result<(), AppError> {
    hub.delete_team(org, id).await
}

/// Adds an agent to a team, or changes its role and priority.
#[tauri::command]
#[specta::specta]
pub async fn set_team_member(
    hub: State<'_, Hub>,
    org: OrgId,
    team: TeamId,
    agent: AgentId,
    role: TeamRole,
    priority: i32,
) -> Result<TeamDetail, AppError> {
    hub.set_team_member(org, team, agent, role, priority).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_team_member(
    hub: State<'_, Hub>,
    org: OrgId,
    team: TeamId,
    agent: AgentId,
) -> Result<TeamDetail, AppError> {
    hub.remove_team_member(org, team, agent).await
}

/// Runs a team; members' tokens and contributions stream to `on_event`. Answers with the record.
#[tauri::command]
#[specta::specta]
pub async fn run_team(
    hub: State<'_, Hub>,
    org: OrgId,
    id: TeamId,
    task: String,
    on_event: Channel<TeamEvent>,
) -> Result<TeamExecution, AppError> {
    let sink = Arc::new(move |e: TeamEvent| {
        let _ = on_event.send(e);
    });
    hub.run_team(org, id, &task, TeamRunOptions { on_event: Some(sink), ..TeamRunOptions::default() }).await
}

#[tauri::command]
#[specta::specta]
pub fn cancel_team_run(hub: State<'_, Hub>, id: TeamExecutionId) -> Result<bool, AppError> {
    Ok(hub.cancel_team_run(id))
}

#[tauri::command]
#[specta::specta]
pub async fn list_team_executions(
    hub: State<'_, Hub>,
    org: OrgId,
    filter: TeamExecutionFilter,
) -> Result<Page<TeamExecution>, AppError> {
    hub.list_team_executions(org, filter).await
}
