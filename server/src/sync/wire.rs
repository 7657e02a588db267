//! What a desktop and the service say to each other when they sync. The desktop has its own copy
//! of these shapes (`neuroflow-types`, `sync` module); both are plain JSON, camelCase, and a field
//! either side does not know is ignored, so that an older client and a newer service still agree.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

/// What a mutation does to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Op {
    /// A new row (or one brought back): every field is given.
    Create,
    /// Some fields changed; each is applied if its clock is newer than the field's last write.
    Update,
    /// The row is gone; a delete wins over any concurrent change.
    Delete,
    /// A record that is only ever pushed (executions): written whole, again if sent again.
    Upsert,
}

/// One change made on a desktop.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Mutation {
    /// The client's mutation number: strictly increasing per client; a number at or below the
    /// last one applied is skipped, which makes a retried push harmless.
    pub id: i64,
    pub entity: String,
    /// The row's id (a settings key for settings).
    pub row_id: String,
    pub op: Op,
    /// The changed fields and their values (every field for `create` and `upsert`).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// Each field's hybrid logical clock (the time of its change on the desktop).
    #[serde(default)]
    pub hlc: std::collections::BTreeMap<String, String>,
    /// Workflows: the service's version the desktop's document was edited from.
    #[serde(default)]
    pub base_version: Option<i64>,
    /// Workflows: the words the desktop's version of the document was saved with; the version the
    /// workspace keeps says them (and who), and every desktop's history shows them.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    /// The desktop copy of the organization.
    pub client_id: Uuid,
    /// The last version this client pulled: below the horizon, it must re-sync first.
    #[serde(default)]
    pub cursor: i64,
    /// Display name of the person, kept with any conflict copy.
    #[serde(default)]
    pub author: String,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rejected {
    pub id: i64,
    pub entity: String,
    pub row_id: String,
    /// An `ErrorCode` of the service (FORBIDDEN, PLAN_LIMIT, NOT_FOUND, BAD_REQUEST …).
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PushResponse {
    /// Every mutation up to this number is done with (applied or rejected).
    pub last_mutation_id: i64,
    pub applied: usize,
    /// Mutations of this push (or of an earlier attempt at it) that were refused, and why.
    pub rejected: Vec<Rejected>,
    /// Workflows whose merge kept a conflict copy.
    pub conflicts: Vec<Uuid>,
}

/// One row's state in the feed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub entity: String,
    pub row_id: String,
    pub version: i64,
    pub deleted: bool,
    /// The row's synced fields (none for a delete).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub data: Option<Value>,
    /// The clock of each field's last write.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub field_hlc: Option<Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PullResponse {
    pub changes: Vec<Change>,
    /// Where the next pull starts (the last change's version, or the same cursor when none).
    pub cursor: i64,
    pub has_more: bool,
}

/// Who the desktop is in the organization, and what the plan allows: what it enforces offline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncSession {
    pub organization_id: Uuid,
    pub name: String,
    pub user_id: Uuid,
    pub role: crate::permissions::Role,
    pub plan: crate::permissions::Plan,
    pub limits: crate::permissions::PlanLimits,
    /// Executions recorded this month (UTC), for the monthly allowance.
    pub executions_this_month: i64,
    pub workflows: i64,
    pub agents: i64,
    /// The newest version of the organization's feed.
    pub version: i64,
    /// A cursor below this must re-sync from the start.
    pub horizon: i64,
}
