//! Retention: how long an organization keeps the records of its runs, what a prune removed, the
//! archive a prune may write first, and the audit export with its hash chain.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

/// How long records are kept, per organization. Rollups (analytics) are kept regardless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RetentionSettings {
    /// Completed runs (with their steps, logs, agent calls and team runs), in days.
    pub completed_days: u32,
    /// Failed and cancelled runs, in days.
    pub failed_days: u32,
    /// The log lines of every finished run, in days (the run and its steps stay).
    pub log_days: u32,
    /// Write what a prune removes to a compressed archive first (`orgs/<id>/archives/`).
    pub archive: bool,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self { completed_days: 90, failed_days: 30, log_days: 7, archive: false }
    }
}

impl RetentionSettings {
    /// The longest any setting may be: 100 years.
    pub const MAX_DAYS: u32 = 36_500;

    /// Checks the settings; the error names the setting and the allowed values.
    pub fn check(&self) -> Result<(), String> {
        for (name, days) in
            [("completedDays", self.completed_days), ("failedDays", self.failed_days), ("logDays", self.log_days)]
        {
            if days == 0 || days > Self::MAX_DAYS {
                return Err(format!("{name} must be between 1 and {} days (it is {days})", Self::MAX_DAYS));
            }
        }
        Ok(())
    }
}

/// What a prune removed (or, for a dry run, would remove).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PruneReport {
    pub dry_run: bool,
    pub started_at: Option<Timestamp>,
    /// Runs removed, with their steps, agent calls and team runs.
    pub executions: i64,
    pub steps: i64,
    pub agent_calls: i64,
    pub team_runs: i64,
    /// Log lines removed from runs that are kept.
    pub log_lines: i64,
    /// Runs past their time but kept because they are pinned.
    pub pinned_kept: i64,
    /// Where the removed runs were archived.
    pub archive: Option<String>,
    /// Bytes given back to the file system.
    pub bytes_freed: i64,
    pub duration_ms: i64,
}

/// Retention at a glance: the settings, what is stored, and the last prune.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RetentionStatus {
    pub settings: RetentionSettings,
    pub executions: i64,
    pub pinned: i64,
    pub oldest: Option<Timestamp>,
    /// The organization's file, in bytes.
    pub file_bytes: i64,
    /// What a prune now would remove.
    pub due: PruneReport,
    pub last_prune: Option<PruneReport>,
}

/// What an archive brought back.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveImport {
    pub executions: i64,
    pub steps: i64,
    pub log_lines: i64,
    pub agent_calls: i64,
    pub team_runs: i64,
    /// Runs already in the store.
    pub already_present: i64,
    /// Runs whose workflow no longer exists (they cannot be stored without it).
    pub workflow_missing: i64,
}

/// An audit export written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditExport {
    pub path: String,
    pub records: i64,
    /// The hash of the last record: keep it to prove later that the file is the one exported.
    pub head: String,
}

/// One thing wrong with an audit file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditProblem {
    /// The line (1-based) where it shows.
    pub line: i64,
    /// `edited`, `removed`, `reordered`, `inserted`, `truncated`, `malformed` or `head`.
    pub kind: String,
    pub message: String,
}

/// The result of checking an audit file's hash chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    pub ok: bool,
    pub records: i64,
    pub head: Option<String>,
    pub problems: Vec<AuditProblem>,
}
