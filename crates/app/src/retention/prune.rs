//! A prune: the runs past their time removed in batches (archived first when asked), then the old log
//! lines of runs that stay, then the freed pages given back to the file system.
//!
//! Each batch is picked on a reader and removed in one short write, so the writer — which every run
//! needs — is never held for more than one batch; with a `pace`, each batch is followed by a pause
//! that many times as long as the batch took (picking, archiving and removing it), which bounds the
//! share of the writer, and of the processor, a background prune takes (the desktop app and
//! `neuroflow serve` prune at pace 30: at most 1/31 of either). On two cores the reads compete with
//! runs as much as the write does, so the pause counts them too. One
//! process prunes an organization at a time (`orgs/<id>/retention.lock`); a second is told so.

use super::archive::ArchiveWriter;
use super::{LAST_PRUNE, read_settings};
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::organizations;
use neuroflow_store::table::retention::{self, Cutoffs};
use neuroflow_types::{ErrorCode, OrgId, PruneReport, format_timestamp, now};
use std::fs::{File, OpenOptions};
use std::path::PathBuf;
use std::time::Instant;

/// Pages given back per write (8 MiB of 4 KiB pages).
const VACUUM_PAGES: i64 = 2_000;

/// How to prune.
#[derive(Debug, Clone)]
pub struct PruneOptions {
    /// Count what would go; remove nothing.
    pub dry_run: bool,
    /// Archive what is removed to this file (by default: to `orgs/<id>/archives/` when the settings say so).
    pub archive_to: Option<PathBuf>,
    /// After each batch, pause this many times as long as the batch took (0: no pause).
    pub pace: u32,
    /// Runs (or runs' logs) per batch.
    pub batch: usize,
    /// In a dry run, count the log lines that would go too (reads every old log line).
    pub count_logs: bool,
    /// The moment ages are measured from (default: now) — "what would a prune next week remove?".
    pub as_of: Option<neuroflow_types::Timestamp>,
}

impl Default for PruneOptions {
    fn default() -> Self {
        Self { dry_run: false, archive_to: None, pace: 0, batch: 500, count_logs: false, as_of: None }
    }
}

/// Holds the organization's prune lock while a prune runs.
struct PruneLock(File);

impl PruneLock {
    fn take(dir: &std::path::Path) -> AppResult<Self> {
        std::fs::create_dir_all(dir)?;
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(dir.join("retention.lock"))?;
        match file.try_lock() {
            Ok(()) => Ok(Self(file)),
            Err(_) => Err(AppError::new(
                ErrorCode::Conflict,
                "a prune of this organization is already under way in another NeuroFlow process",
            )),
        }
    }
}

impl Drop for PruneLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// Copies what the WAL holds into the file without waiting on anyone. After each batch of a paced
/// prune, so the prune pays for moving its own pages (inside its measured time, which its pause
/// follows) instead of the next run's commit, which would otherwise checkpoint them.
async fn checkpoint(store: &std::sync::Arc<neuroflow_store::OrgStore>) -> AppResult<()> {
    store
        .read_async(|conn| {
            let _: (i64, i64, i64) =
                conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// After a batch of a paced prune: checkpoint its pages, then pause `pace` times as long as the
/// batch took from `started` (no pause and no checkpoint at pace 0).
async fn after_batch(store: &std::sync::Arc<neuroflow_store::OrgStore>, pace: u32, started: Instant) -> AppResult<()> {
    if pace > 0 {
        checkpoint(store).await?;
        tokio::time::sleep(started.elapsed() * pace).await;
    }
    Ok(())
}

impl Hub {
    /// Prunes an organization by its retention settings (or counts what would go, with `dry_run`).
    pub async fn prune(&self, org: OrgId, options: PruneOptions) -> AppResult<PruneReport> {
        let clock = Instant::now();
        let open = self.org(org).await?;
        let store = open.store.clone();
        let settings = store.read_async(move |c| read_settings(c, org)).await?;
        let started_at = now();
        let as_of = options.as_of.unwrap_or(started_at);
        let cut = |days: u32| format_timestamp(&(as_of - chrono::Duration::days(i64::from(days))));
        let cutoffs = Cutoffs {
            completed: cut(settings.completed_days),
            failed: cut(settings.failed_days),
            logs: cut(settings.log_days),
        };
        let logs_before_id =
            retention::id_floor((as_of - chrono::Duration::days(i64::from(settings.log_days))).timestamp_millis());
        let oid = org.to_string();
        let mut report = PruneReport { dry_run: options.dry_run, started_at: Some(started_at), ..Default::default() };

        if options.dry_run {
            let (c, o, count_logs, b) = (cutoffs.clone(), oid.clone(), options.count_logs, logs_before_id.clone());
            let ((due, pinned), logs) = store
                .read_async(move |conn| {
                    let logs = if count_logs { retention::count_logs_due(conn, &b, &c.logs)? } else { 0 };
                    Ok((retention::count_due(conn, &o, &c)?, logs))
                })
                .await?;
            (report.executions, report.pinned_kept, report.log_lines) = (due, pinned, logs);
            report.duration_ms = clock.elapsed().as_millis() as i64;
            return Ok(report);
        }

        let org_dir = store.path().parent().map(PathBuf::from).unwrap_or_default();
        let _lock = PruneLock::take(&org_dir)?;
        let archive_path = options.archive_to.clone().or_else(|| {
            settings.archive.then(|| {
                org_dir.join("archives").join(format!("runs-{}.jsonl.gz", started_at.format("%Y%m%dT%H%M%SZ")))
            })
        });
        let mut archive: Option<ArchiveWriter> = None;

        loop {
            let batch_started = Instant::now();
            let (o, c, batch) = (oid.clone(), cutoffs.clone(), options.batch);
            let due = store.read_async(move |conn| retention::due(conn, &o, &c, batch)).await?;
            if due.is_empty() {
                break;
            }
            if let Some(path) = &archive_path {
                let writer = match archive.take() {
                    Some(w) => w,
                    None => ArchiveWriter::create(path.clone(), org).await?,
                };
                let (o, c, ids) = (oid.clone(), cutoffs.clone(), due.clone());
                let records = store
                    .read_async(move |conn| {
                        let all = retention::expand(conn, &o, &ids, &c)?;
                        neuroflow_store::table::records::read_runs(conn, &all)
                    })
                    .await?;
                archive = Some(writer.append(records).await?);
            }
            let (o, c) = (oid.clone(), cutoffs.clone());
            let removed = store.write(move |conn| retention::remove(conn, &o, &due, &c)).await?;
            report.executions += removed.executions;
            report.steps += removed.steps;
            report.agent_calls += removed.agent_calls;
            report.team_runs += removed.team_runs;
            report.log_lines += removed.log_lines;
            after_batch(&store, options.pace, batch_started).await?;
        }
        report.archive = archive.map(|a| a.path().display().to_string());

        let mut after = String::new();
        loop {
            let batch_started = Instant::now();
            let (a, b, l, batch) = (after.clone(), logs_before_id.clone(), cutoffs.logs.clone(), options.batch);
            let (due, last) = store.read_async(move |conn| retention::logs_due(conn, &a, &b, &l, batch)).await?;
            if !due.is_empty() {
                report.log_lines += store.write(move |conn| retention::remove_logs(conn, &due)).await?;
            }
            after_batch(&store, options.pace, batch_started).await?;
            match last {
                Some(last) => after = last,
                None => break,
            }
        }

        let (o, c) = (oid.clone(), cutoffs.clone());
        report.pinned_kept = store.read_async(move |conn| retention::count_due(conn, &o, &c)).await?.1;
        let (_, page_size) = store.read_async(retention::free_pages).await?;
        loop {
            let write = Instant::now();
            let freed = store.write(|conn| retention::vacuum_step(conn, VACUUM_PAGES)).await?;
            report.bytes_freed += freed * page_size;
            after_batch(&store, options.pace, write).await?;
            if freed < VACUUM_PAGES {
                break;
            }
        }
        // Copy what the vacuum changed into the file, so it shrinks.
        checkpoint(&store).await?;
        report.duration_ms = clock.elapsed().as_millis() as i64;
        let value = serde_json::to_value(&report).map_err(|e| AppError::internal(e.to_string()))?;
        store.write(move |conn| organizations::put_setting(conn, org, LAST_PRUNE, &value)).await?;
        if report.executions > 0 || report.log_lines > 0 {
            tracing::info!(%org, executions = report.executions, log_lines = report.log_lines, "pruned old runs");
        }
        Ok(report)
    }
}
