//! Sync with the organization's workspace (issue 14), the app's side. The store captures every
//! change in the transaction that makes it (migrations/V0006, `neuroflow_store::table::sync`); this
//! module signs in, connects organizations, and runs the rounds that push the outbox and pull the
//! change feed, and enforces the synced role and plan even offline.
//!
//! - `api`: one HTTP request to the workspace and its error in words.
//! - `account`: sign-in, tokens in the vault, refresh. `browser`: sign-in in the system browser.
//! - `connect`: connect, download, disconnect; status, conflicts, refusals.
//! - `engine`: one round (session, push, pull, resync). `service`: the background loops.
//! - `access`: roles and plan limits, checked before a change is made.
//! - `members`: the organization's members, their roles and invitations, through the workspace.
//! - `plan`: the organization's plan and this month's usage; the OWNER changes the plan.
//! - `scrub`: the last guard that keeps secret-looking configuration keys out of a push.

mod access;
mod account;
mod api;
mod browser;
mod connect;
mod engine;
mod members;
mod plan;
mod scrub;
mod service;

pub use access::Limited;
pub(crate) use account::{TOKENS_SECRET, account_vault_org};
pub use browser::BROWSER_SIGN_IN_WAIT;
pub use neuroflow_types::Permission;
pub use service::SyncService;
pub(crate) use service::SyncShared;
