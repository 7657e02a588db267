//! Brings an organization file's schema up to date with the migrations in `migrations/`, embedded at
//! compile time. Migrations are forward-only and additive; opening a store runs whatever is missing.
//! A lock file keeps two processes (the desktop app and the CLI, say) from migrating the same file at
//! the same moment.

use crate::error::{Result, StoreError};
use rusqlite::Connection;
use std::fs::OpenOptions;
use std::path::Path;

mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// The schema version the newest embedded migration produces.
pub fn latest_version() -> i32 {
    embedded::migrations::runner().get_migrations().iter().map(|m| m.version()).max().unwrap_or(0)
}

/// Applies every embedded migration not yet applied to `conn`; returns how many ran.
pub fn run(conn: &mut Connection, db_path: &Path) -> Result<usize> {
    let lock_path = db_path.with_extension("migrate.lock");
    let lock = OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path)?;
    lock.lock()?;
    if let Err(e) = incremental_vacuum(conn, db_path) {
        let _ = lock.unlock();
        return Err(e);
    }
    let late = match apply_late_arrivals(conn) {
        Ok(late) => late,
        Err(e) => {
            let _ = lock.unlock();
            return Err(e);
        }
    };
    let report = embedded::migrations::runner()
        .set_grouped(true)
        .set_abort_divergent(true)
        .run(conn)
        .map_err(|e| StoreError::Migration(e.to_string()));
    let _ = lock.unlock();
    let report = report?;
    let applied = report.applied_migrations().len() + late;
    if applied > 0 {
        tracing::info!(path = %db_path.display(), applied, "migrated organization database");
    }
    Ok(applied)
}

/// Migration numbers are reserved per feature (analytics V0004, templates V0005, …), so a migration
/// can reach a file that already has a higher one: refinery refuses that gap ("missing version").
/// Each such late arrival is applied here first, in its own transaction, and recorded the way
/// refinery records its own (same name and checksum), so the runner then finds nothing missing.
/// Migrations are additive and independent of each other's order by the same rule.
fn apply_late_arrivals(conn: &mut Connection) -> Result<usize> {
    let runner = embedded::migrations::runner();
    let has_history: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'refinery_schema_history'",
        [],
        |r| r.get(0),
    )?;
    if has_history == 0 {
        return Ok(0);
    }
    let applied = runner.get_applied_migrations(conn).map_err(|e| StoreError::Migration(e.to_string()))?;
    let Some(top) = applied.iter().map(|m| m.version()).max() else {
        return Ok(0);
    };
    let mut count = 0;
    for m in runner.get_migrations() {
        if m.version() >= top || applied.iter().any(|a| a.version() == m.version()) {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql().unwrap_or_default())
            .map_err(|e| StoreError::Migration(format!("migration {} (arriving after {top}): {e}", m.name())))?;
        tx.execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![m.version(), m.name(), chrono::Utc::now().to_rfc3339(), m.checksum().to_string()],
        )?;
        tx.commit()?;
        tracing::info!(version = m.version(), name = m.name(), "applied a migration that arrived after a later one");
        count += 1;
    }
    Ok(count)
}

/// Makes the file give pages back in steps (`PRAGMA incremental_vacuum`, run after each prune), so a
/// prune returns space to the file system without a full VACUUM holding the write lock for seconds.
/// A new file is set up so before its first table; a file made before this existed is converted once
/// with a VACUUM (under the migration lock, so no other process is writing).
fn incremental_vacuum(conn: &Connection, db_path: &Path) -> Result<()> {
    let mode: i64 = conn.query_row("PRAGMA auto_vacuum", [], |r| r.get(0))?;
    if mode == 2 {
        return Ok(());
    }
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL")?;
    if tables > 0 {
        tracing::info!(path = %db_path.display(), "converting the database to incremental vacuum (once)");
        conn.execute_batch("VACUUM").map_err(|e| {
            StoreError::Migration(format!("could not convert {} to incremental vacuum: {e}", db_path.display()))
        })?;
    }
    Ok(())
}

/// The versions recorded as applied in `conn`'s history table.
pub fn applied_versions(conn: &mut Connection) -> Result<Vec<i32>> {
    let applied = embedded::migrations::runner()
        .get_applied_migrations(conn)
        .map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok(applied.iter().map(|m| m.version()).collect())
}
