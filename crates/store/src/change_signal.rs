//! Tells other processes that an organization's change feed grew (see `app/src/changes.rs`): the
//! writer touches a signal file after commits that added to the feed, and watchers watch that file.
//!
//! Why at most one touch per [`EVERY`]: a webhook answered thousands of times a second commits
//! thousands of runs, each adding to the feed, and a touch per commit cost the writer a syscall and
//! every watching process (this one included: `neuroflow serve` watches for activations) a wake per
//! run. A burst is one touch now, and its last commit is never left unannounced: a touch owed is paid
//! by the writer when it falls idle, at most [`EVERY`] after the one before. The feed's reader waits
//! 15 ms for a burst to settle anyway.

use rusqlite::Connection;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The shortest time between two touches.
pub(crate) const EVERY: Duration = Duration::from_millis(10);

/// Tells other processes that the change feed grew: an update hook notes when a commit added a row to
/// `changes` (the feed's triggers run inside the writer's transactions), and after the commit the
/// signal file's modification time is set. Watchers watch the signal files, not the database: a
/// watch on the database's directory would make every page the WAL writes wake them (and cost the
/// writer a notification per page).
pub(crate) struct ChangeSignal {
    path: PathBuf,
    touched: Arc<AtomicBool>,
    file: Option<std::fs::File>,
    /// When the file was last touched.
    last: Option<Instant>,
    /// A commit added to the feed since then, and its touch is still to come.
    owed: bool,
}

impl ChangeSignal {
    pub fn install(conn: &Connection, path: PathBuf) -> Option<Self> {
        let touched = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&touched);
        let hook = conn.update_hook(Some(move |_: rusqlite::hooks::Action, _: &str, table: &str, _: i64| {
            if table == "changes" {
                flag.store(true, Ordering::Relaxed);
            }
        }));
        if let Err(e) = hook {
            tracing::warn!(error = %e, "changes will not be signalled to other processes");
            return None;
        }
        Some(Self { path, touched, file: None, last: None, owed: false })
    }

    /// After a commit: touches the signal file if the feed grew, unless it was touched less than
    /// [`EVERY`] ago (the touch is then owed, and paid by the next commit after that or when the
    /// writer falls idle: see [`ChangeSignal::due_in`]).
    pub fn after_commit(&mut self) {
        if !self.touched.swap(false, Ordering::Relaxed) {
            return;
        }
        if self.last.is_some_and(|at| at.elapsed() < EVERY) {
            self.owed = true;
            return;
        }
        self.touch();
    }

    /// How long the writer may wait for work before an owed touch is due; `None` if none is owed.
    pub fn due_in(&self) -> Option<Duration> {
        self.owed.then(|| EVERY.saturating_sub(self.last.map_or(Duration::ZERO, |at| at.elapsed())))
    }

    /// Touches the file now if a touch is owed.
    pub fn pay(&mut self) {
        if self.owed {
            self.touch();
        }
    }

    fn touch(&mut self) {
        self.owed = false;
        self.last = Some(Instant::now());
        if self.file.is_none() {
            if let Some(dir) = self.path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            self.file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&self.path).ok();
        }
        if let Some(file) = &self.file
            && let Err(e) = file.set_modified(std::time::SystemTime::now())
        {
            tracing::debug!(error = %e, "could not touch the change signal");
            self.file = None;
        }
    }

    /// A rolled-back transaction added nothing.
    pub fn forget(&self) {
        self.touched.store(false, Ordering::Relaxed);
    }
}
