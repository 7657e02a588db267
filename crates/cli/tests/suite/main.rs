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
mod templates;
