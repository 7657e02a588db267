//! Thousands of runs left open by a process that died (the aftermath of a fork bomb, or of a crash
//! under load) are closed at the next start in a few statements — not one per row — and the user is
//! told first what is being done, since it is not instant.

use std::process::Command;
use std::time::Instant;

const LEFT_OPEN: usize = 5_000;

fn neuroflow(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_neuroflow")).arg("--data-dir").arg(data).args(args).output().unwrap()
}

#[test]
fn thousands_of_interrupted_runs_are_closed_at_once_and_announced() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(neuroflow(&data, &["org", "create", "Acme"]).status.success());
    let doc = dir.path().join("w.json");
    std::fs::write(
        &doc,
        r#"{"format":1,"name":"W","nodes":[{"id":"t","type":"trigger","data":{"trigger":{"kind":"manual"}}}],"edges":[]}"#,
    )
    .unwrap();
    assert!(neuroflow(&data, &["workflow", "import", doc.to_str().unwrap()]).status.success());

    let org_dir = std::fs::read_dir(data.join("orgs")).unwrap().next().unwrap().unwrap().path();
    let mut conn = neuroflow_store::open_connection(&org_dir.join("org.sqlite")).unwrap();
    let (org, workflow): (String, String) = conn
        .query_row("SELECT organization_id, id FROM automation_workflows", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let t = "2026-11-30T08:00:00.000Z";
    let tx = conn.transaction().unwrap();
    tx.execute(
        "INSERT INTO runners (id, pid, host, kind, started_at, heartbeat_at, lease_until) VALUES ('dead', 1, 'h', 'cli', ?1, ?1, ?1)",
        [t],
    )
    .unwrap();
    for i in 0..LEFT_OPEN {
        let id = format!("01a20000-0000-7000-8000-{i:012x}");
        tx.execute(
            "INSERT INTO workflow_executions (id, organization_id, workflow_id, workflow_version, status, trigger_kind,
                runner_id, started_at, input) VALUES (?1, ?2, ?3, 1, 'RUNNING', 'MANUAL', 'dead', ?4, '{}')",
            [id.as_str(), org.as_str(), workflow.as_str(), t],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO execution_steps (execution_id, node_id, organization_id, node_type, node_name, status, started_at)
             VALUES (?1, 't', ?2, 'trigger', 'Start', 'RUNNING', ?3)",
            [id.as_str(), org.as_str(), t],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    drop(conn);

    let started = Instant::now();
    let out = neuroflow(&data, &["executions", "list", "--limit", "1"]);
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "closing {LEFT_OPEN} executions, agent calls and team runs left unfinished by a NeuroFlow process that stopped"
        )),
        "the user is told before the work starts: {stderr}"
    );
    eprintln!("closed {LEFT_OPEN} interrupted executions in {took:?} (process start included)");

    let conn = neuroflow_store::open_connection(&org_dir.join("org.sqlite")).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM workflow_executions WHERE status = 'RUNNING'"), 0);
    assert_eq!(
        count("SELECT count(*) FROM workflow_executions WHERE status = 'FAILED' AND error LIKE 'interrupted%'"),
        LEFT_OPEN as i64
    );
    assert_eq!(count("SELECT count(*) FROM execution_steps WHERE status = 'RUNNING'"), 0);
    assert_eq!(count("SELECT count(*) FROM runners WHERE id = 'dead'"), 0, "the dead runner's row is gone");
}
