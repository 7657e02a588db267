//! The hub: the data directory, its registry of organizations, the organization stores opened so
//! far (each opened once per process and shared), and what runs in this process. Cloning a hub is
//! cheap and shares all of it.

use crate::error::{AppError, AppResult};
use crate::integrations::SignIn;
use crate::runner::RunnerLease;
use crate::vault::{PassphraseSource, VaultSlot};
use neuroflow_integrations::IntegrationExecutor;
use neuroflow_store::{Layout, OrgStore, Registry};
use neuroflow_types::{
    AgentExecutionId, AgentId, ExecutionId, IntegrationId, OrgId, Organization, RunEvent, TeamExecutionId, UserId,
    WorkflowId,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::{OnceCell, broadcast};
use tokio_util::sync::CancellationToken;

/// How many run events the live bus buffers for slow listeners.
const BUS_CAPACITY: usize = 4096;
/// Compiled plans kept before the cache starts over.
const PLAN_CACHE_LIMIT: usize = 512;

/// An organization's open store, its local owner (who `created_by` names on this machine), and this
/// process's runner lease on it (taken on the first run).
#[derive(Clone)]
pub(crate) struct OpenOrg {
    pub store: Arc<OrgStore>,
    pub owner: Option<UserId>,
    pub lease: Arc<OnceCell<RunnerLease>>,
}

pub(crate) struct Inner {
    pub layout: Layout,
    pub registry: Registry,
    /// What kind of process this is (`desktop`, `cli`, `serve`), recorded on its runner leases.
    pub kind: String,
    open: RwLock<HashMap<OrgId, OpenOrg>>,
    prepared: Mutex<HashMap<(WorkflowId, i64), Arc<crate::runs::Prepared>>>,
    pub running: Mutex<HashMap<ExecutionId, CancellationToken>>,
    pub bus: broadcast::Sender<RunEvent>,
    /// The integration executor (its HTTP client is shared by every run).
    pub integrations: Arc<IntegrationExecutor>,
    pub vault: RwLock<VaultSlot>,
    pub passphrase_source: RwLock<Option<PassphraseSource>>,
    pub sign_ins: Mutex<HashMap<IntegrationId, SignIn>>,
    /// The HTTP client for model calls (no overall timeout: each call has its own deadline).
    pub llm_http: reqwest::Client,
    /// Agent calls in progress, to cancel them.
    pub calls: Mutex<HashMap<AgentExecutionId, CancellationToken>>,
    /// Team runs in progress, to cancel them.
    pub team_runs: Mutex<HashMap<TeamExecutionId, CancellationToken>>,
    /// How many calls each agent has in progress (BUSY while any).
    pub busy: Mutex<HashMap<AgentId, usize>>,
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
        let (bus, _) = broadcast::channel(BUS_CAPACITY);
        let vault = crate::vault::open_vault(&layout)?;
        Ok(Self {
            inner: Arc::new(Inner {
                layout,
                registry,
                kind: kind.to_string(),
                open: RwLock::new(HashMap::new()),
                prepared: Mutex::new(HashMap::new()),
                running: Mutex::new(HashMap::new()),
                bus,
                integrations: Arc::new(IntegrationExecutor::new()),
                vault: RwLock::new(vault),
                passphrase_source: RwLock::new(None),
                sign_ins: Mutex::new(HashMap::new()),
                llm_http: neuroflow_agents::provider::client(),
                calls: Mutex::new(HashMap::new()),
                busy: Mutex::new(HashMap::new()),
                team_runs: Mutex::new(HashMap::new()),
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
        if let Some(open) = self.inner.open.read().map_err(|_| poisoned())?.get(&id) {
            return Ok(open.clone());
        }
        self.registry_call(move |r| r.get(id)).await?;
        let path = self.inner.layout.org_db(id);
        let open = tokio::task::spawn_blocking(move || -> AppResult<OpenOrg> {
            let store = OrgStore::open(&path, id)?;
            let owner = store.read(|c| neuroflow_store::table::organizations::local_owner(c, id))?;
            Ok(OpenOrg { store, owner, lease: Arc::new(OnceCell::new()) })
        })
        .await??;
        let (open, first) = {
            let mut map = self.inner.open.write().map_err(|_| poisoned())?;
            let first = !map.contains_key(&id);
            (map.entry(id).or_insert(open).clone(), first)
        };
        if first {
            // On the first use of an organization in a process, close what gone processes left.
            crate::runner::recover_store(&open.store, None).await?;
        }
        Ok(open)
    }

    /// Forgets an organization's open store (before its files are deleted).
    pub(crate) fn close_org(&self, id: OrgId) -> AppResult<()> {
        self.inner.open.write().map_err(|_| poisoned())?.remove(&id);
        Ok(())
    }

    pub(crate) fn remember(&self, id: OrgId, open: OpenOrg) -> AppResult<()> {
        self.inner.open.write().map_err(|_| poisoned())?.insert(id, open);
        Ok(())
    }

    /// A workflow version prepared to run, compiled once per process.
    pub(crate) fn cached_prepared(
        &self,
        key: (WorkflowId, i64),
        prepare: impl FnOnce() -> AppResult<crate::runs::Prepared>,
    ) -> AppResult<Arc<crate::runs::Prepared>> {
        if let Some(prepared) = self.inner.prepared.lock().map_err(|_| poisoned())?.get(&key) {
            return Ok(Arc::clone(prepared));
        }
        let prepared = Arc::new(prepare()?);
        let mut cache = self.inner.prepared.lock().map_err(|_| poisoned())?;
        if cache.len() >= PLAN_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&prepared));
        Ok(prepared)
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

pub(crate) fn poisoned() -> AppError {
    AppError::internal("the hub's lock was poisoned")
}
