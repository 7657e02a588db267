//! The engine's integration tests, one binary (the fuzz target among them, time-budgeted).

mod common;
mod fuzz;
mod hostile_templates;
mod run;
mod run_failures;
mod validation;
