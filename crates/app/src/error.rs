//! The error every use case returns, and the shape in which it crosses IPC and leaves the CLI:
//! `{code, message, details?}`. The message is written for the person using the app and names what
//! was wrong and where; it never contains a secret.

use neuroflow_engine::DocumentError;
use neuroflow_store::StoreError;
use neuroflow_types::{ErrorCode, ValidationReport};
use serde::{Deserialize, Serialize};

/// An error from a use case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), details: None }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    /// A document that breaks the workflow rules: the message lists the first problems, `details`
    /// carries the whole report.
    pub fn validation(what: &str, report: &ValidationReport) -> Self {
        let n = report.errors.len();
        let shown: Vec<String> = report.errors.iter().take(5).map(|i| i.to_string()).collect();
        let more = if n > shown.len() { format!("; and {} more", n - shown.len()) } else { String::new() };
        let noun = if n == 1 { "problem" } else { "problems" };
        Self::new(ErrorCode::Validation, format!("{what} has {n} {noun}: {}{more}", shown.join("; ")))
            .with_details(serde_json::to_value(report).unwrap_or_default())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Conflict(_) => ErrorCode::Conflict,
            StoreError::Invalid(_) => ErrorCode::InvalidInput,
            _ if e.is_constraint() => ErrorCode::InvalidInput,
            StoreError::Internal(_) => ErrorCode::Internal,
            StoreError::DiskFull => ErrorCode::DiskFull,
            _ => ErrorCode::Storage,
        };
        Self::new(code, e.to_string())
    }
}

impl From<DocumentError> for AppError {
    fn from(e: DocumentError) -> Self {
        let details = e.location().map(|at| serde_json::json!({ "at": at }));
        let mut err = Self::invalid(format!("the workflow document is not valid: {e}"));
        err.details = details;
        err
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        Self::new(ErrorCode::Io, e.to_string())
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::internal(format!("a background task failed: {e}"))
    }
}

impl From<neuroflow_integrations::ConfigError> for AppError {
    fn from(e: neuroflow_integrations::ConfigError) -> Self {
        Self::invalid(e.0)
    }
}
