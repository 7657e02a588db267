//! `neuroflow-bench --peers`: us against Node-RED (and n8n with `--with-n8n`), side by side in one
//! run, with the same external load generators (wrk and hey) — the benchmark of issue 15.
//!
//! Why this shape: our own benchmark drives `serve` with its own light client, which flatters us, and
//! figures taken on different days or machines do not compare. So every server here gets the same
//! requests from the same third-party tools, in the same run, interleaved (ours, peer, ours, peer …)
//! so that a slow spell of the machine hits both, repeated, and reported as medians. Each server must
//! first give the expected answer (see `flows`). Beside speed: each server's CPU per execution, how
//! many executions each persisted, our bytes per execution, and whether anything else used the
//! machine during a run (see `machine`).

mod flows;
mod hey;
mod http;
mod install;
mod machine;
mod nodered;
mod ours;
mod report;
mod wrk;

use flows::{ALL, BODY, Flow};
use machine::Window;
use std::collections::HashMap;
use std::path::Path;
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

    fn stop(&mut self) {
        let _ = std::process::Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

/// How long and how often to measure.
#[derive(Debug, Clone)]
pub struct Options {
    pub seconds: u64,
    pub reps: usize,
    pub warmup: u64,
    /// How many times a disturbed run is repeated.
    pub retries: usize,
    /// How long to wait for the machine to calm down before repeating, in seconds.
    pub quiet_wait: u32,
    /// Foreign CPU, in cores, above which a run counts as disturbed.
    pub busy_above: f64,
    pub concurrency: Vec<usize>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let quick = args.iter().any(|a| a == "--quick");
        let mut o = if quick {
            Options { seconds: 3, reps: 2, warmup: 1, retries: 1, quiet_wait: 3, busy_above: 0.1, concurrency: vec![1, 8] }
        } else {
            Options { seconds: 10, reps: 3, warmup: 2, retries: 2, quiet_wait: 15, busy_above: 0.1, concurrency: vec![1, 8] }
        };
        let mut it = args.iter().skip(1);
        while let Some(a) = it.next() {
            let mut value = |name: &str| {
                it.next().and_then(|v| v.parse::<f64>().ok()).ok_or_else(|| format!("{name} needs a number"))
            };
            match a.as_str() {
                "--peers" | "--quick" => {}
                "--seconds" => o.seconds = value(a)?.max(1.0) as u64,
                "--reps" => o.reps = value(a)?.max(1.0) as usize,
                "--retries" => o.retries = value(a)? as usize,
                "--busy-above" => o.busy_above = value(a)?,
                other => {
                    return Err(format!(
                        "unknown option {other} (options: --quick --seconds N --reps N --retries N --busy-above CORES)"
                    ));
                }
            }
        }
        Ok(o)
    }
}

/// One measured run: what the tool saw, and what the machine did meanwhile.
#[derive(Debug, Clone)]
pub struct Run {
    pub sample: Sample,
    pub window: Window,
    pub load1: f64,
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

/// Runs the side-by-side benchmark; returns the process's exit code.
pub fn main(args: &[String]) -> i32 {
    let options = match Options::parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut problems = Vec::new();
    let tools: Vec<Tool> = install::load_tools(&mut problems)
        .into_iter()
        .map(|t| if t == "wrk" { Tool::Wrk } else { Tool::Hey })
        .collect();
    if tools.is_empty() {
        eprintln!("error: no load generator to measure with:\n  {}", problems.join("\n  "));
        return 1;
    }
    let scratch = tempfile::tempdir().expect("temp dir");
    let data = scratch.path().join("data");
    let ours = match ours::Ours::setup(&crate::sibling("neuroflow"), &data) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: cannot set up NeuroFlow: {e}");
            return 1;
        }
    };
    let mut servers = Vec::new();
    let port = crate::free_port();
    match ours.start(port) {
        Ok(child) => servers.push(Server { kind: Kind::Ours, child, port }),
        Err(e) => {
            eprintln!("error: cannot start neuroflow serve: {e}");
            return 1;
        }
    }
    if let Err(e) = ready(&servers[0]) {
        eprintln!("error: NeuroFlow: {e}");
        servers[0].stop();
        return 1;
    }
    match start_node_red(&scratch.path().join("node-red")) {
        Ok(server) => servers.push(server),
        Err(e) => problems.push(format!("Node-RED not measured: {e}")),
    }
    let script = wrk::script(scratch.path(), BODY).expect("write the wrk script");
    let mut results = Results {
        servers: servers.iter().map(|s| s.kind).collect(),
        tools: tools.clone(),
        runs: HashMap::new(),
        answered: HashMap::new(),
        peak_rss: HashMap::new(),
        stored: Vec::new(),
        problems,
        options: options.clone(),
    };
    for server in &servers {
        for flow in ALL {
            *results.answered.entry((server.kind, flow)).or_default() += 1; // the readiness check
        }
    }
    measure_all(&servers, &script, &mut results);
    for server in &mut servers {
        if let Some(mib) = machine::peak_rss_mib(server.child.id()) {
            results.peak_rss.insert(server.kind, mib);
        }
        server.stop();
    }
    results.stored = ours.stored();
    report::print(&results);
    0
}

fn start_node_red(user_dir: &Path) -> Result<Server, String> {
    let package = nodered::install()?;
    let port = crate::free_port();
    nodered::prepare(user_dir, port).map_err(|e| format!("cannot write its settings: {e}"))?;
    let child = nodered::start(&package, user_dir).map_err(|e| format!("cannot start node: {e}"))?;
    let mut server = Server { kind: Kind::NodeRed, child, port };
    if let Err(e) = ready(&server) {
        server.stop();
        return Err(format!("{e}\n{}", nodered::log_tail(user_dir)));
    }
    Ok(server)
}

/// Waits until the server gives every workflow's expected answer.
fn ready(server: &Server) -> Result<(), String> {
    for flow in ALL {
        let path = format!("/webhook/{}", flow.path());
        http::wait_for_answer(server.port, &path, BODY, &flow.expected(), Duration::from_secs(60))?;
    }
    Ok(())
}

/// Warms every server up, then measures every cell, servers interleaved within each repetition.
fn measure_all(servers: &[Server], script: &Path, results: &mut Results) {
    let o = results.options.clone();
    for server in servers {
        for flow in ALL {
            eprintln!("==> warming up {} on {} ({} s)", server.kind.name(), flow.path(), o.warmup);
            match once(server, results.tools[0], flow, 8, o.warmup, script) {
                Ok((sample, _, _)) => *results.answered.entry((server.kind, flow)).or_default() += sample.ok,
                Err(e) => results.problems.push(format!("warm-up of {} on {}: {e}", server.kind.name(), flow.path())),
            }
        }
    }
    for flow in ALL {
        for &connections in &o.concurrency {
            for &tool in &results.tools.clone() {
                for rep in 1..=o.reps {
                    for server in servers {
                        let cell = Cell { flow, tool, connections, server: server.kind };
                        match measure(server, cell, script, results) {
                            Ok(run) => {
                                eprintln!(
                                    "    {:<6} c{:<2} {} {}/{} {:<16} {:>7.0}/s  p50 {:>6.2} ms  p99 {:>6.2} ms  foreign {:.2} cores{}",
                                    flow.path(),
                                    connections,
                                    tool.name(),
                                    rep,
                                    o.reps,
                                    server.kind.name(),
                                    run.sample.per_second(),
                                    run.sample.p50.as_secs_f64() * 1e3,
                                    run.sample.p99.as_secs_f64() * 1e3,
                                    run.window.foreign_cores,
                                    if run.disturbed { " (disturbed)" } else { "" }
                                );
                                results.runs.entry(cell).or_default().push(run);
                            }
                            Err(e) => results.problems.push(format!(
                                "{} {} c{connections} on {}: {e}",
                                tool.name(),
                                flow.path(),
                                server.kind.name()
                            )),
                        }
                    }
                }
            }
        }
    }
}

/// One cell's run, repeated while another process disturbs it (keeping the least disturbed).
fn measure(server: &Server, cell: Cell, script: &Path, results: &mut Results) -> Result<Run, String> {
    let o = &results.options;
    let mut best: Option<Run> = None;
    let mut attempts = 0;
    for attempt in 1..=o.retries + 1 {
        attempts = attempt;
        if attempt > 1 {
            let foreign = machine::wait_quiet(o.busy_above, o.quiet_wait);
            eprintln!("    (disturbed: repeating; the rest of the machine now uses {foreign:.2} cores)");
        }
        let (sample, window, load1) = once(server, cell.tool, cell.flow, cell.connections, o.seconds, script)?;
        *results.answered.entry((server.kind, cell.flow)).or_default() += sample.ok;
        let disturbed = window.foreign_cores > o.busy_above;
        let run = Run { sample, window, load1, attempts: attempt, disturbed };
        if best.as_ref().is_none_or(|b| run.window.foreign_cores < b.window.foreign_cores) {
            best = Some(run);
        }
        if !disturbed {
            break;
        }
    }
    let mut best = best.expect("at least one attempt");
    best.attempts = attempts;
    Ok(best)
}

/// Runs the tool once against one server, between two snapshots of the machine.
fn once(
    server: &Server,
    tool: Tool,
    flow: Flow,
    connections: usize,
    seconds: u64,
    script: &Path,
) -> Result<(Sample, Window, f64), String> {
    let url = server.url(flow);
    let load1 = machine::load1();
    let before = machine::snapshot();
    let child = match tool {
        Tool::Wrk => wrk::spawn(script, &url, connections, seconds),
        Tool::Hey => hey::spawn(&url, BODY, connections, seconds),
    }
    .map_err(|e| format!("cannot start {}: {e}", tool.name()))?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let after = machine::snapshot();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let sample = match tool {
        Tool::Wrk => wrk::parse(&text),
        Tool::Hey => hey::parse(&text),
    }?;
    Ok((sample, machine::window(&before, &after, server.child.id()), load1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn quick_is_shorter_and_options_override() {
        let full = Options::parse(&args("bench --peers")).unwrap();
        let quick = Options::parse(&args("bench --peers --quick")).unwrap();
        assert!(quick.seconds * quick.reps as u64 < full.seconds * full.reps as u64);
        let set = Options::parse(&args("bench --peers --seconds 5 --reps 4 --busy-above 0.3")).unwrap();
        assert_eq!((set.seconds, set.reps, set.busy_above), (5, 4, 0.3));
        assert!(Options::parse(&args("bench --peers --frobnicate")).unwrap_err().contains("--frobnicate"));
    }
}
