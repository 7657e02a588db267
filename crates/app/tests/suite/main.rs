//! The app's integration tests, one binary (one link instead of one per file): each module drives
//! the app's services against real SQLite files, real HTTP servers on 127.0.0.1 and the OS keychain.

mod agents;
mod analytics;
mod common;
mod editor;
mod integration_health;
mod integrations;
mod recording;
mod retention;
mod run_trees;
mod runs;
mod teams;
mod template_hostile;
mod template_library;
mod template_world;
mod templates;
mod trigger_service;
mod webhook_connections;
mod workspace_converge;
mod workspace_executions;
mod workspace_members;
mod workspace_plan;
mod workspace_roles;
mod workspace_service;
mod workspace_sync;
mod workspace_templates;
mod workspace_versions;
