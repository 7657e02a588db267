//! What `--peers` measures and for how long: defaults for figures worth recording, `--quick` for
//! iterating on a change (one short repetition), environment variables for scripts, flags last.
//!
//! Why the environment variables: the lead runs `./dev.sh bench --peers` between engine changes and
//! wants a shorter loop without editing the command; `NEUROFLOW_PEERS_SECONDS=3
//! NEUROFLOW_PEERS_REPS=1` does that. Flags override them, so a command line says what it measured.

use super::Tool;
use super::flows::{ALL, Flow};

/// How long and how often to measure, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub seconds: u64,
    pub reps: usize,
    pub warmup: u64,
    /// How many times a disturbed run is repeated before it is kept and marked.
    pub retries: usize,
    /// How long to wait for the machine to calm down before repeating, in seconds.
    pub quiet_wait: u32,
    /// CPU used by other processes, in cores, above which a run counts as disturbed.
    pub busy_above: f64,
    pub concurrency: Vec<usize>,
    pub flows: Vec<Flow>,
    pub tools: Vec<Tool>,
    /// Measure Node-RED too (`--ours-only` turns it off, to time our side alone).
    pub peers: bool,
}

const USAGE: &str = "options: --quick --seconds N --reps N --retries N --busy-above CORES \
--concurrency 1,8 --flows five,set10,code10 --tools wrk,hey --ours-only \
(environment: NEUROFLOW_PEERS_SECONDS, NEUROFLOW_PEERS_REPS)";

impl Options {
    /// Reads the options from the command line `args` (program name first) and the environment.
    pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let quick = args.iter().any(|a| a == "--quick");
        let mut o = Options {
            seconds: 10,
            reps: 3,
            warmup: 2,
            retries: 1,
            quiet_wait: 10,
            busy_above: 0.25,
            concurrency: vec![1, 8],
            flows: ALL.to_vec(),
            tools: vec![Tool::Wrk, Tool::Hey],
            peers: true,
        };
        if quick {
            (o.seconds, o.reps, o.warmup, o.retries) = (3, 1, 1, 0);
        }
        let number =
            |name: &str, v: &str| v.trim().parse::<f64>().map_err(|_| format!("{name} needs a number, not {v:?}"));
        if let Some(v) = env("NEUROFLOW_PEERS_SECONDS") {
            o.seconds = number("NEUROFLOW_PEERS_SECONDS", &v)?.max(1.0) as u64;
        }
        if let Some(v) = env("NEUROFLOW_PEERS_REPS") {
            o.reps = number("NEUROFLOW_PEERS_REPS", &v)?.max(1.0) as usize;
        }
        let mut it = args.iter().skip(1);
        while let Some(a) = it.next() {
            let mut value = || it.next().cloned().ok_or_else(|| format!("{a} needs a value ({USAGE})"));
            match a.as_str() {
                "--peers" | "--quick" => {}
                "--ours-only" => o.peers = false,
                "--seconds" => o.seconds = number(a, &value()?)?.max(1.0) as u64,
                "--reps" => o.reps = number(a, &value()?)?.max(1.0) as usize,
                "--retries" => o.retries = number(a, &value()?)?.max(0.0) as usize,
                "--busy-above" => o.busy_above = number(a, &value()?)?,
                "--concurrency" => {
                    o.concurrency = list(&value()?, |s| s.parse::<usize>().ok().filter(|n| *n > 0))
                        .map_err(|bad| format!("--concurrency: {bad:?} is not a positive number"))?;
                }
                "--flows" => {
                    o.flows = list(&value()?, |s| ALL.into_iter().find(|f| f.path() == s))
                        .map_err(|bad| format!("--flows: no workflow {bad:?} (five, set10, code10)"))?;
                }
                "--tools" => {
                    o.tools = list(&value()?, |s| [Tool::Wrk, Tool::Hey].into_iter().find(|t| t.name() == s))
                        .map_err(|bad| format!("--tools: no load tool {bad:?} (wrk, hey)"))?;
                }
                other => return Err(format!("unknown option {other} ({USAGE})")),
            }
        }
        Ok(o)
    }

    /// Seconds of load the measures take, without warm-ups and repetitions of disturbed runs.
    pub fn planned_seconds(&self, servers: usize, tools: usize) -> u64 {
        let cells = self.flows.len() * self.concurrency.len() * tools * servers;
        (cells * self.reps) as u64 * self.seconds + (self.flows.len() * servers) as u64 * self.warmup
    }
}

/// A comma-separated list, each item read by `item`; the first unreadable item is the error.
fn list<T>(text: &str, item: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if items.is_empty() {
        return Err(text.to_string());
    }
    items.into_iter().map(|s| item(s).ok_or_else(|| s.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn quick_is_one_short_repetition() {
        let full = Options::parse(&args("bench --peers"), none).unwrap();
        let quick = Options::parse(&args("bench --peers --quick"), none).unwrap();
        assert_eq!((quick.seconds, quick.reps, quick.retries), (3, 1, 0));
        assert!(quick.planned_seconds(2, 2) * 5 < full.planned_seconds(2, 2));
    }

    #[test]
    fn environment_then_flags() {
        let env = |k: &str| match k {
            "NEUROFLOW_PEERS_SECONDS" => Some("4".to_string()),
            "NEUROFLOW_PEERS_REPS" => Some("1".to_string()),
            _ => None,
        };
        let o = Options::parse(&args("bench --peers"), env).unwrap();
        assert_eq!((o.seconds, o.reps), (4, 1));
        let o = Options::parse(&args("bench --peers --seconds 5 --reps 4 --busy-above 0.3"), env).unwrap();
        assert_eq!((o.seconds, o.reps, o.busy_above), (5, 4, 0.3));
        let bad = |k: &str| (k == "NEUROFLOW_PEERS_SECONDS").then(|| "ten".to_string());
        assert!(Options::parse(&args("bench --peers"), bad).unwrap_err().contains("ten"));
    }

    #[test]
    fn lists_choose_what_is_measured() {
        let o = Options::parse(&args("bench --peers --flows set10,five --tools wrk --concurrency 8 --ours-only"), none)
            .unwrap();
        assert_eq!(o.flows, vec![Flow::Set10, Flow::Five]);
        assert_eq!(o.tools, vec![Tool::Wrk]);
        assert_eq!(o.concurrency, vec![8]);
        assert!(!o.peers);
    }

    #[test]
    fn mistakes_are_named() {
        assert!(Options::parse(&args("bench --peers --frobnicate"), none).unwrap_err().contains("--frobnicate"));
        assert!(Options::parse(&args("bench --peers --flows five,six"), none).unwrap_err().contains("six"));
        assert!(Options::parse(&args("bench --peers --concurrency 0"), none).unwrap_err().contains("0"));
        assert!(Options::parse(&args("bench --peers --seconds"), none).unwrap_err().contains("needs a value"));
    }
}
