//! The dashboard: today's runs, failures and spend (from the rollups, since local midnight), what
//! runs now, the latest failures and this week's most expensive workflows. The desktop reloads it on
//! every execution change, its own or another process's, so it must stay cheap: a handful of index
//! reads whatever the size of the store.

use super::figures::{hour_of, time_of_hour};
use crate::error::AppResult;
use crate::hub::Hub;
use neuroflow_store::table::{executions, workflows};
use neuroflow_types::{
    AnalyticsQuery, BreakdownBy, Dashboard, DashboardQuery, ExecutionStatus, OrgId, TimeRange, Timestamp, now,
};

/// How many recent failures and top costs the dashboard lists.
const LISTED: usize = 5;

/// The hour local midnight falls in, in hours since the epoch, for a UTC offset in minutes.
pub(crate) fn local_midnight_hour(at: Timestamp, utc_offset_minutes: i32) -> i64 {
    let offset_ms = i64::from(utc_offset_minutes) * 60_000;
    let local_ms = at.timestamp_millis() + offset_ms;
    let midnight_local = local_ms.div_euclid(86_400_000) * 86_400_000;
    (midnight_local - offset_ms).div_euclid(3_600_000)
}

impl Hub {
    /// The dashboard's figures; "today" begins at local midnight for the offset given.
    pub async fn dashboard(&self, org: OrgId, query: DashboardQuery) -> AppResult<Dashboard> {
        let at = now();
        let since = local_midnight_hour(at, query.utc_offset_minutes);
        let range = neuroflow_store::table::analytics::HourRange { from: since, to: hour_of(&at) + 1 };
        let open = self.org(org).await?;
        let oid = org.to_string();
        let (counts, today, running, recent_failures) = open
            .store
            .read_async(move |c| {
                Ok((
                    workflows::counts(c, org)?,
                    super::figures_in(c, &oid, range, None)?,
                    executions::count_open(c, org)?,
                    executions::latest_with_status(c, org, ExecutionStatus::Failed, LISTED as u32)?,
                ))
            })
            .await?;
        let week = self
            .analytics_breakdown(
                org,
                AnalyticsQuery { range: TimeRange::Last7Days, workflow_id: None },
                BreakdownBy::Workflow,
            )
            .await?;
        let top_costs = week.rows.into_iter().filter(|r| r.cost_micros > 0).take(LISTED).collect();
        Ok(Dashboard {
            workflows: counts.0,
            active_workflows: counts.1,
            since: time_of_hour(since),
            today,
            running,
            recent_failures,
            top_costs_since: week.window.from,
            top_costs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuroflow_types::parse_timestamp;

    #[test]
    fn today_starts_at_local_midnight() {
        let at = parse_timestamp("2026-11-22T03:30:00Z").unwrap();
        let hour = |t: &str| parse_timestamp(t).unwrap().timestamp() / 3600;
        assert_eq!(local_midnight_hour(at, 0), hour("2026-11-22T00:00:00Z"));
        // New York (UTC-5): it is still the 21st there, which began at 05:00 UTC.
        assert_eq!(local_midnight_hour(at, -300), hour("2026-11-21T05:00:00Z"));
        // Tokyo (UTC+9): the 22nd began at 15:00 UTC on the 21st.
        assert_eq!(local_midnight_hour(at, 540), hour("2026-11-21T15:00:00Z"));
        // India (UTC+5:30): midnight at 18:30 UTC, rounded down to the hour.
        assert_eq!(local_midnight_hour(at, 330), hour("2026-11-21T18:00:00Z"));
    }
}
