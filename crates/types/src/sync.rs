//! Sync with the organization's workspace: what the app shows about it (status, conflicts,
//! refusals, members) and what it says to the service (the wire shapes, the same JSON as
//! server/src/sync/wire.rs). No token or secret is ever part of any of these.

use crate::{MemberRole, OrgId, Plan, PlanLimits, Timestamp, WorkflowId};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The workspace account this machine is signed in to (its tokens stay in the keychain).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceAccount {
    /// The workspace's address, e.g. `https://workspace.example.com`.
    pub url: String,
    pub user_id: String,
    pub email: String,
    pub name: String,
}

/// An organization of the workspace the account belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceOrg {
    pub id: OrgId,
    pub name: String,
    pub role: MemberRole,
    pub plan: Plan,
    /// Whether this machine has a copy of it.
    #[serde(default)]
    pub local: bool,
}

/// Where one organization's copy stands with its workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub org: OrgId,
    pub connected: bool,
    pub workspace_url: Option<String>,
    pub account_email: Option<String>,
    /// The last-synced role and plan: what the app enforces, offline too.
    pub role: Option<MemberRole>,
    pub plan: Option<Plan>,
    pub limits: Option<PlanLimits>,
    pub executions_this_month: u32,
    pub last_sync_at: Option<Timestamp>,
    /// Changes made here that the workspace does not have yet.
    pub pending_changes: u32,
    /// The last failure, in plain words, until a sync succeeds.
    pub last_error: Option<String>,
    pub last_error_at: Option<Timestamp>,
    /// Failed attempts in a row; the next is delayed more each time.
    pub failures: u32,
    pub next_attempt_at: Option<Timestamp>,
    pub open_conflicts: u32,
    pub rejected_changes: u32,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub pushed: u32,
    pub rejected: u32,
    pub pulled: u32,
    /// Conflict copies that arrived (each once, whichever desktop's push made it).
    pub conflicts: u32,
    /// Whether this copy had fallen behind the workspace's memory of deletions and synced again
    /// from the start.
    pub resynced: bool,
    /// How long the pushes took the workspace, from each request sent to its answer (milliseconds).
    pub push_ms: u32,
    /// How long pulling took, from the first page's arrival (a long poll's wait is not counted) to
    /// the last page written here (milliseconds).
    pub pull_ms: u32,
}

/// A workflow both sides changed: the other side's document is kept until someone resolves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncConflict {
    pub id: String,
    pub workflow_id: WorkflowId,
    pub workflow_name: String,
    pub author_name: String,
    /// The nodes both changed (their ids).
    pub nodes: Vec<String>,
    /// Their labels, in the same order (an id where a node has no label).
    pub node_labels: Vec<String>,
    pub created_at: Timestamp,
    pub resolved: bool,
}

/// A change the workspace refused, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncRejection {
    pub entity: String,
    pub row_id: String,
    pub code: String,
    pub message: String,
    pub at: Timestamp,
}

/// The wire shapes, as the service speaks them.
pub mod wire {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum Op {
        Create,
        Update,
        Delete,
        Upsert,
    }

    impl Op {
        pub fn parse(text: &str) -> Option<Self> {
            Some(match text {
                "create" => Self::Create,
                "update" => Self::Update,
                "delete" => Self::Delete,
                "upsert" => Self::Upsert,
                _ => return None,
            })
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Mutation {
        pub id: i64,
        pub entity: String,
        pub row_id: String,
        pub op: Op,
        #[serde(default, skip_serializing_if = "Map::is_empty")]
        pub fields: Map<String, Value>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        pub hlc: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub base_version: Option<i64>,
        /// Workflows: the words the document's version was saved with here, for the workspace's
        /// version (and so every other desktop's history) to carry.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub message: Option<String>,
    }

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PushRequest {
        pub client_id: String,
        pub cursor: i64,
        pub author: String,
        pub mutations: Vec<Mutation>,
    }

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Rejected {
        pub id: i64,
        pub entity: String,
        pub row_id: String,
        pub code: String,
        pub message: String,
    }

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PushResponse {
        pub last_mutation_id: i64,
        pub applied: u32,
        #[serde(default)]
        pub rejected: Vec<Rejected>,
        #[serde(default)]
        pub conflicts: Vec<String>,
    }

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Change {
        pub entity: String,
        pub row_id: String,
        pub version: i64,
        pub deleted: bool,
        #[serde(default)]
        pub data: Option<Value>,
        #[serde(default)]
        pub field_hlc: Option<Value>,
    }

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PullResponse {
        pub changes: Vec<Change>,
        pub cursor: i64,
        pub has_more: bool,
    }

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SyncSession {
        pub organization_id: String,
        pub name: String,
        pub user_id: String,
        pub role: MemberRole,
        pub plan: Plan,
        pub executions_this_month: i64,
        pub workflows: i64,
        pub agents: i64,
        pub version: i64,
        pub horizon: i64,
    }
}
