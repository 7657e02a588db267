//! The hub: the data directory and its registry of organizations, composed with the state each
//! feature owns — the open organization stores, the compiled workflow plans, what runs in this
//! process, the agents' busy counts, the sign-ins under way, the vault, the live event streams.
//! Each piece is a small type with private fields defined by its feature; the hub only holds them.
//! Cloning a hub is cheap and shares all of it.

use crate::agents::BusyAgents;
use crate::changes::ChangeFeed;
use crate::error::{AppError, AppResult};
use crate::integrations::SignIns;
use crate::lifecycle::Activities;
use crate::orgs::{OpenOrg, OpenOrgs};
use crate::runs::PlanCache;
use crate::vault::VaultState;
use neuroflow_store::{Layout, Registry};
use neuroflow_types::{OrgId, Organization, RunEvent};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::broadcast;

/// How many run events the live bus buffers for slow listeners.
const BUS_CAPACITY: usize = 4096;

pub(crate) struct Inner {
    pub layout: Layout,
    pub registry: Registry,
    /// What kind of process this is (`desktop`, `cli`, `serve`), recorded on its runner leases.
    pub kind: String,
    pub orgs: OpenOrgs,
    pub plans: PlanCache,
    /// Writes the records runs keep waiting (see `runs::recording`).
    pub flusher: Arc<crate::runs::Flusher>,
    pub activities: Arc<Activities>,
    pub busy: BusyAgents,
    pub sign_ins: SignIns,
    pub vault: VaultState,
    /// Every run's start and end (and, while someone listens, its steps), for live views.
    pub bus: broadcast::Sender<RunEvent>,
    /// Budgets that stopped runs and integrations that stopped working (see `notices`).
    pub notices: broadcast::Sender<crate::notices::Notice>,
    /// What changed in the data directory, whichever process changed it (see `changes`).
    pub changes: ChangeFeed,
    /// The HTTP client integrations use (shared by every run).
    pub http: reqwest::Client,
    /// The HTTP client for model calls (no overall timeout: each call has its own deadline).
    pub llm_http: reqwest::Client,
    /// Sync with the workspace: the token refresh lock, each organization's wake-up call.
    pub sync: crate::sync::SyncShared,
}

/// Every use case of the app, over one data directory.
#[derive(Clone)]
pub struct Hub {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub").field("data_dir", &self.inner.layout.data_dir()).finish()
    }
}

impl Hub {
    /// Opens the data directory, creating it and its registry if needed.
    pub fn open(data_dir: impl Into<PathBuf>) -> AppResult<Self> {
        Self::open_as(data_dir, "app")
    }

    /// Like [`Hub::open`], naming the kind of process (`desktop`, `cli`, `serve`) on its runner leases.
    pub fn open_as(data_dir: impl Into<PathBuf>, kind: &str) -> AppResult<Self> {
        let layout = Layout::new(data_dir);
        let registry = Registry::open(&layout)?;
        let vault = VaultState::open(&layout)?;
        Ok(Self {
            inner: Arc::new(Inner {
                layout,
                registry,
                kind: kind.to_string(),
                orgs: OpenOrgs::default(),
                flusher: Arc::default(),
                plans: PlanCache::default(),
                activities: Arc::default(),
                busy: BusyAgents::default(),
                sign_ins: SignIns::default(),
                vault,
                bus: broadcast::channel(BUS_CAPACITY).0,
                notices: broadcast::channel(crate::notices::CAPACITY).0,
                changes: ChangeFeed::default(),
                http: neuroflow_integrations::http::client(),
                llm_http: neuroflow_agents::provider::client(),
                sync: crate::sync::SyncShared::default(),
            }),
        })
    }

    pub fn data_dir(&self) -> &Path {
        self.inner.layout.data_dir()
    }

    /// Every run event of this process, live (for the desktop UI).
    pub fn subscribe(&self) -> broadcast::Receiver<RunEvent> {
        self.inner.bus.subscribe()
    }

    /// The open store of an organization, opening (and migrating) its file on first use.
    pub(crate) async fn org(&self, id: OrgId) -> AppResult<OpenOrg> {
        if let Some(open) = self.inner.orgs.get(id) {
            return Ok(open);
        }
        self.registry_call(move |r| r.get(id)).await?;
        let layout = self.inner.layout.clone();
        let open = tokio::task::spawn_blocking(move || OpenOrg::open(&layout, id)).await??;
        let (open, first) = self.inner.orgs.insert_if_absent(id, open);
        if first {
            // On the first use of an organization in a process, close what gone processes left. On a
            // full disk that waits for space; reading must not.
            match crate::runner::recover_store(&open.store, None).await {
                Err(e) if e.code == neuroflow_types::ErrorCode::DiskFull => {
                    tracing::warn!("interrupted work is closed once the disk has space again");
                }
                other => {
                    other?;
                }
            }
        }
        Ok(open)
    }

    /// Runs a registry call on the blocking pool.
    pub(crate) async fn registry_call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Registry) -> neuroflow_store::Result<T> + Send + 'static,
    ) -> AppResult<T> {
        let registry = self.inner.registry.clone();
        Ok(tokio::task::spawn_blocking(move || f(&registry)).await??)
    }

    /// Finds an organization by id or name; with no reference, the only organization there is.
    pub async fn resolve_org(&self, reference: Option<&str>) -> AppResult<Organization> {
        let orgs = self.list_orgs().await?;
        match reference.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => {
                orgs.iter().find(|o| o.id.to_string() == r || o.name.eq_ignore_ascii_case(r)).cloned().ok_or_else(
                    || {
                        let known: Vec<&str> = orgs.iter().map(|o| o.name.as_str()).collect();
                        let hint = if known.is_empty() {
                            "there are none yet".to_string()
                        } else {
                            format!("known: {}", known.join(", "))
                        };
                        AppError::not_found(format!("no organization has the id or name '{r}' ({hint})"))
                    },
                )
            }
            None => match orgs.as_slice() {
                [only] => Ok(only.clone()),
                [] => Err(AppError::not_found(
                    "there is no organization yet; create one first (neuroflow org create NAME)",
                )),
                many => Err(AppError::invalid(format!(
                    "there are {} organizations ({}); choose one with --org",
                    many.len(),
                    many.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ")
                ))),
            },
        }
    }
}
