//! The per-organization SQLite store.
//!
//! Each organization's data lives in its own file (`orgs/<id>/org.sqlite` under the data directory),
//! listed in a small registry. Opening a file migrates it; an [`OrgStore`] then runs reads on a pool
//! of reader connections and writes on one group-committing writer thread. Table modules under
//! [`table`] hold the typed queries, one module per table.

mod change_signal;
mod connection;
mod error;
pub mod histogram;
pub mod migrate;
mod org_store;
mod registry;
pub mod sql;
pub mod table;
mod writer;

pub use error::{Result, StoreError};
pub use org_store::OrgStore;
pub use registry::{Layout, Registry};
pub use rusqlite::{Connection, ToSql, params};
pub use writer::WriteTicket;

/// Opens a bare connection with the store's pragmas (for tools and tests that inspect a file).
pub fn open_connection(path: &std::path::Path) -> Result<Connection> {
    connection::open(path)
}
