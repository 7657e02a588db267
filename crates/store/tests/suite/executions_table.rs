//! workflow_executions, execution_steps and execution_logs.

use crate::common;

use neuroflow_store::table::execution_logs;
use neuroflow_store::table::execution_steps::{self, StepRow};
use neuroflow_store::table::executions::{self, FinishRow, RunTotals};
use neuroflow_types::*;
use serde_json::json;

#[test]
fn executions_filter_by_workflow_status_trigger_and_date_and_page() {
    let org = common::org("Runs");
    let a = common::workflow(&org, common::document("A", 2));
    let b = common::workflow(&org, common::document("B", 2));
    let t = |s: &str| parse_timestamp(s).unwrap();
    common::execution(&org, &a, ExecutionStatus::Completed, t("2026-03-01T10:00:00.000Z"));
    common::execution(&org, &a, ExecutionStatus::Failed, t("2026-03-02T10:00:00.000Z"));
    common::execution(&org, &b, ExecutionStatus::Completed, t("2026-03-03T10:00:00.000Z"));
    let running = common::execution(&org, &b, ExecutionStatus::Running, t("2026-03-04T10:00:00.000Z"));
    let list = |f: ExecutionFilter| org.store.read(|c| executions::list(c, org.id, &f)).unwrap();

    let all = list(ExecutionFilter::default());
    assert_eq!(all.total, 4);
    assert_eq!(all.items[0].id, running.id, "newest first");
    assert_eq!(all.items[0].workflow_name, "B");
    assert_eq!(list(ExecutionFilter { workflow_id: Some(a.id), ..Default::default() }).total, 2);
    assert_eq!(list(ExecutionFilter { status: Some(ExecutionStatus::Completed), ..Default::default() }).total, 2);
    let failed_a =
        list(ExecutionFilter { workflow_id: Some(a.id), status: Some(ExecutionStatus::Failed), ..Default::default() });
    assert_eq!(failed_a.total, 1);
    assert_eq!(list(ExecutionFilter { trigger: Some(TriggerKind::Webhook), ..Default::default() }).total, 0);
    assert_eq!(list(ExecutionFilter { trigger: Some(TriggerKind::Manual), ..Default::default() }).total, 4);
    let window = list(ExecutionFilter {
        since: Some(t("2026-03-02T00:00:00.000Z")),
        until: Some(t("2026-03-04T00:00:00.000Z")),
        ..Default::default()
    });
    assert_eq!(window.total, 2, "since is inclusive, until exclusive");
    let page = list(ExecutionFilter { page: PageRequest::new(3, 3), ..Default::default() });
    assert_eq!((page.total, page.items.len()), (4, 1));
    assert_eq!(page.items[0].started_at, t("2026-03-01T10:00:00.000Z"));
}

#[test]
fn lifecycle_steps_usage_and_finish_once() {
    let org = common::org("Lifecycle");
    let wf = common::workflow(&org, common::document("Flow", 2));
    let e = common::execution(&org, &wf, ExecutionStatus::Pending, now());
    let (oid, id) = (org.id, e.id);
    org.store
        .write_blocking(move |c| {
            executions::mark_running(c, id)?;
            let started = now();
            let mut step = ExecutionStep {
                execution_id: id,
                node_id: "n1".into(),
                node_type: "transform".into(),
                node_name: "Step 1".into(),
                ordinal: 1,
                status: StepStatus::Running,
                attempts: 1,
                input: Some(json!({"a": 1})),
                output: None,
                error: None,
                started_at: started,
                completed_at: None,
                duration_us: None,
                tokens_used: 0,
                cost_micros: 0,
                input_from: None,
                output_is_input: false,
            };
            execution_steps::write(c, &StepRow::encode(oid, &step)?)?;
            step.status = StepStatus::Completed;
            step.input = None;
            step.output = Some(json!({"b": 2}));
            step.completed_at = Some(now());
            step.duration_us = Some(42);
            step.tokens_used = 10;
            step.cost_micros = 7;
            execution_steps::write(c, &StepRow::encode(oid, &step)?)
        })
        .unwrap();
    let totals = RunTotals { nodes_executed: 1, tokens_used: 10, cost_micros: 7, log_count: 0, logs_dropped: 0 };
    let row =
        FinishRow::encode(id, ExecutionStatus::Completed, Some(&json!({"b": 2})), None, &now(), 5, totals).unwrap();
    let closed = org.store.write_blocking(move |c| executions::finish(c, &row)).unwrap();
    assert!(closed);
    let late =
        FinishRow::encode(id, ExecutionStatus::Failed, None, Some("late"), &now(), 9, RunTotals::default()).unwrap();
    let again = org.store.write_blocking(move |c| executions::finish(c, &late)).unwrap();
    assert!(!again, "a closed execution is never reopened or overwritten");

    let d = org.store.read(|c| executions::detail(c, oid, id)).unwrap();
    assert_eq!(d.execution.status, ExecutionStatus::Completed);
    assert_eq!((d.execution.nodes_executed, d.execution.tokens_used, d.execution.cost_micros), (1, 10, 7));
    assert_eq!(d.execution.output, Some(json!({"b": 2})));
    assert_eq!(d.steps.len(), 1);
    assert_eq!(d.steps[0].input, Some(json!({"a": 1})), "the input recorded at start is kept");
    assert_eq!(d.steps[0].output, Some(json!({"b": 2})));
    assert_eq!(d.steps[0].duration_us, Some(42));
}

#[test]
fn the_log_keeps_the_first_thousand_entries_and_counts_the_rest() {
    let org = common::org("Logs");
    let wf = common::workflow(&org, common::document("Chatty", 2));
    let e = common::execution(&org, &wf, ExecutionStatus::Running, now());
    let (oid, id) = (org.id, e.id);
    let kept = org
        .store
        .write_blocking(move |c| {
            let mut kept = 0;
            for i in 0..1_005 {
                let entry = LogEntry {
                    seq: 0,
                    node_id: Some("n1".into()),
                    node_name: Some("Step 1".into()),
                    status: "INFO".into(),
                    timestamp: now(),
                    message: format!("line {i}"),
                    data: if i == 0 { Some(json!({"x": 1})) } else { None },
                    error: None,
                };
                kept += execution_logs::append(c, oid, id, &entry)? as i32;
            }
            Ok(kept)
        })
        .unwrap();
    assert_eq!(kept, 999, "seq 0 is the run's derived opening line");
    let d = org.store.read(|c| executions::detail(c, oid, id)).unwrap();
    assert_eq!((d.execution.log_count, d.execution.logs_dropped), (1_000, 6));
    assert_eq!(d.logs.len(), 1_000);
    assert_eq!((d.logs[0].seq, d.logs[0].status.as_str()), (0, "RUNNING"), "derived from the execution");
    assert_eq!((d.logs[1].seq, d.logs[1].message.as_str()), (1, "line 0"));
    assert_eq!(d.logs[1].data, Some(json!({"x": 1})));
    assert_eq!(d.logs[999].message, "line 998");
}
