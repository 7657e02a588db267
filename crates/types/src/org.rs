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
