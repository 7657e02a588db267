//! Organizations, the people in them and their settings.

use crate::{MemberId, MemberRole, OrgId, Plan, Timestamp, UserId};
use serde::{Deserialize, Serialize};

/// An organization known on this machine. Its data lives in its own SQLite file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: OrgId,
    pub name: String,
    pub created_at: Timestamp,
}

/// The organization's own row inside its file: what the workspace knows about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgProfile {
    pub id: OrgId,
    pub name: String,
    pub slug: String,
    pub plan: Plan,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A person. On the desktop there is at least the local user, who owns the organizations they create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: Option<String>,
    pub created_at: Timestamp,
}

/// A user's membership of an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: MemberId,
    pub organization_id: OrgId,
    pub user_id: UserId,
    pub user_name: String,
    pub role: MemberRole,
    pub joined_at: Timestamp,
}

/// One organization setting: a key and a JSON value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    pub key: String,
    pub value: serde_json::Value,
    pub updated_at: Timestamp,
}

/// An organization's own bounds on what its runs may do (Settings › Limits, `neuroflow org limits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct OrgLimits {
    /// The largest output a node may produce, as JSON; a node that produces more fails, saying so.
    pub node_output_bytes: u32,
}

impl OrgLimits {
    /// 10 MiB: room for any real document, and no run can fill memory and the database with one node.
    pub const DEFAULT_NODE_OUTPUT_BYTES: u32 = 10 * 1024 * 1024;
    /// The most a user may allow (64 MiB).
    pub const MAX_NODE_OUTPUT_BYTES: u32 = 64 * 1024 * 1024;
}

impl Default for OrgLimits {
    fn default() -> Self {
        Self { node_output_bytes: Self::DEFAULT_NODE_OUTPUT_BYTES }
    }
}
