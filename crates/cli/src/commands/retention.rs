//! `neuroflow retention show|set`, and the retention side of `neuroflow executions`: prune, export,
//! verify, import-archive, pin and unpin.

use crate::analytics_args::{ExportArgs, PruneArgs, RetentionCommand};
use crate::commands::analytics::count;
use crate::output::{Out, when};
use neuroflow_app::{AppError, AppResult, Hub, PruneOptions};
use neuroflow_types::{OrgId, PruneReport, Timestamp, now, parse_instant};
use std::path::PathBuf;

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: RetentionCommand) -> AppResult<u8> {
    match command {
        RetentionCommand::Show => {
            let status = hub.retention_status(org).await?;
            out.show(&status, |s| {
                let k = &s.settings;
                let mut lines = vec![
                    format!(
                        "Completed runs are kept {} days, failed and cancelled {} days, log lines {} days{}.",
                        k.completed_days,
                        k.failed_days,
                        k.log_days,
                        if k.archive { "; what is removed is archived first" } else { "" }
                    ),
                    format!(
                        "Stored: {} runs ({} pinned){}; the file is {:.1} MB.",
                        count(s.executions),
                        count(s.pinned),
                        s.oldest.map(|t| format!(", the oldest from {}", when(&t))).unwrap_or_default(),
                        s.file_bytes as f64 / 1e6
                    ),
                    format!(
                        "Due now: {} runs ({} kept because pinned).",
                        count(s.due.executions),
                        count(s.due.pinned_kept)
                    ),
                ];
                if let Some(last) = &s.last_prune {
                    lines.push(format!("Last prune: {}", summary(last)));
                }
                lines.join("\n")
            });
        }
        RetentionCommand::Set { completed_days, failed_days, log_days, archive } => {
            let mut settings = hub.retention_settings(org).await?;
            settings.completed_days = completed_days.unwrap_or(settings.completed_days);
            settings.failed_days = failed_days.unwrap_or(settings.failed_days);
            settings.log_days = log_days.unwrap_or(settings.log_days);
            settings.archive = archive.unwrap_or(settings.archive);
            let saved = hub.set_retention_settings(org, settings).await?;
            out.show(&saved, |k| {
                format!(
                    "Completed runs are kept {} days, failed and cancelled {} days, log lines {} days; archive {}.",
                    k.completed_days,
                    k.failed_days,
                    k.log_days,
                    if k.archive { "on" } else { "off" }
                )
            });
        }
    }
    Ok(0)
}

fn summary(r: &PruneReport) -> String {
    let at = r.started_at.as_ref().map(when).unwrap_or_default();
    let verb = if r.dry_run { "would remove" } else { "removed" };
    let mut s = format!(
        "{at} {verb} {} runs ({} steps, {} agent calls, {} team runs) and {} log lines",
        count(r.executions),
        count(r.steps),
        count(r.agent_calls),
        count(r.team_runs),
        count(r.log_lines)
    );
    if r.pinned_kept > 0 {
        s.push_str(&format!("; kept {} pinned", count(r.pinned_kept)));
    }
    if !r.dry_run {
        s.push_str(&format!("; freed {:.1} MB in {} ms", r.bytes_freed as f64 / 1e6, r.duration_ms));
    }
    if let Some(archive) = &r.archive {
        s.push_str(&format!("; archived to {archive}"));
    }
    s
}

pub async fn prune(hub: &Hub, out: Out, org: OrgId, args: PruneArgs) -> AppResult<u8> {
    let as_of = args.as_of.as_deref().map(|t| parse_instant(t).map_err(|e| AppError::invalid(format!("--as-of: {e}"))));
    let options = PruneOptions {
        dry_run: args.dry_run,
        archive_to: args.archive,
        count_logs: true,
        as_of: as_of.transpose()?,
        pace: args.pace,
        ..PruneOptions::default()
    };
    let report = hub.prune(org, options).await?;
    out.show(&report, |r| summary(r).trim_start().to_string());
    Ok(0)
}

/// A date, an RFC 3339 time, or an age before now (`30d`, `12h`).
fn instant(flag: &str, text: &str) -> AppResult<Timestamp> {
    let t = text.trim();
    let age = |unit: char, per: i64| -> Option<Timestamp> {
        let n: i64 = t.strip_suffix(unit)?.parse().ok()?;
        let secs = u64::try_from(n.checked_mul(per)?).ok()?;
        Some(now() - std::time::Duration::from_secs(secs))
    };
    age('d', 86_400)
        .or_else(|| age('h', 3_600))
        .map(Ok)
        .unwrap_or_else(|| parse_instant(t))
        .map_err(|e| AppError::invalid(format!("{flag}: {e} (or an age like 30d)")))
}

pub async fn export(hub: &Hub, out: Out, org: OrgId, args: ExportArgs) -> AppResult<u8> {
    let since = instant("--since", &args.since)?;
    let until = args.until.as_deref().map(|u| instant("--until", u)).transpose()?;
    let done = hub.audit_export(org, since, until, args.out).await?;
    out.show(&done, |d| {
        format!("Wrote {} runs to {}.\nHead: {}\nKeep the head: `neuroflow executions verify FILE --expect HEAD` proves the file unchanged.", count(d.records), d.path, d.head)
    });
    Ok(0)
}

pub async fn verify(hub: &Hub, out: Out, file: PathBuf, expect: Option<String>) -> AppResult<u8> {
    let v = hub.audit_verify(file, expect).await?;
    out.show(&v, |v| {
        if v.ok {
            format!("OK: {} runs, chain intact; head {}", count(v.records), v.head.as_deref().unwrap_or(""))
        } else {
            let mut lines = vec![format!("NOT OK: {} problems", v.problems.len())];
            lines.extend(v.problems.iter().map(|p| format!("  line {}: {}: {}", p.line, p.kind, p.message)));
            lines.join("\n")
        }
    });
    Ok(if v.ok { 0 } else { 3 })
}

pub async fn import_archive(hub: &Hub, out: Out, org: OrgId, file: PathBuf) -> AppResult<u8> {
    let done = hub.import_archive(org, file).await?;
    out.show(&done, |d| {
        let mut s = format!(
            "Imported {} runs ({} steps, {} log lines, {} agent calls, {} team runs).",
            count(d.executions),
            count(d.steps),
            count(d.log_lines),
            count(d.agent_calls),
            count(d.team_runs)
        );
        if d.already_present > 0 {
            s.push_str(&format!(" {} were already here.", count(d.already_present)));
        }
        if d.workflow_missing > 0 {
            s.push_str(&format!(" {} were left out: their workflow was deleted.", count(d.workflow_missing)));
        }
        s
    });
    Ok(0)
}

pub async fn pin(hub: &Hub, out: Out, org: OrgId, id: &str, pinned: bool) -> AppResult<u8> {
    let execution = hub.find_execution(org, id).await?.execution;
    hub.pin_execution(org, execution.id, pinned).await?;
    let word = if pinned { "Pinned" } else { "Unpinned" };
    out.show(&serde_json::json!({ "id": execution.id, "pinned": pinned }), |_| {
        format!("{word} run {} of {}.", execution.id, execution.workflow_name)
    });
    Ok(0)
}
