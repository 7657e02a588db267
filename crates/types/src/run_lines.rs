//! The two log lines a run has of itself — how it started and how it ended — derived from its
//! execution record instead of stored.
//!
//! Every run opens its log with "started by … at trigger …" and closes it with "completed in … ms"
//! (or "failed after … ms: …"). Both say only what the execution row already holds, yet stored they
//! were an eighth of what a small run costs on disk. So a run claims their places in its log (seq 0
//! and the last one, counted in `log_count` like any line) and announces them live, but writes only
//! the lines of its nodes; reading a log puts the two back. A log written before this, which stores
//! them, reads the same: a line is only derived where the stored log has none at that place.

use crate::{ExecutionStatus, LogEntry, WorkflowExecution};

/// The line a run opens its log with (seq 0, at its start).
pub fn opening_line(e: &WorkflowExecution) -> LogEntry {
    let by = e.trigger.as_str().to_lowercase();
    let message = match &e.trigger_node {
        Some(node) => format!("started by {by} at trigger '{node}'"),
        None => format!("started by {by}"),
    };
    run_line(0, ExecutionStatus::Running, e.started_at, message, None)
}

/// The line a run closes its log with, at the last place its log counts (`log_count - 1`).
pub fn closing_line(e: &WorkflowExecution) -> LogEntry {
    let status = e.status.as_str().to_lowercase();
    let duration = e.duration_ms.unwrap_or(0);
    let message = match &e.error {
        Some(error) => format!("{status} after {duration} ms: {error}"),
        None => format!("{status} in {duration} ms; {} nodes ran", e.nodes_executed),
    };
    let at = e.completed_at.unwrap_or(e.started_at);
    run_line((e.log_count - 1).max(0), e.status, at, message, e.error.clone())
}

/// A run's log: its stored lines with the opening and closing lines put back where the stored log
/// has none. The opening belongs to a run that is running or counts any line; the closing to an
/// ended run that counts one past its last stored line (a log that was full dropped its closing).
pub fn with_run_lines(e: &WorkflowExecution, mut stored: Vec<LogEntry>) -> Vec<LogEntry> {
    let running = matches!(e.status, ExecutionStatus::Running);
    if (running || e.log_count > 0) && stored.first().is_none_or(|l| l.seq != 0) {
        stored.insert(0, opening_line(e));
    }
    let last = e.log_count - 1;
    if e.status.is_final() && e.log_count >= 2 && stored.last().is_none_or(|l| l.seq < last) {
        stored.push(closing_line(e));
    }
    stored
}

fn run_line(
    seq: i64,
    status: ExecutionStatus,
    timestamp: crate::Timestamp,
    message: String,
    error: Option<String>,
) -> LogEntry {
    LogEntry {
        seq,
        node_id: None,
        node_name: None,
        status: status.as_str().into(),
        timestamp,
        message,
        data: None,
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExecutionId, OrgId, TriggerKind, WorkflowId, parse_timestamp};

    fn execution(status: ExecutionStatus, log_count: i64) -> WorkflowExecution {
        let started_at = parse_timestamp("2026-12-02T08:00:00.000Z").unwrap();
        let ended = status.is_final();
        WorkflowExecution {
            id: ExecutionId::new(),
            organization_id: OrgId::new(),
            workflow_id: WorkflowId::new(),
            workflow_name: "W".into(),
            workflow_version: 1,
            status,
            trigger: TriggerKind::Webhook,
            trigger_node: Some("hook".into()),
            parent_execution_id: None,
            rerun_of: None,
            rerun_from: None,
            test_run: false,
            started_at,
            completed_at: ended.then(|| started_at + chrono::Duration::milliseconds(42)),
            duration_ms: ended.then_some(42),
            input: serde_json::json!({}),
            output: None,
            error: None,
            nodes_executed: 3,
            tokens_used: 0,
            cost_micros: 0,
            log_count,
            logs_dropped: 0,
            pinned: false,
        }
    }

    fn node_line(seq: i64) -> LogEntry {
        LogEntry {
            node_id: Some("n".into()),
            ..run_line(seq, ExecutionStatus::Completed, crate::now(), "n".into(), None)
        }
    }

    fn shape(log: &[LogEntry]) -> Vec<(i64, &str)> {
        log.iter().map(|l| (l.seq, l.status.as_str())).collect()
    }

    #[test]
    fn an_ended_run_gets_both_lines_around_its_nodes_lines() {
        let e = execution(ExecutionStatus::Completed, 4);
        let log = with_run_lines(&e, vec![node_line(1), node_line(2)]);
        assert_eq!(shape(&log), [(0, "RUNNING"), (1, "COMPLETED"), (2, "COMPLETED"), (3, "COMPLETED")]);
        assert_eq!(log[0].message, "started by webhook at trigger 'hook'");
        assert_eq!(log[0].timestamp, e.started_at);
        assert_eq!(log[3].message, "completed in 42 ms; 3 nodes ran");
        assert_eq!(Some(log[3].timestamp), e.completed_at);
        assert!(log[3].node_id.is_none());
    }

    #[test]
    fn a_failed_run_closes_with_its_error() {
        let e = WorkflowExecution { error: Some("node 'x' timed out".into()), ..execution(ExecutionStatus::Failed, 2) };
        let log = with_run_lines(&e, vec![]);
        assert_eq!(shape(&log), [(0, "RUNNING"), (1, "FAILED")]);
        assert_eq!(log[1].message, "failed after 42 ms: node 'x' timed out");
        assert_eq!(log[1].error.as_deref(), Some("node 'x' timed out"));
    }

    #[test]
    fn a_running_run_has_its_opening_and_no_end_yet() {
        let log = with_run_lines(&execution(ExecutionStatus::Running, 0), vec![node_line(1)]);
        assert_eq!(shape(&log), [(0, "RUNNING"), (1, "COMPLETED")]);
    }

    #[test]
    fn stored_run_lines_are_not_doubled() {
        let e = execution(ExecutionStatus::Completed, 3);
        let stored = vec![opening_line(&e), node_line(1), closing_line(&e)];
        assert_eq!(with_run_lines(&e, stored.clone()), stored);
    }

    #[test]
    fn a_full_log_keeps_its_last_node_line_and_no_closing() {
        let e = execution(ExecutionStatus::Completed, 3);
        let log = with_run_lines(&e, vec![node_line(1), node_line(2)]);
        assert_eq!(shape(&log), [(0, "RUNNING"), (1, "COMPLETED"), (2, "COMPLETED")]);
    }

    #[test]
    fn a_run_that_counts_no_lines_gets_none() {
        assert!(with_run_lines(&execution(ExecutionStatus::Completed, 0), vec![]).is_empty());
        assert!(with_run_lines(&execution(ExecutionStatus::Pending, 0), vec![]).is_empty());
    }

    #[test]
    fn an_opening_without_a_trigger_node_names_only_what_started_it() {
        let e = WorkflowExecution { trigger_node: None, ..execution(ExecutionStatus::Running, 0) };
        assert_eq!(opening_line(&e).message, "started by webhook");
    }
}
