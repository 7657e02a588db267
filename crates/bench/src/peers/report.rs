//! The figures, printed as Markdown tables (to paste into docs/benchmarks.md as they are): medians
//! of the repetitions, the ratio ours/peer with who is ahead, CPU per execution, what each server
//! persisted, our bytes per execution, and how disturbed the machine was.

use super::{Cell, Kind, Results, Run};
use std::collections::HashMap;

/// Medians of one cell's runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Server CPU per answered execution, in µs (all runs' CPU over all their answers).
    pub cpu_us: f64,
    pub errors: u64,
    pub disturbed: usize,
    pub runs: usize,
    /// Median CPU of other processes during the runs, in cores.
    pub other_cores: f64,
    /// Median one-minute load average before and after the runs.
    pub load: (f64, f64),
}

pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { (values[n / 2 - 1] + values[n / 2]) / 2.0 }
}

pub fn summarize(runs: &[Run]) -> Summary {
    let ok: u64 = runs.iter().map(|r| r.sample.ok).sum();
    let cpu: f64 = runs.iter().map(|r| r.window.server_cpu).sum();
    Summary {
        per_second: median(runs.iter().map(|r| r.sample.per_second()).collect()),
        p50_ms: median(runs.iter().map(|r| r.sample.p50.as_secs_f64() * 1e3).collect()),
        p99_ms: median(runs.iter().map(|r| r.sample.p99.as_secs_f64() * 1e3).collect()),
        cpu_us: if ok > 0 { cpu / ok as f64 * 1e6 } else { f64::NAN },
        errors: runs.iter().map(|r| r.sample.errors).sum(),
        disturbed: runs.iter().filter(|r| r.disturbed).count(),
        runs: runs.len(),
        other_cores: median(runs.iter().map(|r| r.window.foreign_cores).collect()),
        load: (median(runs.iter().map(|r| r.load.0).collect()), median(runs.iter().map(|r| r.load.1).collect())),
    }
}

/// "1.53 ahead" / "0.66 behind": ours/peer, where more is better for throughput and less for latency.
fn ratio(ours: f64, peer: f64, more_is_better: bool) -> (String, Option<bool>) {
    if !(ours.is_finite() && peer.is_finite()) || peer == 0.0 {
        return ("–".into(), None);
    }
    let r = ours / peer;
    let ahead = if (r - 1.0).abs() < 1e-9 { None } else { Some((r > 1.0) == more_is_better) };
    let word = match ahead {
        Some(true) => "ahead",
        Some(false) => "behind",
        None => "tie",
    };
    (format!("{r:.2} {word}"), ahead)
}

fn thousands(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = format!("{v:.0}");
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn print(r: &Results) {
    let o = &r.options;
    let date = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_default();
    let all: Vec<&Run> = r.runs.values().flatten().collect();
    let disturbed = all.iter().filter(|run| run.disturbed).count();
    let repeated = all.iter().filter(|run| run.attempts > 1).count();
    println!("\n## Peers — {date} · {} · {} cores", crate::host(), crate::cores());
    println!("\n`{}`", r.command);
    println!(
        "\n{} × {} s per measure, interleaved ({}), medians; load: {}; request `POST /webhook/<workflow>` with \
         `{}` in every run.",
        o.reps,
        o.seconds,
        r.servers.iter().map(|k| k.name()).collect::<Vec<_>>().join(", "),
        r.tools.iter().map(|t| t.name()).collect::<Vec<_>>().join(" and "),
        super::BODY
    );
    println!(
        "Machine: {} of {} runs disturbed (other processes used more than {:.2} cores; {} repeated){}.\n",
        disturbed,
        all.len(),
        o.busy_above,
        repeated,
        if disturbed > 0 { " — BUSY machine: these figures are not final" } else { " — quiet" }
    );

    let mut ahead: HashMap<Kind, (usize, usize)> = HashMap::new();
    println!(
        "| workflow | tool | c | server | runs/s | p50 ms | p99 ms | CPU µs/run | ours/peer: runs/s · p50 · p99 | \
         other cores · load avg | disturbed |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for &flow in &o.flows {
        for &c in &o.concurrency {
            for &tool in &r.tools {
                let cell = |server| Cell { flow, tool, connections: c, server };
                let Some(ours) = r.runs.get(&cell(Kind::Ours)).map(|runs| summarize(runs)) else { continue };
                for &server in &r.servers {
                    let Some(s) = r.runs.get(&cell(server)).map(|runs| summarize(runs)) else { continue };
                    let versus = if server == Kind::Ours {
                        String::new()
                    } else {
                        let parts = [
                            ratio(ours.per_second, s.per_second, true),
                            ratio(ours.p50_ms, s.p50_ms, false),
                            ratio(ours.p99_ms, s.p99_ms, false),
                        ];
                        let tally = ahead.entry(server).or_default();
                        for (_, a) in &parts {
                            tally.1 += 1;
                            tally.0 += usize::from(*a == Some(true));
                        }
                        parts.into_iter().map(|(t, _)| t).collect::<Vec<_>>().join(" · ")
                    };
                    println!(
                        "| {} | {} | {c} | {} | {}{} | {:.2} | {:.2} | {:.0} | {versus} | {:.2} · {:.2}→{:.2} | {}/{} |",
                        flow.path(),
                        tool.name(),
                        server.name(),
                        thousands(s.per_second),
                        if s.errors > 0 { format!(" ({} errors)", s.errors) } else { String::new() },
                        s.p50_ms,
                        s.p99_ms,
                        s.cpu_us,
                        s.other_cores,
                        s.load.0,
                        s.load.1,
                        s.disturbed,
                        s.runs
                    );
                }
            }
        }
    }
    println!();
    for flow in &o.flows {
        println!("- `{}`: {}", flow.path(), flow.describe());
    }
    for (kind, (a, n)) in &ahead {
        println!("- ahead of {} on {a} of {n} measures (runs/s, p50, p99 per row)", kind.name());
    }

    println!("\nPersisted (each execution and its steps, before the answer):\n");
    for stored in &r.stored {
        if stored.as_ref().is_ok_and(|s| !o.flows.contains(&s.flow)) {
            continue;
        }
        match stored {
            Ok(s) => {
                let answered = r.answered.get(&(Kind::Ours, s.flow)).copied().unwrap_or(0);
                println!(
                    "- NeuroFlow `{}`: {} executions{} persisted for {} answers{}; {} bytes per execution ({:.1} → {:.1} MB)",
                    s.flow.path(),
                    thousands(s.executions as f64),
                    s.steps.map(|n| format!(" ({} steps)", thousands(n as f64))).unwrap_or_default(),
                    thousands(answered as f64),
                    if s.executions as u64 >= answered { "" } else { " — FEWER than answered" },
                    s.bytes_per_execution().map(thousands).unwrap_or_else(|| "–".into()),
                    s.bytes_before as f64 / 1e6,
                    s.bytes_after as f64 / 1e6
                );
            }
            Err(e) => println!("- NeuroFlow: could not count what was persisted: {e}"),
        }
    }
    if r.servers.contains(&Kind::NodeRed) {
        let answered: u64 = o.flows.iter().filter_map(|f| r.answered.get(&(Kind::NodeRed, *f))).sum();
        println!(
            "- {}: 0 persisted for {} answers (it keeps no record of its runs)",
            Kind::NodeRed.name(),
            thousands(answered as f64)
        );
    }
    let rss: Vec<String> =
        r.servers.iter().filter_map(|k| r.peak_rss.get(k).map(|m| format!("{} {m:.1} MB", k.name()))).collect();
    println!("\nPeak memory (RSS): {}.", rss.join(", "));

    let foreign: Vec<f64> = all.iter().map(|run| run.window.foreign_cores).collect();
    let load: Vec<f64> = all.iter().flat_map(|run| [run.load.0, run.load.1]).collect();
    let mut culprits: HashMap<&str, f64> = HashMap::new();
    for run in &all {
        for (name, cores) in &run.window.top_foreign {
            let e = culprits.entry(name.as_str()).or_default();
            *e = e.max(*cores);
        }
    }
    let mut culprits: Vec<_> = culprits.into_iter().collect();
    culprits.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!(
        "Other processes during the runs: median {:.2} cores, max {:.2}; 1-minute load average before and \
         after each run (ours included): median {:.2}, max {:.2}{}.",
        median(foreign.clone()),
        foreign.iter().copied().fold(0.0, f64::max),
        median(load.clone()),
        load.iter().copied().fold(0.0, f64::max),
        if culprits.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = culprits.iter().take(5).map(|(n, c)| format!("{n} {c:.2}")).collect();
            format!("; busiest other processes (cores, at most): {}", names.join(", "))
        }
    );
    if !r.problems.is_empty() {
        println!("\nNot measured or incomplete:");
        for p in &r.problems {
            println!("- {p}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(vec![]).is_nan());
    }

    #[test]
    fn ratios_say_who_is_ahead() {
        assert_eq!(ratio(3000.0, 2000.0, true), ("1.50 ahead".into(), Some(true)));
        assert_eq!(ratio(0.5, 0.25, false), ("2.00 behind".into(), Some(false)));
        assert_eq!(ratio(1.0, 0.0, true).1, None);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(4658.4), "4,658");
        assert_eq!(thousands(123.0), "123");
        assert_eq!(thousands(1234567.0), "1,234,567");
    }
}
