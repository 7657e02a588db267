//! The command surface of NeuroFlow Hub: every use case, once.
//!
//! The desktop shell's Tauri commands, the `neuroflow` CLI and the integration tests all call the
//! methods of [`Hub`]; none of them holds logic of its own. Methods are async; blocking SQLite work
//! runs on the store's writer thread or tokio's blocking pool, never on the async executor.

mod agents;
mod analytics;
mod changes;
mod context;
pub mod desktop;
mod error;
mod events;
mod executions;
mod executors;
pub mod files;
mod hub;
mod integrations;
mod lifecycle;
mod limits;
mod notices;
mod orgs;
pub mod paths;
mod providers;
mod retention;
mod runner;
mod runs;
mod stats;
mod sync;
mod teams;
mod templates;
pub mod triggers;
mod vault;
mod workflows;

pub use agents::{AskOptions, AskOutcome};
pub use changes::ChangeWatch;
pub use context::{MAX_DEPTH, MAX_TREE_EXECUTIONS, MAX_TREE_RUNNING};
pub use error::{AppError, AppResult};
pub use events::{EventSink, channel as event_channel};
pub use hub::Hub;
pub use integrations::{IntegrationTest, MAX_SECRET_BYTES, SIGN_IN_WAIT};
pub use notices::Notice;
pub use providers::{PriceEntry, ProviderSettings, presets as provider_presets};
pub use retention::{BACKGROUND_PACE, PruneOptions, RetentionTask};
pub use runner::INTERRUPTED;
pub use runs::{MAX_INPUT_BYTES, RunHandle, RunOptions};
pub use stats::{OrgStats, TodayCounts};
pub use sync::{BROWSER_SIGN_IN_WAIT, Limited, SyncService};
pub use teams::{TeamDetail, TeamRunOptions};
pub use templates::{PublishRequest, PublishedTemplate, TEST_RUN_MAX_DELAY};
pub use vault::{PASSPHRASE_ENV, VAULT_ENV, VaultChoice, VaultInfo, parse_kind as parse_vault_kind};
pub use workflows::{DELETED_KEPT_DAYS, SavedWorkflow, diff_documents};

// What the fronts need of the lower crates, so that they depend on this crate (and the types) only.
pub use neuroflow_agents::AnswerFormat;
pub use neuroflow_agents::ProviderKind;
pub use neuroflow_agents::prices::Price;
pub use neuroflow_vault::{Secret, StoreKind};
pub use tokio_util::sync::CancellationToken;
