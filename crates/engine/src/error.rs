//! The engine's errors, in the user's terms: a document that cannot be read (and where), a template
//! or expression that cannot be evaluated (and why), a node attempt that failed (and whether another
//! attempt could help), a record that could not be made durable.

use thiserror::Error;

/// Why a text is not a workflow document.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocumentError {
    #[error("the document is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the document is empty")]
    Empty,
    #[error("not valid JSON at line {line}, column {column}: {reason}")]
    Syntax { line: usize, column: usize, reason: String },
    #[error("{path}: {reason}")]
    Shape { path: String, reason: String },
    #[error(
        "format: this document uses format {found}, newer than this app understands (up to {supported}); update NeuroFlow Hub"
    )]
    NewerFormat { found: u32, supported: u32 },
    #[error("format: must be {supported} or lower, not 0")]
    ZeroFormat { supported: u32 },
}

impl DocumentError {
    /// The field or position at fault, for structured error details.
    pub fn location(&self) -> Option<String> {
        match self {
            Self::Syntax { line, column, .. } => Some(format!("line {line}, column {column}")),
            Self::Shape { path, .. } => Some(path.clone()),
            Self::NewerFormat { .. } | Self::ZeroFormat { .. } => Some("format".into()),
            _ => None,
        }
    }
}

/// Why a template or an expression could not be parsed or evaluated. Each bound names itself, so a
/// node that crosses one fails with a message that says which and how to stay inside it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvalError {
    #[error("syntax error: {0}")]
    Syntax(String),
    #[error("undefined value: {0}")]
    Undefined(String),
    #[error(
        "the template ran too long or produced too much and was stopped at the limit of {limit} steps \
         (a step is an instruction, or 64 bytes of data)"
    )]
    TooLong { limit: u64 },
    #[error("{what} is larger than the limit of {limit} bytes")]
    TooLarge { what: &'static str, limit: usize },
    #[error("{what} is nested more than {limit} levels deep")]
    TooDeep { what: &'static str, limit: usize },
    #[error("{0}")]
    NotAllowed(String),
    #[error("{0}")]
    Failed(String),
}

/// How an attempt of a node failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// Another attempt may succeed (a timeout, a 503).
    Transient,
    /// No retry can fix it (a bad template, a missing executor).
    Permanent,
    /// The run was cancelled (or failed elsewhere) while the node worked.
    Cancelled,
}

/// Why an attempt of a node failed, and what it still cost.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{message}")]
pub struct NodeError {
    pub message: String,
    pub kind: FailureKind,
    /// What the failed attempt still cost (an AI call that was cut off, say).
    pub tokens_used: i64,
    pub cost_micros: i64,
}

impl NodeError {
    fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Self { message: message.into(), kind, tokens_used: 0, cost_micros: 0 }
    }

    /// A failure worth retrying (a timeout, a 503).
    pub fn transient(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Transient, message)
    }

    /// A failure no retry can fix.
    pub fn permanent(message: impl Into<String>) -> Self {
        Self::new(FailureKind::Permanent, message)
    }

    /// The node stopped because its run was cancelled.
    pub fn cancelled() -> Self {
        Self::new(FailureKind::Cancelled, "cancelled")
    }

    /// The same failure, with what the attempt still cost.
    pub fn spent(mut self, tokens: i64, cost_micros: i64) -> Self {
        self.tokens_used = tokens;
        self.cost_micros = cost_micros;
        self
    }

    /// The same failure, its message prefixed (`item 3: …`).
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}{}", self.message);
        self
    }

    /// Whether another attempt cannot help.
    pub fn is_permanent(&self) -> bool {
        self.kind != FailureKind::Transient
    }
}

/// A run's record could not be made durable (the database refused the write).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct RecordError(pub String);

/// An evaluation error as a node failure, naming the field (the run's error names the node).
pub fn field_error(field: &str, reason: EvalError) -> NodeError {
    NodeError::permanent(format!("{field}: {reason}"))
}
