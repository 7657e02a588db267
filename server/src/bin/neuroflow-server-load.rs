//! The load test: requests per second and p99 for reading a workflow list and writing a workflow
//! (create, update), against one and then two `neuroflow-server` instances on 127.0.0.1 sharing one
//! database. Bounded: each scenario runs for `--seconds`. Speed is measured here, never in tests.
//!
//!   neuroflow-server-load --owner-url postgres://neuroflow_owner@127.0.0.1:PORT/DB \
//!                         --app-url postgres://neuroflow_app@127.0.0.1:PORT/DB [--seconds 10]

use clap::Parser;
use neuroflow_server::{Error, Result};
use serde_json::{Value, json};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

#[derive(Parser)]
struct Args {
    /// The schema owner's URL: migrates and sets the plan.
    #[arg(long)]
    owner_url: String,
    /// The service role's URL, for the instances.
    #[arg(long)]
    app_url: String,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Database connections per instance.
    #[arg(long, default_value_t = 16)]
    max_connections: u32,
}

fn fail(message: impl Into<String>) -> Error {
    Error::Refused(message.into())
}

async fn spawn_instance(args: &Args, port: u16) -> Result<Child> {
    let exe = std::env::current_exe()?.with_file_name("neuroflow-server");
    let child = Command::new(exe)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("NEUROFLOW_SERVER_DATABASE_URL", &args.app_url)
        .env("NEUROFLOW_SERVER_MAX_CONNECTIONS", args.max_connections.to_string())
        .env("NEUROFLOW_SERVER_LOG", "warn")
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()?;
    for _ in 0..100 {
        if let Ok(r) = reqwest::get(format!("http://127.0.0.1:{port}/readyz")).await
            && r.status().is_success()
        {
            return Ok(child);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(fail(format!("instance on port {port} did not become ready")))
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: &str,
    body: Option<&Value>,
) -> Result<Value> {
    let mut req = http.request(method, url).bearer_auth(token);
    if let Some(body) = body {
        req = req.json(body);
    }
    let res = req.send().await.map_err(|e| fail(e.to_string()))?;
    let status = res.status();
    let value: Value = res.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        return Err(fail(format!("{url}: {status} {value}")));
    }
    Ok(value)
}

#[derive(Clone, Copy, PartialEq)]
enum Scenario {
    List,
    Create,
    Update,
}

struct Figures {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
}

async fn run(scenario: Scenario, bases: &[String], org: &str, token: &str, ids: &[String], args: &Args) -> Figures {
    let http = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build().expect("client");
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers = (0..args.concurrency).map(|w| {
        let (http, errors, token, org) = (http.clone(), errors.clone(), token.to_string(), org.to_string());
        let (bases, ids) = (bases.to_vec(), ids.to_vec());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = w;
            while Instant::now() < deadline {
                let base = &bases[i % bases.len()];
                let o = format!("{base}/api/v1/organizations/{org}/workflows");
                let t = Instant::now();
                let result = match scenario {
                    Scenario::List => call(&http, reqwest::Method::GET, &format!("{o}?limit=20&sortBy=updated_at"), &token, None).await,
                    Scenario::Create => {
                        let body = json!({ "name": format!("load {w}-{i}"), "nodes": [{ "id": "t", "type": "trigger", "data": {} }] });
                        call(&http, reqwest::Method::POST, &o, &token, Some(&body)).await
                    }
                    Scenario::Update => {
                        let id = &ids[i % ids.len()];
                        let body = json!({ "description": format!("edit {i}"), "nodes": [{ "id": "t", "type": "trigger", "data": { "n": i } }] });
                        call(&http, reqwest::Method::PUT, &format!("{o}/{id}"), &token, Some(&body)).await
                    }
                };
                match result {
                    Ok(_) => latencies.push(t.elapsed()),
                    Err(e) => {
                        if errors.fetch_add(1, Ordering::Relaxed) < 3 {
                            eprintln!("error: {e}");
                        }
                    }
                }
                i += STRIDE;
            }
            latencies
        })
    });
    let mut all: Vec<Duration> = Vec::new();
    for worker in workers.collect::<Vec<_>>() {
        all.extend(worker.await.unwrap_or_default());
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    Figures {
        rps: all.len() as f64 / elapsed,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        errors: errors.load(Ordering::Relaxed),
    }
}

/// Workers step through instances and workflows by a stride coprime with both counts used here.
const STRIDE: usize = 7;

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    neuroflow_server::db::migrate(&args.owner_url, None).await?;
    let ports: Vec<u16> = (0..2)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()))
        .collect::<std::io::Result<_>>()?;
    let _first = spawn_instance(&args, ports[0]).await?;
    let bases: Vec<String> = ports.iter().map(|p| format!("http://127.0.0.1:{p}")).collect();
    let http = reqwest::Client::new();
    let email = format!("load-{}@example.com", uuid::Uuid::now_v7().simple());
    let res = http
        .post(format!("{}/api/v1/auth/sign-up", bases[0]))
        .json(&json!({ "email": email, "password": "load test password" }))
        .send()
        .await
        .map_err(|e| fail(e.to_string()))?;
    let tokens: Value = res.json().await.map_err(|e| fail(e.to_string()))?;
    let token = tokens["accessToken"].as_str().ok_or_else(|| fail(format!("sign-up: {tokens}")))?.to_string();
    // Reads and updates work on one organization of 200 workflows that stays that size; creates go
    // to another, so that no scenario measures what an earlier one left behind.
    let owner = neuroflow_server::db::connect(&args.owner_url, 1).await?;
    let mut orgs = Vec::new();
    for name in ["Load (read, update)", "Load (create)"] {
        let url = format!("{}/api/v1/organizations", bases[0]);
        let org = call(&http, reqwest::Method::POST, &url, &token, Some(&json!({ "name": name }))).await?;
        let org = org["id"].as_str().ok_or_else(|| fail("no org id"))?.to_string();
        let id = org.parse().map_err(|_| fail("org id"))?;
        neuroflow_server::admin::set_plan(&owner, id, neuroflow_server::permissions::Plan::Enterprise).await?;
        orgs.push(org);
    }
    let mut ids = Vec::new();
    for i in 0..200 {
        let body = json!({ "name": format!("seed {i}"), "description": "a workflow of the load test",
            "nodes": [{ "id": "t", "type": "trigger", "data": {} }, { "id": "h", "type": "http", "data": { "url": "http://127.0.0.1/x" } }],
            "edges": [{ "id": "e", "source": "t", "target": "h" }] });
        let url = format!("{}/api/v1/organizations/{}/workflows", bases[0], orgs[0]);
        let wf = call(&http, reqwest::Method::POST, &url, &token, Some(&body)).await?;
        ids.push(wf["id"].as_str().unwrap_or_default().to_string());
    }
    println!(
        "neuroflow-server load: {} s per scenario, {} in flight, {} connections per instance",
        args.seconds, args.concurrency, args.max_connections
    );
    println!("{:<42} {:>10} {:>9} {:>9} {:>7}", "scenario", "req/s", "p50 ms", "p99 ms", "errors");
    let mut _second = None;
    for instances in [1, 2] {
        if instances == 2 {
            _second = Some(spawn_instance(&args, ports[1]).await?);
        }
        for (scenario, name) in [
            (Scenario::List, "GET workflows (list of 20)"),
            (Scenario::Create, "POST workflow (create)"),
            (Scenario::Update, "PUT workflow (update)"),
        ] {
            let org = if scenario == Scenario::Create { &orgs[1] } else { &orgs[0] };
            let f = run(scenario, &bases[..instances], org, &token, &ids, &args).await;
            println!(
                "{:<42} {:>10.0} {:>9.2} {:>9.2} {:>7}",
                format!("{name}, {instances} instance(s)"),
                f.rps,
                f.p50_ms,
                f.p99_ms,
                f.errors
            );
        }
    }
    Ok(())
}
