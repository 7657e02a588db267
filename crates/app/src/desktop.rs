//! Settings of this desktop installation rather than of an organization — the webhook port, whether
//! triggers are paused, what closing the window does, notifications, updates — kept in
//! `DATA_DIR/desktop.json`, so that they follow the data directory (a test's, a second profile's)
//! and not the OS user.
//!
//! One [`DesktopPrefs`] per process owns the file: every change goes through [`DesktopPrefs::update`],
//! which writes the whole file atomically (a crash leaves the old or the new one, never half) and
//! tells subscribers, so the tray, the trigger host and the Settings page agree without polling.
//! Every field has a default and unknown fields are ignored, so an older or newer file still opens.

use crate::error::{AppError, AppResult};
use crate::files::write_atomically;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokio::sync::broadcast;

/// The file's name in the data directory.
pub const DESKTOP_FILE: &str = "desktop.json";

/// Settings of the trigger service of the desktop app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct TriggerSettings {
    /// The webhook listener's port on 127.0.0.1.
    pub webhook_port: u16,
    /// Paused from the tray or Settings: no schedule fires and no webhook is answered until resumed
    /// (kept across restarts, so a pause survives a reboot).
    pub triggers_paused: bool,
}

impl Default for TriggerSettings {
    fn default() -> Self {
        let port = std::env::var("NEUROFLOW_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8790);
        Self { webhook_port: port, triggers_paused: false }
    }
}

/// Whether and where the app looks for updates. Nothing is asked of any server until the user
/// turns checks on or presses "Check now".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct UpdateSettings {
    /// Check once at start and then daily. Off unless the user turns it on.
    pub check_automatically: bool,
    /// The update manifest's address; `None` uses the one this build was made with, if any.
    pub endpoint: Option<String>,
}

/// When a workflow's runs show a system notification.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RunNotice {
    /// Every run that ends, completed or failed.
    Always,
    /// Runs that fail (a budget stopping a run included).
    #[default]
    OnFailure,
    /// None.
    Never,
}

/// Everything in `desktop.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct DesktopSettings {
    #[serde(flatten)]
    pub triggers: TriggerSettings,
    /// Closing the window keeps the app in the tray, serving schedules and webhooks.
    pub close_to_tray: bool,
    /// The first close to the tray says so once; this remembers that it did.
    pub close_notice_shown: bool,
    /// System notifications (failed runs, budgets, broken integrations) at all.
    pub notifications: bool,
    /// Per workflow (by id), when its runs notify; a workflow not listed notifies on failure.
    pub run_notices: std::collections::BTreeMap<String, RunNotice>,
    pub updates: UpdateSettings,
}

impl DesktopSettings {
    /// When the runs of `workflow` notify.
    pub fn run_notice(&self, workflow: &str) -> RunNotice {
        self.run_notices.get(workflow).copied().unwrap_or_default()
    }
}

impl Default for DesktopSettings {
    fn default() -> Self {
        Self {
            triggers: TriggerSettings::default(),
            close_to_tray: true,
            close_notice_shown: false,
            notifications: true,
            run_notices: Default::default(),
            updates: UpdateSettings::default(),
        }
    }
}

/// The desktop settings of one data directory, read once and written on every change.
pub struct DesktopPrefs {
    path: PathBuf,
    current: Mutex<DesktopSettings>,
    changed: broadcast::Sender<DesktopSettings>,
}

impl std::fmt::Debug for DesktopPrefs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DesktopPrefs").field("path", &self.path).finish()
    }
}

impl DesktopPrefs {
    /// Reads `data_dir/desktop.json`; a missing file gives the defaults, and so does an unreadable
    /// one (said in the log: the next change rewrites it whole).
    pub fn open(data_dir: &Path) -> Self {
        let path = data_dir.join(DESKTOP_FILE);
        let stored = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
                tracing::warn!(file = %path.display(), error = %e, "desktop settings unreadable; using the defaults");
                DesktopSettings::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => DesktopSettings::default(),
            Err(e) => {
                tracing::warn!(file = %path.display(), error = %e, "desktop settings unreadable; using the defaults");
                DesktopSettings::default()
            }
        };
        Self { path, current: Mutex::new(stored), changed: broadcast::channel(16).0 }
    }

    /// The settings now.
    pub fn get(&self) -> DesktopSettings {
        self.current.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Changes the settings with `change`, saves them and tells subscribers. Nothing changes if the
    /// file cannot be written.
    pub fn update(&self, change: impl FnOnce(&mut DesktopSettings)) -> AppResult<DesktopSettings> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let mut next = current.clone();
        change(&mut next);
        if next != *current {
            let text = serde_json::to_vec_pretty(&next).map_err(|e| AppError::internal(e.to_string()))?;
            write_atomically(&self.path, &text)?;
            *current = next.clone();
            let _ = self.changed.send(next.clone());
        }
        Ok(next)
    }

    /// Each new version of the settings, as it is saved.
    pub fn subscribe(&self) -> broadcast::Receiver<DesktopSettings> {
        self.changed.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_an_older_version_keeps_its_port_and_gets_the_other_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DESKTOP_FILE), r#"{"webhookPort": 9123}"#).unwrap();
        let prefs = DesktopPrefs::open(dir.path());
        let s = prefs.get();
        assert_eq!(s.triggers.webhook_port, 9123);
        assert!(s.close_to_tray && s.notifications && !s.triggers.triggers_paused);
        assert!(!s.updates.check_automatically, "update checks are off unless turned on");
        assert_eq!(s.run_notice("any workflow"), RunNotice::OnFailure);
    }

    #[test]
    fn a_change_is_saved_whole_and_announced() {
        let dir = tempfile::tempdir().unwrap();
        let prefs = DesktopPrefs::open(dir.path());
        let mut changes = prefs.subscribe();
        prefs.update(|s| s.close_to_tray = false).unwrap();
        assert!(!changes.try_recv().unwrap().close_to_tray);
        let again = DesktopPrefs::open(dir.path());
        assert!(!again.get().close_to_tray, "read back from the file");
        prefs.update(|s| s.close_to_tray = false).unwrap();
        assert!(changes.try_recv().is_err(), "no change, no announcement");
    }

    #[test]
    fn a_damaged_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DESKTOP_FILE), "{not json").unwrap();
        assert_eq!(DesktopPrefs::open(dir.path()).get(), DesktopSettings::default());
    }
}
