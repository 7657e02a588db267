//! The hub: the data directory, its registry of organizations, and the organization stores opened
//! so far (each opened once per process and shared).

use crate::error::{AppError, AppResult};
use neuroflow_store::{Layout, OrgStore, Registry};
use neuroflow_types::{OrgId, Organization, UserId};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// An organization's open store and its local owner (who `created_by` names on this machine).
#[derive(Clone)]
pub(crate) struct OpenOrg {
    pub store: Arc<OrgStore>,
    pub owner: Option<UserId>,
}

/// Every use case of the app, over one data directory.
pub struct Hub {
    pub(crate) layout: Layout,
    pub(crate) registry: Registry,
    open: RwLock<HashMap<OrgId, OpenOrg>>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("data_dir", &self.layout.data_dir())
            .finish()
    }
}

impl Hub {
    /// Opens the data directory, creating it and its registry if needed.
    pub fn open(data_dir: impl Into<PathBuf>) -> AppResult<Self> {
        let layout = Layout::new(data_dir);
        let registry = Registry::open(&layout)?;
        Ok(Self {
            layout,
            registry,
            open: RwLock::new(HashMap::new()),
        })
    }

    pub fn data_dir(&self) -> &Path {
        self.layout.data_dir()
    }

    /// The open store of an organization, opening (and migrating) its file on first use.
    pub(crate) async fn org(&self, id: OrgId) -> AppResult<OpenOrg> {
        if let Some(open) = self.open.read().map_err(|_| poisoned())?.get(&id) {
            return Ok(open.clone());
        }
        self.registry_call(move |r| r.get(id)).await?;
        let path = self.layout.org_db(id);
        let open = tokio::task::spawn_blocking(move || -> AppResult<OpenOrg> {
            let store = OrgStore::open(&path, id)?;
            let owner =
                store.read(|c| neuroflow_store::table::organizations::local_owner(c, id))?;
            Ok(OpenOrg { store, owner })
        })
        .await??;
        let mut map = self.open.write().map_err(|_| poisoned())?;
        Ok(map.entry(id).or_insert(open).clone())
    }

    /// Forgets an organization's open store (before its files are deleted).
    pub(crate) fn close_org(&self, id: OrgId) -> AppResult<()> {
        self.open.write().map_err(|_| poisoned())?.remove(&id);
        Ok(())
    }

    pub(crate) fn remember(&self, id: OrgId, open: OpenOrg) -> AppResult<()> {
        self.open.write().map_err(|_| poisoned())?.insert(id, open);
        Ok(())
    }

    /// Runs a registry call on the blocking pool.
    pub(crate) async fn registry_call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Registry) -> neuroflow_store::Result<T> + Send + 'static,
    ) -> AppResult<T> {
        let registry = self.registry.clone();
        Ok(tokio::task::spawn_blocking(move || f(&registry)).await??)
    }

    /// Finds an organization by id or name; with no reference, the only organization there is.
    pub async fn resolve_org(&self, reference: Option<&str>) -> AppResult<Organization> {
        let orgs = self.list_orgs().await?;
        match reference.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => orgs
                .iter()
                .find(|o| o.id.to_string() == r || o.name.eq_ignore_ascii_case(r))
                .cloned()
                .ok_or_else(|| {
                    let known: Vec<&str> = orgs.iter().map(|o| o.name.as_str()).collect();
                    let hint = if known.is_empty() {
                        "there are none yet".to_string()
                    } else {
                        format!("known: {}", known.join(", "))
                    };
                    AppError::not_found(format!(
                        "no organization has the id or name '{r}' ({hint})"
                    ))
                }),
            None => match orgs.as_slice() {
                [only] => Ok(only.clone()),
                [] => Err(AppError::not_found(
                    "there is no organization yet; create one first (neuroflow org create NAME)",
                )),
                many => Err(AppError::invalid(format!(
                    "there are {} organizations ({}); choose one with --org",
                    many.len(),
                    many.iter()
                        .map(|o| o.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
            },
        }
    }
}

fn poisoned() -> AppError {
    AppError::internal("the hub's lock was poisoned")
}
