//! The command surface of NeuroFlow Hub: every use case, once.
//!
//! The desktop shell's Tauri commands, the `neuroflow` CLI and the integration tests all call the
//! methods of [`Hub`]; none of them holds logic of its own. Methods are async; blocking SQLite work
//! runs on the store's writer thread or tokio's blocking pool, never on the async executor.

mod agents;
mod error;
mod executions;
mod hub;
mod integrations;
mod orgs;
pub mod paths;
mod providers;
mod runner;
mod runs;
mod stats;
mod teams;
pub mod triggers;
mod vault;
mod workflows;

pub use agents::{AgentEvent, AskOptions, AskOutcome};
pub use error::{AppError, AppResult};
pub use hub::Hub;
pub use integrations::{IntegrationTest, MAX_SECRET_BYTES, SIGN_IN_WAIT};
pub use providers::{PriceEntry, ProviderSettings, presets as provider_presets};
pub use runner::INTERRUPTED;
pub use runs::{MAX_DEPTH, MAX_INPUT_BYTES, RunHandle, RunOptions};
pub use stats::OrgStats;
pub use teams::{TeamDetail, TeamEvent, TeamRunOptions};
pub use vault::{PASSPHRASE_ENV, VAULT_ENV, VaultChoice, VaultInfo, parse_kind as parse_vault_kind};
pub use workflows::SavedWorkflow;
