//! The organization's workflows, as the data model's API describes them: list (isActive, search,
//! limit ≤ 100, offset, sortBy, sortOrder), get, create, update, delete, activate; and recording an
//! execution, which counts against the plan's monthly allowance. Limits are checked under the
//! organization's row lock, in the transaction that writes.

use crate::api::{AppState, Body, Ids, OrgScope, Params, plan_limit};
use crate::auth::Authed;
use crate::error::{Error, ErrorBody, Result};
use crate::permissions::Permission;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub use super::workflow_types::*;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(activate))
        .routes(routes!(deactivate))
        .routes(routes!(record_execution))
}

const COLUMNS: &str = "id, organization_id, created_by, name, description, nodes, edges, variables, is_active, version,
     tags, execution_count, last_executed, template_id, created_at, updated_at";

/// The organization's workflows, filtered, sorted and paged.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/workflows", tag = "workflows", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ListQuery),
    responses((status = 200, body = WorkflowList), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Params(q): Params<ListQuery>,
) -> Result<Json<WorkflowList>> {
    let (limit, offset) = (q.limit.unwrap_or(20), q.offset.unwrap_or(0));
    if !(1..=100).contains(&limit) {
        return Err(Error::bad_request("limit must be between 1 and 100"));
    }
    if offset < 0 {
        return Err(Error::bad_request("offset must not be negative"));
    }
    let order = format!(
        "{} {}, id {}",
        q.sort_by.unwrap_or_default().column(),
        q.sort_order.unwrap_or_default().sql(),
        q.sort_order.unwrap_or_default().sql()
    );
    let pattern = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(like_pattern);
    let filter = "organization_id = $1 AND ($2::boolean IS NULL OR is_active = $2)
        AND ($3::text IS NULL OR name ILIKE $3 OR description ILIKE $3)";
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewWorkflows).await?;
    let workflows: Vec<Workflow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM automation_workflows WHERE {filter} ORDER BY {order} LIMIT $4 OFFSET $5"
    ))
    .bind(org)
    .bind(q.is_active)
    .bind(&pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *scope.tx)
    .await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM automation_workflows WHERE {filter}"))
        .bind(org)
        .bind(q.is_active)
        .bind(&pattern)
        .fetch_one(&mut *scope.tx)
        .await?;
    scope.commit().await?;
    Ok(Json(WorkflowList { workflows, total, limit, offset }))
}

/// `%text%` for ILIKE, with the user's own `%`, `_` and `\` matched literally.
fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

async fn fetch(scope: &mut OrgScope, id: Uuid) -> Result<Workflow> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM automation_workflows WHERE organization_id = $1 AND id = $2"))
        .bind(scope.org)
        .bind(id)
        .fetch_optional(&mut *scope.tx)
        .await?
        .ok_or_else(|| Error::not_found("workflow"))
}

/// One workflow, with its nodes and edges.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/workflows/{workflow_id}", tag = "workflows", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("workflow_id" = Uuid, Path)),
    responses((status = 200, body = Workflow), (status = 404, body = ErrorBody)))]
async fn get_one(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
) -> Result<Json<Workflow>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewWorkflows).await?;
    let found = fetch(&mut scope, id).await?;
    scope.commit().await?;
    Ok(Json(found))
}

/// Creates a workflow, within the plan's workflow limit.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/workflows", tag = "workflows", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = CreateWorkflow,
    responses((status = 201, body = Workflow), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Body(body): Body<CreateWorkflow>,
) -> Result<(StatusCode, Json<Workflow>)> {
    body.check()?;
    let mut scope = OrgScope::enter(&state, authed, org, Permission::CreateWorkflows).await?;
    if let Some(limit) = scope.cap_locked(|l| l.workflows).await? {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM automation_workflows WHERE organization_id = $1")
            .bind(org)
            .fetch_one(&mut *scope.tx)
            .await?;
        if count >= limit {
            return Err(plan_limit("workflows", limit, scope.plan));
        }
    }
    let id = body.id.unwrap_or_else(Uuid::now_v7);
    sqlx::query(
        "INSERT INTO automation_workflows (id, organization_id, created_by, name, description, nodes, edges, variables,
             is_active, tags, template_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(org)
    .bind(scope.user)
    .bind(body.name.trim())
    .bind(&body.description)
    .bind(Value::Array(body.nodes))
    .bind(Value::Array(body.edges))
    .bind(Value::Object(body.variables))
    .bind(body.is_active)
    .bind(json!(body.tags))
    .bind(body.template_id)
    .execute(&mut *scope.tx)
    .await?;
    let created = fetch(&mut scope, id).await?;
    scope.commit().await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Changes a workflow. A change to its document (name, description, nodes, edges, variables,
/// tags) bumps its version; with `expectedVersion`, a stale edit is refused with CONFLICT.
#[utoipa::path(put, path = "/api/v1/organizations/{org_id}/workflows/{workflow_id}", tag = "workflows", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("workflow_id" = Uuid, Path)), request_body = UpdateWorkflow,
    responses((status = 200, body = Workflow), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
    Body(body): Body<UpdateWorkflow>,
) -> Result<Json<Workflow>> {
    body.check()?;
    let mut scope = OrgScope::enter(&state, authed, org, Permission::EditWorkflows).await?;
    let changed = sqlx::query(
        "UPDATE automation_workflows SET
             name = coalesce($3, name), description = coalesce($4, description), nodes = coalesce($5, nodes),
             edges = coalesce($6, edges), variables = coalesce($7, variables), tags = coalesce($8, tags),
             is_active = coalesce($9, is_active), version = version + CASE WHEN $10 THEN 1 ELSE 0 END,
             updated_at = now()
         WHERE organization_id = $1 AND id = $2 AND ($11::bigint IS NULL OR version = $11)",
    )
    .bind(org)
    .bind(id)
    .bind(body.name.as_deref().map(str::trim))
    .bind(&body.description)
    .bind(body.nodes.clone().map(Value::Array))
    .bind(body.edges.clone().map(Value::Array))
    .bind(body.variables.clone().map(Value::Object))
    .bind(body.tags.as_ref().map(|t| json!(t)))
    .bind(body.is_active)
    .bind(body.changes_document())
    .bind(body.expected_version)
    .execute(&mut *scope.tx)
    .await?;
    if changed.rows_affected() == 0 {
        let current = fetch(&mut scope, id).await?;
        return Err(Error::api(
            crate::error::ErrorCode::Conflict,
            format!(
                "the workflow is at version {}, not {}; reload it and edit again",
                current.version,
                body.expected_version.unwrap_or(0)
            ),
        ));
    }
    let updated = fetch(&mut scope, id).await?;
    scope.commit().await?;
    Ok(Json(updated))
}

/// Deletes a workflow and its executions (ADMIN and OWNER).
#[utoipa::path(delete, path = "/api/v1/organizations/{org_id}/workflows/{workflow_id}", tag = "workflows", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("workflow_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
) -> Result<StatusCode> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::DeleteWorkflows).await?;
    let name: Option<String> =
        sqlx::query_scalar("DELETE FROM automation_workflows WHERE organization_id = $1 AND id = $2 RETURNING name")
            .bind(org)
            .bind(id)
            .fetch_optional(&mut *scope.tx)
            .await?;
    let name = name.ok_or_else(|| Error::not_found("workflow"))?;
    scope.audit("workflow.deleted", ("workflow", Some(id.to_string())), json!({ "name": name })).await?;
    scope.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_active(state: &AppState, authed: Authed, org: Uuid, id: Uuid, active: bool) -> Result<Json<Workflow>> {
    let mut scope = OrgScope::enter(state, authed, org, Permission::ExecuteWorkflows).await?;
    let changed = sqlx::query(
        "UPDATE automation_workflows SET is_active = $3, updated_at = now() WHERE organization_id = $1 AND id = $2",
    )
    .bind(org)
    .bind(id)
    .bind(active)
    .execute(&mut *scope.tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(Error::not_found("workflow"));
    }
    let updated = fetch(&mut scope, id).await?;
    scope.commit().await?;
    Ok(Json(updated))
}

/// Turns a workflow's triggers on.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/workflows/{workflow_id}/activate", tag = "workflows", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("workflow_id" = Uuid, Path)),
    responses((status = 200, body = Workflow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn activate(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
) -> Result<Json<Workflow>> {
    set_active(&state, authed, org, id, true).await
}

/// Turns a workflow's triggers off.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/workflows/{workflow_id}/deactivate", tag = "workflows", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("workflow_id" = Uuid, Path)),
    responses((status = 200, body = Workflow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn deactivate(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
) -> Result<Json<Workflow>> {
    set_active(&state, authed, org, id, false).await
}

/// Records an execution of a workflow (run on a desktop), within the plan's monthly allowance.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/workflows/{workflow_id}/executions", tag = "workflows", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("workflow_id" = Uuid, Path)), request_body = RecordExecution,
    responses((status = 201, body = Execution), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn record_execution(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
    Body(body): Body<RecordExecution>,
) -> Result<(StatusCode, Json<Execution>)> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ExecuteWorkflows).await?;
    let workflow = fetch(&mut scope, id).await?;
    if let Some(limit) = scope.cap_locked(|l| l.executions_per_month).await? {
        let (used, _) = super::plan::executions_this_month(&mut scope.tx, org).await?;
        if used >= limit {
            return Err(plan_limit("executions a month", limit, scope.plan));
        }
    }
    let started_at = body.started_at.unwrap_or_else(Utc::now);
    let final_state = matches!(body.status.as_str(), "COMPLETED" | "FAILED" | "CANCELLED");
    let completed_at = body.completed_at.or(final_state.then(Utc::now));
    let execution: Execution = sqlx::query_as(
        "INSERT INTO workflow_executions (id, organization_id, workflow_id, workflow_version, status, trigger_kind,
             started_at, completed_at, duration, tokens_used, cost, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         RETURNING id, workflow_id, workflow_version, status, trigger_kind, started_at, completed_at, duration, tokens_used, cost, error",
    )
    .bind(body.id.unwrap_or_else(Uuid::now_v7))
    .bind(org)
    .bind(id)
    .bind(workflow.version)
    .bind(&body.status)
    .bind(&body.trigger_kind)
    .bind(started_at)
    .bind(completed_at)
    .bind(body.duration)
    .bind(body.tokens_used)
    .bind(body.cost)
    .bind(&body.error)
    .fetch_one(&mut *scope.tx)
    .await?;
    sqlx::query("UPDATE automation_workflows SET execution_count = execution_count + 1, last_executed = $3 WHERE organization_id = $1 AND id = $2")
        .bind(org)
        .bind(id)
        .bind(started_at)
        .execute(&mut *scope.tx)
        .await?;
    scope.commit().await?;
    Ok((StatusCode::CREATED, Json(execution)))
}
