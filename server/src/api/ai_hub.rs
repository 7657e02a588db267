//! The AI Hub (agents and teams: GROWTH or higher, MEMBER or higher, at most 5 agents on GROWTH),
//! integrations (metadata only: a secret never leaves the desktop, and a config that carries one is
//! refused) and workflow templates (the public ones, and the organization's own).

use crate::api::{AppState, Body, Ids, OrgScope, plan_limit};
use crate::auth::Authed;
use crate::error::{Error, ErrorBody, Result};
use crate::permissions::Permission;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_agents, create_agent))
        .routes(routes!(delete_agent))
        .routes(routes!(list_teams, create_team))
        .routes(routes!(list_integrations, create_integration))
        .routes(routes!(delete_integration))
        .routes(routes!(list_templates, create_template))
}

#[derive(Debug, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    #[schema(value_type = Object)]
    pub model_config: Value,
    pub status: String,
    pub is_active: bool,
    pub execution_count: i64,
    /// Micro-dollars.
    pub cost: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateAgent {
    #[serde(default)]
    pub id: Option<Uuid>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub model_config: Map<String, Value>,
}

const AGENT: &str =
    "SELECT id, name, description, model_config, status, is_active, execution_count, cost, created_at FROM ai_agents";

/// The organization's agents.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/agents", tag = "ai-hub", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = Vec<Agent>), (status = 403, body = ErrorBody)))]
async fn list_agents(State(state): State<AppState>, authed: Authed, Ids(org): Ids<Uuid>) -> Result<Json<Vec<Agent>>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::AccessAiHub).await?;
    let agents: Vec<Agent> = sqlx::query_as(&format!("{AGENT} WHERE organization_id = $1 ORDER BY name"))
        .bind(org)
        .fetch_all(&mut *scope.tx)
        .await?;
    scope.commit().await?;
    Ok(Json(agents))
}

/// Creates an agent, within the plan's agent limit.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/agents", tag = "ai-hub", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = CreateAgent,
    responses((status = 201, body = Agent), (status = 403, body = ErrorBody)))]
async fn create_agent(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Body(body): Body<CreateAgent>,
) -> Result<(StatusCode, Json<Agent>)> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ManageAgents).await?;
    if let Some(limit) = scope.cap_locked(|l| l.agents).await? {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM ai_agents WHERE organization_id = $1")
            .bind(org)
            .fetch_one(&mut *scope.tx)
            .await?;
        if count >= limit {
            return Err(plan_limit("agents", limit, scope.plan));
        }
    }
    let agent: Agent = sqlx::query_as(
        "INSERT INTO ai_agents (id, organization_id, created_by, name, description, model_config) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, name, description, model_config, status, is_active, execution_count, cost, created_at",
    )
    .bind(body.id.unwrap_or_else(Uuid::now_v7))
    .bind(org)
    .bind(scope.user)
    .bind(body.name.trim())
    .bind(&body.description)
    .bind(Value::Object(body.model_config))
    .fetch_one(&mut *scope.tx)
    .await?;
    scope.commit().await?;
    Ok((StatusCode::CREATED, Json(agent)))
}

/// Deletes an agent.
#[utoipa::path(delete, path = "/api/v1/organizations/{org_id}/agents/{agent_id}", tag = "ai-hub", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("agent_id" = Uuid, Path)), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_agent(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
) -> Result<StatusCode> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ManageAgents).await?;
    let name: String =
        sqlx::query_scalar("DELETE FROM ai_agents WHERE organization_id = $1 AND id = $2 RETURNING name")
            .bind(org)
            .bind(id)
            .fetch_optional(&mut *scope.tx)
            .await?
            .ok_or_else(|| Error::not_found("agent"))?;
    scope.audit("agent.deleted", ("agent", Some(id.to_string())), json!({ "name": name })).await?;
    scope.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    /// HIERARCHICAL, COLLABORATIVE, PIPELINE or DEMOCRATIC.
    pub structure: String,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateTeam {
    #[serde(default)]
    pub id: Option<Uuid>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub structure: String,
}

/// The organization's agent teams.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/teams", tag = "ai-hub", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = Vec<Team>), (status = 403, body = ErrorBody)))]
async fn list_teams(State(state): State<AppState>, authed: Authed, Ids(org): Ids<Uuid>) -> Result<Json<Vec<Team>>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::AccessAiHub).await?;
    let teams: Vec<Team> = sqlx::query_as("SELECT id, name, description, structure, is_active, created_at FROM agent_teams WHERE organization_id = $1 ORDER BY name")
        .bind(org)
        .fetch_all(&mut *scope.tx)
        .await?;
    scope.commit().await?;
    Ok(Json(teams))
}

/// Creates an agent team.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/teams", tag = "ai-hub", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = CreateTeam, responses((status = 201, body = Team), (status = 403, body = ErrorBody)))]
async fn create_team(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Body(body): Body<CreateTeam>,
) -> Result<(StatusCode, Json<Team>)> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ManageTeams).await?;
    let team: Team = sqlx::query_as(
        "INSERT INTO agent_teams (id, organization_id, created_by, name, description, structure) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, name, description, structure, is_active, created_at",
    )
    .bind(body.id.unwrap_or_else(Uuid::now_v7))
    .bind(org)
    .bind(scope.user)
    .bind(body.name.trim())
    .bind(&body.description)
    .bind(body.structure.trim().to_uppercase())
    .fetch_one(&mut *scope.tx)
    .await?;
    scope.commit().await?;
    Ok((StatusCode::CREATED, Json(team)))
}

#[derive(Debug, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Integration {
    pub id: Uuid,
    pub name: String,
    /// SLACK, GMAIL, SMTP, WEBHOOK or HTTP.
    pub provider: String,
    #[schema(value_type = Object)]
    pub config: Value,
    pub status: String,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateIntegration {
    #[serde(default)]
    pub id: Option<Uuid>,
    pub name: String,
    pub provider: String,
    /// Non-secret settings only.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub config: Map<String, Value>,
}

/// Refuses a config with a key that names a secret, at any depth.
pub(crate) fn check_no_secret(config: &Map<String, Value>) -> Result<()> {
    for (key, value) in config {
        if neuroflow_workspace_rules::names_a_secret(key) {
            return Err(Error::bad_request(format!(
                "'{key}' looks like a secret; secrets stay in the desktop's keychain and are never sent to the workspace"
            )));
        }
        if let Value::Object(inner) = value {
            check_no_secret(inner)?;
        }
    }
    Ok(())
}

const INTEGRATION: &str = "id, name, provider, config, status, is_active, created_at";

/// The organization's integrations (metadata only).
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/integrations", tag = "integrations", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = Vec<Integration>), (status = 404, body = ErrorBody)))]
async fn list_integrations(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
) -> Result<Json<Vec<Integration>>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewWorkflows).await?;
    let list: Vec<Integration> =
        sqlx::query_as(&format!("SELECT {INTEGRATION} FROM integrations WHERE organization_id = $1 ORDER BY name"))
            .bind(org)
            .fetch_all(&mut *scope.tx)
            .await?;
    scope.commit().await?;
    Ok(Json(list))
}

/// Records an integration's metadata (ADMIN and OWNER). A config key that names a secret is refused.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/integrations", tag = "integrations", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = CreateIntegration,
    responses((status = 201, body = Integration), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_integration(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Body(body): Body<CreateIntegration>,
) -> Result<(StatusCode, Json<Integration>)> {
    check_no_secret(&body.config)?;
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ManageIntegrations).await?;
    let created: Integration = sqlx::query_as(&format!(
        "INSERT INTO integrations (id, organization_id, created_by, name, provider, config) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {INTEGRATION}"
    ))
    .bind(body.id.unwrap_or_else(Uuid::now_v7))
    .bind(org)
    .bind(scope.user)
    .bind(body.name.trim())
    .bind(body.provider.trim().to_uppercase())
    .bind(Value::Object(body.config))
    .fetch_one(&mut *scope.tx)
    .await?;
    scope.commit().await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Deletes an integration's record (ADMIN and OWNER).
#[utoipa::path(delete, path = "/api/v1/organizations/{org_id}/integrations/{integration_id}", tag = "integrations", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), ("integration_id" = Uuid, Path)), responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_integration(
    State(state): State<AppState>,
    authed: Authed,
    Ids((org, id)): Ids<(Uuid, Uuid)>,
) -> Result<StatusCode> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ManageIntegrations).await?;
    let name: String =
        sqlx::query_scalar("DELETE FROM integrations WHERE organization_id = $1 AND id = $2 RETURNING name")
            .bind(org)
            .bind(id)
            .fetch_optional(&mut *scope.tx)
            .await?
            .ok_or_else(|| Error::not_found("integration"))?;
    scope.audit("integration.deleted", ("integration", Some(id.to_string())), json!({ "name": name })).await?;
    scope.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub description: String,
    pub category: String,
    pub difficulty: String,
    #[schema(value_type = Object)]
    pub document: Value,
    pub is_public: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateTemplate {
    #[serde(default)]
    pub id: Option<Uuid>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub category: String,
    pub difficulty: String,
    #[schema(value_type = Object)]
    pub document: Map<String, Value>,
    #[serde(default)]
    pub is_public: bool,
}

const TEMPLATE: &str = "id, organization_id, name, description, category, difficulty, document, is_public, created_at";

/// The templates this organization may use: its own and the public ones.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/templates", tag = "templates", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = Vec<Template>), (status = 404, body = ErrorBody)))]
async fn list_templates(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
) -> Result<Json<Vec<Template>>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewWorkflows).await?;
    let list: Vec<Template> = sqlx::query_as(&format!("SELECT {TEMPLATE} FROM workflow_templates ORDER BY name, id"))
        .fetch_all(&mut *scope.tx)
        .await?;
    scope.commit().await?;
    Ok(Json(list))
}

/// Adds a template of the organization's own (public when `isPublic`).
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/templates", tag = "templates", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = CreateTemplate,
    responses((status = 201, body = Template), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_template(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Body(body): Body<CreateTemplate>,
) -> Result<(StatusCode, Json<Template>)> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::CreateWorkflows).await?;
    let created: Template = sqlx::query_as(&format!(
        "INSERT INTO workflow_templates (id, organization_id, created_by, name, description, category, difficulty, document, is_public)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {TEMPLATE}"
    ))
    .bind(body.id.unwrap_or_else(Uuid::now_v7))
    .bind(org)
    .bind(scope.user)
    .bind(body.name.trim())
    .bind(&body.description)
    .bind(body.category.trim().to_uppercase())
    .bind(body.difficulty.trim().to_uppercase())
    .bind(Value::Object(body.document))
    .bind(body.is_public)
    .fetch_one(&mut *scope.tx)
    .await?;
    scope.commit().await?;
    Ok((StatusCode::CREATED, Json(created)))
}
