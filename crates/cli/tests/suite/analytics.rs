//! `neuroflow analytics`, `neuroflow retention` and the retention side of `neuroflow executions`, run
//! as a user would: the figures of real runs, errors and the runs behind them, settings checked,
//! pins, prunes with an archive read back, and an audit file verified and caught when tampered with.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_neuroflow"))
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env_remove("NEUROFLOW_ORG")
            .env_remove("NEUROFLOW_DATA_DIR")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        }
    }

    fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "neuroflow {args:?} failed: {}{}", run.stdout, run.stderr);
        run
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn import(&self, name: &str, doc: Value) -> String {
        let path = self.path(&format!("{name}.json"));
        std::fs::write(&path, doc.to_string()).unwrap();
        self.ok(&["--json", "workflow", "import", path.to_str().unwrap()]).json()["workflow"]["id"]
            .as_str()
            .unwrap()
            .into()
    }
}

fn doc(name: &str, second: Value) -> Value {
    json!({ "format": 1, "name": name, "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } }, second
    ], "edges": [{ "id": "e", "source": "t", "target": second["id"] }] })
}

#[test]
fn analytics_retention_archive_and_audit_from_the_command_line() {
    let env = Env { dir: tempfile::tempdir().unwrap() };
    env.ok(&["org", "create", "Acme Realty"]);
    let greet =
        env.import("greet", doc("Greet", json!({ "id": "hi", "type": "transform", "data": { "output": "Hi" } })));
    let closed = doc(
        "Closed port",
        json!({ "id": "get", "type": "integration", "data": {
        "action": "http.request", "params": { "url": "http://127.0.0.1:1/listings" } } }),
    );
    let broken = env.import("broken", closed);
    for _ in 0..3 {
        env.ok(&["run", &greet]);
    }
    for _ in 0..2 {
        assert_eq!(env.run(&["run", &broken]).code, 1, "a failed run exits 1");
    }

    let s = env.ok(&["--json", "analytics", "summary", "--range", "24h"]).json();
    assert_eq!((s["current"]["runs"].as_i64(), s["current"]["failed"].as_i64()), (Some(5), Some(2)));
    assert_eq!(s["current"]["successRate"].as_f64(), Some(0.6));
    assert_eq!(s["percentileError"].as_f64(), Some(0.03125));
    let text = env.ok(&["analytics", "summary", "--range", "24h"]).stdout;
    assert!(text.contains("success rate") && text.contains("60.0%"), "{text}");

    let b = env.ok(&["--json", "analytics", "breakdown", "--by", "workflow", "--range", "7d"]).json();
    let rows = b["rows"].as_array().unwrap();
    let closed_row = rows.iter().find(|r| r["label"] == "Closed port").unwrap();
    assert_eq!((closed_row["runs"].as_i64(), closed_row["failureRate"].as_f64()), (Some(2), Some(1.0)));
    let actions = env.ok(&["--json", "analytics", "breakdown", "--by", "action"]).json();
    assert_eq!(actions["rows"][0]["key"], "http.request");
    let bad = env.run(&["analytics", "breakdown", "--by", "colour"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--by: 'colour' is not something to break down by"), "{}", bad.stderr);
    let bad = env.run(&["analytics", "summary", "--range", "fortnight"]);
    assert!(bad.code == 2 && bad.stderr.contains("--range: 'fortnight' is not a range"), "{}", bad.stderr);

    let e = env.ok(&["--json", "analytics", "errors", "--range", "24h"]).json();
    let group = &e["groups"][0];
    assert_eq!((group["failures"].as_i64(), group["nodeId"].as_str()), (Some(2), Some("get")));
    let behind = env.ok(&["--json", "analytics", "runs", "--error-group", group["id"].as_str().unwrap()]).json();
    assert_eq!(behind["total"].as_i64(), Some(2));
    let series = env.ok(&["--json", "analytics", "series", "--range", "24h"]).json();
    assert_eq!(series["points"].as_array().unwrap().len(), 24);

    // Retention settings, checked.
    let bad = env.run(&["retention", "set", "--failed-days", "0"]);
    assert!(bad.code == 2 && bad.stderr.contains("failedDays must be between 1 and 36500"), "{}", bad.stderr);
    env.ok(&["retention", "set", "--completed-days", "10"]);
    let shown = env.ok(&["--json", "retention", "show"]).json();
    assert_eq!((shown["settings"]["completedDays"].as_i64(), shown["executions"].as_i64()), (Some(10), Some(5)));

    // Pin one run; a prune eleven days on removes the others (failed runs are kept 30 days), archived.
    let list = env.ok(&["--json", "executions", "list", "--workflow", &greet]).json();
    let pinned = list["items"][0]["id"].as_str().unwrap().to_string();
    env.ok(&["executions", "pin", &pinned]);
    assert!(env.ok(&["executions", "show", &pinned]).stdout.contains("pinned: kept past retention"));
    let later = neuroflow_types::now() + std::time::Duration::from_secs(11 * 86_400);
    let later = neuroflow_types::format_timestamp(&later);
    let as_of = env.ok(&["--json", "executions", "prune", "--dry-run", "--as-of", &later]).json();
    assert_eq!((as_of["executions"].as_i64(), as_of["pinnedKept"].as_i64()), (Some(2), Some(1)));
    let archive = env.path("old.jsonl.gz");
    let pruned = env.ok(&["--json", "executions", "prune", "--as-of", &later, "--archive", archive.to_str().unwrap()]);
    assert_eq!(pruned.json()["executions"].as_i64(), Some(2));
    assert_eq!(env.ok(&["--json", "executions", "list"]).json()["total"].as_i64(), Some(3));
    let after = env.ok(&["--json", "analytics", "summary", "--range", "24h"]).json();
    assert_eq!(after["current"], s["current"], "the figures outlive the runs");
    let back = env.ok(&["--json", "executions", "import-archive", archive.to_str().unwrap()]).json();
    assert_eq!(back["executions"].as_i64(), Some(2));
    assert_eq!(env.ok(&["--json", "executions", "list"]).json()["total"].as_i64(), Some(5));

    // The audit file: verified with its head, caught when a record is edited.
    let audit = env.path("audit.jsonl");
    let done = env.ok(&["--json", "executions", "export", "--since", "1d", "--out", audit.to_str().unwrap()]).json();
    assert_eq!(done["records"].as_i64(), Some(5));
    let head = done["head"].as_str().unwrap();
    let ok = env.ok(&["executions", "verify", audit.to_str().unwrap(), "--expect", head]);
    assert!(ok.stdout.starts_with("OK: 5 runs"), "{}", ok.stdout);
    let text = std::fs::read_to_string(&audit).unwrap().replacen("\"COMPLETED\"", "\"FAILED\"", 1);
    std::fs::write(&audit, text).unwrap();
    let caught = env.run(&["executions", "verify", audit.to_str().unwrap()]);
    assert_eq!(caught.code, 3, "{}{}", caught.stdout, caught.stderr);
    assert!(caught.stdout.contains("edited: record 1 (line 2) was changed after it was written"), "{}", caught.stdout);
}
