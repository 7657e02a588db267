//! The integrations' errors, in the user's words: a connector's failure (with the status a service
//! answered, and whether trying again could help), and settings that do not fit a provider.

use thiserror::Error;

/// A failure of a connector, in the user's terms, with the response's status when there was one.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{message}")]
pub struct ConnectorError {
    pub message: String,
    pub status: Option<u16>,
    pub retryable: bool,
}

impl ConnectorError {
    pub fn permanent(message: impl Into<String>) -> Self {
        Self { message: message.into(), status: None, retryable: false }
    }

    pub fn transient(message: impl Into<String>) -> Self {
        Self { message: message.into(), status: None, retryable: true }
    }

    /// From an HTTP status: 408, 429 and 5xx are worth retrying.
    pub fn http(status: u16, message: impl Into<String>) -> Self {
        let retryable = status == 408 || status == 429 || status >= 500;
        Self { message: message.into(), status: Some(status), retryable }
    }
}

/// An integration's settings do not fit its provider; the message names the field (`config.host`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct ConfigError(pub String);
