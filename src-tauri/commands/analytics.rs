//! Analytics and the dashboard: each command answers from the one use case the CLI uses too, so the
//! page and `neuroflow analytics` show the same numbers.

use neuroflow_app::{AppError, Hub};
use neuroflow_types::{
    AnalyticsBreakdown, AnalyticsErrors, AnalyticsQuery, AnalyticsSeries, AnalyticsSummary, BreakdownBy, Dashboard,
    DashboardQuery, DrillDown, OrgId, Page, WorkflowExecution,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn analytics_summary(
    hub: State<'_, Hub>,
    org: OrgId,
    query: AnalyticsQuery,
) -> Result<AnalyticsSummary, AppError> {
    hub.analytics_summary(org, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn analytics_series(
    hub: State<'_, Hub>,
    org: OrgId,
    query: AnalyticsQuery,
) -> Result<AnalyticsSeries, AppError> {
    hub.analytics_series(org, query).await
}

#[tauri::command]
#[specta::specta]
pub async fn analytics_breakdown(
    hub: State<'_, Hub>,
    org: OrgId,
    query: AnalyticsQuery,
    by: BreakdownBy,
) -> Result<AnalyticsBreakdown, AppError> {
    hub.analytics_breakdown(org, query, by).await
}

#[tauri::command]
#[specta::specta]
pub async fn analytics_errors(
    hub: State<'_, Hub>,
    org: OrgId,
    query: AnalyticsQuery,
) -> Result<AnalyticsErrors, AppError> {
    hub.analytics_errors(org, query).await
}

/// The runs behind a figure (a chart point, a table row, an error group).
#[tauri::command]
#[specta::specta]
pub async fn analytics_runs(
    hub: State<'_, Hub>,
    org: OrgId,
    drill: DrillDown,
) -> Result<Page<WorkflowExecution>, AppError> {
    hub.analytics_runs(org, drill).await
}

#[tauri::command]
#[specta::specta]
pub async fn dashboard(hub: State<'_, Hub>, org: OrgId, query: DashboardQuery) -> Result<Dashboard, AppError> {
    hub.dashboard(org, query).await
}
