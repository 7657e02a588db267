//! The workflow engine: reading a workflow document, validating it against the rules of
//! workflow-format.md, and (see `run`) executing it.
//!
//! Validation is one function used by every entry point — the canvas, `neuroflow workflow validate`,
//! import and save — so they can never disagree about what a valid workflow is.

pub mod document;
pub mod expr;
pub mod run;
pub mod spec;
pub mod validate;

pub use document::{DocumentError, MAX_DOCUMENT_BYTES, parse_document};
pub use validate::validate;
