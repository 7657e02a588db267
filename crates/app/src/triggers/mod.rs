//! The trigger service: webhook and schedule triggers of every active workflow, for as long as the
//! desktop app or `neuroflow serve` runs.
//!
//! One process per data directory serves triggers — it holds `triggers.lock` — so two processes
//! never fire the same schedule twice or fight over the webhook port. The listener binds to
//! 127.0.0.1 unless told otherwise. Routes are re-read whenever the change feed says a workflow
//! changed, whichever process changed it.

mod host;
mod listener;
mod routes;
pub mod schedule;
mod webhook;

use crate::changes::ChangeWatch;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
pub use host::{PAUSED_NOTE, TriggerHost, TriggerState};
pub use listener::{ConnectionLimits, default_max_connections};
use neuroflow_types::{ChangeBatch, ChangeModel, ErrorCode};
use routes::Routes;
use serde::Serialize;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// How the service listens.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub bind: IpAddr,
    pub port: u16,
    /// The largest webhook request body accepted.
    pub max_body: usize,
    /// How long clients may take and how many may be connected.
    pub limits: ConnectionLimits,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8790,
            max_body: 2 * 1024 * 1024,
            limits: ConnectionLimits::default(),
        }
    }
}

/// What the service serves, for people (the Settings page, `serve`'s output).
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TriggerStatus {
    pub address: String,
    pub webhooks: Vec<WebhookInfo>,
    pub schedules: Vec<ScheduleInfo>,
    pub conflicts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WebhookInfo {
    pub method: String,
    pub url: String,
    pub workflow: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleInfo {
    pub workflow: String,
    pub cron: String,
    pub timezone: Option<String>,
    pub next: Option<neuroflow_types::Timestamp>,
}

pub(crate) struct ServiceState {
    pub hub: Hub,
    pub max_body: usize,
    pub body_timeout: std::time::Duration,
    routes: RwLock<Arc<Routes>>,
    /// Told each time the routes are rebuilt.
    reloaded: broadcast::Sender<()>,
}

impl ServiceState {
    pub fn routes(&self) -> Arc<Routes> {
        self.routes.read().map(|r| Arc::clone(&r)).unwrap_or_default()
    }
}

/// The running service; stops when dropped or asked.
pub struct TriggerService {
    addr: SocketAddr,
    state: Arc<ServiceState>,
    stop: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    _lock: File,
    _changes: Arc<ChangeWatch>,
}

impl std::fmt::Debug for TriggerService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TriggerService").field("addr", &self.addr).finish()
    }
}

impl Drop for TriggerService {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl TriggerService {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What is being served now.
    pub fn status(&self) -> TriggerStatus {
        let routes = self.state.routes();
        let now = chrono::Utc::now();
        let mut webhooks: Vec<WebhookInfo> = routes
            .webhooks
            .iter()
            .map(|((method, path), route)| WebhookInfo {
                method: method.clone(),
                url: format!("http://{}/webhook/{path}", self.addr),
                workflow: route.workflow.name.clone(),
            })
            .collect();
        webhooks.sort_by(|a, b| a.url.cmp(&b.url).then(a.method.cmp(&b.method)));
        let schedules = routes
            .schedules
            .iter()
            .map(|s| ScheduleInfo {
                workflow: s.workflow.name.clone(),
                cron: s.cron.clone(),
                timezone: s.timezone.clone(),
                next: schedule::next_fire(&s.cron, s.timezone.as_deref(), now),
            })
            .collect();
        TriggerStatus { address: self.addr.to_string(), webhooks, schedules, conflicts: routes.conflicts.clone() }
    }

    /// Told each time the routes served are rebuilt (a workflow activated or changed anywhere).
    pub fn subscribe_reloads(&self) -> broadcast::Receiver<()> {
        self.state.reloaded.subscribe()
    }

    /// Stops listening and scheduling; waits for the tasks to end.
    pub async fn stop(mut self) {
        self.stop.cancel();
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
    }
}

impl Hub {
    /// Starts serving webhook and schedule triggers. Fails if another process serves them for this
    /// data directory, or if the address cannot be bound.
    pub async fn serve_triggers(&self, config: ServeConfig) -> AppResult<TriggerService> {
        let lock = self.take_trigger_lock()?;
        let changes = self.watch_changes().await?;
        let feed = self.subscribe_changes();
        let routes = self.build_routes(self.active_fingerprint().await?).await?;
        let state = Arc::new(ServiceState {
            hub: self.clone(),
            max_body: config.max_body,
            body_timeout: config.limits.body_timeout,
            routes: RwLock::new(Arc::new(routes)),
            reloaded: broadcast::channel(4).0,
        });
        let wanted = SocketAddr::new(config.bind, config.port);
        let listener = tokio::net::TcpListener::bind(wanted)
            .await
            .map_err(|e| AppError::new(ErrorCode::Io, format!("cannot listen for webhooks on {wanted}: {e}")))?;
        let addr = listener.local_addr()?;
        let stop = CancellationToken::new();
        let app = axum::Router::new()
            .route("/webhook/{*path}", axum::routing::any(webhook::handle))
            .with_state(Arc::clone(&state));
        let server = tokio::spawn(listener::serve(listener, app, config.limits, stop.clone()));
        let refresher = tokio::spawn(refresh(Arc::clone(&state), feed, stop.clone()));
        let scheduler = tokio::spawn(schedule::run(Arc::clone(&state), stop.clone()));
        tracing::info!(%addr, "serving triggers");
        Ok(TriggerService {
            addr,
            state,
            stop,
            tasks: vec![server, refresher, scheduler],
            _lock: lock,
            _changes: changes,
        })
    }

    fn take_trigger_lock(&self) -> AppResult<File> {
        let path = self.data_dir().join("triggers.lock");
        let mut file = OpenOptions::new().create(true).truncate(false).read(true).write(true).open(&path)?;
        if file.try_lock().is_err() {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            let holder = holder.trim();
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!(
                    "another NeuroFlow process{} already serves the triggers of this data directory",
                    if holder.is_empty() { String::new() } else { format!(" ({holder})") }
                ),
            ));
        }
        file.set_len(0)?;
        write!(file, "pid {}", std::process::id())?;
        Ok(file)
    }

    /// Resolves once no process serves this data directory's triggers (its lock is free) — at once
    /// when none does. The operating system wakes the waiting thread; nothing polls.
    pub async fn triggers_free(&self) -> AppResult<()> {
        let path = self.data_dir().join("triggers.lock");
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            let file = OpenOptions::new().create(true).truncate(false).read(true).write(true).open(&path)?;
            file.lock()?;
            file.unlock()
        })
        .await??;
        Ok(())
    }
}

/// Rebuilds the routes whenever the change feed says a workflow (or the list of organizations)
/// changed and the active set differs from what is served.
async fn refresh(state: Arc<ServiceState>, mut feed: broadcast::Receiver<ChangeBatch>, stop: CancellationToken) {
    loop {
        tokio::select! {
            batch = feed.recv() => match batch {
                Ok(b) if !(b.touches(ChangeModel::Workflow) || b.touches(ChangeModel::Organization)) => continue,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            },
            () = stop.cancelled() => return,
        }
        let fingerprint = match state.hub.active_fingerprint().await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(error = %e, "could not check the active workflows");
                continue;
            }
        };
        if fingerprint == state.routes().fingerprint {
            continue;
        }
        match state.hub.build_routes(fingerprint).await {
            Ok(routes) => {
                tracing::info!(
                    webhooks = routes.webhooks.len(),
                    schedules = routes.schedules.len(),
                    "triggers reloaded"
                );
                if let Ok(mut current) = state.routes.write() {
                    *current = Arc::new(routes);
                }
                let _ = state.reloaded.send(());
            }
            Err(e) => tracing::warn!(error = %e, "could not reload the triggers"),
        }
    }
}
