//! The numbers on the dashboard: what there is, what ran today, and what it cost this month.

use crate::error::AppResult;
use crate::hub::Hub;
use chrono::Datelike;
use neuroflow_store::table::{executions, workflows};
use neuroflow_types::{OrgId, Timestamp, now};
use serde::{Deserialize, Serialize};

/// An organization at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgStats {
    pub workflows: i64,
    pub active_workflows: i64,
    pub runs_today: i64,
    pub failed_today: i64,
    /// Micro-dollars spent on AI this calendar month (UTC).
    pub cost_month_micros: i64,
    pub tokens_month: i64,
}

impl Hub {
    /// Counts for the dashboard; "today" and "this month" are in UTC.
    pub async fn org_stats(&self, org: OrgId) -> AppResult<OrgStats> {
        let open = self.org(org).await?;
        let (day, month) = boundaries(now());
        Ok(open
            .store
            .read_async(move |c| {
                let (workflows, active_workflows) = workflows::counts(c, org)?;
                let (runs_today, failed_today) = executions::started_since(c, org, &day)?;
                let (cost_month_micros, tokens_month) = executions::spent_since(c, org, &month)?;
                Ok(OrgStats { workflows, active_workflows, runs_today, failed_today, cost_month_micros, tokens_month })
            })
            .await?)
    }
}

/// Runs started today (UTC) in every organization, and how many of them failed: the tray's line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TodayCounts {
    pub runs: i64,
    pub failed: i64,
}

impl Hub {
    /// Today's runs and failures summed over every organization (the same counts as each dashboard).
    pub async fn today_everywhere(&self) -> AppResult<TodayCounts> {
        let mut total = TodayCounts::default();
        for org in self.list_orgs().await? {
            let stats = self.org_stats(org.id).await?;
            total.runs += stats.runs_today;
            total.failed += stats.failed_today;
        }
        Ok(total)
    }
}

/// The start of today and of this month (UTC).
fn boundaries(at: Timestamp) -> (Timestamp, Timestamp) {
    let midnight = at.date_naive().and_time(chrono::NaiveTime::MIN).and_utc();
    let first = midnight.with_day(1).unwrap_or(midnight);
    (midnight, first)
}
