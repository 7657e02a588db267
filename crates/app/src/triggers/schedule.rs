//! Schedule triggers: cron expressions in a time zone (the machine's own when none is given). A
//! tick missed while the machine slept fires once when it wakes, not once per missed tick: after a
//! run, the next time is computed from now.

use super::ServiceState;
use crate::context::RunContext;
use crate::runs::RunOptions;
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
    let cron = neuroflow_engine::read::parse_cron(cron).ok()?;
    match timezone.and_then(|tz| tz.parse::<chrono_tz::Tz>().ok()) {
        Some(tz) => cron.find_next_occurrence(&after.with_timezone(&tz), false).ok().map(|t| t.with_timezone(&Utc)),
        None => cron.find_next_occurrence(&after.with_timezone(&Local), false).ok().map(|t| t.with_timezone(&Utc)),
    }
}

/// What the scheduler does with one schedule at `now`, given when it is due: fire or not, and when it
/// is due next. A tick missed while the machine slept — however many — fires once, and the next is
/// counted from now, so waking up never brings a burst of runs.
pub fn tick(
    cron: &str,
    timezone: Option<&str>,
    due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (bool, Option<DateTime<Utc>>) {
    match due {
        None => (false, next_fire(cron, timezone, now)),
        Some(when) if when > now => (false, Some(when)),
        Some(_) => (true, next_fire(cron, timezone, now)),
    }
}

pub(crate) async fn run(state: Arc<ServiceState>, stop: CancellationToken) {
    let mut due: HashMap<(WorkflowId, i64, String), DateTime<Utc>> = HashMap::new();
    let mut clock = tokio::time::interval(TICK);
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            _ = clock.tick() => {}
            () = stop.cancelled() => return,
        }
        let routes = state.routes();
        let now = Utc::now();
        let mut seen = Vec::with_capacity(routes.schedules.len());
        for entry in &routes.schedules {
            let key = (entry.workflow.id, entry.workflow.version, entry.trigger_node.clone());
            seen.push(key.clone());
            let was_due = due.get(&key).copied();
            let (fire, next) = tick(&entry.cron, entry.timezone.as_deref(), was_due, now);
            match next {
                Some(next) => due.insert(key, next),
                None => due.remove(&key),
            };
            let Some(when) = was_due.filter(|_| fire) else { continue };
            let options = RunOptions {
                input: json!({ "scheduledAt": when, "firedAt": now }),
                trigger_node: Some(entry.trigger_node.clone()),
                trigger: TriggerKind::Schedule,
                defer_start: true,
                ..RunOptions::default()
            };
            match state
                .hub
                .start_prepared(RunContext::root(entry.org), Arc::clone(&entry.workflow), options, Default::default())
                .await
            {
                Ok(handle) => {
                    tracing::info!(workflow = %entry.workflow.id, execution = %handle.execution_id, "schedule fired")
                }
                Err(e) => tracing::warn!(workflow = %entry.workflow.id, error = %e, "a scheduled run could not start"),
            }
        }
        due.retain(|k, _| seen.contains(k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_machine_that_slept_through_many_ticks_fires_once() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Every 5 minutes; due at 12:05; the machine wakes at 14:02, two hours and 24 ticks later.
        let (fire, next) =
            tick("*/5 * * * *", Some("UTC"), Some(at("2026-11-23T12:05:00Z")), at("2026-11-23T14:02:00Z"));
        assert!(fire);
        assert_eq!(next, Some(at("2026-11-23T14:05:00Z")), "the next tick is counted from now, not from 12:05");
        let (again, _) = tick("*/5 * * * *", Some("UTC"), next, at("2026-11-23T14:02:01Z"));
        assert!(!again, "so the missed ticks do not fire one after another");
        let (first, due) = tick("0 9 * * *", Some("UTC"), None, at("2026-11-23T14:02:00Z"));
        assert!(!first, "a new schedule waits for its first time");
        assert_eq!(due, Some(at("2026-11-24T09:00:00Z")));
    }

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
