//! The organization's plan, its limits and this month's usage; changing the plan (OWNER); and the
//! audit log. Usage is counted by triggers where executions are recorded, per calendar month (UTC).

use crate::api::{AppState, Body, Ids, OrgScope, Params};
use crate::audit::AuditEntry;
use crate::auth::Authed;
use crate::db::Tx;
use crate::error::{Error, ErrorBody, Result};
use crate::permissions::{Permission, Plan, PlanLimits};
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_plan, set_plan)).routes(routes!(audit_log))
}

/// What the organization has used this month, and holds now.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// The first day of the month counted (UTC).
    pub month: NaiveDate,
    pub executions: i64,
    pub agent_executions: i64,
    pub workflows: i64,
    pub agents: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlanStatus {
    pub plan: Plan,
    pub limits: PlanLimits,
    pub usage: Usage,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SetPlan {
    pub plan: Plan,
}

/// This month's executions of the transaction's organization.
pub async fn executions_this_month(tx: &mut Tx, org: Uuid) -> Result<(i64, i64)> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT executions, agent_executions FROM usage_monthly
         WHERE organization_id = $1 AND month = date_trunc('month', now() AT TIME ZONE 'UTC')::date",
    )
    .bind(org)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.unwrap_or((0, 0)))
}

async fn status(tx: &mut Tx, org: Uuid, plan: Plan) -> Result<PlanStatus> {
    let (executions, agent_executions) = executions_this_month(tx, org).await?;
    let (month, workflows, agents): (NaiveDate, i64, i64) = sqlx::query_as(
        "SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date,
                (SELECT count(*) FROM automation_workflows WHERE organization_id = $1),
                (SELECT count(*) FROM ai_agents WHERE organization_id = $1)",
    )
    .bind(org)
    .fetch_one(&mut **tx)
    .await?;
    Ok(PlanStatus {
        plan,
        limits: plan.limits(),
        usage: Usage { month, executions, agent_executions, workflows, agents },
    })
}

/// The plan, its limits and this month's usage.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/plan", tag = "plan", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = PlanStatus), (status = 404, body = ErrorBody)))]
async fn get_plan(State(state): State<AppState>, authed: Authed, Ids(org): Ids<Uuid>) -> Result<Json<PlanStatus>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewWorkflows).await?;
    let out = status(&mut scope.tx, org, scope.plan).await?;
    scope.commit().await?;
    Ok(Json(out))
}

/// Changes the plan (OWNER). A smaller plan keeps what exists and refuses what would exceed it.
#[utoipa::path(put, path = "/api/v1/organizations/{org_id}/plan", tag = "plan", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = SetPlan,
    responses((status = 200, body = PlanStatus), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn set_plan(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Body(body): Body<SetPlan>,
) -> Result<Json<PlanStatus>> {
    let mut scope = OrgScope::enter_locked(&state, authed, org, Permission::ManagePlan).await?;
    let from = scope.plan;
    sqlx::query("UPDATE organizations SET plan = $2, updated_at = now() WHERE id = $1")
        .bind(org)
        .bind(body.plan.as_str())
        .execute(&mut *scope.tx)
        .await?;
    if from != body.plan {
        scope
            .audit("plan.changed", ("organization", Some(org.to_string())), json!({ "from": from, "to": body.plan }))
            .await?;
    }
    let out = status(&mut scope.tx, org, body.plan).await?;
    scope.commit().await?;
    Ok(Json(out))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// 1 to 500; 100 when absent.
    pub limit: Option<i64>,
}

/// The audit log, newest first (ADMIN and OWNER).
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/audit-log", tag = "plan", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), AuditQuery),
    responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Params(q): Params<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(Error::bad_request("limit must be between 1 and 500"));
    }
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewAuditLog).await?;
    let entries = crate::audit::list(&mut scope.tx, org, limit).await?;
    scope.commit().await?;
    Ok(Json(entries))
}
