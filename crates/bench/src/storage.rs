//! What an execution costs on disk: the organization's database measured before and after the load,
//! live pages only (after a checkpoint, free pages not counted), split by table and index where
//! SQLite's `dbstat` table is compiled in. Measured on the file itself, so nothing the app does
//! (batching, compaction, indexes) can hide from it.

use neuroflow_store::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Live bytes of an organization's database, in total and per table or index.
#[derive(Debug, Default, Clone)]
pub struct Footprint {
    pub total: i64,
    pub by_object: BTreeMap<String, i64>,
}

/// Measures the (only) organization's database under `data`. The server must be stopped, or idle.
pub fn measure(data: &Path) -> Footprint {
    let Some(path) = org_db(data) else { return Footprint::default() };
    let Ok(conn) = Connection::open(&path) else { return Footprint::default() };
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    let pragma = |name: &str| conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0)).unwrap_or(0);
    let total = (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
    let by_object = conn
        .prepare("SELECT name, sum(pgsize - unused) FROM dbstat GROUP BY name")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?.collect::<Result<_, _>>()
        })
        .unwrap_or_default();
    Footprint { total, by_object }
}

/// Bytes per execution between two footprints, with the objects that grew the most.
pub fn per_execution(before: &Footprint, after: &Footprint, executions: i64) -> String {
    let n = executions.max(1);
    let mut grown: Vec<(String, i64)> = after
        .by_object
        .iter()
        .map(|(name, bytes)| (name.clone(), (bytes - before.by_object.get(name).copied().unwrap_or(0)) / n))
        .filter(|(_, per)| *per > 0)
        .collect();
    grown.sort_by_key(|(_, per)| -per);
    let parts: Vec<String> = grown.iter().take(6).map(|(name, per)| format!("{name} {per}")).collect();
    format!("{} B ({})", (after.total - before.total) / n, parts.join(", "))
}

fn org_db(data: &Path) -> Option<PathBuf> {
    std::fs::read_dir(data.join("orgs")).ok()?.flatten().map(|d| d.path().join("org.sqlite")).find(|p| p.exists())
}
