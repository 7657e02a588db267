//! An organization's limits on what its runs may do (for now: how large a node's output may be),
//! kept in its settings. They are read on every run, so each process keeps them with the open
//! organization and reads them again when the change feed says they changed elsewhere.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::organizations;
use neuroflow_types::{OrgId, OrgLimits};
use std::sync::{Arc, RwLock};

/// The settings key they are kept under.
pub(crate) const SETTING: &str = "limits";

/// An open organization's limits, shared by its runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct LimitsCell(Arc<RwLock<OrgLimits>>);

impl LimitsCell {
    pub fn get(&self) -> OrgLimits {
        *self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn replace(&self, limits: OrgLimits) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = limits;
    }
}

/// Reads the limits from an organization's settings (the defaults when none are saved).
pub(crate) fn read(conn: &neuroflow_store::Connection, org: OrgId) -> neuroflow_store::Result<OrgLimits> {
    Ok(organizations::get_setting(conn, org, SETTING)?
        .and_then(|s| serde_json::from_value(s.value).ok())
        .unwrap_or_default())
}

impl Hub {
    pub async fn org_limits(&self, org: OrgId) -> AppResult<OrgLimits> {
        Ok(self.org(org).await?.limits.get())
    }

    /// Saves new limits; runs started from now on use them (in other processes too, through the
    /// change feed).
    pub async fn set_org_limits(&self, org: OrgId, limits: OrgLimits) -> AppResult<OrgLimits> {
        self.require(org, crate::sync::Permission::ManageSettings).await?;
        if limits.node_output_bytes < 1024 || limits.node_output_bytes > OrgLimits::MAX_NODE_OUTPUT_BYTES {
            return Err(AppError::invalid(format!(
                "nodeOutputBytes: must be from 1024 to {} bytes",
                OrgLimits::MAX_NODE_OUTPUT_BYTES
            )));
        }
        let open = self.org(org).await?;
        let value = serde_json::to_value(limits).map_err(|e| AppError::internal(e.to_string()))?;
        open.store.write(move |c| organizations::put_setting(c, org, SETTING, &value)).await?;
        open.limits.replace(limits);
        Ok(limits)
    }

    /// Reads an organization's limits again (another process changed them).
    pub(crate) async fn reload_limits(&self, org: OrgId) {
        let Ok(open) = self.org(org).await else { return };
        match open.store.read_async(move |c| read(c, org)).await {
            Ok(limits) => open.limits.replace(limits),
            Err(e) => tracing::warn!(%org, error = %e, "could not read the organization's limits"),
        }
    }
}
