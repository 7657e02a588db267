//! An open organization file: one writer thread (see [`crate::writer`]) and a small pool of readers.
//!
//! Table modules are plain functions over a `&Connection`; this handle decides where they run:
//! reads on a pooled reader connection, writes on the writer thread inside its group-committed
//! transaction.

use crate::connection;
use crate::error::{Result, StoreError};
use crate::migrate;
use crate::writer::Writer;
use neuroflow_types::OrgId;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Idle reader connections kept open; more are opened on demand and closed after use.
const MAX_IDLE_READERS: usize = 8;

/// An open organization store. Cheap to share behind an `Arc`.
pub struct OrgStore {
    org_id: OrgId,
    path: PathBuf,
    writer: Writer,
    idle_readers: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for OrgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrgStore").field("org_id", &self.org_id).field("path", &self.path).finish()
    }
}

impl OrgStore {
    /// Opens the organization's file, creating and migrating it as needed.
    pub fn open(path: &Path, org_id: OrgId) -> Result<Arc<Self>> {
        Self::open_signalling(path, org_id, None)
    }

    /// Like [`OrgStore::open`]; every commit that adds to the change feed touches `signal`, so
    /// watchers in other processes hear of it.
    pub fn open_signalling(path: &Path, org_id: OrgId, signal: Option<PathBuf>) -> Result<Arc<Self>> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = connection::open(path)?;
        if migrate::run(&mut conn, path)? > 0 {
            // A migration may rewrite a table's definition in place (V0006 changes a CHECK), which
            // the connection that ran it does not reread: the writer starts on a fresh one.
            drop(conn);
            conn = connection::open(path)?;
        }
        let writer = Writer::start(conn, org_id.to_string(), signal)?;
        Ok(Arc::new(Self { org_id, path: path.to_path_buf(), writer, idle_readers: Mutex::new(Vec::new()) }))
    }

    pub fn org_id(&self) -> OrgId {
        self.org_id
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a reader connection, on the calling thread.
    pub fn read<R>(&self, f: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
        let pooled = self.idle_readers.lock().map_err(|_| poisoned())?.pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => connection::open(&self.path)?,
        };
        let result = f(&conn);
        let mut idle = self.idle_readers.lock().map_err(|_| poisoned())?;
        if idle.len() < MAX_IDLE_READERS && conn.is_autocommit() {
            idle.push(conn);
        }
        result
    }

    /// Runs `f` on a reader connection on tokio's blocking pool, off the async executor.
    pub async fn read_async<R, F>(self: &Arc<Self>, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || store.read(f))
            .await
            .map_err(|e| StoreError::Internal(format!("a read task failed: {e}")))?
    }

    /// Runs `f` in a write transaction; resolves once it is committed.
    pub async fn write<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        self.writer.write(f).await
    }

    /// How many write transactions this file's writer has committed.
    pub fn commits(&self) -> u64 {
        self.writer.commits()
    }

    /// Queues a write at once; the ticket resolves when it is committed. Writes are committed in the
    /// order they were queued, so awaiting the last ticket awaits every earlier one.
    pub fn enqueue<R, F>(&self, f: F) -> crate::writer::WriteTicket<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        self.writer.enqueue(f)
    }

    /// Like [`OrgStore::write`], for code that is not async (never on an async executor thread).
    pub fn write_blocking<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R> + Send + 'static,
    {
        self.writer.write_blocking(f)
    }
}

fn poisoned() -> StoreError {
    StoreError::Internal("the reader pool's lock was poisoned".into())
}
