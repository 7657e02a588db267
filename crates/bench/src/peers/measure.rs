//! The measuring loop: warm every server up, then for each workflow, concurrency and load tool, run
//! the repetitions with the servers interleaved (ours, peer; then peer, ours on the next repetition,
//! so that neither always goes first), each run between two snapshots of the machine.
//!
//! Why interleaved and snapshotted: on a shared machine a burst of someone else's build can halve a
//! server's figures for a few seconds. Interleaving spreads such bursts over both sides; the
//! snapshots (`machine`) say which runs were hit, and those are waited out and repeated, or kept and
//! marked when they stay disturbed, with the load average before and after each run on record.

use super::flows::{BODY, Flow};
use super::machine::{self, Window};
use super::{Cell, Results, Run, Sample, Server, Tool, hey, wrk};
use std::path::Path;

/// Warms every server up, then measures every cell.
pub fn all(servers: &[Server], script: &Path, results: &mut Results) {
    let o = results.options.clone();
    for server in servers {
        for &flow in &o.flows {
            eprintln!("==> warming up {} on {} ({} s)", server.kind.name(), flow.path(), o.warmup);
            match once(server, results.tools[0], flow, 8, o.warmup, script) {
                Ok((sample, ..)) => *results.answered.entry((server.kind, flow)).or_default() += sample.ok,
                Err(e) => results.problems.push(format!("warm-up of {} on {}: {e}", server.kind.name(), flow.path())),
            }
        }
    }
    let tools = results.tools.clone();
    for &flow in &o.flows {
        for &connections in &o.concurrency {
            for &tool in &tools {
                for rep in 1..=o.reps {
                    let mut order: Vec<&Server> = servers.iter().collect();
                    if rep % 2 == 0 {
                        order.reverse();
                    }
                    for server in order {
                        let cell = Cell { flow, tool, connections, server: server.kind };
                        match measure(server, cell, script, results) {
                            Ok(run) => {
                                eprintln!("    {}", progress(cell, rep, o.reps, &run));
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

/// One line per run on stderr, so that a long measure shows where it is and how the machine is.
fn progress(cell: Cell, rep: usize, reps: usize, run: &Run) -> String {
    let s = &run.sample;
    format!(
        "{:<6} c{:<2} {} {rep}/{reps} {:<16} {:>7.0}/s  p50 {:>6.2} ms  p99 {:>6.2} ms  cpu {:>4.0} µs/run  \
         other {:.2} cores  load {:.2}→{:.2}{}{}",
        cell.flow.path(),
        cell.connections,
        cell.tool.name(),
        cell.server.name(),
        s.per_second(),
        s.p50.as_secs_f64() * 1e3,
        s.p99.as_secs_f64() * 1e3,
        run.window.server_cpu / s.ok.max(1) as f64 * 1e6,
        run.window.foreign_cores,
        run.load.0,
        run.load.1,
        if s.errors > 0 { format!("  {} ERRORS", s.errors) } else { String::new() },
        if run.disturbed { "  (disturbed)" } else { "" }
    )
}

/// One cell's run, repeated while other processes disturb it; keeps the least disturbed attempt.
fn measure(server: &Server, cell: Cell, script: &Path, results: &mut Results) -> Result<Run, String> {
    let o = results.options.clone();
    let mut best: Option<Run> = None;
    let mut attempts = 0;
    for attempt in 1..=o.retries + 1 {
        attempts = attempt;
        if attempt > 1 {
            let other = machine::wait_quiet(o.busy_above, o.quiet_wait);
            eprintln!("    (disturbed: repeating; other processes now use {other:.2} cores)");
        }
        let (sample, window, load) = once(server, cell.tool, cell.flow, cell.connections, o.seconds, script)?;
        *results.answered.entry((server.kind, cell.flow)).or_default() += sample.ok;
        let disturbed = window.foreign_cores > o.busy_above;
        let run = Run { sample, window, load, attempts: attempt, disturbed };
        if best.as_ref().is_none_or(|b| run.window.foreign_cores < b.window.foreign_cores) {
            best = Some(run);
        }
        if !disturbed {
            break;
        }
    }
    let mut best = best.ok_or("no attempt")?;
    best.attempts = attempts;
    Ok(best)
}

/// Runs the tool once against one server, between two snapshots of the machine; returns what the
/// tool saw, what the machine did, and the one-minute load average before and after.
pub fn once(
    server: &Server,
    tool: Tool,
    flow: Flow,
    connections: usize,
    seconds: u64,
    script: &Path,
) -> Result<(Sample, Window, (f64, f64)), String> {
    let url = server.url(flow);
    let load_before = machine::load1();
    let before = machine::snapshot();
    let child = match tool {
        Tool::Wrk => wrk::spawn(script, &url, connections, seconds),
        Tool::Hey => hey::spawn(&url, BODY, connections, seconds),
    }
    .map_err(|e| format!("cannot start {}: {e}", tool.name()))?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let after = machine::snapshot();
    let load_after = machine::load1();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let sample = match tool {
        Tool::Wrk => wrk::parse(&text),
        Tool::Hey => hey::parse(&text),
    }?;
    Ok((sample, machine::window(&before, &after, server.pid()), (load_before, load_after)))
}
