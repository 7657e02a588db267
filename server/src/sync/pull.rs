//! Pull: the organization's changes after a cursor, oldest first. Versions are stamped under the
//! organization's lock (migration 0004), so a version is visible only once every smaller version
//! of the organization is: a cursor can never skip a commit. One query reads every synced table
//! and the tombstones from their `(organization_id, sync_version)` indexes, merged by version. With
//! `wait`, a pull that finds nothing waits (up to 30 s) for the organization's next commit.

use crate::api::{AppState, Ids, OrgScope, Params};
use crate::auth::Authed;
use crate::db::Tx;
use crate::error::{Error, ErrorBody, ErrorCode, Result};
use crate::permissions::Permission;
use crate::sync::entities::pulled;
use crate::sync::notify::wait_for;
use crate::sync::wire::{Change, PullResponse};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullQuery {
    /// The last version received (0: from the start).
    #[serde(default)]
    pub since: i64,
    /// 1 to 5,000 changes; 1,000 when absent.
    pub limit: Option<i64>,
    /// Seconds to wait for a change when there is none yet: 0 to 30.
    pub wait: Option<u64>,
}

pub const MAX_PULL: i64 = 5_000;
const MAX_WAIT: u64 = 30;

/// The SQL of a pull page: every synced table's rows and the tombstones after `$2`, by version.
/// Each table's rows are chosen (by its sync index, in order, at most `$3`) before their JSON is
/// built, so that a plan made on stale statistics (a table that grew by thousands of rows in one
/// push, not yet analyzed) sorts narrow rows, not every row's document: a first pull after a large
/// upload took 90 ms a page where it takes 30.
fn page_sql() -> String {
    let mut parts: Vec<String> = pulled()
        .map(|e| {
            let data: Vec<String> = e.pulled_columns().map(|c| format!("'{c}', s.{c}")).collect();
            let mut columns: Vec<&str> = vec![e.key, "sync_version", "field_hlc"];
            for c in e.pulled_columns() {
                if !columns.contains(&c) {
                    columns.push(c);
                }
            }
            format!(
                "(SELECT '{n}'::text AS entity, s.{k}::text AS row_id, s.sync_version AS version, false AS deleted,
                         jsonb_build_object({d}) AS data, s.field_hlc
                  FROM (SELECT {c} FROM {t} WHERE organization_id = $1 AND sync_version > $2
                        ORDER BY sync_version LIMIT $3) s
                  ORDER BY s.sync_version)",
                n = e.name,
                k = e.key,
                t = e.table,
                c = columns.join(", "),
                d = data.join(", ")
            )
        })
        .collect();
    parts.push(
        "(SELECT entity, row_id, sync_version AS version, true AS deleted, NULL::jsonb AS data, NULL::jsonb AS field_hlc
          FROM sync_tombstones WHERE organization_id = $1 AND sync_version > $2 ORDER BY sync_version LIMIT $3)"
            .into(),
    );
    format!("{} ORDER BY version LIMIT $3", parts.join(" UNION ALL "))
}

/// Refuses a cursor below the horizon: the deletes before it are forgotten.
pub async fn check_horizon(tx: &mut Tx, org: Uuid, cursor: i64) -> Result<i64> {
    let horizon: i64 = sqlx::query_scalar("SELECT sync_horizon FROM organizations WHERE id = $1")
        .bind(org)
        .fetch_one(&mut **tx)
        .await?;
    if cursor > 0 && cursor < horizon {
        return Err(Error::api(
            ErrorCode::ResyncRequired,
            format!(
                "this copy last synced at version {cursor}, before the workspace forgot older deletions \
                 (version {horizon}); it must sync again from the start"
            ),
        ));
    }
    Ok(horizon)
}

async fn page(state: &AppState, authed: Authed, org: Uuid, since: i64, limit: i64) -> Result<PullResponse> {
    let mut scope = OrgScope::enter(state, authed, org, Permission::ViewWorkflows).await?;
    check_horizon(&mut scope.tx, org, since).await?;
    type Row = (String, String, i64, bool, Option<Value>, Option<Value>);
    let rows: Vec<Row> =
        sqlx::query_as(&page_sql()).bind(org).bind(since).bind(limit + 1).fetch_all(&mut *scope.tx).await?;
    scope.commit().await?;
    let has_more = rows.len() as i64 > limit;
    let changes: Vec<Change> = rows
        .into_iter()
        .take(limit as usize)
        .map(|(entity, row_id, version, deleted, data, field_hlc)| Change {
            entity,
            row_id,
            version,
            deleted,
            data,
            field_hlc,
        })
        .collect();
    let cursor = changes.last().map_or(since, |c| c.version);
    Ok(PullResponse { changes, cursor, has_more })
}

/// The organization's changes after `since`, oldest first.
#[utoipa::path(get, path = "/api/v1/organizations/{org_id}/sync/pull", tag = "sync", security(("bearer" = [])),
    params(("org_id" = Uuid, Path), PullQuery),
    responses((status = 200, body = PullResponse), (status = 404, body = ErrorBody),
              (status = 409, description = "RESYNC_REQUIRED: the cursor is below the tombstone horizon", body = ErrorBody)))]
pub async fn pull(
    State(state): State<AppState>,
    authed: Authed,
    Ids(org): Ids<Uuid>,
    Params(q): Params<PullQuery>,
) -> Result<Json<PullResponse>> {
    let limit = q.limit.unwrap_or(1_000);
    if !(1..=MAX_PULL).contains(&limit) {
        return Err(Error::bad_request(format!("limit must be between 1 and {MAX_PULL}")));
    }
    if q.since < 0 {
        return Err(Error::bad_request("since must not be negative"));
    }
    let wait = q.wait.unwrap_or(0);
    if wait > MAX_WAIT {
        return Err(Error::bad_request(format!("wait must be at most {MAX_WAIT} seconds")));
    }
    // Listen before looking, so that a commit between the look and the wait is not missed.
    let mut woken = state.sync.subscribe();
    let until = tokio::time::Instant::now() + Duration::from_secs(wait);
    loop {
        let answer = page(&state, authed, org, q.since, limit).await?;
        if !answer.changes.is_empty() || tokio::time::Instant::now() >= until {
            return Ok(Json(answer));
        }
        wait_for(&mut woken, org, until).await;
    }
}
