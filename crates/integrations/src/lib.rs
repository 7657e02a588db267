//! Connectors: how workflow nodes reach the outside world. Everything here calls out only to what a
//! user configured (a URL in a node, an integration's base URL); base URLs are configurable so tests
//! reach local servers.

pub mod executor;
pub mod http;

pub use executor::IntegrationExecutor;

/// Installs the TLS crypto provider (rustls on ring) once per process; every HTTPS client here
/// uses it. Safe to call more than once.
pub fn init_tls() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
