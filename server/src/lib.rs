//! NeuroFlow Hub's hosted workspace service: organizations, their members, roles and plans, and
//! the organization's data model, on PostgreSQL with every tenant table isolated by row-level
//! security. Stateless: any number of instances serve the same organizations from one database.
//!
//! - `db`: connections, the per-request transaction that sets user and organization, the checks
//!   that refuse to serve as a role that row-level security would not bind, migrations.
//! - `permissions`: who may do what, decided in one pure function.
//! - `auth`: passwords, tokens, sessions, the desktop's browser sign-in.
//! - `api`: the REST routes and their OpenAPI description.
//! - `audit`: the log of who did what.
//! - `sync`: push and pull with the desktops, and the session they enforce offline.
//! - `admin`: bootstrapping without a UI.

pub mod admin;
pub mod api;
pub mod audit;
pub mod auth;
pub mod db;
pub mod error;
pub mod permissions;
pub mod serve;
pub mod sync;

pub use error::{Error, ErrorCode, Result};
