//! Push: a desktop's mutations, applied in one transaction under the organization's lock. Each
//! client numbers its mutations; the service remembers the last number applied per client and
//! skips anything at or below it, so a push retried after a lost answer (or a crash on either
//! side) is never applied twice, and answers the same. A mutation that may not be applied (a role,
//! a plan limit, a deleted row) is rejected alone, with its reason kept for a retry to report;
//! the others still apply. The whole push commits or nothing does.

use crate::api::{AppState, Body, Ids, OrgScope};
use crate::auth::Authed;
use crate::db::Tx;
use crate::error::{Error, ErrorBody, ErrorCode, Result};
use crate::permissions::Permission;
use crate::sync::apply::{Ctx, apply, apply_run, runs};
use crate::sync::pull::check_horizon;
use crate::sync::wire::{Mutation, PushRequest, PushResponse, Rejected};
use axum::Json;
use axum::extract::State;
use uuid::Uuid;

/// The most mutations one push may carry.
pub const MAX_MUTATIONS: usize = 1_000;

/// How a push applies its mutations: first straight through, set-wise (see `apply`); if the
/// database refuses one (a constraint), the transaction is lost, and the push starts again one
/// mutation at a time, with a savepoint around each, so that the refused one is rolled back alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Straight,
    Careful,
}

/// Applies a desktop's mutations.
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/sync/push", tag = "sync", security(("bearer" = [])),
    params(("org_id" = Uuid, Path)), request_body = PushRequest,
    responses((status = 200, body = PushResponse), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, description = "RESYNC_REQUIRED", body = ErrorBody)))]
pub async fn push(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Body(req): Body<PushRequest>,
) -> Result<Json<PushResponse>> {
    if req.mutations.len() > MAX_MUTATIONS {
        return Err(Error::bad_request(format!("a push carries at most {MAX_MUTATIONS} mutations")));
    }
    if req.mutations.windows(2).any(|w| w[1].id <= w[0].id) || req.mutations.first().is_some_and(|m| m.id < 1) {
        return Err(Error::bad_request("mutation ids must be positive and strictly increasing"));
    }
    match attempt(&state, authed, org, &req, Mode::Straight).await {
        Err(Error::Database(e)) => {
            tracing::debug!(error = %e, "a mutation was refused by the database; applying one at a time");
            attempt(&state, authed, org, &req, Mode::Careful).await.map(Json)
        }
        other => other.map(Json),
    }
}

async fn attempt(state: &AppState, authed: Authed, org: Uuid, req: &PushRequest, mode: Mode) -> Result<PushResponse> {
    let started = std::time::Instant::now();
    let mut scope = OrgScope::enter_locked(state, authed, org, Permission::ViewWorkflows).await?;
    // The statement triggers need not lock again: this transaction holds the organization's row.
    sqlx::query("SELECT set_config('app.sync_locked', $1, true)").bind(org.to_string()).execute(&mut *scope.tx).await?;
    // A push's statements are planned for their parameters every time. A prepared statement keeps
    // the generic plan it chose after five runs, and one chosen while a table was empty (a new
    // organization's first push) looks a row up through an index on the organization alone: each
    // later lookup by id then read every row the organization had, and a 10,000-row upload slowed
    // from 0.1 ms to over 1 ms a change (364 changes/s; 1,289/s planned anew).
    sqlx::query("SET LOCAL plan_cache_mode = force_custom_plan").execute(&mut *scope.tx).await?;
    check_horizon(&mut scope.tx, org, req.cursor).await?;
    let last = client_last(&mut scope.tx, org, req.client_id, authed.user_id).await?;
    let mut ctx = Ctx::new(org, authed.user_id, scope.role, scope.plan, author(&req.author));
    let mut rejected = Vec::new();
    let mut applied = 0;
    let (replayed, fresh): (Vec<&Mutation>, Vec<&Mutation>) = req.mutations.iter().partition(|m| m.id <= last);
    let replayed: Vec<i64> = replayed.iter().map(|m| m.id).collect();
    let outcomes = match mode {
        Mode::Straight => {
            let mut outcomes = Vec::with_capacity(fresh.len());
            for run in runs(&fresh) {
                outcomes.extend(apply_run(&mut scope.tx, &mut ctx, &run).await?);
            }
            outcomes
        }
        Mode::Careful => {
            let mut outcomes = Vec::with_capacity(fresh.len());
            for m in &fresh {
                sqlx::query("SAVEPOINT mutation").execute(&mut *scope.tx).await?;
                let outcome = apply(&mut scope.tx, &mut ctx, m).await;
                let end = if outcome.is_ok() { "RELEASE SAVEPOINT mutation" } else { "ROLLBACK TO SAVEPOINT mutation" };
                sqlx::query(end).execute(&mut *scope.tx).await?;
                outcomes.push(outcome);
            }
            outcomes
        }
    };
    for (m, outcome) in fresh.iter().zip(outcomes) {
        let Err(e) = outcome else {
            applied += 1;
            continue;
        };
        let body = e.body();
        if body.code == ErrorCode::Internal {
            tracing::error!(error = %e, entity = %m.entity, "a pushed mutation failed");
        }
        rejected.push(Rejected {
            id: m.id,
            entity: m.entity.clone(),
            row_id: m.row_id.clone(),
            code: serde_json::to_value(body.code).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
            message: body.message,
        });
    }
    record_rejections(&mut scope.tx, org, req.client_id, &rejected).await?;
    rejected.extend(earlier_rejections(&mut scope.tx, org, req.client_id, &replayed).await?);
    rejected.sort_by_key(|r| r.id);
    let newest = req.mutations.last().map_or(last, |m| m.id.max(last));
    sqlx::query(
        "UPDATE sync_clients SET last_mutation_id = $3, last_seen_at = now() WHERE organization_id = $1 AND client_id = $2",
    )
    .bind(org)
    .bind(req.client_id)
    .bind(newest)
    .execute(&mut *scope.tx)
    .await?;
    let conflicts = std::mem::take(&mut ctx.conflicts);
    scope.commit().await?;
    if applied > 0 || !rejected.is_empty() {
        tracing::info!(%org, client = %req.client_id, applied, rejected = rejected.len(), took = ?started.elapsed(), "push");
    }
    Ok(PushResponse { last_mutation_id: newest, applied, rejected, conflicts })
}

fn author(given: &str) -> String {
    let name: String = given.trim().chars().filter(|c| !c.is_control()).take(100).collect();
    if name.is_empty() { "someone".into() } else { name }
}

/// The client's last applied mutation (registering it on its first push). A client belongs to the
/// user who first pushed from it.
async fn client_last(tx: &mut Tx, org: Uuid, client: Uuid, user: Uuid) -> Result<i64> {
    let (owner, last): (Option<Uuid>, i64) = sqlx::query_as(
        "INSERT INTO sync_clients (organization_id, client_id, user_id) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id, client_id) DO UPDATE SET last_seen_at = now()
         RETURNING user_id, last_mutation_id",
    )
    .bind(org)
    .bind(client)
    .bind(user)
    .fetch_one(&mut **tx)
    .await?;
    if owner.is_some_and(|o| o != user) {
        return Err(Error::api(
            ErrorCode::Forbidden,
            "this copy of the organization was connected by another account; connect it again as yourself",
        ));
    }
    Ok(last)
}

async fn record_rejections(tx: &mut Tx, org: Uuid, client: Uuid, rejected: &[Rejected]) -> Result<()> {
    for r in rejected {
        sqlx::query(
            "INSERT INTO sync_rejections (organization_id, client_id, mutation_id, entity, row_id, code, message)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(org)
        .bind(client)
        .bind(r.id)
        .bind(&r.entity)
        .bind(&r.row_id)
        .bind(&r.code)
        .bind(&r.message)
        .execute(&mut **tx)
        .await?;
    }
    // Kept a week: long enough for any retry.
    sqlx::query(
        "DELETE FROM sync_rejections WHERE organization_id = $1 AND client_id = $2 AND created_at < now() - interval '7 days'",
    )
    .bind(org)
    .bind(client)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn earlier_rejections(tx: &mut Tx, org: Uuid, client: Uuid, ids: &[i64]) -> Result<Vec<Rejected>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT mutation_id, entity, row_id, code, message FROM sync_rejections
         WHERE organization_id = $1 AND client_id = $2 AND mutation_id = ANY($3)",
    )
    .bind(org)
    .bind(client)
    .bind(ids)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, entity, row_id, code, message)| Rejected { id, entity, row_id, code, message })
        .collect())
}
