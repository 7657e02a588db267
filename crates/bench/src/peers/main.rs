//! `neuroflow-bench-peers` (`./dev.sh bench --peers`): us against Node-RED, side by side in one
//! run, with the same external load generators (wrk and hey) — the benchmark of issue 15. n8n is
//! not measured: it is large to install and, by the figures of issue 15, far behind both.
//!
//! Why this shape: our own benchmark drives `serve` with its own light client, which flatters us, and
//! figures taken on different days or machines do not compare. So every server here gets the same
//! requests from the same third-party tools, in the same run, interleaved (ours, peer, ours, peer …)
//! so that a slow spell of the machine hits both, repeated, and reported as medians. Each server must
//! first give the expected answer (see `flows`). Beside speed: each server's CPU per execution, how
//! many executions each persisted, our bytes per execution, and whether anything else used the
//! machine during a run (see `machine`). Options: `options`; the loop: `measure`; the table: `report`.
//!
//! A binary of its own (not a mode of `neuroflow-bench`) so that it shares no code with the speed
//! benchmark it checks: its workflows, client and counting are all here.

mod flows;
mod hey;
mod http;
mod install;
mod machine;
mod measure;
mod nodered;
mod options;
mod ours;
mod report;
mod wrk;

use flows::{BODY, Flow};
use machine::Window;
pub use options::Options;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::Duration;

/// What one load tool measured in one run.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Answers with a 2xx status.
    pub ok: u64,
    /// Other statuses, and socket errors.
    pub errors: u64,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
}

impl Sample {
    pub fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tool {
    Wrk,
    Hey,
}

impl Tool {
    pub fn name(self) -> &'static str {
        match self {
            Tool::Wrk => "wrk",
            Tool::Hey => "hey",
        }
    }
}

/// The servers compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Ours,
    NodeRed,
}

impl Kind {
    pub fn name(self) -> String {
        match self {
            Kind::Ours => "NeuroFlow".into(),
            Kind::NodeRed => format!("Node-RED {}", install::NODE_RED_VERSION),
        }
    }
}

struct Server {
    kind: Kind,
    child: Child,
    port: u16,
}

impl Server {
    fn url(&self, flow: Flow) -> String {
        format!("http://127.0.0.1:{}/webhook/{}", self.port, flow.path())
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it.
    fn stop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = std::process::Command::new("kill").args(["-TERM", &self.pid().to_string()]).status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server never outlives the benchmark, even when it stops early with an error.
impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One measured run: what the tool saw, and what the machine did meanwhile.
#[derive(Debug, Clone)]
pub struct Run {
    pub sample: Sample,
    pub window: Window,
    /// The one-minute load average before and after the run (our own load included).
    pub load: (f64, f64),
    pub attempts: usize,
    pub disturbed: bool,
}

/// What is measured together: one workflow, one tool, one concurrency, one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cell {
    pub flow: Flow,
    pub tool: Tool,
    pub connections: usize,
    pub server: Kind,
}

/// Everything the report needs.
pub struct Results {
    /// The command that produced them, to print with the figures.
    pub command: String,
    pub options: Options,
    pub servers: Vec<Kind>,
    pub tools: Vec<Tool>,
    pub runs: HashMap<Cell, Vec<Run>>,
    /// 2xx answers each server gave per workflow, warm-up and repeated runs included.
    pub answered: HashMap<(Kind, Flow), u64>,
    pub peak_rss: HashMap<Kind, f64>,
    pub stored: Vec<Result<ours::Stored, String>>,
    pub problems: Vec<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    std::process::exit(run_main(&args));
}

/// Runs the side-by-side benchmark; returns the process's exit code.
fn run_main(args: &[String]) -> i32 {
    let options = match Options::parse(args, |k| std::env::var(k).ok()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    match run(args, options) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn run(args: &[String], options: Options) -> Result<(), String> {
    let mut problems = Vec::new();
    let available = install::load_tools(&mut problems);
    let tools: Vec<Tool> = options.tools.iter().copied().filter(|t| available.contains(&t.name())).collect();
    if tools.is_empty() {
        return Err(format!("no load generator to measure with:\n  {}", problems.join("\n  ")));
    }
    let scratch = tempfile::tempdir().map_err(|e| format!("cannot make a scratch directory: {e}"))?;
    let data = scratch.path().join("data");
    let ours = ours::Ours::setup(&sibling("neuroflow"), &data).map_err(|e| format!("cannot set up NeuroFlow: {e}"))?;
    let port = free_port();
    let child = ours.start(port).map_err(|e| format!("cannot start neuroflow serve: {e}"))?;
    let mut servers = vec![Server { kind: Kind::Ours, child, port }];
    ready(&servers[0], &options.flows).map_err(|e| format!("NeuroFlow: {e}"))?;
    if options.peers {
        match start_node_red(&scratch.path().join("node-red"), &options.flows) {
            Ok(server) => servers.push(server),
            Err(e) => problems.push(format!("Node-RED not measured: {e}")),
        }
    }
    let script = wrk::script(scratch.path(), BODY).map_err(|e| format!("cannot write the wrk script: {e}"))?;
    let planned = options.planned_seconds(servers.len(), tools.len());
    eprintln!(
        "==> Measuring {} with {} for about {} min ({} s of load, more if runs are disturbed)",
        servers.iter().map(|s| s.kind.name()).collect::<Vec<_>>().join(" and "),
        tools.iter().map(|t| t.name()).collect::<Vec<_>>().join(" and "),
        planned.div_ceil(60),
        planned
    );
    let mut results = Results {
        command: command_line(args),
        servers: servers.iter().map(|s| s.kind).collect(),
        tools,
        runs: HashMap::new(),
        answered: HashMap::new(),
        peak_rss: HashMap::new(),
        stored: Vec::new(),
        problems,
        options,
    };
    for server in &servers {
        for &flow in &results.options.flows {
            *results.answered.entry((server.kind, flow)).or_default() += 1; // the readiness check
        }
    }
    measure::all(&servers, &script, &mut results);
    for server in &mut servers {
        if let Some(mib) = machine::peak_rss_mib(server.pid()) {
            results.peak_rss.insert(server.kind, mib);
        }
        server.stop();
    }
    results.stored = ours.stored();
    report::print(&results);
    Ok(())
}

/// A binary beside this one (`neuroflow` is built into the same `target/release/`).
fn sibling(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    exe.with_file_name(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(0)
}

/// The CPU's model name, for the report's heading.
fn host() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name"))?.split(':').nth(1).map(|m| m.trim().to_string()))
        .unwrap_or_else(|| std::env::consts::ARCH.into())
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// The command as the lead would type it again, with the environment variables that changed it.
fn command_line(args: &[String]) -> String {
    let mut words: Vec<String> = ["NEUROFLOW_PEERS_SECONDS", "NEUROFLOW_PEERS_REPS"]
        .iter()
        .filter_map(|k| std::env::var(k).ok().map(|v| format!("{k}={v}")))
        .collect();
    words.push("./dev.sh bench".into());
    words.extend(args.iter().skip(1).cloned());
    words.join(" ")
}

fn start_node_red(user_dir: &Path, flows: &[Flow]) -> Result<Server, String> {
    let package = nodered::install()?;
    let port = free_port();
    nodered::prepare(user_dir, port).map_err(|e| format!("cannot write its settings: {e}"))?;
    let child = nodered::start(&package, user_dir).map_err(|e| format!("cannot start node: {e}"))?;
    let server = Server { kind: Kind::NodeRed, child, port };
    ready(&server, flows).map_err(|e| format!("{e}\n{}", nodered::log_tail(user_dir)))?;
    Ok(server)
}

/// Waits until the server gives every workflow's expected answer.
fn ready(server: &Server, flows: &[Flow]) -> Result<(), String> {
    for flow in flows {
        let path = format!("/webhook/{}", flow.path());
        http::wait_for_answer(server.port, &path, BODY, &flow.expected(), Duration::from_secs(60))?;
    }
    Ok(())
}
