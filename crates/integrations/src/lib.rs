//! Connectors: how workflow nodes reach the outside world — Slack, Gmail, any mail server over SMTP,
//! signed webhooks and HTTP APIs. Everything here calls out only to what a user configured, and
//! base URLs are configurable so tests reach local servers. Connectors receive an integration's
//! settings and secret from the app; they never read the store or the vault themselves.

pub mod actions;
pub mod config;
pub mod connection;
mod error;
pub mod gmail;
pub mod http;
mod mail;
pub mod oauth;
mod perform;
mod read;
mod scrub;
pub mod slack;
pub mod smtp;
pub mod webhook;

pub use config::ProviderConfig;
pub use connection::{BoxFuture, Connection, Connections};
pub use error::{ConfigError, ConnectorError};
pub use perform::{act, act_without_integration, check};

/// Installs the TLS crypto provider (rustls on ring) once per process; every HTTPS and SMTP client
/// here uses it. Safe to call more than once.
pub fn init_tls() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
