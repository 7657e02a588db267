//! The workflow engine: reading a workflow document, validating it against the rules of
//! workflow-format.md, and (see `run`) executing it.
//!
//! Validation is one function used by every entry point — the canvas, `neuroflow workflow validate`,
//! import and save — so they can never disagree about what a valid workflow is. It is handed the
//! integration actions that exist (the integrations crate declares them; the engine keeps no list).

pub mod document;
pub mod error;
pub mod expr;
pub mod read;
pub mod run;
pub mod validate;

pub use document::{MAX_DOCUMENT_BYTES, parse_document};
pub use error::{DocumentError, EvalError, FailureKind, NodeError, RecordError, field_error};
pub use validate::validate;
