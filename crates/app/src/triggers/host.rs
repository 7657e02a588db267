//! The desktop app serves webhook and schedule triggers while it runs — unless another NeuroFlow
//! process (`neuroflow serve`) already does for this data directory, in which case it says so and
//! takes over when that process stops — or the user paused them (from the tray or Settings).
//! Its port and the pause are kept in the desktop settings ([`DesktopPrefs`]). Every change of what
//! it serves (started, refused, paused, taken over, routes reloaded) is announced, so the Settings
//! page and the tray follow it without asking again.

use super::{ServeConfig, TriggerService, TriggerStatus};
use crate::desktop::{DesktopPrefs, TriggerSettings};
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_types::ErrorCode;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, broadcast};

/// How long the app waits before trying again to serve triggers after an error (a port in use).
const RETRY: Duration = Duration::from_secs(10);

/// What the host says while triggers are paused.
pub const PAUSED_NOTE: &str =
    "triggers are paused: no schedule fires and webhooks are not answered until you resume them";

/// Whether this app serves triggers, and what.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TriggerState {
    pub status: Option<TriggerStatus>,
    /// Why this app does not serve triggers now, if it does not.
    pub note: Option<String>,
    pub settings: TriggerSettings,
}

/// Serves triggers for the desktop app, taking over from another process when it stops.
pub struct TriggerHost {
    prefs: Arc<DesktopPrefs>,
    service: Mutex<Option<TriggerService>>,
    note: Mutex<Option<String>>,
    restart: Notify,
    changed: broadcast::Sender<TriggerState>,
}

impl std::fmt::Debug for TriggerHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TriggerHost").field("prefs", &self.prefs).finish()
    }
}

impl TriggerHost {
    /// A host that keeps its port and pause in `prefs`.
    pub fn new(prefs: Arc<DesktopPrefs>) -> Self {
        Self {
            prefs,
            service: Mutex::new(None),
            note: Mutex::new(Some("starting".into())),
            restart: Notify::new(),
            changed: broadcast::channel(16).0,
        }
    }

    pub fn state(&self) -> TriggerState {
        let status = self.service.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(TriggerService::status);
        let note = self.note.lock().unwrap_or_else(|e| e.into_inner()).clone();
        TriggerState { status, note, settings: self.prefs.get().triggers }
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
        self.prefs.update(|s| s.triggers.webhook_port = port)?;
        self.restart();
        Ok(())
    }

    /// Pauses every trigger (the listener closes, schedules stop) or resumes them; kept for next time.
    pub fn set_paused(&self, paused: bool) -> AppResult<()> {
        if self.prefs.get().triggers.triggers_paused == paused {
            return Ok(());
        }
        self.prefs.update(|s| s.triggers.triggers_paused = paused)?;
        tracing::info!(paused, "triggers {}", if paused { "paused" } else { "resumed" });
        self.restart();
        Ok(())
    }

    /// Whether triggers are paused.
    pub fn paused(&self) -> bool {
        self.prefs.get().triggers.triggers_paused
    }

    /// Stops the service now and has the run loop start over with the current settings.
    fn restart(&self) {
        self.service.lock().unwrap_or_else(|e| e.into_inner()).take();
        self.restart.notify_one();
    }

    /// Serves triggers for as long as the app runs, retrying while another process serves them.
    pub async fn run(&self, hub: Hub) {
        loop {
            let settings = self.prefs.get().triggers;
            if settings.triggers_paused {
                *self.note.lock().unwrap_or_else(|e| e.into_inner()) = Some(PAUSED_NOTE.into());
                self.announce();
                self.restart.notified().await;
                continue;
            }
            let port = settings.webhook_port;
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
