//! The desktop app serves webhook and schedule triggers while it runs — unless another NeuroFlow
//! process (`neuroflow serve`) already does for this data directory, in which case it says so and
//! takes over when that process stops. The port is kept in `desktop.json` in the data directory.

use neuroflow_app::Hub;
use neuroflow_app::triggers::{ServeConfig, TriggerService, TriggerStatus};
use neuroflow_types::ErrorCode;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Notify;

/// How often the app tries again to serve triggers while it cannot.
const RETRY: Duration = Duration::from_secs(10);

/// Settings of this desktop installation (not of an organization).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
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
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TriggerState {
    pub status: Option<TriggerStatus>,
    /// Why this app does not serve triggers now, if it does not.
    pub note: Option<String>,
    pub settings: DesktopSettings,
}

/// Managed state: the running service (if any) and what stops it serving.
pub struct Triggers {
    path: PathBuf,
    settings: Mutex<DesktopSettings>,
    service: Mutex<Option<TriggerService>>,
    note: Mutex<Option<String>>,
    restart: Notify,
}

impl Triggers {
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
        }
    }

    pub fn state(&self) -> TriggerState {
        let status = self.service.lock().ok().and_then(|s| s.as_ref().map(TriggerService::status));
        let note = self.note.lock().ok().and_then(|n| n.clone());
        let settings = self.settings.lock().map(|s| s.clone()).unwrap_or_default();
        TriggerState { status, note, settings }
    }

    /// Saves a new port and restarts the listener on it.
    pub fn set_port(&self, port: u16) -> Result<(), String> {
        let settings = {
            let mut settings = self.settings.lock().map_err(|_| "settings lock poisoned".to_string())?;
            settings.webhook_port = port;
            settings.clone()
        };
        let text = serde_json::to_string_pretty(&settings).map_err(|e| e.to_string())?;
        std::fs::write(&self.path, text).map_err(|e| format!("cannot save {}: {e}", self.path.display()))?;
        if let Ok(mut service) = self.service.lock() {
            service.take();
        }
        self.restart.notify_one();
        Ok(())
    }

    /// Serves triggers for as long as the app runs, retrying while another process serves them.
    pub async fn run(&self, hub: Hub) {
        loop {
            let port = self.settings.lock().map(|s| s.webhook_port).unwrap_or(8790);
            let config = ServeConfig { port, ..ServeConfig::default() };
            match hub.serve_triggers(config).await {
                Ok(service) => {
                    tracing::info!(addr = %service.addr(), "serving triggers");
                    if let Ok(mut slot) = self.service.lock() {
                        *slot = Some(service);
                    }
                    if let Ok(mut note) = self.note.lock() {
                        *note = None;
                    }
                    self.restart.notified().await;
                    continue;
                }
                Err(e) => {
                    let note = if e.code == ErrorCode::Conflict {
                        format!("{}; this app takes over when it stops", e.message)
                    } else {
                        e.message.clone()
                    };
                    tracing::warn!("{note}");
                    if let Ok(mut slot) = self.note.lock() {
                        *slot = Some(note);
                    }
                }
            }
            tokio::select! {
                () = tokio::time::sleep(RETRY) => {}
                () = self.restart.notified() => {}
            }
        }
    }
}
