//! `neuroflow run` and `neuroflow executions rerun`: start a run and follow it to its end, printing
//! each node's progress (JSON lines with `--json`). Ctrl-C cancels the run; the process exits 130.

use crate::interrupt::Interrupt;
use crate::output::Out;
use neuroflow_app::{AppResult, EventSink, Hub, RunHandle, RunOptions};
use neuroflow_types::{ExecutionStatus, OrgId, RunEvent, VersionedEvent, WorkflowExecution};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// How a followed run ended, as an exit code: 0 completed, 1 failed, 130 cancelled.
pub fn exit_code(status: ExecutionStatus) -> u8 {
    match status {
        ExecutionStatus::Completed => 0,
        ExecutionStatus::Cancelled => 130,
        _ => 1,
    }
}

pub async fn run(hub: &Hub, out: Out, org: OrgId, args: crate::args::RunArgs) -> AppResult<u8> {
    let input = match &args.input {
        Some(text) => parse_input(text)?,
        None => Value::Object(Default::default()),
    };
    let workflow = if Path::new(&args.target).is_file() {
        let text = neuroflow_app::files::read_document_text(&args.target)?;
        let saved = hub.import_workflow(org, &text).await?;
        if !out.json {
            eprintln!("Imported '{}' ({})", saved.workflow.name, saved.workflow.id);
        }
        saved.workflow
    } else {
        hub.find_workflow(org, &args.target).await?
    };
    let budget = super::agent::budget_of(&args.budget)?;
    let options = RunOptions {
        input,
        trigger_node: args.trigger,
        on_event: Some(printer(out)),
        budget,
        max_delay: args.max_delay_ms.map(std::time::Duration::from_millis),
        ..RunOptions::default()
    };
    let handle = hub.start_run(org, workflow.id, options).await?;
    follow(out, handle).await
}

pub async fn rerun(hub: &Hub, out: Out, org: OrgId, id: &str, from: &str) -> AppResult<u8> {
    let past = hub.find_execution(org, id).await?;
    let handle = hub.rerun(org, past.execution.id, from, Some(printer(out))).await?;
    follow(out, handle).await
}

/// Prints each event as it happens.
fn printer(out: Out) -> EventSink<RunEvent> {
    Arc::new(move |event| print_event(out, &event))
}

/// Waits for a run's end, printing its record; Ctrl-C cancels it.
async fn follow(out: Out, handle: RunHandle) -> AppResult<u8> {
    let _interrupt = Interrupt::cancelling(handle.cancel_token());
    let record = handle.finish().await?;
    print_record(out, &record);
    Ok(exit_code(record.status))
}

fn print_event(out: Out, event: &RunEvent) {
    let mut stdout = std::io::stdout().lock();
    if out.json {
        let line = serde_json::to_string(&VersionedEvent::from(event.clone())).unwrap_or_default();
        let _ = writeln!(stdout, "{line}");
        let _ = stdout.flush();
        return;
    }
    let line = match event {
        RunEvent::ExecutionStarted { execution_id, trigger_node, .. } => {
            format!("Run {execution_id} started at '{trigger_node}'")
        }
        RunEvent::NodeStarted { node_id, attempt, .. } if *attempt > 1 => format!("  … {node_id}: attempt {attempt}"),
        RunEvent::NodeStarted { .. } | RunEvent::Log { .. } | RunEvent::ExecutionFinished { .. } => return,
        RunEvent::NodeFinished { node_id, reused: true, .. } => format!("  ✓ {node_id} (reused)"),
        RunEvent::NodeFinished { node_id, duration_us, .. } => format!("  ✓ {node_id} {}", human_us(*duration_us)),
        RunEvent::NodeSkipped { node_id, .. } => format!("  – {node_id} skipped"),
        RunEvent::NodeCancelled { node_id, .. } => format!("  ■ {node_id} cancelled"),
        RunEvent::NodeFailed { node_id, error, will_retry: true, attempt, .. } => {
            format!("  ↻ {node_id}: attempt {attempt} failed: {error}")
        }
        RunEvent::NodeFailed { node_id, error, handled: true, .. } => {
            format!("  ! {node_id} failed (handled): {error}")
        }
        RunEvent::NodeFailed { node_id, error, .. } => format!("  ✗ {node_id} failed: {error}"),
    };
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

fn print_record(out: Out, record: &WorkflowExecution) {
    if out.json {
        println!("{}", serde_json::json!({ "v": 1, "type": "record", "execution": record }));
        return;
    }
    let status = record.status.as_str().to_lowercase();
    println!(
        "{} {} in {} ms · {} nodes · {} tokens · ${}",
        record.id,
        status,
        record.duration_ms.unwrap_or(0),
        record.nodes_executed,
        record.tokens_used,
        crate::output::dollars(record.cost_micros)
    );
    if let Some(error) = &record.error {
        println!("error: {error}");
    }
    if let Some(output) = &record.output {
        println!("{}", serde_json::to_string_pretty(output).unwrap_or_default());
    }
}

/// `--input`: JSON, or `@FILE`.
fn parse_input(text: &str) -> AppResult<Value> {
    crate::args::json_value("--input", text)
}

fn human_us(us: i64) -> String {
    if us < 1_000 {
        format!("{us} µs")
    } else if us < 1_000_000 {
        format!("{:.1} ms", us as f64 / 1e3)
    } else {
        format!("{:.2} s", us as f64 / 1e6)
    }
}
