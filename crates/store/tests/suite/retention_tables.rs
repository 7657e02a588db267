//! Retention on a real organization file: what is due by status and age, pinned runs kept (with the
//! runs they belong to and contain), batches that take a run's steps, logs, agent calls and team runs
//! with it, old logs of kept runs, archived records read back, and space given back.

use crate::common;
use crate::seed;

use neuroflow_store::table::execution_logs::{self, LogRow};
use neuroflow_store::table::records;
use neuroflow_store::table::retention::{self, Cutoffs};
use neuroflow_store::table::{changes, executions};
use neuroflow_types::*;
use seed::{Call, Run};

/// Ages count back from the real clock, never from a fixed date: run ids are UUIDv7s stamped by that
/// clock, so a fixed "now" slides into the past and the id floor falls behind the runs it must cover.
fn days_ago(days: i64) -> String {
    format_timestamp(&(now() - chrono::Duration::days(days)))
}

fn default_cutoffs() -> Cutoffs {
    Cutoffs { completed: days_ago(90), failed: days_ago(30), logs: days_ago(7) }
}

fn add_logs(org: &common::Org, id: ExecutionId, lines: i64) {
    let oid = org.id;
    org.store
        .write_blocking(move |c| {
            for seq in 0..lines {
                let entry = LogEntry {
                    seq,
                    node_id: None,
                    node_name: None,
                    status: "INFO".into(),
                    timestamp: now(),
                    message: format!("line {seq}"),
                    data: None,
                    error: None,
                };
                execution_logs::insert(c, &LogRow::encode(oid, id, seq, &entry)?)?;
            }
            Ok(())
        })
        .unwrap();
}

fn pin(org: &common::Org, id: ExecutionId) {
    let oid = org.id;
    org.store.write_blocking(move |c| executions::set_pinned(c, oid, id, true)).unwrap();
}

fn exists(org: &common::Org, id: ExecutionId) -> bool {
    let oid = org.id;
    org.store.read(move |c| Ok(executions::get(c, oid, id).is_ok())).unwrap()
}

fn prune_all(org: &common::Org, cut: &Cutoffs, batch: usize) -> (usize, retention::Removed) {
    let oid = org.id.to_string();
    let mut total = retention::Removed::default();
    let mut batches = 0;
    loop {
        let due = org.store.read({
            let (oid, cut) = (oid.clone(), cut.clone());
            move |c| retention::due(c, &oid, &cut, batch)
        });
        let due = due.unwrap();
        if due.is_empty() {
            return (batches, total);
        }
        assert!(due.len() <= batch);
        let (oid, cut) = (oid.clone(), cut.clone());
        let r = org.store.write_blocking(move |c| retention::remove(c, &oid, &due, &cut)).unwrap();
        batches += 1;
        total.executions += r.executions;
        total.steps += r.steps;
        total.agent_calls += r.agent_calls;
        total.team_runs += r.team_runs;
        total.log_lines += r.log_lines;
    }
}

#[test]
fn runs_go_by_status_and_age_and_pinned_runs_stay() {
    let org = common::org("Retention");
    let wf = common::workflow(&org, common::document("Flow", 2));
    let agent = common::agent(&org, "Ana", "openai");
    let r = |days: i64, status: &'static str| {
        let started = days_ago(days);
        seed::run(&org, &Run { workflow: wf.id, started: &started, status, ..Run::default() })
    };
    let old_completed = r(100, "COMPLETED");
    let young_completed = r(80, "COMPLETED");
    let old_failed = r(40, "FAILED");
    let young_failed = r(20, "FAILED");
    let old_cancelled = r(40, "CANCELLED");
    let still_running = r(200, "RUNNING");
    let pinned = r(200, "COMPLETED");
    pin(&org, pinned);
    let started = days_ago(200);
    let child_of_pinned =
        seed::run(&org, &Run { workflow: wf.id, started: &started, parent: Some(pinned), ..Run::default() });
    let parent_of_pinned = r(200, "COMPLETED");
    let pinned_child =
        seed::run(&org, &Run { workflow: wf.id, started: &started, parent: Some(parent_of_pinned), ..Run::default() });
    pin(&org, pinned_child);
    let started = days_ago(100);
    let child_of_old =
        seed::run(&org, &Run { workflow: wf.id, started: &started, parent: Some(old_completed), ..Run::default() });
    // Agent calls: one made by an old run goes with it; one from the playground stays.
    let in_run = seed::call(
        &org,
        &Call { agent: agent.id, execution: Some(old_completed), started: &started, ..Call::default() },
    );
    let direct = seed::call(&org, &Call { agent: agent.id, started: &started, ..Call::default() });
    add_logs(&org, old_completed, 3);

    let oid = org.id.to_string();
    let cut = default_cutoffs();
    let (due, pinned_kept) = org
        .store
        .read({
            let (oid, cut) = (oid.clone(), cut.clone());
            move |c| retention::count_due(c, &oid, &cut)
        })
        .unwrap();
    // Past their time: old_completed, child_of_old, old_failed, old_cancelled (and the pinned family).
    assert_eq!((due, pinned_kept), (4, 4));
    let before = org.store.read(changes::latest).unwrap();
    let (batches, removed) = prune_all(&org, &cut, 2);
    assert_eq!(removed.executions, 4);
    assert_eq!(removed.steps, 8, "two steps each");
    assert_eq!(removed.log_lines, 3);
    assert_eq!(removed.agent_calls, 1);
    assert!(batches >= 2, "batches of at most two runs");
    for gone in [old_completed, child_of_old, old_failed, old_cancelled] {
        assert!(!exists(&org, gone), "{gone} was due");
    }
    for kept in [young_completed, young_failed, still_running, pinned, child_of_pinned, parent_of_pinned, pinned_child]
    {
        assert!(exists(&org, kept), "{kept} is kept");
    }
    let calls = org.store.read(|c| {
        let n: Vec<String> =
            c.prepare("SELECT id FROM agent_executions")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(n)
    });
    assert_eq!(
        calls.unwrap(),
        vec![direct.to_string()],
        "the run's call went with it ({in_run}), the direct one stayed"
    );
    let feed = org.store.read(move |c| changes::since(c, before, 100)).unwrap();
    let deleted: Vec<_> = feed.iter().filter(|c| c.action == "deleted").collect();
    assert_eq!(deleted.len(), batches, "one change per batch, not per run");
}

#[test]
fn old_logs_of_kept_runs_go_and_pinned_logs_stay() {
    let org = common::org("Logs");
    let wf = common::workflow(&org, common::document("Flow", 2));
    let run_at = |days: i64| {
        let started = days_ago(days);
        seed::run(&org, &Run { workflow: wf.id, started: &started, ..Run::default() })
    };
    let old = run_at(10);
    let pinned = run_at(10);
    let young = run_at(3);
    for id in [old, pinned, young] {
        add_logs(&org, id, 5);
    }
    pin(&org, pinned);
    let before_id = retention::id_floor(now().timestamp_millis() + 1);
    let logs_before = days_ago(7);
    let counted = org.store.read({
        let (b, l) = (before_id.clone(), logs_before.clone());
        move |c| retention::count_logs_due(c, &b, &l)
    });
    assert_eq!(counted.unwrap(), 5);
    let mut after = String::new();
    let mut removed = 0;
    loop {
        let (due, last) = org
            .store
            .read({
                let (a, b, l) = (after.clone(), before_id.clone(), logs_before.clone());
                move |c| retention::logs_due(c, &a, &b, &l, 1)
            })
            .unwrap();
        removed += org.store.write_blocking(move |c| retention::remove_logs(c, &due)).unwrap();
        match last {
            Some(last) => after = last,
            None => break,
        }
    }
    assert_eq!(removed, 5);
    let lines = |id: ExecutionId| org.store.read(move |c| execution_logs::stored(c, id)).unwrap().len();
    assert_eq!((lines(old), lines(pinned), lines(young)), (0, 5, 5));
    assert!(exists(&org, old), "the run and its steps stay");
}

#[test]
fn archived_records_come_back_as_they_were() {
    let org = common::org("Archive");
    let wf = common::workflow(&org, common::document("Flow", 2));
    let agent = common::agent(&org, "Ana", "openai");
    let started = days_ago(100);
    let parent =
        seed::run(&org, &Run { workflow: wf.id, started: &started, action: Some("http.request"), ..Run::default() });
    let child = seed::run(&org, &Run { workflow: wf.id, started: &started, parent: Some(parent), ..Run::default() });
    seed::call(&org, &Call { agent: agent.id, execution: Some(parent), started: &started, ..Call::default() });
    add_logs(&org, parent, 4);
    let oid = org.id.to_string();
    let cut = default_cutoffs();
    let ids = org.store.read({
        let (oid, cut) = (oid.clone(), cut.clone());
        move |c| retention::expand(c, &oid, &[parent.to_string()], &cut)
    });
    let ids = ids.unwrap();
    assert_eq!(ids.len(), 2, "the run and its sub-workflow's run");
    let archived = org.store.read(move |c| records::read_runs(c, &ids)).unwrap();
    assert_eq!(
        archived.iter().map(|r| (r.steps.len(), r.logs.len(), r.agent_calls.len())).collect::<Vec<_>>(),
        vec![(2, 4, 1), (2, 0, 0)]
    );
    let (batches, removed) = prune_all(&org, &cut, 10);
    assert_eq!((batches, removed.executions), (1, 2));
    let json = serde_json::to_string(&archived).unwrap();
    let read_back: Vec<records::RunRecord> = serde_json::from_str(&json).unwrap();
    let imported = org.store.write_blocking({
        let (oid, r) = (oid.clone(), read_back.clone());
        move |c| records::insert_runs(c, &oid, &r)
    });
    let imported = imported.unwrap();
    assert_eq!((imported.executions, imported.steps, imported.log_lines, imported.agent_calls), (2, 4, 4, 1));
    let ids: Vec<String> = archived.iter().map(|r| r.id().to_string()).collect();
    let again = org.store.read(move |c| records::read_runs(c, &ids)).unwrap();
    assert_eq!(again, archived, "byte for byte");
    assert!(exists(&org, child));
    let twice = org.store.write_blocking({
        let oid = oid.clone();
        move |c| records::insert_runs(c, &oid, &read_back)
    });
    assert_eq!(twice.unwrap().already_present, 2);
    let other = OrgId::new().to_string();
    let err = org.store.write_blocking(move |c| records::insert_runs(c, &other, &archived)).unwrap_err();
    assert!(err.to_string().contains("another organization"), "{err}");
}

#[test]
fn pruned_space_goes_back_to_the_file_system() {
    let org = common::org("Vacuum");
    let wf = common::workflow(&org, common::document("Flow", 2));
    let started = days_ago(100);
    for _ in 0..300 {
        let id = seed::run(&org, &Run { workflow: wf.id, started: &started, ..Run::default() });
        add_logs(&org, id, 20);
    }
    let mode: i64 = org.store.read(|c| Ok(c.query_row("PRAGMA auto_vacuum", [], |r| r.get(0))?)).unwrap();
    assert_eq!(mode, 2, "incremental");
    prune_all(&org, &default_cutoffs(), 100);
    let (free, _) = org.store.read(retention::free_pages).unwrap();
    assert!(free > 10, "the prune left {free} free pages");
    let freed = org.store.write_blocking(|c| retention::vacuum_step(c, 1_000_000)).unwrap();
    assert_eq!(freed, free);
    assert_eq!(org.store.read(retention::free_pages).unwrap().0, 0);
}

#[test]
fn a_file_made_before_incremental_vacuum_is_converted_once_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("org.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE legacy (x); INSERT INTO legacy VALUES (1);")
            .unwrap();
        let mode: i64 = conn.query_row("PRAGMA auto_vacuum", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, 0);
    }
    let store = neuroflow_store::OrgStore::open(&path, OrgId::new()).unwrap();
    let (mode, kept): (i64, i64) = store
        .read(|c| {
            Ok((
                c.query_row("PRAGMA auto_vacuum", [], |r| r.get(0))?,
                c.query_row("SELECT x FROM legacy", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!((mode, kept), (2, 1));
}
