//! What a connector is handed: an integration's settings and its secret, resolved by the app (which
//! owns the store and the vault) — connectors never read either themselves. And the error a
//! connector reports, in the user's words.

use crate::config::ProviderConfig;
pub use crate::error::ConnectorError;
use neuroflow_vault::Secret;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An integration, ready to use.
#[derive(Debug, Clone)]
pub struct Connection {
    pub id: String,
    pub name: String,
    pub config: ProviderConfig,
    pub secret: Option<Secret>,
}

impl Connection {
    /// The secret, or an error saying it was never saved.
    pub fn secret(&self) -> Result<&Secret, ConnectorError> {
        self.secret.as_ref().filter(|s| !s.is_empty()).ok_or_else(|| {
            ConnectorError::permanent(format!("integration '{}' has no credentials saved; add them first", self.name))
        })
    }
}

/// Looks integrations up for the integration executor, and keeps credentials a connector renewed
/// (Gmail's access token, say).
pub trait Connections: Send + Sync {
    fn connection(&self, id: &str) -> BoxFuture<'static, Result<Connection, ConnectorError>>;
    fn save_secret(&self, id: &str, secret: Secret) -> BoxFuture<'static, Result<(), ConnectorError>>;
}

/// Why a request got no answer, in words, without the URL (which may carry a key): "timed out",
/// "could not connect (Connection refused)" …
pub fn network_words(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut root: &dyn std::error::Error = &e;
    while let Some(inner) = root.source() {
        root = inner;
    }
    let cause = root.to_string();
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        format!("could not connect ({cause})")
    } else if e.is_redirect() {
        "too many redirects".into()
    } else if cause != e.to_string() {
        format!("{e} ({cause})")
    } else {
        e.to_string()
    }
}

/// The usual meaning of an HTTP error status, for messages.
pub fn status_words(status: u16) -> &'static str {
    match status {
        400 => "the request was refused as malformed",
        401 => "the credentials are invalid or expired",
        403 => "access is forbidden with these credentials",
        404 => "not found",
        408 => "the service timed out",
        413 => "the request is too large",
        429 => "rate limited (quota exceeded); try again later",
        500..=599 => "the service is down or failing",
        _ => "the service refused the request",
    }
}
