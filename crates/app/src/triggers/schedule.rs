//! Schedule triggers: cron expressions in a time zone (the machine's own when none is given). A
//! tick missed while the machine slept fires once when it wakes, not once per missed tick: after a
//! run, the next time is computed from now.

use super::ServiceState;
use crate::runs::{Lineage, RunOptions};
use chrono::{DateTime, Local, Utc};
use neuroflow_types::{TriggerKind, WorkflowId};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often the scheduler looks at the clock.
const TICK: Duration = Duration::from_secs(1);

/// The next time a cron expression fires after `after`, in its time zone.
pub fn next_fire(cron: &str, timezone: Option<&str>, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let cron = neuroflow_engine::spec::parse_cron(cron).ok()?;
    match timezone.and_then(|tz| tz.parse::<chrono_tz::Tz>().ok()) {
        Some(tz) => cron.find_next_occurrence(&after.with_timezone(&tz), false).ok().map(|t| t.with_timezone(&Utc)),
        None => cron.find_next_occurrence(&after.with_timezone(&Local), false).ok().map(|t| t.with_timezone(&Utc)),
    }
}

pub(crate) async fn run(state: Arc<ServiceState>, stop: CancellationToken) {
    let mut due: HashMap<(WorkflowId, i64, String), DateTime<Utc>> = HashMap::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            () = stop.cancelled() => return,
        }
        let routes = state.routes();
        let now = Utc::now();
        let mut seen = Vec::with_capacity(routes.schedules.len());
        for entry in &routes.schedules {
            let key = (entry.workflow.id, entry.workflow.version, entry.trigger_node.clone());
            seen.push(key.clone());
            let Some(&when) = due.get(&key) else {
                if let Some(next) = next_fire(&entry.cron, entry.timezone.as_deref(), now) {
                    due.insert(key, next);
                }
                continue;
            };
            if when > now {
                continue;
            }
            // Due (or overdue after a sleep): run once, then look forward from now.
            let options = RunOptions {
                input: json!({ "scheduledAt": when, "firedAt": now }),
                trigger_node: Some(entry.trigger_node.clone()),
                trigger: TriggerKind::Schedule,
                listen: false,
            };
            match state.hub.start_prepared(entry.org, Arc::clone(&entry.workflow), options, Lineage::default()).await {
                Ok(handle) => {
                    tracing::info!(workflow = %entry.workflow.id, execution = %handle.execution_id, "schedule fired")
                }
                Err(e) => tracing::warn!(workflow = %entry.workflow.id, error = %e, "a scheduled run could not start"),
            }
            match next_fire(&entry.cron, entry.timezone.as_deref(), now) {
                Some(next) => due.insert(key, next),
                None => due.remove(&key),
            };
        }
        due.retain(|k, _| seen.contains(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_fire_respects_the_time_zone() {
        let after = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z").unwrap().with_timezone(&Utc);
        // 09:00 in New York is 14:00 UTC in November.
        let next = next_fire("0 9 * * *", Some("America/New_York"), after).unwrap();
        assert_eq!(next.to_rfc3339(), "2026-11-23T14:00:00+00:00");
        let tokyo = next_fire("0 9 * * *", Some("Asia/Tokyo"), after).unwrap();
        assert_eq!(tokyo.to_rfc3339(), "2026-11-24T00:00:00+00:00");
        assert!(next_fire("not cron", None, after).is_none());
        let every_ten_seconds = next_fire("*/10 * * * * *", Some("UTC"), after).unwrap();
        assert_eq!(every_ten_seconds.to_rfc3339(), "2026-11-23T12:00:10+00:00");
    }
}
