//! Integrations: connections to Slack, Gmail, SMTP, webhooks and HTTP APIs. Secrets are never part of
//! these records; the vault holds them and the record only says whether one is set.

use crate::{IntegrationId, IntegrationProvider, IntegrationStatus, JsonMap, OrgId, PageRequest, Timestamp, UserId};
use serde::{Deserialize, Serialize};

/// A configured integration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Integration {
    pub id: IntegrationId,
    pub organization_id: OrgId,
    pub name: String,
    pub provider: IntegrationProvider,
    /// Non-secret settings: base URL, channel, sender address, auth scheme …
    pub config: JsonMap,
    /// Whether a secret is stored in the vault for this integration (the secret itself never leaves it).
    pub has_secret: bool,
    pub status: IntegrationStatus,
    pub last_tested: Option<Timestamp>,
    pub last_error: Option<String>,
    pub is_active: bool,
    pub created_by: Option<UserId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The fields of a new integration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewIntegration {
    pub name: String,
    pub provider: IntegrationProvider,
    #[serde(default)]
    pub config: JsonMap,
}

/// What may change on an integration; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct IntegrationPatch {
    pub name: Option<String>,
    pub config: Option<JsonMap>,
    pub is_active: Option<bool>,
}

/// Which integrations to list (by name).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct IntegrationFilter {
    pub search: Option<String>,
    pub provider: Option<IntegrationProvider>,
    pub status: Option<IntegrationStatus>,
    pub is_active: Option<bool>,
    pub page: PageRequest,
}
