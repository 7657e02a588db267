//! The store's integration tests, one binary: each module opens real SQLite files.

mod analytics_tables;
mod common;
mod constraints;
mod editor_tables;
mod executions_table;
mod migrations;
mod other_tables;
mod retention_tables;
mod seed;
mod sync_tables;
mod sync_versions;
mod templates_table;
mod workflows_table;
mod writer_and_isolation;
