//! The numbers on the dashboard: what there is, what ran today, and what it cost this month.

use crate::error::AppResult;
use crate::hub::Hub;
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
                let count = |sql: &str, params: &[&dyn neuroflow_store::ToSql]| -> neuroflow_store::Result<i64> {
                    Ok(c.prepare_cached(sql)?.query_row(params, |r| r.get(0))?)
                };
                let o = org.to_string();
                Ok(OrgStats {
                    workflows: count("SELECT count(*) FROM automation_workflows WHERE organization_id = ?", &[&o])?,
                    active_workflows: count(
                        "SELECT count(*) FROM automation_workflows WHERE organization_id = ? AND is_active = 1",
                        &[&o],
                    )?,
                    runs_today: count(
                        "SELECT count(*) FROM workflow_executions WHERE organization_id = ? AND started_at >= ?",
                        &[&o, &day],
                    )?,
                    failed_today: count(
                        "SELECT count(*) FROM workflow_executions WHERE organization_id = ? AND started_at >= ?
                         AND status = 'FAILED'",
                        &[&o, &day],
                    )?,
                    cost_month_micros: count(
                        "SELECT coalesce(sum(cost), 0) FROM workflow_executions WHERE organization_id = ?
                         AND started_at >= ? AND parent_execution_id IS NULL",
                        &[&o, &month],
                    )?,
                    tokens_month: count(
                        "SELECT coalesce(sum(tokens_used), 0) FROM workflow_executions WHERE organization_id = ?
                         AND started_at >= ? AND parent_execution_id IS NULL",
                        &[&o, &month],
                    )?,
                })
            })
            .await?)
    }
}

/// The start of today and of this month (UTC), in the stored text form.
fn boundaries(at: Timestamp) -> (String, String) {
    let day = at.format("%Y-%m-%dT00:00:00.000Z").to_string();
    let month = at.format("%Y-%m-01T00:00:00.000Z").to_string();
    (day, month)
}
