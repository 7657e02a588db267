//! One module per table (or per tight group of tables): its row decoding, its queries and its
//! writes, as plain functions over a connection. Callers choose the connection through
//! [`crate::OrgStore`]: writes run inside the writer's transaction, reads on a reader.

pub mod agent_executions;
pub mod agents;
pub mod analytics;
pub mod changes;
pub mod drill_down;
pub mod error_groups;
pub mod execution_logs;
pub mod execution_steps;
pub mod executions;
pub mod integrations;
pub mod organizations;
pub mod prices;
pub mod records;
pub mod recount;
pub mod retention;
pub mod rollups;
pub mod runners;
pub mod step_values;
pub mod sync;
pub mod sync_apply;
pub mod sync_conflicts;
pub mod sync_entities;
pub mod sync_state;
pub mod sync_templates;
mod sync_versions;
pub mod sync_write;
pub mod team_executions;
pub mod teams;
pub mod template_links;
pub mod template_search;
pub mod templates;
pub mod workflow_drafts;
pub mod workflow_versions;
pub mod workflows;
