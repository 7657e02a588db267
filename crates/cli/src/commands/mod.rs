//! One module per command group; each function is a thin call into `neuroflow_app::Hub`.

pub mod org;
pub mod workflow;
