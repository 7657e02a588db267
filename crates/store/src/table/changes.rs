//! changes: the change feed. Triggers (migrations/V0002) add a row here in the same transaction as
//! every write people see elsewhere — a workflow saved, an execution started or ended, an agent
//! changed — so a process watching the file (the desktop app while the CLI or `neuroflow serve`
//! writes) learns of it by reading the rows after the last one it saw. The rows are short-lived:
//! pruning keeps a recent window, and always the newest row, so the sequence never goes back.

use crate::error::Result;
use crate::sql;
use rusqlite::{Connection, params};

/// One change: what kind of thing, which one, and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    /// `workflow`, `execution`, `agent`, `team`, `integration`, `template`, `settings`, `organization`.
    pub model: String,
    pub model_id: Option<String>,
    /// `created`, `updated` or `deleted`.
    pub action: String,
}

/// The newest change's sequence number (0 for none): where a new watcher starts.
pub fn latest(conn: &Connection) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT coalesce(max(seq), 0) FROM changes")?.query_row([], |r| r.get(0))?)
}

/// The changes after `seq`, oldest first, at most `limit`.
pub fn since(conn: &Connection, seq: i64, limit: usize) -> Result<Vec<Change>> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, model, model_id, action FROM changes WHERE seq > ? ORDER BY seq LIMIT ?")?;
    let rows = stmt.query_map(params![seq, limit as i64], |row| {
        Ok(Change { seq: row.get(0)?, model: row.get(1)?, model_id: row.get(2)?, action: row.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Removes changes older than `keep_secs` seconds, always keeping the newest. Returns how many went.
pub fn prune(conn: &Connection, keep_secs: i64) -> Result<usize> {
    sql::exec(
        conn,
        "DELETE FROM changes WHERE at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d seconds', ?))
           AND seq < (SELECT max(seq) FROM changes)",
        params![keep_secs],
    )
}
