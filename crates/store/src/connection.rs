//! How every connection to an organization's file is set up.
//!
//! WAL lets readers (the UI, the CLI in another process) proceed while one writer commits;
//! `synchronous=NORMAL` in WAL mode keeps every committed transaction across a killed process (only a
//! power cut can lose the last few, and never corrupts the file); foreign keys are enforced; and a busy
//! timeout makes a second process wait for the write lock instead of failing at once.

use crate::error::{Result, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// How long a connection waits for another process's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens (creating if needed) a connection with the store's pragmas.
pub fn open(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| StoreError::Open { path: path.display().to_string(), reason: e.to_string() })?;
    configure(&conn).map_err(|e| StoreError::Open { path: path.display().to_string(), reason: e.to_string() })?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // journal_mode returns a row, so it cannot go through execute_batch.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -4096;",
    )?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}
