//! Connectors: how workflow nodes reach the outside world — Slack, Gmail, any mail server over SMTP,
//! signed webhooks and HTTP APIs. Everything here calls out only to what a user configured, and
//! base URLs are configurable so tests reach local servers. Connectors receive an integration's
//! settings and secret from the app; they never read the store or the vault themselves.

pub mod config;
pub mod connection;
pub mod executor;
pub mod gmail;
pub mod http;
mod mail;
pub mod oauth;
mod scrub;
pub mod slack;
pub mod smtp;
pub mod webhook;

pub use config::ProviderConfig;
pub use connection::{Connection, Connections, ConnectorError};
pub use executor::{IntegrationExecutor, check};

/// Installs the TLS crypto provider (rustls on ring) once per process; every HTTPS and SMTP client
/// here uses it. Safe to call more than once.
pub fn init_tls() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
