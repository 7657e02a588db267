//! Retention: how long an organization keeps the records of its runs, and keeping the store from
//! growing without bound — settings per organization, pinned runs, pruning in small paced batches (in
//! the background of the desktop app and `neuroflow serve`, and on demand), an optional compressed
//! archive of what a prune removes (read back with `import_archive`), and an audit export whose hash
//! chain shows any edited, removed or reordered record. Rollups are never pruned: analytics outlive
//! the records they were counted from.

mod archive;
mod audit;
mod background;
mod prune;

pub use background::{BACKGROUND_PACE, RetentionTask};
pub use prune::PruneOptions;

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::{executions, organizations, retention};
use neuroflow_types::{ExecutionId, OrgId, PruneReport, RetentionSettings, RetentionStatus, parse_timestamp};

/// The settings keys: the retention settings, and the report of the last prune.
const SETTING: &str = "retention";
const LAST_PRUNE: &str = "retention.lastPrune";

fn read_settings(conn: &neuroflow_store::Connection, org: OrgId) -> neuroflow_store::Result<RetentionSettings> {
    Ok(organizations::get_setting(conn, org, SETTING)?
        .and_then(|s| serde_json::from_value(s.value).ok())
        .unwrap_or_default())
}

impl Hub {
    pub async fn retention_settings(&self, org: OrgId) -> AppResult<RetentionSettings> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| read_settings(c, org)).await?)
    }

    /// Saves an organization's retention; the next prune (in any process) uses it.
    pub async fn set_retention_settings(
        &self,
        org: OrgId,
        settings: RetentionSettings,
    ) -> AppResult<RetentionSettings> {
        settings.check().map_err(AppError::invalid)?;
        let open = self.org(org).await?;
        let value = serde_json::to_value(settings).map_err(|e| AppError::internal(e.to_string()))?;
        open.store.write(move |c| organizations::put_setting(c, org, SETTING, &value)).await?;
        Ok(settings)
    }

    /// The settings, what is stored, what a prune now would remove, and the last prune.
    pub async fn retention_status(&self, org: OrgId) -> AppResult<RetentionStatus> {
        let open = self.org(org).await?;
        let path = open.store.path().to_path_buf();
        let oid = org.to_string();
        let (settings, (executions, pinned, oldest), last) = open
            .store
            .read_async(move |c| {
                let last = organizations::get_setting(c, org, LAST_PRUNE)?
                    .and_then(|s| serde_json::from_value::<PruneReport>(s.value).ok());
                Ok((read_settings(c, org)?, retention::stored(c, &oid)?, last))
            })
            .await?;
        let due = self.prune(org, PruneOptions { dry_run: true, ..PruneOptions::default() }).await?;
        let file_bytes = ["", "-wal"]
            .iter()
            .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
            .map(|m| m.len() as i64)
            .sum();
        Ok(RetentionStatus {
            settings,
            executions,
            pinned,
            oldest: oldest.and_then(|t| parse_timestamp(&t).ok()),
            file_bytes,
            due,
            last_prune: last,
        })
    }

    /// Pins a run so retention keeps it (with the runs it is part of and contains), or unpins it.
    pub async fn pin_execution(&self, org: OrgId, id: ExecutionId, pinned: bool) -> AppResult<()> {
        let open = self.org(org).await?;
        Ok(open.store.write(move |c| executions::set_pinned(c, org, id, pinned)).await?)
    }
}
