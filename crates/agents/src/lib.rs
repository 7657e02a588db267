//! AI agents and teams of agents: the model providers (OpenAI and every compatible endpoint,
//! Anthropic, Gemini — always streamed), the agent runtime (personality, memory, tools, JSON answers,
//! budgets), the four team structures, and the price table that makes every call's cost exact.
//!
//! Nothing here reads the store or the vault: the app hands in an agent's settings, the provider's
//! endpoint and key, prices and budgets, and records what comes back.

pub mod budget;
mod error;
mod http_body;
pub mod prices;
mod prompt;
pub mod provider;
pub mod runtime;
pub mod schema;
pub mod team;
pub mod tools;

pub use error::{AgentError, ErrorKind, SchemaError, ToolError, classify};
pub use provider::{AnswerFormat, Endpoint, ProviderKind, RetryPolicy, Usage};
pub use runtime::{CallEvent, Reply, Task, ToolRecord};

/// Installs the TLS crypto provider (rustls on ring) once per process. Safe to call more than once.
pub fn init_tls() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
