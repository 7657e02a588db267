//! Load from `wrk` (Debian's package): one thread, N keep-alive connections, the same POST again and
//! again for a fixed time. A Lua `done` hook prints the exact figures on one line (latencies in µs),
//! so nothing depends on the rounding of wrk's human-readable summary.

use super::Sample;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const MARK: &str = "NFBENCH";

/// Writes the Lua script that makes wrk POST `body` as JSON and report in one parseable line.
pub fn script(dir: &Path, body: &str) -> std::io::Result<PathBuf> {
    let path = dir.join("wrk-post.lua");
    let lua = format!(
        r#"wrk.method = "POST"
wrk.body = [[{body}]]
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("{MARK} requests=%d duration_us=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"#
    );
    std::fs::write(&path, lua)?;
    Ok(path)
}

/// Starts wrk against `url` (the caller waits for it, between its snapshots of the machine).
pub fn spawn(script: &Path, url: &str, connections: usize, seconds: u64) -> std::io::Result<std::process::Child> {
    Command::new("wrk")
        .args(["-t1", &format!("-c{connections}"), &format!("-d{seconds}s"), "--timeout", "5s", "-s"])
        .arg(script)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

/// Reads wrk's line; requests that were answered with a status other than 2xx/3xx are errors.
pub fn parse(output: &str) -> Result<Sample, String> {
    let line = output
        .lines()
        .find(|l| l.starts_with(MARK))
        .ok_or_else(|| format!("wrk printed no result line: {}", output.trim()))?;
    let field = |name: &str| -> Result<u64, String> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("wrk's result line has no {name}: {line}"))
    };
    let requests = field("requests")?;
    let status_errors = field("status_errors")?;
    Ok(Sample {
        ok: requests.saturating_sub(status_errors),
        errors: status_errors + field("socket_errors")?,
        elapsed: Duration::from_micros(field("duration_us")?),
        p50: Duration::from_micros(field("p50_us")?),
        p99: Duration::from_micros(field("p99_us")?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_done_line() {
        let out = "Running 3s test @ http://127.0.0.1:1/webhook/five\n  1 threads and 8 connections\n\
                   NFBENCH requests=9000 duration_us=3001000 status_errors=2 socket_errors=1 p50_us=812 p99_us=4100\n";
        let s = parse(out).unwrap();
        assert_eq!((s.ok, s.errors), (8998, 3));
        assert_eq!(s.p50, Duration::from_micros(812));
        assert_eq!(s.p99, Duration::from_micros(4100));
        assert_eq!(s.elapsed, Duration::from_micros(3_001_000));
    }

    #[test]
    fn says_what_wrk_printed_when_it_failed() {
        let err = parse("unable to connect to 127.0.0.1:1 Connection refused\n").unwrap_err();
        assert!(err.contains("Connection refused"), "{err}");
    }
}
