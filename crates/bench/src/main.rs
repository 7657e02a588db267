//! `neuroflow-bench`: the speed figures of issue 3, measured on this machine and printed as a table.
//!
//! It drives a real `neuroflow serve` (release build, fresh data directory, every execution and step
//! persisted before each answer) over 127.0.0.1 with the five-node webhook workflow
//! Webhook → Set → IF → Code → Respond, and times `neuroflow run`, the engine alone and validation.
//! Run it with `./dev.sh bench`, which builds in release mode first.

mod agents;
mod analytics;
mod engine;
mod load;
mod seed;
mod storage;
mod templates;
mod writer;

use load::{Bound, LoadReport, drive};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// mimalloc: several times faster than the system allocator on the engine's many small, short-lived
/// allocations (documents, JSON values, template contexts), and it returns freed memory to the OS.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BODY: &str = r#"{"name":"Ada","score":91}"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--agents-only") {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let mut rows = Vec::new();
        agent_rows(&runtime, 300, &mut rows);
        print_table(&rows);
        return;
    }
    if args.iter().any(|a| a == "--templates-only") {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let mut rows = Vec::new();
        let queries = template_rows(&runtime, 100, &mut rows);
        for (label, p50, p95) in queries {
            rows.push([format!("  {label}"), format!("{} / {}", ms(p50), ms(p95)), String::new()]);
        }
        print_table(&rows);
        return;
    }
    let value_of = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let runs = value_of("--runs").and_then(|n| n.replace('_', "").parse().ok()).unwrap_or(1_000_000);
    if let Some(dir) = value_of("--seed-only") {
        analytics::seed_only(Path::new(dir), runs);
        return;
    }
    if args.iter().any(|a| a == "--writer-only") {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let dir = tempfile::tempdir().expect("temp dir");
        print_table(&writer::rows(&runtime, dir.path()));
        return;
    }
    if args.iter().any(|a| a == "--analytics") {
        analytics::run(runs);
        return;
    }
    if args.iter().any(|a| a == "--engine-only") {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
        let e = runtime.block_on(engine::measure());
        println!(
            "constant {:?} templated {:?} validate {:?}",
            e.per_node_constant, e.per_node_templated, e.validate_10k
        );
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let seconds = if quick { 3 } else { 10 };
    let flat_total = if quick { 20_000 } else { 100_000 };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let cli = sibling("neuroflow");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut rows: Vec<[String; 3]> = Vec::new();

    setup(&cli, &data);
    let empty = storage::measure(&data);
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");

    // Cold start: from spawning `serve` to the first correct webhook answer.
    let spawned = Instant::now();
    let mut serve = Command::new(&cli)
        .args(["--data-dir", data.to_str().unwrap(), "serve", "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start neuroflow serve");
    let cold = runtime.block_on(first_answer(&addr, spawned));
    rows.push(["cold start to the first correct webhook answer".into(), ms(cold), "< 100 ms".into()]);
    std::thread::sleep(Duration::from_secs(1));
    let idle_before = rss_kib(serve.id());
    rows.push(["idle memory after start (RSS)".into(), mib(idle_before), "< 30 MB".into()]);

    let path = "/webhook/bench";
    runtime.block_on(drive(&addr, path, BODY, 8, Bound::Requests(5_000)));
    let c8 = runtime.block_on(drive(&addr, path, BODY, 8, Bound::For(Duration::from_secs(seconds))));
    rows.push(throughput("executions/s at concurrency 8", &c8, "≥ 5,000/s, p99 < 10 ms"));
    let c1 = runtime.block_on(drive(&addr, path, BODY, 1, Bound::For(Duration::from_secs(seconds))));
    rows.push(throughput("executions/s one at a time", &c1, "(n8n 70/s, Node-RED 1,990/s)"));

    // The same, while 1,000 idle and 1,000 half-sent connections are held open.
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let held = runtime.block_on(load::hold_connections(&addr, 1_000, 1_000));
    let crowded = runtime.block_on(drive(&addr, path, BODY, 1, Bound::Requests(2_000)));
    drop(held);
    rows.push([
        "one at a time with 1,000 idle + 1,000 half-sent connections open".into(),
        format!(
            "p50 {} / p99 {} (+{} / +{} over without), {} errors",
            ms(crowded.percentile(0.5)),
            ms(crowded.percentile(0.99)),
            ms(crowded.percentile(0.5).saturating_sub(c1.percentile(0.5))),
            ms(crowded.percentile(0.99).saturating_sub(c1.percentile(0.99))),
            crowded.errors
        ),
        "delay ≤ 50 ms".into(),
    ]);

    // Memory over many executions: RSS sampled every tenth of the way.
    let mut samples = vec![rss_kib(serve.id())];
    for _ in 0..10 {
        let r = runtime.block_on(drive(&addr, path, BODY, 8, Bound::Requests(flat_total / 10)));
        assert_eq!(r.errors, 0, "requests failed during the memory run");
        samples.push(rss_kib(serve.id()));
    }
    let series: Vec<String> = samples.iter().map(|k| format!("{:.1}", *k as f64 / 1024.0)).collect();
    let growth = samples.last().unwrap() - samples[1];
    rows.push([
        format!("memory over {flat_total} executions (MB, every {})", flat_total / 10),
        format!("{} (+{:.1} MB after the first tenth)", series.join(" "), growth as f64 / 1024.0),
        "flat".into(),
    ]);
    std::thread::sleep(Duration::from_secs(1));
    rows.push(["idle memory after the load (RSS)".into(), mib(rss_kib(serve.id())), "< 30 MB".into()]);
    let recorded = count_executions(&cli, &data);
    let _ = Command::new("kill").args(["-TERM", &serve.id().to_string()]).status();
    let _ = serve.wait();
    rows.push([
        "database per execution of the 5-node workflow (live bytes; largest parts)".into(),
        storage::per_execution(&empty, &storage::measure(&data), recorded),
        "≤ 2,200 B (4,400 B before)".into(),
    ]);

    // One run from the CLI, process start included.
    let mut walls: Vec<Duration> = (0..30)
        .map(|_| {
            let t = Instant::now();
            let ok = Command::new(&cli)
                .args(["--data-dir", data.to_str().unwrap(), "run", "Bench manual", "--input", BODY])
                .stdout(Stdio::null())
                .status()
                .expect("neuroflow run")
                .success();
            assert!(ok, "neuroflow run failed");
            t.elapsed()
        })
        .collect();
    walls.sort();
    rows.push([
        "`neuroflow run` of a five-node workflow (wall, p50)".into(),
        ms(walls[walls.len() / 2]),
        "< 30 ms".into(),
    ]);

    let engine = runtime.block_on(engine::measure());
    rows.push(["engine overhead per node (constant nodes)".into(), us(engine.per_node_constant), "< 50 µs".into()]);
    rows.push(["engine time per node (templated nodes)".into(), us(engine.per_node_templated), "".into()]);
    rows.push([
        "validating a 10,000-node workflow (parse + validate)".into(),
        ms(engine.validate_10k),
        "< 20 ms".into(),
    ]);

    let agent_runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    agent_rows(&agent_runtime, if quick { 200 } else { 1000 }, &mut rows);
    template_rows(&agent_runtime, if quick { 30 } else { 100 }, &mut rows);

    println!("\nNeuroFlow Hub benchmark — {} · {} cores · {} recorded executions", host(), cores(), recorded);
    println!(
        "webhook workflow: Webhook → Set → IF → Code → Respond; every execution and step persisted before the answer\n"
    );
    print_table(&rows);
}

/// Template search over the built-ins and 10,000 generated templates (text, filters, sort, a page
/// and three facets per search).
fn template_rows(
    runtime: &tokio::runtime::Runtime,
    iterations: usize,
    rows: &mut Vec<[String; 3]>,
) -> Vec<(String, Duration, Duration)> {
    let t = runtime.block_on(templates::measure(iterations));
    rows.push([
        format!("template search over {} templates: FTS5 + filters + sort + page + 3 facets (p50 / p95)", t.templates),
        format!("{} / {} (slowest query p95: {} {})", ms(t.p50), ms(t.p95), t.worst.0, ms(t.worst.1)),
        "< 50 ms".into(),
    ]);
    t.queries
}

/// The agent figures: overhead over the provider's own latency, and a team's concurrency.
fn agent_rows(runtime: &tokio::runtime::Runtime, n: usize, rows: &mut Vec<[String; 3]>) {
    let a = runtime.block_on(agents::measure(n));
    let over = |d: Duration| ms(d.saturating_sub(a.raw));
    rows.push([
        "model call, raw HTTP to a local provider (streamed, p50)".into(),
        ms(a.raw),
        "the provider's own latency".into(),
    ]);
    rows.push(["agent runtime overhead over that (prompt, SSE, usage, cost)".into(), over(a.runtime), "".into()]);
    rows.push([
        "recorded agent call overhead (+ vault key, agent_executions row, status, metrics)".into(),
        over(a.recorded),
        "".into(),
    ]);
    rows.push([
        "collaborative team, 4 members × 200 ms at once + merge: wall vs sum of calls".into(),
        format!("{} vs {}", ms(a.team_wall), ms(a.team_sum)),
        "wall ≈ slowest member, not the sum".into(),
    ]);
}

fn throughput(label: &str, r: &LoadReport, goal: &str) -> [String; 3] {
    [
        label.into(),
        format!(
            "{:.0}/s (p50 {} / p99 {}), {} requests, {} errors",
            r.per_second(),
            ms(r.percentile(0.5)),
            ms(r.percentile(0.99)),
            r.requests,
            r.errors
        ),
        goal.into(),
    ]
}

/// Creates an organization with the benchmark workflows: the webhook one (active) and a manual one.
fn setup(cli: &Path, data: &Path) {
    let run = |args: &[&str]| {
        let out = Command::new(cli).arg("--data-dir").arg(data).args(args).output().expect("neuroflow");
        assert!(out.status.success(), "neuroflow {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["org", "create", "Bench"]);
    for (name, trigger) in [
        ("Bench webhook", json!({ "kind": "webhook", "path": "bench", "method": "POST" })),
        ("Bench manual", json!({ "kind": "manual" })),
    ] {
        let file = data.with_file_name(format!("{}.json", name.replace(' ', "-")));
        std::fs::write(&file, five_nodes(name, trigger).to_string()).unwrap();
        run(&["workflow", "import", file.to_str().unwrap()]);
    }
    run(&["workflow", "activate", "Bench webhook"]);
}

/// Webhook → Set → IF → Code → Respond.
fn five_nodes(name: &str, trigger: Value) -> Value {
    let body = if trigger["kind"] == "webhook" { "input.body" } else { "input" };
    json!({
        "format": 1, "name": name,
        "nodes": [
            { "id": "in", "type": "trigger", "data": { "label": "Webhook", "trigger": trigger } },
            { "id": "set", "type": "transform", "data": { "label": "Set", "output": { "name": format!("{{{{ {body}.name }}}}"), "score": format!("{{{{ {body}.score }}}}") } } },
            { "id": "if", "type": "condition", "data": { "label": "IF", "expression": "prev.score >= 80" } },
            { "id": "code", "type": "transform", "data": { "label": "Code", "output": { "greeting": "Hi {{ prev.name }}", "tier": "hot" } } },
            { "id": "respond", "type": "transform", "data": { "label": "Respond", "output": { "ok": true, "reply": "{{ prev.greeting }}", "tier": "{{ prev.tier }}" } } }
        ],
        "edges": [
            { "id": "e1", "source": "in", "target": "set" },
            { "id": "e2", "source": "set", "target": "if" },
            { "id": "e3", "source": "if", "sourceHandle": "true", "target": "code" },
            { "id": "e4", "source": "code", "target": "respond" }
        ]
    })
}

async fn first_answer(addr: &str, since: Instant) -> Duration {
    loop {
        if let Ok(Some(200)) =
            tokio::time::timeout(Duration::from_millis(500), load::probe(addr, "/webhook/bench", BODY)).await
        {
            return since.elapsed();
        }
        assert!(since.elapsed() < Duration::from_secs(30), "serve never answered");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

fn count_executions(cli: &Path, data: &Path) -> i64 {
    let out = Command::new(cli)
        .arg("--data-dir")
        .arg(data)
        .args(["--json", "executions", "list", "--limit", "1"])
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout).ok().and_then(|v| v["total"].as_i64()).unwrap_or(-1)
}

fn sibling(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    exe.with_file_name(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Resident memory of a process, in KiB (Linux).
fn rss_kib(pid: u32) -> i64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(-1)
}

fn host() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.into())
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn mib(kib: i64) -> String {
    format!("{:.1} MB", kib as f64 / 1024.0)
}

fn print_table(rows: &[[String; 3]]) {
    let w0 = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r[1].chars().count()).max().unwrap_or(0);
    println!("{:<w0$}  {:<w1$}  goal", "measure", "measured");
    println!("{}", "-".repeat(w0 + w1 + 30));
    for r in rows {
        println!("{:<w0$}  {:<w1$}  {}", r[0], r[1], r[2]);
    }
}
