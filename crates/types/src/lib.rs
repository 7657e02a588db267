//! The vocabulary every NeuroFlow crate speaks: typed ids, the data model's enums, the records of each
//! table, the workflow document and the IPC error shape.
//!
//! Everything here is plain data (serde + specta) with no I/O, so that the store, the engine, the
//! command surface, the CLI and the desktop shell agree on one definition, and the TypeScript bindings
//! the UI uses are generated from these very types.

mod access;
mod action;
mod agent;
mod analytics;
mod change;
mod editor;
mod enums;
mod error;
mod events;
mod execution;
mod ids;
mod integration;
mod members;
mod node_kind;
mod org;
mod paging;
mod retention;
mod run_lines;
mod sync;
mod team;
mod template;
mod template_deploy;
mod template_library;
mod time;
mod validation;
mod workflow;
mod workflow_serde;
mod workspace_plan;

pub use access::*;
pub use action::*;
pub use agent::*;
pub use analytics::*;
pub use change::*;
pub use editor::*;
pub use enums::*;
pub use error::*;
pub use events::*;
pub use execution::*;
pub use ids::*;
pub use integration::*;
pub use members::*;
pub use node_kind::*;
pub use org::*;
pub use paging::*;
pub use retention::*;
pub use run_lines::*;
pub use sync::*;
pub use team::*;
pub use template::*;
pub use template_deploy::*;
pub use template_library::*;
pub use time::*;
pub use validation::*;
pub use workflow::*;
pub use workspace_plan::*;

/// A JSON object, as stored in the JSON columns and carried in documents.
pub type JsonMap = serde_json::Map<String, serde_json::Value>;
