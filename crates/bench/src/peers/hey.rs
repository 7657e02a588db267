//! Load from `hey` (Debian's package): N workers, each sending the same POST back to back on a
//! keep-alive connection for a fixed time. A second, independent load generator (Go, a different
//! HTTP client) so that no figure rests on one tool's quirks. hey prints latencies in seconds with
//! four decimals, so its p50/p99 have a resolution of 0.1 ms; wrk's are to the microsecond.

use super::Sample;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Starts hey against `url` (the caller waits for it, between its snapshots of the machine).
pub fn spawn(url: &str, body: &str, workers: usize, seconds: u64) -> std::io::Result<std::process::Child> {
    Command::new("hey")
        .args(["-z", &format!("{seconds}s"), "-c", &workers.to_string(), "-t", "5"])
        .args(["-m", "POST", "-T", "application/json", "-d", body, url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

/// Reads hey's summary: total time, the 50% and 99% latencies, and the status codes and errors.
pub fn parse(output: &str) -> Result<Sample, String> {
    let secs = |s: &str| -> Option<Duration> {
        let v: f64 = s.trim().trim_end_matches("secs").trim().parse().ok()?;
        Some(Duration::from_secs_f64(v))
    };
    let mut total = None;
    let (mut p50, mut p99) = (None, None);
    let (mut ok, mut errors) = (0u64, 0u64);
    let mut section = "";
    for line in output.lines() {
        let t = line.trim();
        if !line.starts_with(' ') && t.ends_with(':') {
            section = t;
            continue;
        }
        if let Some(v) = t.strip_prefix("Total:") {
            total = secs(v);
        } else if let Some(v) = t.strip_prefix("50% in ") {
            p50 = secs(v);
        } else if let Some(v) = t.strip_prefix("99% in ") {
            p99 = secs(v);
        } else if let Some(rest) = t.strip_prefix('[') {
            // "[200]\t30000 responses" or, under "Error distribution:", "[12]\tPost …: error".
            let (key, tail) = rest.split_once(']').unwrap_or((rest, ""));
            let count = |s: &str| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
            if section.starts_with("Status code") {
                if key.starts_with('2') { ok += count(tail) } else { errors += count(tail) }
            } else if section.starts_with("Error") {
                errors += key.parse::<u64>().unwrap_or(0);
            }
        }
    }
    let elapsed = total.ok_or_else(|| format!("hey printed no summary: {}", output.trim()))?;
    Ok(Sample { ok, errors, elapsed, p50: p50.unwrap_or_default(), p99: p99.unwrap_or_default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUT: &str = "
Summary:
  Total:\t3.0012 secs
  Slowest:\t0.0200 secs
  Fastest:\t0.0001 secs
  Average:\t0.0004 secs
  Requests/sec:\t2510.1234

Response time histogram:
  0.000 [1]\t|
  0.002 [7520]\t|■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■

Latency distribution:
  10% in 0.0002 secs
  50% in 0.0003 secs
  99% in 0.0012 secs

Details (average, fastest, slowest):
  DNS+dialup:\t0.0000 secs, 0.0000 secs, 0.0011 secs

Status code distribution:
  [200]\t7530 responses
  [502]\t2 responses

Error distribution:
  [3]\tPost \"http://127.0.0.1:1/webhook/five\": EOF
";

    #[test]
    fn reads_the_summary_and_counts_non_2xx_and_errors() {
        let s = parse(OUT).unwrap();
        assert_eq!((s.ok, s.errors), (7530, 5));
        assert_eq!(s.p50, Duration::from_secs_f64(0.0003));
        assert_eq!(s.p99, Duration::from_secs_f64(0.0012));
        assert_eq!(s.elapsed, Duration::from_secs_f64(3.0012));
    }

    #[test]
    fn the_histogram_is_not_mistaken_for_status_codes() {
        let s = parse(OUT).unwrap();
        assert_ne!(s.ok, 7520 + 7530);
    }

    #[test]
    fn says_what_hey_printed_when_it_failed() {
        assert!(parse("flag provided but not defined: -zz\n").unwrap_err().contains("-zz"));
    }
}
