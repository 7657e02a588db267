//! Organizations: create one (its creator becomes its OWNER), list mine, read, delete; and the
//! role table, straight from the permissions module.

use crate::api::{AppState, Body, Ids, OrgScope};
use crate::auth::Authed;
use crate::db;
use crate::error::{Error, ErrorBody, Result};
use crate::permissions::{Permission, Plan, Role, allowed};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_orgs, create_org))
        .routes(routes!(get_org, delete_org))
        .routes(routes!(roles))
}

/// An organization, with the caller's role in it.
#[derive(Debug, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    #[schema(value_type = Plan)]
    pub plan: String,
    #[schema(value_type = Role)]
    pub role: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrganization {
    /// A UUID chosen by the client (v7), or none for the server to choose.
    #[serde(default)]
    pub id: Option<Uuid>,
    pub name: String,
}

const SELECT_ORG: &str =
    "SELECT id, name, slug, plan, app.member_role(id) AS role, created_at, updated_at FROM organizations";

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Creates an organization on the FREE plan, as `user`, who becomes its OWNER.
pub async fn create(pool: &sqlx::PgPool, user: Uuid, id: Option<Uuid>, name: &str) -> Result<Organization> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 {
        return Err(Error::bad_request("an organization needs a name of 1 to 200 characters"));
    }
    let id = id.unwrap_or_else(Uuid::now_v7);
    let mut tx = db::begin(pool, Some(user), Some(id)).await?;
    sqlx::query("INSERT INTO organizations (id, name, slug, created_by) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(name)
        .bind(slug(name))
        .bind(user)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO organization_members (id, organization_id, user_id, role) VALUES ($1, $2, $3, 'OWNER')")
        .bind(Uuid::now_v7())
        .bind(id)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    crate::audit::record(
        &mut tx,
        id,
        Some(user),
        "organization.created",
        ("organization", Some(id.to_string())),
        json!({ "name": name }),
    )
    .await?;
    let org: Organization = sqlx::query_as(&format!("{SELECT_ORG} WHERE id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(org)
}

/// The organizations I belong to.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", security(("bearer" = [])),
    responses((status = 200, body = Vec<Organization>), (status = 401, body = ErrorBody)))]
async fn list_orgs(State(state): State<AppState>, authed: Authed) -> Result<Json<Vec<Organization>>> {
    let mut tx = db::begin(&state.pool, Some(authed.user_id), None).await?;
    let orgs: Vec<Organization> =
        sqlx::query_as(&format!("SELECT * FROM ({SELECT_ORG}) o WHERE role IS NOT NULL ORDER BY name, id"))
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await?;
    Ok(Json(orgs))
}

/// Creates an organization; the caller becomes its OWNER. New organizations are on FREE.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", security(("bearer" = [])),
    request_body = CreateOrganization,
    responses((status = 201, body = Organization), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_org(
    State(state): State<AppState>,
    authed: Authed,
    Body(body): Body<CreateOrganization>,
) -> Result<(StatusCode, Json<Organization>)> {
    let org = create(&state.pool, authed.user_id, body.id, &body.name).await?;
    Ok((StatusCode::CREATED, Json(org)))
}

/// One organization I belong to.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}", tag = "organizations", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)),
    responses((status = 200, body = Organization), (status = 404, body = ErrorBody)))]
async fn get_org(State(state): State<AppState>, authed: Authed, Ids(org): Ids<Uuid>) -> Result<Json<Organization>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewWorkflows).await?;
    let found: Organization =
        sqlx::query_as(&format!("{SELECT_ORG} WHERE id = $1")).bind(org).fetch_one(&mut *scope.tx).await?;
    scope.commit().await?;
    Ok(Json(found))
}

/// Deletes the organization and everything in it (OWNER). The audit entry outlives it.
#[utoipa::path(delete, path = "/api/v1/organizations/{org_id}", tag = "organizations", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_org(State(state): State<AppState>, authed: Authed, Ids(org): Ids<Uuid>) -> Result<StatusCode> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::DeleteOrganization).await?;
    scope.audit("organization.deleted", ("organization", Some(org.to_string())), json!({})).await?;
    sqlx::query("DELETE FROM organizations WHERE id = $1").bind(org).execute(&mut *scope.tx).await?;
    scope.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A role and what it may do (on a plan that includes everything).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RolePermissions {
    pub role: Role,
    pub permissions: Vec<Permission>,
}

/// The roles and their permissions. AI Hub permissions also need the GROWTH plan or higher.
#[utoipa::path(get, path = "/api/v1/roles", tag = "organizations",
    responses((status = 200, body = Vec<RolePermissions>)))]
async fn roles() -> Json<Vec<RolePermissions>> {
    Json(
        Role::ALL
            .iter()
            .map(|role| RolePermissions {
                role: *role,
                permissions: Permission::ALL
                    .iter()
                    .copied()
                    .filter(|p| allowed(*role, Plan::Enterprise, *p).is_ok())
                    .collect(),
            })
            .collect(),
    )
}
