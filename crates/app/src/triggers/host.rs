//! The desktop app serves webhook and schedule triggers while it runs — unless another NeuroFlow
//! process (`neuroflow serve`) already does for this data directory, in which case it says so and
//! takes over when that process stops. Its port is kept in `desktop.json` in the data directory.
//! Every change of what it serves (started, refused, taken over, routes reloaded) is announced, so
//! the Settings page follows it without asking again.

use super::{ServeConfig, TriggerService, TriggerStatus};
use crate::error::{AppError, AppResult};
use crate::files::write_atomically;
use crate::hub::Hub;
use neuroflow_types::ErrorCode;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::{Notify, broadcast};

/// How long the app waits before trying again to serve triggers after an error (a port in use).
const RETRY: Duration = Duration::from_secs(10);

/// Settings of this desktop installation (not of an organization).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct DesktopSettings {
    /// The webhook listener's port on 127.0.0.1.
    pub webhook_port: u16,
}

impl Default for DesktopSettings {
    fn default() -> Self {
        let port = std::env::var("NEUROFLOW_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8790);
        Self { webhook_port: port }
    }
}

/// Whether this app serves triggers, and what.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TriggerState {
    pub status: Option<TriggerStatus>,
    /// Why this app does not serve triggers now, if it does not.
    pub note: Option<String>,
    pub settings: DesktopSettings,
}

/// Serves triggers for the desktop app, taking over from another process when it stops.
pub struct TriggerHost {
    path: PathBuf,
    settings: Mutex<DesktopSettings>,
    service: Mutex<Option<TriggerService>>,
    note: Mutex<Option<String>>,
    restart: Notify,
    changed: broadcast::Sender<TriggerState>,
}

impl std::fmt::Debug for TriggerHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TriggerHost").field("path", &self.path).finish()
    }
}

impl TriggerHost {
    /// Reads the settings kept in `data_dir/desktop.json` (defaults when there are none).
    pub fn new(data_dir: &std::path::Path) -> Self {
        let path = data_dir.join("desktop.json");
        let stored =
            std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        Self {
            path,
            settings: Mutex::new(stored),
            service: Mutex::new(None),
            note: Mutex::new(Some("starting".into())),
            restart: Notify::new(),
            changed: broadcast::channel(16).0,
        }
    }

    pub fn state(&self) -> TriggerState {
        let status = self.service.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(TriggerService::status);
        let note = self.note.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let settings = self.settings.lock().unwrap_or_else(|e| e.into_inner()).clone();
        TriggerState { status, note, settings }
    }

    /// Each new state, as it changes.
    pub fn subscribe(&self) -> broadcast::Receiver<TriggerState> {
        self.changed.subscribe()
    }

    fn announce(&self) {
        let _ = self.changed.send(self.state());
    }

    /// Says why triggers are not served now.
    fn say(&self, note: String) {
        tracing::warn!("{note}");
        *self.note.lock().unwrap_or_else(|e| e.into_inner()) = Some(note);
        self.announce();
    }

    /// Saves a new port and restarts the listener on it.
    pub fn set_port(&self, port: u16) -> AppResult<()> {
        if port < 1024 {
            return Err(AppError::invalid(format!("port {port} is reserved; choose one from 1024 to 65535")));
        }
        let settings = {
            let mut settings = self.settings.lock().unwrap_or_else(|e| e.into_inner());
            settings.webhook_port = port;
            settings.clone()
        };
        let text = serde_json::to_vec_pretty(&settings).map_err(|e| AppError::internal(e.to_string()))?;
        write_atomically(&self.path, &text)?;
        self.service.lock().unwrap_or_else(|e| e.into_inner()).take();
        self.restart.notify_one();
        Ok(())
    }

    /// Serves triggers for as long as the app runs, retrying while another process serves them.
    pub async fn run(&self, hub: Hub) {
        loop {
            let port = self.settings.lock().unwrap_or_else(|e| e.into_inner()).webhook_port;
            let config = ServeConfig { port, ..ServeConfig::default() };
            match hub.serve_triggers(config).await {
                Ok(service) => {
                    tracing::info!(addr = %service.addr(), "serving triggers");
                    let mut reloads = service.subscribe_reloads();
                    *self.service.lock().unwrap_or_else(|e| e.into_inner()) = Some(service);
                    *self.note.lock().unwrap_or_else(|e| e.into_inner()) = None;
                    self.announce();
                    // Announce route reloads (workflows activated anywhere) until asked to restart.
                    loop {
                        tokio::select! {
                            () = self.restart.notified() => break,
                            reload = reloads.recv() => match reload {
                                Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => self.announce(),
                                Err(broadcast::error::RecvError::Closed) => break,
                            },
                        }
                    }
                    continue;
                }
                Err(e) if e.code == ErrorCode::Conflict => {
                    self.say(format!("{}; this app takes over when it stops", e.message));
                    // Woken by the OS the moment the other process lets go of the triggers.
                    tokio::select! {
                        free = hub.triggers_free() => if let Err(e) = free {
                            tracing::warn!(error = %e, "could not wait for the triggers");
                            tokio::time::sleep(RETRY).await;
                        },
                        () = self.restart.notified() => {}
                    }
                }
                Err(e) => {
                    self.say(e.message);
                    tokio::select! {
                        () = tokio::time::sleep(RETRY) => {}
                        () = self.restart.notified() => {}
                    }
                }
            }
        }
    }
}
