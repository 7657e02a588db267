//! The organizations known on this machine, in `registry.sqlite` at the top of the data directory.
//!
//! Each organization's data lives in its own file (`orgs/<id>/org.sqlite`); the registry only maps
//! ids to names so that `--org "Acme Realty"` and the organization switcher work without opening every
//! file. It is written rarely, so each call opens its own short-lived connection.

use crate::connection;
use crate::error::{Result, StoreError};
use crate::sql;
use neuroflow_types::{OrgId, Organization};
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS organizations (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    created_at  TEXT NOT NULL
);";

/// Where each file lives under a data directory.
#[derive(Debug, Clone)]
pub struct Layout {
    data_dir: PathBuf,
}

impl Layout {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self { data_dir: data_dir.into() }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn registry(&self) -> PathBuf {
        self.data_dir.join("registry.sqlite")
    }

    pub fn org_dir(&self, id: OrgId) -> PathBuf {
        self.data_dir.join("orgs").join(id.to_string())
    }

    pub fn org_db(&self, id: OrgId) -> PathBuf {
        self.org_dir(id).join("org.sqlite")
    }

    /// Which store holds this machine's secrets, when the user chose one (not a secret itself).
    /// Where organizations' change signals are: one small file each, touched after every commit that
    /// added to its change feed, so watchers are woken by these and not by every database write.
    pub fn signals_dir(&self) -> PathBuf {
        self.data_dir.join("signals")
    }

    pub fn change_signal(&self, id: OrgId) -> PathBuf {
        self.signals_dir().join(id.to_string())
    }

    /// The signal touched after every change to the list of organizations (added, renamed, removed).
    pub fn registry_signal(&self) -> PathBuf {
        self.signals_dir().join("registry")
    }

    pub fn vault_choice(&self) -> PathBuf {
        self.data_dir.join("vault.json")
    }

    /// The encrypted vault file, for machines with no keychain (used only if the user chooses it).
    pub fn vault_file(&self) -> PathBuf {
        self.data_dir.join("vault.enc")
    }
}

/// The registry of organizations.
#[derive(Debug, Clone)]
pub struct Registry {
    path: PathBuf,
    signal: PathBuf,
}

impl Registry {
    /// Opens the registry under `layout`, creating the data directory and the file if needed.
    pub fn open(layout: &Layout) -> Result<Self> {
        std::fs::create_dir_all(layout.data_dir())
            .map_err(|e| StoreError::Open { path: layout.data_dir().display().to_string(), reason: e.to_string() })?;
        let registry = Self { path: layout.registry(), signal: layout.registry_signal() };
        registry.connect()?.execute_batch(SCHEMA)?;
        Ok(registry)
    }

    fn connect(&self) -> Result<Connection> {
        connection::open(&self.path)
    }

    /// Every organization, by name.
    pub fn list(&self) -> Result<Vec<Organization>> {
        sql::all(&self.connect()?, "SELECT * FROM organizations ORDER BY name COLLATE NOCASE", [], decode)
    }

    pub fn get(&self, id: OrgId) -> Result<Organization> {
        let org = sql::one(&self.connect()?, "SELECT * FROM organizations WHERE id = ?", [id.to_string()], decode)?;
        sql::found(org, "organization", id)
    }

    /// The organization with this name (case-insensitive), if any.
    pub fn find_by_name(&self, name: &str) -> Result<Option<Organization>> {
        sql::one(&self.connect()?, "SELECT * FROM organizations WHERE name = ? COLLATE NOCASE", [name.trim()], decode)
    }

    /// Adds an organization; fails with a conflict if the name is taken.
    pub fn insert(&self, org: &Organization) -> Result<()> {
        let conn = self.connect()?;
        conn.execute(
            "INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)",
            params![org.id.to_string(), org.name, sql::ts(&org.created_at)],
        )
        .map_err(|e| name_conflict(e, &org.name))?;
        self.signal();
        Ok(())
    }

    pub fn rename(&self, id: OrgId, name: &str) -> Result<()> {
        let changed = self
            .connect()?
            .execute("UPDATE organizations SET name = ? WHERE id = ?", params![name, id.to_string()])
            .map_err(|e| name_conflict(e, name))?;
        self.signal();
        sql::touched(changed, "organization", id)
    }

    pub fn remove(&self, id: OrgId) -> Result<()> {
        let changed = self.connect()?.execute("DELETE FROM organizations WHERE id = ?", [id.to_string()])?;
        self.signal();
        sql::touched(changed, "organization", id)
    }

    /// Tells other processes' change feeds that the organizations changed, the way an
    /// organization's commits do: the signal file's modification time is set. They watch it rather
    /// than the registry's file, since every connection opened to read that writes its
    /// shared-memory file — a watcher that read on such a write would wake itself for ever.
    fn signal(&self) {
        let touched = self
            .signal
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&self.signal))
            .and_then(|file| file.set_modified(std::time::SystemTime::now()));
        if let Err(e) = touched {
            tracing::debug!(error = %e, "could not touch the registry's change signal");
        }
    }
}

fn name_conflict(e: rusqlite::Error, name: &str) -> StoreError {
    let err = StoreError::from(e);
    if err.is_constraint() {
        StoreError::Conflict(format!("an organization named '{}' already exists", name.trim()))
    } else {
        err
    }
}

fn decode(row: &rusqlite::Row) -> Result<Organization> {
    const T: &str = "registry.organizations";
    Ok(Organization {
        id: sql::parsed(row, T, "id")?,
        name: sql::get(row, T, "name")?,
        created_at: sql::time(row, T, "created_at")?,
    })
}
