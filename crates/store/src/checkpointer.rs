//! Checkpoints off the writer's thread. In WAL mode every commit appends the pages it changed to the
//! WAL, and a checkpoint copies them back into the database file, with an fsync on each side. Left
//! to SQLite, the committing connection — our one writer — checkpoints once the WAL passes 1,000
//! pages, so every few dozen runs one waited for a 4 MB copy and two fsyncs. Here a thread of its
//! own, with its own connection, runs a passive checkpoint shortly after commits (PASSIVE never
//! blocks the writer or readers), so the writer only ever appends. The writer keeps SQLite's own
//! checkpoint as a safety net, at a threshold this thread keeps the WAL far below.

use crate::connection;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// How long after a commit the checkpoint runs: commits in between are copied in the same pass.
const DELAY: Duration = Duration::from_millis(20);

/// The writer's handle: a nudge after each commit.
pub(crate) struct Checkpointer {
    nudges: mpsc::SyncSender<()>,
}

impl Checkpointer {
    /// Starts the thread for the database at `path`; `None` (and the writer checkpoints as SQLite
    /// does by default) when it cannot.
    pub fn start(path: PathBuf, name: &str) -> Option<Self> {
        let conn = match connection::open(&path) {
            Ok(conn) => conn,
            Err(e) => {
                tracing::warn!(error = %e, "checkpoints will run on the writer's thread");
                return None;
            }
        };
        let (nudges, wake) = mpsc::sync_channel::<()>(1);
        std::thread::Builder::new()
            .name(format!("store-checkpoint-{name}"))
            .spawn(move || {
                while wake.recv().is_ok() {
                    std::thread::sleep(DELAY);
                    while wake.try_recv().is_ok() {}
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                        tracing::warn!(error = %e, "a checkpoint failed; the next commit tries again");
                    }
                }
            })
            .ok()?;
        Some(Self { nudges })
    }

    /// After a commit: a checkpoint will follow (one pending nudge is enough).
    pub fn nudge(&self) {
        let _ = self.nudges.try_send(());
    }
}
