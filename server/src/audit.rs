//! The audit log: who did what in an organization (member and role changes, invitations, plan
//! changes, deletions). Written in the same transaction as the change it records, so there is
//! never a change without its entry or an entry without its change; the service's role may append
//! and read entries, never alter them.

use crate::db::Tx;
use crate::error::Result;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::FromRow;
use utoipa::ToSchema;
use uuid::Uuid;

/// One entry.
#[derive(Debug, Clone, Serialize, FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub actor_user_id: Option<Uuid>,
    /// What happened, as `thing.verb`: `member.role_changed`, `plan.changed`, `workflow.deleted`, …
    pub action: String,
    pub target_type: String,
    pub target_id: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Appends an entry to `org`'s log inside the change's transaction.
pub async fn record(
    tx: &mut Tx,
    org: Uuid,
    actor: Option<Uuid>,
    action: &str,
    target: (&str, Option<String>),
    details: serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, organization_id, actor_user_id, action, target_type, target_id, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::now_v7())
    .bind(org)
    .bind(actor)
    .bind(action)
    .bind(target.0)
    .bind(target.1)
    .bind(details)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The newest entries of the transaction's organization.
pub async fn list(tx: &mut Tx, org: Uuid, limit: i64) -> Result<Vec<AuditEntry>> {
    Ok(sqlx::query_as(
        "SELECT id, organization_id, actor_user_id, action, target_type, target_id, details, created_at
         FROM audit_log WHERE organization_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(org)
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?)
}
