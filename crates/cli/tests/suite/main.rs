//! The CLI's integration tests, one binary: each module runs the real `neuroflow` binary on a
//! fresh data directory.

mod agents;
mod analytics;
mod cli;
mod full_disk;
mod hostile;
mod integrations;
mod interrupts;
mod readme;
mod recovery;
mod runs;
mod serve_under_attack;
mod sync_crash;
mod templates;
mod workspace_cli;
/// The real workspace service on real PostgreSQL, shared with the app's sync tests.
#[path = "../../../app/tests/suite/workspace_service/mod.rs"]
mod workspace_service;
