//! The integrations' errors, in the user's words: a connector's failure (with the status a service
//! answered, whether trying again could help, and whether the service refused the integration's
//! credentials — the sign that an integration has stopped working until its user signs in again or
//! replaces its token), and settings that do not fit a provider.

use thiserror::Error;

/// A failure of a connector, in the user's terms, with the response's status when there was one.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{message}")]
pub struct ConnectorError {
    pub message: String,
    pub status: Option<u16>,
    pub retryable: bool,
    /// The service refused the credentials (a 401 or 403, Slack's `invalid_auth`, a revoked Google
    /// sign-in, an SMTP login refused): no retry helps until the user mends the integration.
    pub credentials_refused: bool,
}

impl ConnectorError {
    pub fn permanent(message: impl Into<String>) -> Self {
        Self { message: message.into(), status: None, retryable: false, credentials_refused: false }
    }

    pub fn transient(message: impl Into<String>) -> Self {
        Self { message: message.into(), status: None, retryable: true, credentials_refused: false }
    }

    /// From an HTTP status: 408, 429 and 5xx are worth retrying; 401 and 403 refuse the credentials.
    pub fn http(status: u16, message: impl Into<String>) -> Self {
        let retryable = status == 408 || status == 429 || status >= 500;
        let credentials_refused = status == 401 || status == 403;
        Self { message: message.into(), status: Some(status), retryable, credentials_refused }
    }

    /// The same failure, marked as (or as not) a refusal of the credentials.
    pub fn refusing_credentials(mut self, refused: bool) -> Self {
        self.credentials_refused = refused;
        self
    }
}

/// An integration's settings do not fit its provider; the message names the field (`config.host`).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct ConfigError(pub String);
