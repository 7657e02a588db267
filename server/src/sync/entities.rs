//! The records that sync, each described once: its table, how a row is named, which columns a
//! desktop may write (nothing else — never `organization_id`, `sync_version` or a counter), which
//! it reads back, and who may change it. Push and pull build their SQL from these descriptions,
//! so adding a synced record is adding an entry here (and its triggers in a migration).

use crate::permissions::Permission;

/// How an entity's changes meet others'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Field by field, the newest clock wins.
    Lww,
    /// Fields by clock, and the nodes and edges merged against the common version.
    Workflow,
    /// Pushed only (executions): written whole; never pulled.
    PushOnly,
    /// Made once and never changed (a desktop's saved version): a create of a row the workspace has
    /// is done; an update or a delete of one alone is refused.
    Once,
}

#[derive(Debug)]
pub struct Entity {
    /// The name on the wire.
    pub name: &'static str,
    pub table: &'static str,
    /// The column that names a row: `id` (uuid), or `key` (text) for settings.
    pub key: &'static str,
    pub key_is_uuid: bool,
    /// What a desktop may write.
    pub fields: &'static [&'static str],
    /// What a pull sends besides the written fields: what the service keeps (versions, times, who).
    /// Nothing is pulled of a push-only entity.
    pub also_pulled: &'static [&'static str],
    pub merge: Merge,
    /// Whether the table has `created_by` (set to the pushing user on create).
    pub has_created_by: bool,
    pub has_updated_at: bool,
    pub create: Permission,
    pub update: Permission,
    pub delete: Permission,
}

const AGENT_FIELDS: &[&str] = &[
    "name",
    "description",
    "avatar",
    "personality",
    "model_config",
    "capabilities",
    "memory",
    "budget",
    "is_active",
    "created_at",
];
const TEAM_FIELDS: &[&str] = &["name", "description", "structure", "budget", "is_active", "created_at"];
const MEMBER_FIELDS: &[&str] = &["team_id", "agent_id", "role", "priority", "joined_at"];
const WORKFLOW_FIELDS: &[&str] =
    &["name", "description", "nodes", "edges", "variables", "is_active", "tags", "template_id", "created_at"];
const INTEGRATION_FIELDS: &[&str] = &["name", "provider", "config", "is_active", "created_at"];
const TEMPLATE_FIELDS: &[&str] = &[
    "name",
    "description",
    "category",
    "difficulty",
    "estimated_time",
    "document",
    "tags",
    "is_public",
    "manifest",
    "source",
    "source_workflow_id",
    "created_at",
];
const VERSION_FIELDS: &[&str] = &["workflow_id", "document", "message", "created_at"];
const SETTING_FIELDS: &[&str] = &["value"];
const CONFLICT_FIELDS: &[&str] = &["resolved"];
const EXECUTION_FIELDS: &[&str] = &[
    "workflow_id",
    "workflow_version",
    "status",
    "trigger_kind",
    "trigger_node",
    "started_at",
    "completed_at",
    "duration",
    "input",
    "output",
    "error",
    "nodes_executed",
    "tokens_used",
    "cost",
];
const AGENT_EXECUTION_FIELDS: &[&str] = &[
    "agent_id",
    "workflow_execution_id",
    "team_execution_id",
    "node_id",
    "task",
    "input",
    "output",
    "status",
    "started_at",
    "completed_at",
    "duration",
    "tokens_in",
    "tokens_out",
    "tokens_used",
    "cost",
    "model",
    "provider",
    "error",
];
const TEAM_EXECUTION_FIELDS: &[&str] = &[
    "team_id",
    "workflow_execution_id",
    "pattern",
    "task",
    "input",
    "output",
    "status",
    "started_at",
    "completed_at",
    "duration",
    "agent_results",
    "tokens_used",
    "cost",
    "error",
];

pub static ENTITIES: &[Entity] = &[
    Entity {
        name: "agent",
        table: "ai_agents",
        key: "id",
        key_is_uuid: true,
        fields: AGENT_FIELDS,
        also_pulled: &["updated_at"],
        merge: Merge::Lww,
        has_created_by: true,
        has_updated_at: true,
        create: Permission::ManageAgents,
        update: Permission::ManageAgents,
        delete: Permission::ManageAgents,
    },
    Entity {
        name: "team",
        table: "agent_teams",
        key: "id",
        key_is_uuid: true,
        fields: TEAM_FIELDS,
        also_pulled: &["updated_at"],
        merge: Merge::Lww,
        has_created_by: true,
        has_updated_at: true,
        create: Permission::ManageTeams,
        update: Permission::ManageTeams,
        delete: Permission::ManageTeams,
    },
    Entity {
        name: "team_member",
        table: "team_members",
        key: "id",
        key_is_uuid: true,
        fields: MEMBER_FIELDS,
        also_pulled: &[],
        merge: Merge::Lww,
        has_created_by: false,
        has_updated_at: false,
        create: Permission::ManageTeams,
        update: Permission::ManageTeams,
        delete: Permission::ManageTeams,
    },
    Entity {
        name: "workflow",
        table: "automation_workflows",
        key: "id",
        key_is_uuid: true,
        fields: WORKFLOW_FIELDS,
        also_pulled: &["version", "version_message", "version_author", "updated_at"],
        merge: Merge::Workflow,
        has_created_by: true,
        has_updated_at: true,
        create: Permission::CreateWorkflows,
        update: Permission::EditWorkflows,
        delete: Permission::DeleteWorkflows,
    },
    Entity {
        name: "integration",
        table: "integrations",
        key: "id",
        key_is_uuid: true,
        fields: INTEGRATION_FIELDS,
        also_pulled: &["updated_at"],
        merge: Merge::Lww,
        has_created_by: true,
        has_updated_at: true,
        create: Permission::ManageIntegrations,
        update: Permission::ManageIntegrations,
        delete: Permission::ManageIntegrations,
    },
    Entity {
        name: "template",
        table: "workflow_templates",
        key: "id",
        key_is_uuid: true,
        fields: TEMPLATE_FIELDS,
        also_pulled: &["updated_at"],
        merge: Merge::Lww,
        has_created_by: true,
        has_updated_at: true,
        create: Permission::CreateWorkflows,
        update: Permission::EditWorkflows,
        delete: Permission::DeleteWorkflows,
    },
    // A version saved on a desktop (server 0008): made once, never changed; saving one is editing
    // its workflow.
    Entity {
        name: "workflow_version",
        table: "saved_versions",
        key: "id",
        key_is_uuid: true,
        fields: VERSION_FIELDS,
        also_pulled: &["author_name"],
        merge: Merge::Once,
        has_created_by: true,
        has_updated_at: false,
        create: Permission::EditWorkflows,
        update: Permission::EditWorkflows,
        delete: Permission::DeleteWorkflows,
    },
    Entity {
        name: "setting",
        table: "org_settings",
        key: "key",
        key_is_uuid: false,
        fields: SETTING_FIELDS,
        also_pulled: &["updated_at"],
        merge: Merge::Lww,
        has_created_by: false,
        has_updated_at: true,
        create: Permission::ManageSettings,
        update: Permission::ManageSettings,
        delete: Permission::ManageSettings,
    },
    Entity {
        name: "conflict",
        table: "sync_conflicts",
        key: "id",
        key_is_uuid: true,
        fields: CONFLICT_FIELDS,
        also_pulled: &[
            "workflow_id",
            "base_version",
            "merged_version",
            "document",
            "nodes",
            "edges",
            "author_id",
            "author_name",
            "created_at",
        ],
        merge: Merge::Lww,
        has_created_by: false,
        has_updated_at: false,
        // Conflicts are made by the service's merge; desktops only mark them resolved.
        create: Permission::ManagePlan,
        update: Permission::EditWorkflows,
        delete: Permission::EditWorkflows,
    },
    Entity {
        name: "workflow_execution",
        table: "workflow_executions",
        key: "id",
        key_is_uuid: true,
        fields: EXECUTION_FIELDS,
        also_pulled: &[],
        merge: Merge::PushOnly,
        has_created_by: false,
        has_updated_at: false,
        create: Permission::ExecuteWorkflows,
        update: Permission::ExecuteWorkflows,
        delete: Permission::ExecuteWorkflows,
    },
    Entity {
        name: "agent_execution",
        table: "agent_executions",
        key: "id",
        key_is_uuid: true,
        fields: AGENT_EXECUTION_FIELDS,
        also_pulled: &[],
        merge: Merge::PushOnly,
        has_created_by: false,
        has_updated_at: false,
        create: Permission::ExecuteWorkflows,
        update: Permission::ExecuteWorkflows,
        delete: Permission::ExecuteWorkflows,
    },
    Entity {
        name: "team_execution",
        table: "team_executions",
        key: "id",
        key_is_uuid: true,
        fields: TEAM_EXECUTION_FIELDS,
        also_pulled: &[],
        merge: Merge::PushOnly,
        has_created_by: false,
        has_updated_at: false,
        create: Permission::ExecuteWorkflows,
        update: Permission::ExecuteWorkflows,
        delete: Permission::ExecuteWorkflows,
    },
];

/// The entity of this name.
pub fn find(name: &str) -> Option<&'static Entity> {
    ENTITIES.iter().find(|e| e.name == name)
}

/// The entities a pull reads.
pub fn pulled() -> impl Iterator<Item = &'static Entity> {
    ENTITIES.iter().filter(|e| e.merge != Merge::PushOnly)
}

impl Entity {
    /// What a pull sends of a row: the written fields and what the service keeps.
    pub fn pulled_columns(&self) -> impl Iterator<Item = &'static str> {
        self.fields.iter().chain(self.also_pulled).copied()
    }

    /// `$n::uuid` or `$n`: the key parameter as the column's type.
    pub fn key_param(&self, n: usize) -> String {
        if self.key_is_uuid { format!("${n}::uuid") } else { format!("${n}") }
    }

    /// Parameter `n` as an array of row ids (given as text), for one statement over many rows.
    pub fn keys_param(&self, n: usize) -> String {
        if self.key_is_uuid { format!("${n}::text[]::uuid[]") } else { format!("${n}::text[]") }
    }

    /// A row's id as the database spells it (`{key}::text`), to match rows read back by id.
    pub fn row_key(&self, row_id: &str) -> String {
        match uuid::Uuid::parse_str(row_id) {
            Ok(id) if self.key_is_uuid => id.to_string(),
            _ => row_id.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_entity_lets_a_desktop_write_what_the_service_owns() {
        for e in ENTITIES {
            for f in e.fields {
                assert!(
                    !["organization_id", "sync_version", "field_hlc", "id", "key", "created_by", "version"].contains(f),
                    "{} lets a desktop write {f}",
                    e.name
                );
            }
        }
        assert_eq!(find("workflow").map(|e| e.table), Some("automation_workflows"));
        assert!(find("users").is_none());
        assert_eq!(pulled().count(), 9);
    }
}
