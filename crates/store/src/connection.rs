//! How every connection to an organization's file is set up.
//!
//! WAL lets readers (the UI, the CLI in another process) proceed while one writer commits;
//! `synchronous=NORMAL` in WAL mode keeps every committed transaction across a killed process (only a
//! power cut can lose the last few, and never corrupts the file); foreign keys are enforced; and a busy
//! handler makes a second process wait for the write lock instead of failing at once. It polls every
//! quarter millisecond (then every millisecond): SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20…
//! ms between tries, so a webhook run waiting behind another process's 10 ms write (a background
//! prune's batch, say) waited 18 ms, nearly twice the write.
//!
//! The WAL and its index are kept when the last connection closes (persistent WAL), so that opening
//! a file later needs no new disk space: on a full disk an organization still opens and reads, and a
//! write fails as "the disk is full" with nothing written — instead of every open failing as "disk
//! I/O error" because SQLite could not create the index file again. `journal_size_limit` bounds what
//! the kept WAL holds on to.
//!
//! New files give freed pages back in steps (incremental vacuum; older files are converted once by
//! `migrate`), and the analytics' histogram functions (see [`crate::histogram`]) exist on every
//! connection.

use crate::error::{Result, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// How long a connection waits for another process's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Tries a quarter millisecond apart before waiting a millisecond between tries.
const QUICK_TRIES: i32 = 40;

/// SQLite's busy handler: sleeps before the next try, or gives up (`false`).
fn wait_for_lock(tries: i32) -> bool {
    match pause_before_try(tries) {
        Some(pause) => {
            std::thread::sleep(pause);
            true
        }
        None => false,
    }
}

/// The pause before try `tries + 1`, or `None` once the pauses so far add up to [`BUSY_TIMEOUT`].
fn pause_before_try(tries: i32) -> Option<Duration> {
    let (quick, slow) = (Duration::from_micros(250), Duration::from_millis(1));
    let tries = tries.max(0) as u32;
    let quick_tries = QUICK_TRIES as u32;
    let waited = quick * tries.min(quick_tries) + slow * tries.saturating_sub(quick_tries);
    (waited < BUSY_TIMEOUT).then_some(if tries < quick_tries { quick } else { slow })
}

/// Opens (creating if needed) a connection with the store's pragmas.
pub fn open(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let failed = |e: rusqlite::Error| match StoreError::from(e) {
        StoreError::DiskFull => StoreError::DiskFull,
        e => StoreError::Open { path: path.display().to_string(), reason: reason(e) },
    };
    let conn = Connection::open_with_flags(path, flags).map_err(failed)?;
    configure(&conn).map_err(failed)?;
    Ok(conn)
}

fn reason(e: StoreError) -> String {
    match e {
        StoreError::Sqlite(e) => e.to_string(),
        e => e.to_string(),
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_handler(Some(wait_for_lock))?;
    // A new file gives pages back in steps (see migrate.rs, which converts older files once). Set only
    // on an empty file, before WAL: on any other file the pragma would write to it (a lock, and a
    // failure on a full disk) for nothing.
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if pages == 0 {
        conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL")?;
    }
    persist_wal(conn)?;
    // journal_mode returns a row, so it cannot go through execute_batch.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -4096;
         PRAGMA journal_size_limit = 4194304;",
    )?;
    crate::histogram::register(conn)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Sets `SQLITE_FCNTL_PERSIST_WAL` on the connection's main database. rusqlite has no safe call for
/// this file control, hence the one `unsafe` block of the workspace.
#[allow(unsafe_code)]
fn persist_wal(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::ffi;
    let mut on: std::ffi::c_int = 1;
    // SAFETY: `conn.handle()` is the live connection's handle (valid while `conn` is borrowed);
    // "main" is a NUL-terminated C string literal; for PERSIST_WAL SQLite reads and writes one `int`
    // through the pointer, and `on` outlives the call.
    let rc = unsafe {
        ffi::sqlite3_file_control(conn.handle(), c"main".as_ptr(), ffi::SQLITE_FCNTL_PERSIST_WAL, (&raw mut on).cast())
    };
    match rc {
        ffi::SQLITE_OK => Ok(()),
        code => Err(rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some("could not keep the WAL file".into()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_connection_polls_finely_and_gives_up_after_the_timeout() {
        assert_eq!(pause_before_try(0), Some(Duration::from_micros(250)));
        assert_eq!(pause_before_try(QUICK_TRIES), Some(Duration::from_millis(1)));
        let mut waited = Duration::ZERO;
        let mut tries = 0;
        while let Some(pause) = pause_before_try(tries) {
            waited += pause;
            tries += 1;
        }
        assert!(waited >= BUSY_TIMEOUT && waited < BUSY_TIMEOUT + Duration::from_millis(2), "waited {waited:?}");
    }
}
