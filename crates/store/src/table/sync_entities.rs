//! The records that sync with the workspace, as this store holds them: each entity's table, the
//! column that names a row, and the columns that travel with the kind of value each holds (SQLite
//! keeps JSON as text and booleans as 0/1; the wire carries JSON values). The capture triggers of
//! migrations/V0006 list the same tables and columns; a test checks the two agree.

/// How a column's value is kept here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Json,
    Bool,
    Int,
    /// A time: the store's fixed-width UTC text here, any RFC 3339 on the wire.
    Time,
}

/// A synced record.
#[derive(Debug)]
pub struct SyncEntity {
    /// Its name on the wire.
    pub name: &'static str,
    pub table: &'static str,
    pub key: &'static str,
    /// The columns that travel (all of them on a create).
    pub fields: &'static [(&'static str, Kind)],
    /// Pushed only, never pulled (executions).
    pub push_only: bool,
    /// Order within a push: a record comes after what it refers to.
    pub rank: u8,
    /// Whether the table keeps `updated_at`.
    pub has_updated_at: bool,
}

use Kind::*;

pub static SYNCED: &[SyncEntity] = &[
    // Before workflows: a workflow deployed from one of the organization's templates names it.
    // Built-in templates never sync (V0012).
    SyncEntity {
        name: "template",
        table: "workflow_templates",
        key: "id",
        fields: &[
            ("name", Text),
            ("description", Text),
            ("category", Text),
            ("difficulty", Text),
            ("estimated_time", Int),
            ("document", Json),
            ("tags", Json),
            ("is_public", Bool),
            ("manifest", Json),
            ("source", Text),
            ("source_workflow_id", Text),
            ("created_at", Time),
        ],
        push_only: false,
        rank: 0,
        has_updated_at: true,
    },
    SyncEntity {
        name: "workflow",
        table: "automation_workflows",
        key: "id",
        fields: &[
            ("name", Text),
            ("description", Text),
            ("nodes", Json),
            ("edges", Json),
            ("variables", Json),
            ("is_active", Bool),
            ("tags", Json),
            ("template_id", Text),
            ("created_at", Time),
        ],
        push_only: false,
        rank: 0,
        has_updated_at: true,
    },
    SyncEntity {
        name: "agent",
        table: "ai_agents",
        key: "id",
        fields: &[
            ("name", Text),
            ("description", Text),
            ("avatar", Text),
            ("personality", Json),
            ("model_config", Json),
            ("capabilities", Json),
            ("memory", Json),
            ("budget", Json),
            ("is_active", Bool),
            ("created_at", Time),
        ],
        push_only: false,
        rank: 0,
        has_updated_at: true,
    },
    SyncEntity {
        name: "team",
        table: "agent_teams",
        key: "id",
        fields: &[
            ("name", Text),
            ("description", Text),
            ("structure", Text),
            ("budget", Json),
            ("is_active", Bool),
            ("created_at", Time),
        ],
        push_only: false,
        rank: 0,
        has_updated_at: true,
    },
    SyncEntity {
        name: "integration",
        table: "integrations",
        key: "id",
        fields: &[("name", Text), ("provider", Text), ("config", Json), ("is_active", Bool), ("created_at", Time)],
        push_only: false,
        rank: 0,
        has_updated_at: true,
    },
    SyncEntity {
        name: "setting",
        table: "settings",
        key: "key",
        fields: &[("value", Json)],
        push_only: false,
        rank: 0,
        has_updated_at: true,
    },
    SyncEntity {
        name: "team_member",
        table: "team_members",
        key: "id",
        fields: &[("team_id", Text), ("agent_id", Text), ("role", Text), ("priority", Int), ("joined_at", Time)],
        push_only: false,
        rank: 1,
        has_updated_at: false,
    },
    // After workflows: a version names its workflow. Versions never change: only made (V0014).
    SyncEntity {
        name: "workflow_version",
        table: "workflow_versions",
        key: "id",
        fields: &[("workflow_id", Text), ("document", Json), ("message", Text), ("created_at", Time)],
        push_only: false,
        rank: 1,
        has_updated_at: false,
    },
    SyncEntity {
        name: "conflict",
        table: "sync_conflicts",
        key: "id",
        fields: &[("resolved", Bool)],
        push_only: false,
        rank: 1,
        has_updated_at: false,
    },
    SyncEntity {
        name: "workflow_execution",
        table: "workflow_executions",
        key: "id",
        fields: &[
            ("workflow_id", Text),
            ("workflow_version", Int),
            ("status", Text),
            ("trigger_kind", Text),
            ("trigger_node", Text),
            ("started_at", Time),
            ("completed_at", Time),
            ("duration", Int),
            ("input", Json),
            ("output", Json),
            ("error", Text),
            ("nodes_executed", Int),
            ("tokens_used", Int),
            ("cost", Int),
        ],
        push_only: true,
        rank: 2,
        has_updated_at: false,
    },
    SyncEntity {
        name: "team_execution",
        table: "team_executions",
        key: "id",
        fields: &[
            ("team_id", Text),
            ("workflow_execution_id", Text),
            ("pattern", Text),
            ("task", Text),
            ("input", Json),
            ("output", Json),
            ("status", Text),
            ("started_at", Time),
            ("completed_at", Time),
            ("duration", Int),
            ("agent_results", Json),
            ("tokens_used", Int),
            ("cost", Int),
            ("error", Text),
        ],
        push_only: true,
        rank: 3,
        has_updated_at: false,
    },
    SyncEntity {
        name: "agent_execution",
        table: "agent_executions",
        key: "id",
        fields: &[
            ("agent_id", Text),
            ("workflow_execution_id", Text),
            ("team_execution_id", Text),
            ("node_id", Text),
            ("task", Text),
            ("input", Json),
            ("output", Json),
            ("status", Text),
            ("started_at", Time),
            ("completed_at", Time),
            ("duration", Int),
            ("tokens_in", Int),
            ("tokens_out", Int),
            ("tokens_used", Int),
            ("cost", Int),
            ("model", Text),
            ("provider", Text),
            ("error", Text),
        ],
        push_only: true,
        rank: 4,
        has_updated_at: false,
    },
];

/// The settings keys an organization shares through its workspace (the rest are this machine's).
pub const SHARED_SETTINGS: &[&str] = &["limits"];

pub fn find(name: &str) -> Option<&'static SyncEntity> {
    SYNCED.iter().find(|e| e.name == name)
}

impl SyncEntity {
    pub fn kind(&self, field: &str) -> Option<Kind> {
        self.fields.iter().find(|(f, _)| *f == field).map(|(_, k)| *k)
    }

    /// `json_object('a', a, …)` over `columns`, each as its wire value.
    pub fn json_object(&self, columns: &[(&str, Kind)]) -> String {
        let parts: Vec<String> = columns
            .iter()
            .map(|(c, k)| match k {
                // A built-in template is this computer's own (every app ships its own copy): a
                // workflow deployed from one names no template to the workspace, which has none.
                _ if self.name == "workflow" && *c == "template_id" => format!(
                    "'{c}', (SELECT t.id FROM workflow_templates t WHERE t.id = {table}.{c} AND t.source <> 'BUILTIN')",
                    table = self.table
                ),
                Json => format!("'{c}', json({c})"),
                Bool => {
                    format!("'{c}', CASE WHEN {c} IS NULL THEN NULL WHEN {c} THEN json('true') ELSE json('false') END")
                }
                _ => format!("'{c}', {c}"),
            })
            .collect();
        format!("json_object({})", parts.join(", "))
    }
}
