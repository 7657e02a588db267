//! The command line of analytics and retention, as clap reads it.

use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RangeArgs {
    /// 24h, 7d, 30d, 90d, or FROM..TO (dates like 2026-11-01, or RFC 3339 times).
    #[arg(long, default_value = "7d", value_name = "RANGE")]
    pub range: String,
    /// Only this workflow (id or name).
    #[arg(long)]
    pub workflow: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AnalyticsCommand {
    /// Runs, success rate, p50/p95/p99 duration, tokens and dollars, against the period before.
    Summary(RangeArgs),
    /// The same figures per hour (up to 7 days) or per UTC day.
    Series(RangeArgs),
    /// Figures by workflow, agent, team, provider, model, integration action or trigger.
    Breakdown {
        #[command(flatten)]
        range: RangeArgs,
        /// workflow, agent, team, provider, model, action or trigger.
        #[arg(long, default_value = "workflow")]
        by: String,
    },
    /// Failures grouped by workflow, node and message.
    Errors(RangeArgs),
    /// The runs behind a figure, newest first.
    Runs {
        #[command(flatten)]
        range: RangeArgs,
        /// completed, failed or cancelled.
        #[arg(long)]
        status: Option<String>,
        /// An error group's id (from `analytics errors`).
        #[arg(long)]
        error_group: Option<String>,
        /// Runs that called this agent (id or name).
        #[arg(long)]
        agent: Option<String>,
        /// Runs that called this provider.
        #[arg(long)]
        provider: Option<String>,
        /// Runs that called this model.
        #[arg(long)]
        model: Option<String>,
        /// Runs with a step that ran this integration action (e.g. slack.postMessage).
        #[arg(long)]
        action: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// The settings, what is stored, what a prune now would remove, and the last prune.
    Show,
    /// Change how long runs are kept (only the settings given).
    Set {
        /// Days completed runs are kept (default 90).
        #[arg(long, value_name = "DAYS")]
        completed_days: Option<u32>,
        /// Days failed and cancelled runs are kept (default 30).
        #[arg(long, value_name = "DAYS")]
        failed_days: Option<u32>,
        /// Days the log lines of finished runs are kept (default 7).
        #[arg(long, value_name = "DAYS")]
        log_days: Option<u32>,
        /// Archive what a prune removes to orgs/<id>/archives/ first.
        #[arg(long)]
        archive: Option<bool>,
    },
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Say what would go; remove nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Archive what is removed to this file (gzip JSON Lines) first.
    #[arg(long, value_name = "FILE")]
    pub archive: Option<PathBuf>,
    /// Measure ages from this moment instead of now (a date or RFC 3339 time): with --dry-run, what
    /// a prune next month would remove.
    #[arg(long, value_name = "TIME")]
    pub as_of: Option<String>,
    /// After each batch, pause this many times as long as the batch took, leaving the database to
    /// runs (the app and `neuroflow serve` prune in the background at 30).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub pace: u32,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The period's start: a date (2026-11-01), an RFC 3339 time, or an age (30d, 12h).
    #[arg(long)]
    pub since: String,
    /// The period's end (default: now), in the same forms.
    #[arg(long)]
    pub until: Option<String>,
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
}
