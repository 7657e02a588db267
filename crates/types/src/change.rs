//! What changed in an organization's data, as the change feed reports it to every window — whichever
//! process made the change (this app, the CLI, `neuroflow serve`). Lists, dashboards and the trigger
//! service refresh on these instead of polling.

use crate::OrgId;
use serde::{Deserialize, Serialize};

/// The kind of thing that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ChangeModel {
    Organization,
    Workflow,
    Execution,
    Agent,
    Team,
    Integration,
    Template,
    Settings,
}

impl ChangeModel {
    /// From the feed's stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "organization" => Self::Organization,
            "workflow" => Self::Workflow,
            "execution" => Self::Execution,
            "agent" => Self::Agent,
            "team" => Self::Team,
            "integration" => Self::Integration,
            "template" => Self::Template,
            "settings" => Self::Settings,
            _ => return None,
        })
    }
}

/// What happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ChangeAction {
    Created,
    Updated,
    Deleted,
}

impl ChangeAction {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "created" => Self::Created,
            "updated" => Self::Updated,
            "deleted" => Self::Deleted,
            _ => return None,
        })
    }
}

/// One thing that changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ModelChange {
    pub model: ChangeModel,
    /// The changed record's id (a settings key for settings).
    pub id: Option<String>,
    pub action: ChangeAction,
}

/// The changes of one organization committed since the last batch, each thing once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChangeBatch {
    /// `None` when the list of organizations itself changed.
    pub org: Option<OrgId>,
    pub changes: Vec<ModelChange>,
}

impl ChangeBatch {
    /// Whether anything of this kind changed.
    pub fn touches(&self, model: ChangeModel) -> bool {
        self.changes.iter().any(|c| c.model == model)
    }
}
