//! Sync with the desktops: push (a desktop's changes, each applied once), pull (the organization's
//! changes after a cursor that cannot skip a commit, waiting for the next when asked), and the
//! session (role, plan, limits and usage, for the desktop to enforce offline). The change feed
//! itself — versions, tombstones, the organization's lock — lives in the database
//! (migrations/0004_sync.sql), so that writes through the REST API join it too.
//!
//! - `wire`: the shapes exchanged. `entities`: what syncs and who may change it.
//! - `push` / `apply` / `update`: applying mutations, set-wise; `merge`: the three-way merge of
//!   workflows.
//! - `pull`, `notify`: reading the feed and waking waiting pulls. `session`: role, plan, horizon.

pub mod apply;
pub mod entities;
pub mod merge;
pub mod notify;
pub mod pull;
pub mod push;
pub mod session;
pub mod update;
pub mod wire;

use crate::api::AppState;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

/// A push may carry whole workflow documents: up to 16 MiB (other routes keep axum's 2 MiB).
pub const MAX_PUSH_BYTES: usize = 16 * 1024 * 1024;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(push::push).layer(axum::extract::DefaultBodyLimit::max(MAX_PUSH_BYTES)))
        .routes(routes!(pull::pull))
        .routes(routes!(session::session))
}
