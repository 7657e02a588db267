//! `neuroflow-bench --analytics [--runs N]`: the figures of issue 12 on a large organization.
//!
//! Seeds N executions (default 1,000,000, with five steps each) into a fresh data directory, then
//! prints: how long seeding and counting the rollups took; the p50/p95 of every analytics query
//! through the app's own use cases, at every range; the Analytics page's first reads together
//! (summary, series and the workflow list, as the page makes them); the store's writer time per
//! recorded run with and without the rollup writes; and `neuroflow serve`'s webhook throughput on
//! this store — with the rollups counted, without (a build with the store's `uncounted` feature,
//! `neuroflow-uncounted`), and while `neuroflow executions prune` runs at the background pace. Figures
//! are printed, never asserted: they depend on the machine. With `--seed-only DIR` it only seeds a
//! data directory, for the page's own measure in the app (`./dev.sh bench-ui --analytics`).

use crate::load::{Bound, drive};
use crate::{free_port, ms, print_table, seed, setup, sibling, throughput};
use neuroflow_app::Hub;
use neuroflow_types::{
    AnalyticsQuery, BreakdownBy, DashboardQuery, DrillDown, OrgId, PageRequest, TimeRange, WorkflowSort, now,
};
use std::future::Future;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 30;

/// p50 and p95 of `f` over `ROUNDS` rounds (after three to warm the caches).
fn time<F, Fut>(runtime: &tokio::runtime::Runtime, mut f: F) -> (Duration, Duration)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()>,
{
    for _ in 0..3 {
        runtime.block_on(f());
    }
    let mut took: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            runtime.block_on(f());
            t.elapsed()
        })
        .collect();
    took.sort();
    (took[ROUNDS / 2], took[(ROUNDS * 95).div_ceil(100) - 1])
}

fn row(label: String, (p50, p95): (Duration, Duration), goal: &str) -> [String; 3] {
    [label, format!("p50 {} · p95 {}", ms(p50), ms(p95)), goal.into()]
}

/// `neuroflow-bench --seed-only DIR [--runs N]`: a data directory with one organization seeded as
/// the benchmark seeds it, for measuring the Analytics page in the app (`scripts/bench-analytics-page.mjs`).
pub fn seed_only(data: &std::path::Path, runs: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    setup(&sibling("neuroflow"), data);
    let hub = Hub::open_as(data, "bench").expect("hub");
    let org = runtime.block_on(hub.resolve_org(None)).expect("the organization").id;
    let seeded = seed::seed(&data.join("orgs").join(org.to_string()).join("org.sqlite"), org, runs);
    println!(
        "seeded {} runs, {} steps, {} agent calls into {}",
        seeded.runs,
        seeded.steps,
        seeded.calls,
        data.display()
    );
}

pub fn run(runs: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let cli = sibling("neuroflow");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    setup(&cli, &data);
    let hub = Hub::open_as(&data, "bench").expect("hub");
    let org = runtime.block_on(hub.resolve_org(None)).expect("the organization").id;
    let path = data.join("orgs").join(org.to_string()).join("org.sqlite");
    let mut rows: Vec<[String; 3]> = Vec::new();

    let seeded = seed::seed(&path, org, runs);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    rows.push([
        format!("seeded {} runs, {} steps, {} agent calls", seeded.runs, seeded.steps, seeded.calls),
        format!(
            "rows {:.1} s · rollups {:.1} s · {:.0} MB",
            seeded.rows_took.as_secs_f64(),
            seeded.rollups_took.as_secs_f64(),
            size as f64 / 1e6
        ),
        "".into(),
    ]);

    let hub = Hub::open_as(&data, "bench-analytics").expect("hub");
    let q = |range| AnalyticsQuery { range, workflow_id: None };
    let ranges = [
        ("24h", TimeRange::Last24Hours),
        ("7d", TimeRange::Last7Days),
        ("30d", TimeRange::Last30Days),
        ("90d", TimeRange::Last90Days),
    ];
    for (name, range) in ranges {
        rows.push(row(
            format!("summary, {name}"),
            time(&runtime, || async {
                std::hint::black_box(hub.analytics_summary(org, q(range)).await.unwrap());
            }),
            "< 50 ms p95",
        ));
        rows.push(row(
            format!("series, {name}"),
            time(&runtime, || async {
                std::hint::black_box(hub.analytics_series(org, q(range)).await.unwrap());
            }),
            "< 50 ms p95",
        ));
        rows.push(row(
            format!("breakdown by workflow, {name}"),
            time(&runtime, || async {
                std::hint::black_box(hub.analytics_breakdown(org, q(range), BreakdownBy::Workflow).await.unwrap());
            }),
            "< 50 ms p95",
        ));
        rows.push(row(
            format!("errors, {name}"),
            time(&runtime, || async {
                std::hint::black_box(hub.analytics_errors(org, q(range)).await.unwrap());
            }),
            "< 50 ms p95",
        ));
    }
    for by in [
        BreakdownBy::Agent,
        BreakdownBy::Team,
        BreakdownBy::Provider,
        BreakdownBy::Model,
        BreakdownBy::Action,
        BreakdownBy::Trigger,
    ] {
        rows.push(row(
            format!("breakdown by {}, 90d", by.as_str()),
            time(&runtime, || async {
                std::hint::black_box(hub.analytics_breakdown(org, q(TimeRange::Last90Days), by).await.unwrap());
            }),
            "< 50 ms p95",
        ));
    }
    let one =
        runtime.block_on(hub.analytics_breakdown(org, q(TimeRange::Last90Days), BreakdownBy::Workflow)).unwrap().rows
            [0]
        .key
        .parse()
        .ok();
    rows.push(row(
        "summary of one workflow, 90d".into(),
        time(&runtime, || async {
            std::hint::black_box(
                hub.analytics_summary(org, AnalyticsQuery { range: TimeRange::Last90Days, workflow_id: one })
                    .await
                    .unwrap(),
            );
        }),
        "< 50 ms p95",
    ));
    rows.push(row(
        "dashboard".into(),
        time(&runtime, || async {
            std::hint::black_box(hub.dashboard(org, DashboardQuery::default()).await.unwrap());
        }),
        "< 50 ms p95",
    ));
    drill_rows(&runtime, &hub, org, &mut rows);
    rows.push(row(
        "Analytics page's first reads (summary, series, workflows), 7d".into(),
        time(&runtime, || async {
            let (a, b, c) = tokio::join!(
                hub.analytics_summary(org, q(TimeRange::Last7Days)),
                hub.analytics_series(org, q(TimeRange::Last7Days)),
                hub.list_workflows(
                    org,
                    neuroflow_types::WorkflowFilter {
                        sort: WorkflowSort::NameAsc,
                        page: PageRequest::new(500, 0),
                        ..Default::default()
                    }
                ),
            );
            std::hint::black_box((a.unwrap(), b.unwrap(), c.unwrap()));
        }),
        "page ready < 300 ms (the reads' share)",
    ));

    rows.extend(crate::writer::rows(&runtime, &data));
    rows.extend(webhooks(&runtime, &cli, &data));
    print_table(&rows);
}

/// The drill-downs' first pages (with the count the pager shows).
fn drill_rows(runtime: &tokio::runtime::Runtime, hub: &Hub, org: OrgId, rows: &mut Vec<[String; 3]>) {
    let week = now() - Duration::from_secs(7 * 86_400);
    let errors = runtime
        .block_on(hub.analytics_errors(org, AnalyticsQuery { range: TimeRange::Last90Days, workflow_id: None }))
        .unwrap();
    let group = errors.groups.first().map(|g| g.id.clone());
    let base = DrillDown { from: Some(week), to: Some(now()), page: PageRequest::new(25, 0), ..DrillDown::default() };
    let cases = [
        ("runs of the last 7 days", DrillDown { top_level: true, ..base.clone() }),
        (
            "runs of an error group, 90d",
            DrillDown { from: Some(now() - Duration::from_secs(90 * 86_400)), error_group: group, ..base.clone() },
        ),
        (
            "runs that called a model, 7d",
            DrillDown { provider: Some("openai".into()), model: Some("gpt-4o-mini".into()), ..base.clone() },
        ),
        ("runs with an integration action, 7d", DrillDown { action: Some("slack.postMessage".into()), ..base.clone() }),
    ];
    for (name, drill) in cases {
        rows.push(row(
            format!("drill-down: {name} (first page and count)"),
            time(runtime, || async {
                std::hint::black_box(hub.analytics_runs(org, drill.clone()).await.unwrap());
            }),
            "< 50 ms p95",
        ));
    }
}

/// `neuroflow serve` running on the store until dropped.
struct Serve {
    child: std::process::Child,
    addr: String,
}

impl Serve {
    /// Starts `binary serve` on `data` and waits until the bench webhook answers, then warms it up.
    fn start(runtime: &tokio::runtime::Runtime, binary: &std::path::Path, data: &std::path::Path) -> Self {
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(binary)
            .args(["--data-dir", data.to_str().unwrap(), "serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start neuroflow serve");
        let serve = Self { child, addr };
        let started = Instant::now();
        while runtime.block_on(crate::load::probe(&serve.addr, PATH, BODY)) != Some(200) {
            assert!(started.elapsed() < Duration::from_secs(60), "serve never answered");
            std::thread::sleep(Duration::from_millis(20));
        }
        runtime.block_on(drive(&serve.addr, PATH, BODY, 8, Bound::Requests(3_000)));
        serve
    }

    /// Ten seconds of webhook runs at concurrency 8.
    fn measure(&self, runtime: &tokio::runtime::Runtime) -> crate::load::LoadReport {
        runtime.block_on(drive(&self.addr, PATH, BODY, 8, Bound::For(Duration::from_secs(10))))
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const PATH: &str = "/webhook/bench";
const BODY: &str = r#"{"name":"Ada","score":91}"#;

/// `neuroflow serve` on this store: webhook throughput with the rollups counted and, when
/// `neuroflow-uncounted` was built (`./dev.sh bench --analytics` builds it), without — three rounds
/// each, interleaved, the median of each (one 10-second round moves by several percent on a shared
/// machine); then rounds alone and rounds while a prune runs in another process at the background
/// pace, interleaved, three of each.
fn webhooks(runtime: &tokio::runtime::Runtime, cli: &std::path::Path, data: &std::path::Path) -> Vec<[String; 3]> {
    let uncounted = sibling("neuroflow-uncounted");
    let uncounted = uncounted.exists().then_some(uncounted);
    let (mut counted, mut without) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        counted.push(Serve::start(runtime, cli, data).measure(runtime));
        if let Some(u) = &uncounted {
            without.push(Serve::start(runtime, u, data).measure(runtime));
        }
    }
    let median = |mut v: Vec<crate::load::LoadReport>| {
        v.sort_by(|a, b| a.per_second().total_cmp(&b.per_second()));
        v.swap_remove(v.len() / 2)
    };
    let counted = median(counted);
    let mut rows = Vec::new();
    if without.is_empty() {
        rows.push(throughput(
            "webhook executions/s at concurrency 8, on this store",
            &counted,
            "(rollups counted; median of 3)",
        ));
        rows.push([
            "… without counting".into(),
            "not measured: neuroflow-uncounted is built by ./dev.sh bench --analytics".into(),
            "≤ 5%".into(),
        ]);
    } else {
        let without = median(without);
        let cost = (1.0 - counted.per_second() / without.per_second().max(1.0)) * 100.0;
        rows.push(throughput(
            "webhook executions/s at concurrency 8, on this store, counted in the rollups",
            &counted,
            "(median of 3)",
        ));
        rows.push(throughput("… the same without counting (neuroflow-uncounted)", &without, "(median of 3)"));
        rows.push(["throughput the counting costs".into(), format!("{cost:.1}%"), "≤ 5%".into()]);
    }

    // Pruning: three rounds of ten seconds alone, then ten with a prune running in another process
    // (stopped after each round: its batches are transactions, and the next one goes on).
    let serve = Serve::start(runtime, cli, data);
    let pace = neuroflow_app::BACKGROUND_PACE.to_string();
    let (mut alone, mut during, mut finished_early) = (Vec::new(), Vec::new(), false);
    for _ in 0..3 {
        alone.push(serve.measure(runtime));
        let mut prune = Command::new(cli)
            .args(["--data-dir", data.to_str().unwrap(), "executions", "prune", "--pace", &pace])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start neuroflow executions prune");
        std::thread::sleep(Duration::from_millis(500));
        during.push(serve.measure(runtime));
        finished_early |= prune.try_wait().ok().flatten().is_some();
        let _ = prune.kill();
        let _ = prune.wait();
    }
    drop(serve);
    let (alone, during) = (median(alone), median(during));
    let ratio = during.per_second() / alone.per_second().max(1.0) * 100.0;
    rows.push(throughput("webhook executions/s, rounds without a prune", &alone, "(median of 3)"));
    rows.push(throughput(
        &format!(
            "… while `executions prune --pace {pace}` runs{}",
            if finished_early { " (it finished early)" } else { "" }
        ),
        &during,
        "(median of 3) within 10% of alone",
    ));
    rows.push(["throughput during pruning, as a share of alone".into(), format!("{ratio:.1}%"), "≥ 90%".into()]);
    rows
}
