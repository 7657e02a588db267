//! One module per command group; each function is a thin call into `neuroflow_app::Hub`.

pub mod executions;
pub mod integration;
pub mod org;
pub mod run;
pub mod serve;
pub mod vault;
pub mod workflow;
