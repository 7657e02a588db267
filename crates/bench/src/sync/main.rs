//! `neuroflow-bench-sync` (`./dev.sh bench --sync`): the sync figures of issue 14, measured on this
//! machine with release builds of the app's core and of the workspace service, on a private
//! PostgreSQL (scripts/pg.sh), over 127.0.0.1:
//! - push: changes per second the service applies (a first upload, and a batch of edits, end to end;
//!   and the batch of edits by the time its push requests took, which the round's report carries);
//! - pull: rows per second a desktop applies (its first download, and the batch of edits);
//! - first sync of an organization with 10,000 rows (`--rows N`): half of them workflows, half their
//!   first versions (every version a desktop saves syncs, so a workflow is at least two rows);
//! - a change made online reaching another online desktop (both running the background sync), p95.
//!
//! The service and its database come from the sync tests' own harness (the same file), so the
//! benchmark drives exactly what the tests prove correct.

#[path = "../../../app/tests/suite/workspace_service/mod.rs"]
mod workspace_service;

use neuroflow_app::{Hub, Secret, StoreKind};
use neuroflow_types::{OrgId, PageRequest, Workflow, WorkflowDocument, WorkflowFilter, WorkflowPatch};
use serde_json::json;
use std::time::{Duration, Instant};
use workspace_service::{PASSWORD, Workspace};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Online changes timed for the latency figure.
const ONLINE_CHANGES: usize = 40;

fn doc(name: &str, text: &str) -> WorkflowDocument {
    serde_json::from_value(json!({
        "format": 1, "name": name,
        "nodes": [
            { "id": "t", "type": "trigger", "data": { "label": "Start", "trigger": { "kind": "manual" } } },
            { "id": "hello", "type": "transform", "data": { "label": "Hello", "output": { "text": text } } }
        ],
        "edges": [ { "id": "e1", "source": "t", "target": "hello" } ]
    }))
    .expect("a document")
}

fn text(wf: &Workflow) -> String {
    let node = wf.nodes.iter().find(|n| n.id == "hello").expect("the hello node");
    serde_json::to_value(&node.data).expect("JSON")["output"]["text"].as_str().unwrap_or_default().to_string()
}

async fn desk(dir: &tempfile::TempDir) -> Hub {
    let hub = Hub::open_as(dir.path().join("data"), "bench").expect("a hub");
    hub.choose_vault(StoreKind::EncryptedFile, Some(Secret::new("bench passphrase"))).await.expect("a vault");
    hub
}

async fn count(hub: &Hub, org: OrgId) -> i64 {
    let filter = WorkflowFilter { page: PageRequest::new(1, 0), ..Default::default() };
    hub.list_workflows(org, filter).await.expect("a list").total
}

fn per_second(n: usize, took: Duration) -> String {
    format!("{:.0}/s ({n} in {:.2} s)", n as f64 / took.as_secs_f64(), took.as_secs_f64())
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rows: usize = args
        .iter()
        .position(|a| a == "--rows")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    runtime.block_on(run(rows));
}

async fn run(rows: usize) {
    let ws = Workspace::start().await;
    let token = ws.sign_up("bench@acme.io", "Bench").await;
    let (dir_a, dir_b) = (tempfile::tempdir().expect("a dir"), tempfile::tempdir().expect("a dir"));
    let (a, b) = (desk(&dir_a).await, desk(&dir_b).await);
    let org = a.create_org("Bench Realty").await.expect("an organization").id;
    // Each workflow syncs with its first version: `rows` rows in all.
    let workflows = rows / 2;
    let rows = workflows * 2;
    eprintln!("making {workflows} workflows on desktop A …");
    let mut ids = Vec::with_capacity(workflows);
    for i in 0..workflows {
        ids.push(a.create_workflow(org, doc(&format!("Flow {i}"), "Hi")).await.expect("a workflow").workflow.id);
    }
    ws.create_org(&token, org, "Bench Realty", "ENTERPRISE").await;
    for hub in [&a, &b] {
        hub.workspace_login(&ws.url, "bench@acme.io", Secret::new(PASSWORD)).await.expect("signed in");
    }

    let t = Instant::now();
    a.connect_org(org).await.expect("connected");
    let upload = t.elapsed();
    let t = Instant::now();
    b.download_org(org).await.expect("downloaded");
    let download = t.elapsed();
    assert_eq!(count(&b, org).await, workflows as i64, "desktop B holds every workflow");
    let history: usize = b.list_versions(org, ids[0]).await.expect("a history").len();
    assert_eq!(history, 1, "and each one's first version, once");

    // A batch of edits made offline, then pushed and pulled by hand.
    let edits = workflows / 5;
    for (i, id) in ids.iter().take(edits).enumerate() {
        let patch = WorkflowPatch { document: Some(doc(&format!("Flow {i}"), "edited")), ..Default::default() };
        a.update_workflow(org, *id, patch).await.expect("an edit");
    }
    let t = Instant::now();
    let pushed = a.sync_now(org).await.expect("a push");
    let push = t.elapsed();
    let t = Instant::now();
    let pulled = b.sync_now(org).await.expect("a pull");
    let pull = t.elapsed();

    // Online: both run the background sync; each change is timed until B holds it.
    let (sa, sb) = (a.start_sync_service(), b.start_sync_service());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut waits = Vec::new();
    for i in 0..ONLINE_CHANGES {
        let id = ids[workflows - 1 - i];
        let said = format!("online {i}");
        let t = Instant::now();
        let patch =
            WorkflowPatch { document: Some(doc(&format!("Flow {}", workflows - 1 - i), &said)), ..Default::default() };
        a.update_workflow(org, id, patch).await.expect("an online edit");
        loop {
            if text(&b.get_workflow(org, id).await.expect("the workflow")) == said {
                break;
            }
            assert!(t.elapsed() < Duration::from_secs(30), "change {i} never arrived");
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        waits.push(t.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sa.stop();
    sb.stop();
    waits.sort_by(f64::total_cmp);

    let profile = if cfg!(debug_assertions) { "DEBUG build" } else { "release build" };
    println!(
        "\nneuroflow-bench-sync: {profile}, {rows} rows ({workflows} workflows and their first versions), \
         the workspace service on PostgreSQL, 127.0.0.1"
    );
    println!("| measure | figure | goal |");
    println!("| --- | --- | --- |");
    println!(
        "| push: first upload (connect: prepare, push, pull its own rows back) | {} | ≥ 3,000/s |",
        per_second(rows, upload)
    );
    println!(
        "| push: a batch of edits, applied by the service (sync: prepare, push, take the answer back) | {} | ≥ 3,000/s |",
        per_second(pushed.pushed as usize, push)
    );
    println!(
        "| push: the same batch, the service's time alone (its push requests, sent to answered) | {} | ≥ 3,000/s |",
        per_second(pushed.pushed as usize, Duration::from_millis(u64::from(pushed.push_ms)))
    );
    println!("| pull: first download, rows applied by desktop B | {} | ≥ 10,000/s |", per_second(rows, download));
    println!(
        "| pull: the batch of edits, applied by desktop B | {} | ≥ 10,000/s |",
        per_second(pulled.pulled as usize, pull)
    );
    println!("| first sync of {rows} rows (desktop B's download) | {:.2} s | < 3 s |", download.as_secs_f64());
    println!(
        "| an online change reaching the other desktop, p50 · p95 · max ({ONLINE_CHANGES}) | {:.0} · {:.0} · {:.0} ms | p95 < 1,000 ms |",
        pct(&waits, 0.5),
        pct(&waits, 0.95),
        waits[waits.len() - 1]
    );
}
