//! What a desktop needs to act offline as the workspace would: the user's role, the plan and its
//! limits, this month's executions, where the feed stands and its horizon. And forgetting old
//! tombstones (operators run `neuroflow-server admin compact-sync`), which moves the horizon.

use crate::api::{AppState, Ids, OrgScope};
use crate::auth::Authed;
use crate::error::{ErrorBody, Result};
use crate::permissions::Permission;
use crate::sync::wire::SyncSession;
use axum::Json;
use axum::extract::State;
use sqlx::PgPool;
use uuid::Uuid;

/// The caller's role and the plan, with usage and the feed's position.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/sync/session", tag = "sync", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), responses((status = 200, body = SyncSession), (status = 404, body = ErrorBody)))]
pub async fn session(State(state): State<AppState>, authed: Authed, Ids(org): Ids<Uuid>) -> Result<Json<SyncSession>> {
    let mut scope = OrgScope::enter(&state, authed, org, Permission::ViewWorkflows).await?;
    let (executions, _) = crate::api::plan::executions_this_month(&mut scope.tx, org).await?;
    let (name, horizon, workflows, agents, version): (String, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT name, sync_horizon,
                (SELECT count(*) FROM automation_workflows WHERE organization_id = $1),
                (SELECT count(*) FROM ai_agents WHERE organization_id = $1),
                greatest(sync_horizon,
                  (SELECT coalesce(max(sync_version), 0) FROM automation_workflows WHERE organization_id = $1),
                  (SELECT coalesce(max(sync_version), 0) FROM ai_agents WHERE organization_id = $1),
                  (SELECT coalesce(max(sync_version), 0) FROM agent_teams WHERE organization_id = $1),
                  (SELECT coalesce(max(sync_version), 0) FROM team_members WHERE organization_id = $1),
                  (SELECT coalesce(max(sync_version), 0) FROM integrations WHERE organization_id = $1),
                  (SELECT coalesce(max(sync_version), 0) FROM workflow_templates WHERE organization_id = $1),
                  (SELECT coalesce(max(sync_version), 0) FROM org_settings WHERE organization_id = $1),
                  (SELECT coalesce(max(sync_version), 0) FROM sync_conflicts WHERE organization_id = $1),
                  (SELECT coalesce(max(sync_version), 0) FROM sync_tombstones WHERE organization_id = $1))
         FROM organizations WHERE id = $1",
    )
    .bind(org)
    .fetch_one(&mut *scope.tx)
    .await?;
    let out = SyncSession {
        organization_id: org,
        name,
        user_id: authed.user_id,
        role: scope.role,
        plan: scope.plan,
        limits: scope.plan.limits(),
        executions_this_month: executions,
        workflows,
        agents,
        version,
        horizon,
    };
    scope.commit().await?;
    Ok(Json(out))
}

/// Forgets the tombstones older than `days` days in every organization (as the owner role), moving
/// each organization's horizon to the newest version forgotten. Returns how many were removed.
pub async fn compact(pool: &PgPool, days: i64) -> Result<u64> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE organizations o SET sync_horizon = greatest(o.sync_horizon, t.newest)
         FROM (SELECT organization_id, max(sync_version) AS newest FROM sync_tombstones
               WHERE deleted_at < now() - make_interval(days => $1::int) GROUP BY organization_id) t
         WHERE o.id = t.organization_id",
    )
    .bind(days)
    .execute(&mut *tx)
    .await?;
    let removed = sqlx::query("DELETE FROM sync_tombstones WHERE deleted_at < now() - make_interval(days => $1::int)")
        .bind(days)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(removed)
}
