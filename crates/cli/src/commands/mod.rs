//! One module per command group; each function is a thin call into `neuroflow_app::Hub`.

pub mod agent;
pub mod analytics;
pub mod executions;
pub mod integration;
pub mod org;
pub mod provider;
pub mod retention;
pub mod run;
pub mod serve;
pub mod team;
pub mod template;
pub mod template_deploy;
pub mod vault;
pub mod versions;
pub mod workflow;
pub mod workspace;
