//! The rollups, error groups and analytics reads, on a real organization file: exact figures on
//! seeded runs, each run counted once whichever way it was closed, and the rollups equal to a
//! recount of the raw rows after random runs, failures, recoveries and prunes.

use crate::common;
use crate::seed;

use neuroflow_store::histogram::{Histogram, RELATIVE_ERROR};
use neuroflow_store::table::analytics::{self, Bucket, Conditions, HourRange, Kind, Sums};
use neuroflow_store::table::{agent_executions, error_groups, executions, runners};
use neuroflow_types::*;
use seed::{Call, Run, at, hours};

fn whole(org: &common::Org, kind: Kind, range: HourRange, key: &str, c: Conditions) -> Vec<(String, Sums)> {
    let oid = org.id.to_string();
    let key = key.to_string();
    org.store
        .read(move |conn| analytics::sums(conn, &oid, kind, range, &key, Bucket::Whole, &c))
        .unwrap()
        .into_iter()
        .map(|cell| (cell.key, cell.sums))
        .collect()
}

#[test]
fn exact_figures_from_seeded_runs() {
    let org = common::org("Figures");
    let a = common::workflow(&org, common::document("Leads", 2));
    let b = common::workflow(&org, common::document("Listings", 2));
    let t0 = "2026-11-20T08:10:00.000Z";
    // Leads: 4 completed (10, 20, 30, 40 ms), 1 failed (3,000 ms), 1 cancelled (5 ms); Listings: 2 completed.
    for (ms, status) in [(10, "COMPLETED"), (20, "COMPLETED"), (30, "COMPLETED"), (40, "COMPLETED")] {
        seed::run(
            &org,
            &Run { workflow: a.id, started: t0, status, duration_ms: ms, tokens: 100, cost: 1_250, ..Run::default() },
        );
    }
    seed::run(
        &org,
        &Run {
            workflow: a.id,
            started: t0,
            status: "FAILED",
            duration_ms: 3_000,
            cost: 7,
            error: Some("HTTP 500 after 3012 ms"),
            ..Run::default()
        },
    );
    seed::run(&org, &Run { workflow: a.id, started: t0, status: "CANCELLED", duration_ms: 5, ..Run::default() });
    for ms in [1_000, 2_000] {
        seed::run(
            &org,
            &Run {
                workflow: b.id,
                started: "2026-11-21T23:59:59.999Z",
                status: "COMPLETED",
                duration_ms: ms,
                tokens: 1,
                cost: 333_333,
                ..Run::default()
            },
        );
    }
    // Not counted as production figures: a test run; counted apart: a sub-workflow's run.
    seed::run(
        &org,
        &Run { workflow: a.id, started: t0, status: "COMPLETED", duration_ms: 1, test_run: true, ..Run::default() },
    );

    let range = HourRange { from: hours("2026-11-19T00:00:00Z"), to: hours("2026-11-23T00:00:00Z") };
    let production = || Conditions::new().and("test_run = 0", []);
    let by_workflow = whole(&org, Kind::Runs, range, "workflow_id", production());
    let leads = &by_workflow.iter().find(|(k, _)| *k == a.id.to_string()).unwrap().1;
    assert_eq!((leads.runs, leads.completed, leads.failed, leads.cancelled), (6, 4, 1, 1));
    assert_eq!((leads.duration, leads.tokens, leads.cost), (3_105, 400, 5_007));
    assert_eq!(leads.latency.quantile(0.5), Some(20), "below 32 ms percentiles are exact");
    let listings = &by_workflow.iter().find(|(k, _)| *k == b.id.to_string()).unwrap().1;
    assert_eq!((listings.runs, listings.cost), (2, 666_666), "micro-dollars add exactly");
    let p95 = listings.latency.quantile(0.95).unwrap();
    assert!((p95 - 2_000).abs() as f64 <= 2_000.0 * RELATIVE_ERROR, "p95 {p95} within the stated error of 2000");

    let total = &whole(&org, Kind::Runs, range, "''", production())[0].1;
    assert_eq!((total.runs, total.completed), (8, 6));
    assert_eq!(total.latency, Histogram::of([10, 20, 30, 40, 3_000, 5, 1_000, 2_000]));
    let with_tests = &whole(&org, Kind::Runs, range, "''", Conditions::new())[0].1;
    assert_eq!(with_tests.runs, 9);

    // The same figures read from hour rows only, and over a range that cuts a day: what is outside is out.
    let hourly: Sums = org
        .store
        .read({
            let oid = org.id.to_string();
            move |c| analytics::sums(c, &oid, Kind::Runs, range, "''", Bucket::Hour, &production())
        })
        .unwrap()
        .iter()
        .fold(Sums::default(), |mut acc, cell| {
            acc.add(&cell.sums);
            acc
        });
    assert_eq!(&hourly, total);
    let cut = HourRange { from: hours("2026-11-20T09:00:00Z"), to: hours("2026-11-22T00:00:00Z") };
    assert_eq!(whole(&org, Kind::Runs, cut, "''", production())[0].1.runs, 2, "only Listings' two runs");

    // The failure is grouped by its node and message, and the run names its group.
    let oid = org.id.to_string();
    let (groups, failures) = org.store.read(move |c| analytics::error_groups(c, &oid, range, None, 10)).unwrap();
    assert_eq!((groups.len(), failures), (1, 1));
    assert_eq!(groups[0].signature, "HTTP 500 after {n} ms");
    assert_eq!(groups[0].node_id.as_deref(), Some("n1"));
}

#[test]
fn a_run_is_counted_once_however_it_is_closed() {
    let org = common::org("Once");
    let wf = common::workflow(&org, common::document("Flow", 2));
    let agent = common::agent(&org, "Ana", "openai");
    let started = "2026-11-20T10:00:00.000Z";
    let done =
        seed::run(&org, &Run { workflow: wf.id, started, status: "COMPLETED", duration_ms: 50, ..Run::default() });
    // Closing it again (a late guard) changes nothing.
    let again =
        executions::FinishRow::encode(done, ExecutionStatus::Cancelled, None, None, &now(), 1, Default::default())
            .unwrap();
    let closed = org.store.write_blocking(move |c| executions::finish(c, &again)).unwrap();
    assert!(!closed);
    // Left running by a process that died: recovery closes it, its agent call and its integration step.
    let open = seed::run(
        &org,
        &Run { workflow: wf.id, started, status: "RUNNING", action: Some("slack.postMessage"), ..Run::default() },
    );
    let call = seed::call(
        &org,
        &Call { agent: agent.id, execution: Some(open), started, status: "RUNNING", ..Call::default() },
    );
    let closed = org.store.write_blocking(|c| runners::close_orphans(c, None, "interrupted")).unwrap();
    assert_eq!(closed, 2);
    let outcome = agent_executions::CallOutcome {
        status: ExecutionStatus::Completed,
        output: None,
        error: None,
        completed_at: now(),
        duration_ms: 1,
        tokens_in: 1,
        tokens_out: 1,
        cost_micros: 1,
        model: "m".into(),
    };
    org.store.write_blocking(move |c| agent_executions::finish(c, call, &outcome)).unwrap();

    let range = HourRange { from: hours(started), to: hours(started) + 1 };
    let runs = &whole(&org, Kind::Runs, range, "''", Conditions::new())[0].1;
    assert_eq!((runs.runs, runs.completed, runs.failed, runs.cancelled), (2, 1, 1, 0));
    let calls = &whole(&org, Kind::Calls, range, "origin", Conditions::new())[0];
    assert_eq!((calls.0.as_str(), calls.1.runs, calls.1.failed, calls.1.cost), ("WORKFLOW", 1, 1, 0));
    let actions = &whole(&org, Kind::Actions, range, "action", Conditions::new())[0];
    assert_eq!((actions.0.as_str(), actions.1.runs, actions.1.failed), ("slack.postMessage", 1, 1));
    let interrupted = org.store.read(move |c| executions::get(c, org.id, open)).unwrap();
    let (sig, node) = (error_groups::signature("interrupted"), Some("n1"));
    assert_eq!(interrupted.status, ExecutionStatus::Failed);
    let oid = org.id.to_string();
    let (groups, _) = org.store.read(move |c| analytics::error_groups(c, &oid, range, None, 10)).unwrap();
    assert_eq!(groups[0].id, error_groups::group_id(&wf.id.to_string(), node, &sig));
}

#[test]
fn rollups_equal_a_recount_of_the_raw_rows_after_random_runs_failures_and_prunes() {
    for seed_value in [7_u64, 1_234, 99_991] {
        seed::random_history(seed_value, true);
    }
}

#[test]
fn counting_the_records_again_gives_the_rollups_their_closes_wrote() {
    for seed_value in [3_u64, 4_242] {
        let org = seed::random_history(seed_value, false);
        let before = org.store.read(|c| Ok(seed::all_rollups(c))).unwrap();
        assert!(before.len() > 100, "seed {seed_value}: a varied history");
        org.store.write_blocking(neuroflow_store::table::recount::recount).unwrap();
        let after = org.store.read(|c| Ok(seed::all_rollups(c))).unwrap();
        assert_eq!(after, before, "seed {seed_value}");
    }
}

#[test]
fn deleted_workflows_keep_their_names_and_counts() {
    let org = common::org("Labels");
    let wf = common::workflow(&org, common::document("Gone soon", 2));
    seed::run(
        &org,
        &Run { workflow: wf.id, started: "2026-11-20T10:00:00.000Z", status: "COMPLETED", ..Run::default() },
    );
    let id = wf.id;
    org.store.write_blocking(move |c| neuroflow_store::table::workflows::delete(c, org.id, id)).unwrap();
    let oid = org.id.to_string();
    let labels = org.store.read(move |c| analytics::labels(c, &oid, "workflow")).unwrap();
    assert_eq!(labels.get(&wf.id.to_string()).map(String::as_str), Some("Gone soon"));
    let range = HourRange { from: at("2026-11-20T00:00:00Z") / 3_600_000, to: at("2026-11-21T00:00:00Z") / 3_600_000 };
    assert_eq!(whole(&org, Kind::Runs, range, "workflow_id", Conditions::new())[0].1.runs, 1);
}

/// The writer counts a batch's closed runs just before its commit: runs closed together are counted
/// once each, and a write that fails takes its run's count back with it.
#[test]
fn runs_closed_in_one_batch_are_counted_once_each_and_a_failed_write_counts_nothing() {
    let org = common::org("Batch");
    let wf = common::workflow(&org, common::document("Flow", 2));
    let started = "2026-11-20T10:00:00.000Z";
    let open: Vec<ExecutionId> = (0..6)
        .map(|_| seed::run(&org, &Run { workflow: wf.id, started, status: "RUNNING", ..Run::default() }))
        .collect();
    let finish = |id: ExecutionId, ms: i64| {
        executions::FinishRow::encode(id, ExecutionStatus::Completed, None, None, &now(), ms, Default::default())
            .unwrap()
    };
    // Hold the writer so the closes queue up behind it and are committed as one batch.
    let busy = org.store.enqueue(|_| {
        std::thread::sleep(std::time::Duration::from_millis(300));
        Ok(())
    });
    let closes: Vec<_> = open
        .iter()
        .copied()
        .enumerate()
        .map(|(n, id)| {
            let row = finish(id, 10 * (n as i64 + 1));
            org.store.enqueue(move |c| {
                assert!(executions::finish(c, &row)?);
                if n == 2 {
                    return Err(neuroflow_store::StoreError::Internal("the write failed after closing its run".into()));
                }
                Ok(())
            })
        })
        .collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        busy.await.unwrap();
        let mut failures = 0;
        for close in closes {
            failures += usize::from(close.await.is_err());
        }
        assert_eq!(failures, 1);
    });
    let range = HourRange { from: hours(started), to: hours(started) + 1 };
    let runs = &whole(&org, Kind::Runs, range, "''", Conditions::new())[0].1;
    assert_eq!((runs.runs, runs.completed, runs.duration), (5, 5, 10 + 20 + 40 + 50 + 60));
    assert_eq!(runs.latency, Histogram::of([10, 20, 40, 50, 60]));
    let failed_write = org.store.read({
        let (org_id, id) = (org.id, open[2]);
        move |c| executions::get(c, org_id, id)
    });
    assert_eq!(failed_write.unwrap().status, ExecutionStatus::Running, "its close was rolled back");
    // And a recount of the records agrees with what the batch wrote.
    let before = org.store.read(|c| Ok(seed::all_rollups(c))).unwrap();
    org.store.write_blocking(neuroflow_store::table::recount::recount).unwrap();
    assert_eq!(org.store.read(|c| Ok(seed::all_rollups(c))).unwrap(), before);
}
