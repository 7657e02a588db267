//! Organizations: create, list, rename, delete. Each lives in its own SQLite file; the registry maps
//! ids to names. The organizations opened so far in this process are kept here too, each opened
//! (and migrated) once and shared.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use crate::limits::LimitsCell;
use crate::runner::RunnerLease;
use neuroflow_store::table::organizations;
use neuroflow_store::{Layout, OrgStore};
use neuroflow_types::{MemberRole, OrgId, OrgLimits, OrgProfile, Organization, Plan, User, UserId, now};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tokio::sync::OnceCell;

/// An organization's open store, its local owner (who `created_by` names on this machine), and this
/// process's runner lease on it (taken on the first run).
#[derive(Clone)]
pub(crate) struct OpenOrg {
    pub store: Arc<OrgStore>,
    pub owner: Option<UserId>,
    pub lease: Arc<OnceCell<RunnerLease>>,
    pub limits: LimitsCell,
    /// Set once the built-in templates were brought up to date in this file by this process.
    pub library: Arc<OnceCell<()>>,
}

impl OpenOrg {
    /// Opens (and migrates) an organization's file, its commits signalling the change feed; blocking.
    pub fn open(layout: &Layout, id: OrgId) -> AppResult<Self> {
        let store = OrgStore::open_signalling(&layout.org_db(id), id, Some(layout.change_signal(id)))?;
        let (owner, limits) = store.read(|c| Ok((organizations::local_owner(c, id)?, crate::limits::read(c, id)?)))?;
        let cell = LimitsCell::default();
        if limits != OrgLimits::default() {
            cell.replace(limits);
        }
        Ok(Self { store, owner, lease: Arc::default(), limits: cell, library: Arc::default() })
    }
}

/// The organizations open in this process.
#[derive(Default)]
pub(crate) struct OpenOrgs {
    open: RwLock<HashMap<OrgId, OpenOrg>>,
}

impl OpenOrgs {
    pub fn get(&self, id: OrgId) -> Option<OpenOrg> {
        self.open.read().unwrap_or_else(|e| e.into_inner()).get(&id).cloned()
    }

    /// Keeps `open` unless the organization was opened meanwhile; answers with the one kept and
    /// whether it is the one given.
    pub fn insert_if_absent(&self, id: OrgId, open: OpenOrg) -> (OpenOrg, bool) {
        let mut map = self.open.write().unwrap_or_else(|e| e.into_inner());
        let first = !map.contains_key(&id);
        (map.entry(id).or_insert(open).clone(), first)
    }

    pub fn insert(&self, id: OrgId, open: OpenOrg) {
        self.open.write().unwrap_or_else(|e| e.into_inner()).insert(id, open);
    }

    /// Forgets an organization's open store (before its files are deleted).
    pub fn remove(&self, id: OrgId) {
        self.open.write().unwrap_or_else(|e| e.into_inner()).remove(&id);
    }
}

/// The longest organization name accepted.
const MAX_NAME: usize = 100;

impl Hub {
    /// Every organization on this machine, by name.
    pub async fn list_orgs(&self) -> AppResult<Vec<Organization>> {
        self.registry_call(|r| r.list()).await
    }

    /// Creates an organization: its registry entry, its file, and the local user as its owner.
    pub async fn create_org(&self, name: &str) -> AppResult<Organization> {
        self.create_org_with_id(OrgId::new(), name).await
    }

    /// Creates an organization with a given id (a workspace organization downloaded to this machine
    /// keeps its workspace id).
    pub(crate) async fn create_org_with_id(&self, id: OrgId, name: &str) -> AppResult<Organization> {
        let name = org_name(name)?;
        let org = Organization { id, name: name.clone(), created_at: now() };
        let entry = org.clone();
        self.registry_call(move |r| r.insert(&entry)).await?;

        let layout = self.inner.layout.clone();
        let (id, created_at) = (org.id, org.created_at);
        let created = tokio::task::spawn_blocking(move || -> AppResult<OpenOrg> {
            let store = OrgStore::open_signalling(&layout.org_db(id), id, Some(layout.change_signal(id)))?;
            let owner = UserId::new();
            store.write_blocking(move |c| {
                let profile =
                    OrgProfile { id, slug: slug(&name), name, plan: Plan::Free, created_at, updated_at: created_at };
                organizations::insert_profile(c, &profile)?;
                organizations::insert_user(c, &User { id: owner, name: local_user_name(), email: None, created_at })?;
                organizations::add_member(c, id, owner, MemberRole::Owner)?;
                Ok(())
            })?;
            Ok(OpenOrg {
                store,
                owner: Some(owner),
                lease: Arc::default(),
                limits: LimitsCell::default(),
                library: Arc::default(),
            })
        })
        .await?;
        match created {
            Ok(open) => {
                self.inner.orgs.insert(org.id, open);
                tracing::info!(org = %org.id, "created organization");
                Ok(org)
            }
            Err(e) => {
                // Leave nothing half-made: no registry entry, no directory.
                let id = org.id;
                let _ = self.registry_call(move |r| r.remove(id)).await;
                let _ = std::fs::remove_dir_all(self.inner.layout.org_dir(id));
                Err(e)
            }
        }
    }

    /// Renames an organization (in the registry and in its own file).
    pub async fn rename_org(&self, id: OrgId, name: &str) -> AppResult<Organization> {
        let name = org_name(name)?;
        let open = self.org(id).await?;
        let new_name = name.clone();
        self.registry_call(move |r| r.rename(id, &new_name)).await?;
        let slug = slug(&name);
        open.store.write(move |c| organizations::rename(c, id, &name, &slug)).await?;
        self.registry_call(move |r| r.get(id)).await
    }

    /// Deletes an organization and all of its data, its secrets first: if they cannot be removed
    /// from the vault, nothing is deleted.
    pub async fn delete_org(&self, id: OrgId) -> AppResult<()> {
        self.registry_call(move |r| r.get(id)).await?;
        let names = self.org_secret_names(id).await?;
        if !names.is_empty() {
            self.vault_call(move |v| v.delete_org(id, &names)).await.map_err(|e| {
                AppError::new(
                    e.code,
                    format!("the organization was not deleted: its secrets could not be removed: {e}"),
                )
            })?;
        }
        self.inner.orgs.remove(id);
        self.registry_call(move |r| r.remove(id)).await?;
        let dir = self.inner.layout.org_dir(id);
        let _ = std::fs::remove_file(self.inner.layout.change_signal(id));
        tokio::task::spawn_blocking(move || match std::fs::remove_dir_all(&dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(AppError::from(e)),
        })
        .await?
        .map_err(|e| {
            AppError::new(e.code, format!("the organization was removed, but its files could not be deleted: {e}"))
        })?;
        tracing::info!(org = %id, "deleted organization");
        Ok(())
    }

    /// The organization's own profile (plan, slug …).
    pub async fn org_profile(&self, id: OrgId) -> AppResult<OrgProfile> {
        let open = self.org(id).await?;
        Ok(open.store.read_async(move |c| organizations::get_profile(c, id)).await?)
    }
}

fn org_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("an organization needs a name"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::invalid(format!("the organization name is longer than {MAX_NAME} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid("the organization name contains control characters"));
    }
    Ok(name.to_string())
}

/// A URL-safe form of a name: "Acme Realty, Inc." → "acme-realty-inc".
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The name of the person at this machine, for the owner of the organizations they create.
fn local_user_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "Owner".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(super::slug("Acme Realty, Inc."), "acme-realty-inc");
        assert_eq!(super::slug("  Ünïcode  Homes "), "ünïcode-homes");
    }
}
