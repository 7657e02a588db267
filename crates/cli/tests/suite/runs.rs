//! `neuroflow run`, `executions` and `serve`, as real processes: exit codes, event lines, Ctrl-C,
//! re-runs, webhooks and schedules, and a run killed with SIGKILL in the middle.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Env {
    dir: tempfile::TempDir,
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Env {
    fn new() -> Self {
        let env = Self { dir: tempfile::tempdir().unwrap() };
        env.ok(&["org", "create", "Acme Realty"]);
        env
    }
    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_neuroflow"));
        cmd.arg("--data-dir").arg(self.data()).args(args).env_remove("NEUROFLOW_ORG").stdin(Stdio::null());
        cmd
    }
    fn run(&self, args: &[&str]) -> Out {
        let out = self.cmd(args).output().unwrap();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        }
    }
    fn ok(&self, args: &[&str]) -> Out {
        let out = self.run(args);
        assert_eq!(out.code, 0, "{args:?}: {}{}", out.stdout, out.stderr);
        out
    }
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all).stdout).unwrap()
    }
    fn import(&self, doc: Value) -> String {
        let path = self.dir.path().join(format!("wf-{}.json", rand_suffix()));
        std::fs::write(&path, doc.to_string()).unwrap();
        self.json(&["workflow", "import", path.to_str().unwrap()])["workflow"]["id"].as_str().unwrap().to_string()
    }
    fn db(&self) -> PathBuf {
        let orgs = std::fs::read_dir(self.data().join("orgs")).unwrap().next().unwrap().unwrap().path();
        orgs.join("org.sqlite")
    }
}

fn rand_suffix() -> String {
    format!("{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())
}

fn trigger() -> Value {
    json!({ "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } })
}
fn node(id: &str, t: &str, data: Value) -> Value {
    json!({ "id": id, "type": t, "data": data })
}
fn edge(s: &str, t: &str) -> Value {
    json!({ "id": format!("{s}-{t}"), "source": s, "target": t })
}
fn doc(name: &str, nodes: Value, edges: Value) -> Value {
    json!({ "format": 1, "name": name, "nodes": nodes, "edges": edges })
}

fn slow_workflow() -> Value {
    doc(
        "Slow",
        json!([
            trigger(),
            node("a", "transform", json!({ "output": { "step": "a", "n": "{{ input.n }}" } })),
            node("b", "transform", json!({ "output": { "step": "b", "from": "{{ prev.step }}" } })),
            node("wait", "delay", json!({ "ms": 60000 })),
            node("c", "transform", json!({ "output": "never" }))
        ]),
        json!([edge("t", "a"), edge("a", "b"), edge("b", "wait"), edge("wait", "c")]),
    )
}

/// Waits until `neuroflow executions list` shows a run in `status`, returning its id.
fn wait_for_status(env: &Env, status: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let list = env.json(&["executions", "list", "--status", status]);
        if let Some(id) = list["items"][0]["id"].as_str() {
            return id.to_string();
        }
        assert!(Instant::now() < deadline, "no {status} execution appeared");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait_for_step(env: &Env, execution: &str, node: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !env.json(&["executions", "show", execution])["steps"].as_array().unwrap().iter().any(|s| s["nodeId"] == node)
    {
        assert!(Instant::now() < deadline, "step {node} never appeared");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn run_exits_0_on_success_1_on_failure_and_2_on_bad_input() {
    let env = Env::new();
    let good = env.import(doc(
        "Good",
        json!([trigger(), node("x", "transform", json!({ "output": "{{ input.n * 2 }}" }))]),
        json!([edge("t", "x")]),
    ));
    let ok = env.run(&["run", &good, "--input", r#"{"n": 21}"#]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(
        ok.stdout.contains("  ✓ x") && ok.stdout.contains("completed in") && ok.stdout.trim_end().ends_with("42"),
        "{}",
        ok.stdout
    );

    let input_file = env.dir.path().join("input.json");
    std::fs::write(&input_file, r#"{"n": 5}"#).unwrap();
    let from_file = env.run(&["--json", "run", "Good", "--input", &format!("@{}", input_file.display())]);
    let last: Value = serde_json::from_str(from_file.stdout.lines().last().unwrap()).unwrap();
    assert_eq!((last["type"].as_str(), &last["execution"]["output"]), (Some("record"), &json!(10)));

    let bad = env.import(doc(
        "Bad",
        json!([trigger(), node("x", "transform", json!({ "output": "{{ input.missing.deeper }}" }))]),
        json!([edge("t", "x")]),
    ));
    let failed = env.run(&["run", &bad]);
    assert_eq!(failed.code, 1, "{}{}", failed.stdout, failed.stderr);
    assert!(failed.stdout.contains("✗ x failed: data.output: undefined value"), "{}", failed.stdout);

    let not_json = env.run(&["run", &good, "--input", "{n:1}"]);
    assert_eq!(not_json.code, 2);
    assert!(not_json.stderr.contains("--input: not valid JSON at line 1, column 2"), "{}", not_json.stderr);
    let missing = env.run(&["run", "No such workflow"]);
    assert_eq!(missing.code, 2);
    let invalid_file = env.dir.path().join("broken.json");
    std::fs::write(
        &invalid_file,
        r#"{"format":1,"name":"x","nodes":[{"id":"c","type":"condition","data":{"expression":"1 +"}}],"edges":[]}"#,
    )
    .unwrap();
    let invalid = env.run(&["run", invalid_file.to_str().unwrap()]);
    assert_eq!(invalid.code, 2);
    assert!(invalid.stderr.contains("node 'c' data.expression: syntax error"), "{}", invalid.stderr);
}

#[test]
fn run_with_json_prints_one_event_per_line_as_it_happens() {
    let env = Env::new();
    let lines = env
        .ok(&[
            "--json",
            "run",
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/fixtures/workflows/new-lead-follow-up.json")
                .to_string_lossy(),
            "--input",
            r#"{"name":"Bob","score":3}"#,
        ])
        .stdout;
    let events: Vec<Value> =
        lines.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert!(events.iter().all(|e| e["v"] == 1), "every line carries the stream's version");
    assert_eq!(events[0]["type"], "executionStarted");
    let types: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert!(types.contains(&"nodeFinished") && types.contains(&"nodeSkipped"));
    assert_eq!(types[types.len() - 2], "executionFinished");
    assert_eq!(events.last().unwrap()["execution"]["output"], json!({ "name": "Bob", "status": "nurture" }));
}

#[test]
fn ctrl_c_cancels_the_run_and_exits_130() {
    let env = Env::new();
    env.import(slow_workflow());
    let mut child = env.cmd(&["run", "Slow"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let id = wait_for_status(&env, "running");
    wait_for_step(&env, &id, "wait");
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let shown = env.json(&["executions", "show", &id]);
    assert_eq!(shown["execution"]["status"], "CANCELLED");
}

#[test]
fn a_run_killed_with_sigkill_is_closed_on_the_next_start_with_every_completed_step_kept() {
    let env = Env::new();
    env.import(slow_workflow());
    let mut child: Child = env
        .cmd(&["run", "Slow", "--input", r#"{"n": 7}"#])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let id = wait_for_status(&env, "running");
    wait_for_step(&env, &id, "wait");
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();

    // The next start of any neuroflow command finds the run cut off and closes it.
    let shown = env.json(&["executions", "show", &id]);
    let execution = &shown["execution"];
    assert_eq!(execution["status"], "FAILED", "{shown:#}");
    assert!(execution["error"].as_str().unwrap().starts_with("interrupted"), "{shown:#}");
    assert_eq!(execution["nodesExecuted"], 3, "t, a and b completed");
    let steps: std::collections::HashMap<&str, &Value> =
        shown["steps"].as_array().unwrap().iter().map(|s| (s["nodeId"].as_str().unwrap(), s)).collect();
    for node in ["t", "a", "b"] {
        assert_eq!(steps[node]["status"], "COMPLETED", "{node}");
    }
    assert_eq!(steps["a"]["output"], json!({ "step": "a", "n": 7 }));
    assert_eq!(steps["b"]["output"], json!({ "step": "b", "from": "a" }));
    assert_eq!(steps["wait"]["status"], "FAILED");
    assert!(!steps.contains_key("c"));

    let conn = neuroflow_store::open_connection(&env.db()).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let open: i64 = conn
        .query_row("SELECT count(*) FROM workflow_executions WHERE status IN ('PENDING', 'RUNNING')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(open, 0, "nothing is left running");

    // Nothing after the interrupted node can be re-run from: its input was never recorded…
    let too_late = env.run(&["executions", "rerun", &id, "--from", "c"]);
    assert_eq!(too_late.code, 2);
    assert!(too_late.stderr.contains("no recorded output for 'wait' upstream of 'c'"), "{}", too_late.stderr);
    // …but it resumes from the interrupted node itself, reusing a and b.
    let mut document: Value = serde_json::from_str(&env.ok(&["workflow", "export", "Slow"]).stdout).unwrap();
    document["nodes"][3]["data"]["ms"] = json!(1);
    let path = env.dir.path().join("shorter.json");
    std::fs::write(&path, document.to_string()).unwrap();
    env.ok(&["workflow", "update", "Slow", path.to_str().unwrap()]);
    let rerun = env.run(&["--json", "executions", "rerun", &id, "--from", "wait"]);
    assert_eq!(rerun.code, 0, "{}{}", rerun.stdout, rerun.stderr);
    let last: Value = serde_json::from_str(rerun.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["execution"]["output"], "never");
    assert_eq!(rerun.stdout.matches(r#""reused":true"#).count(), 3, "t, a and b are reused");
}

#[test]
fn executions_list_filters_and_show_prints_every_step() {
    let env = Env::new();
    let a = env.import(doc(
        "A",
        json!([trigger(), node("x", "transform", json!({ "output": 1 }))]),
        json!([edge("t", "x")]),
    ));
    env.import(doc(
        "B",
        json!([trigger(), node("y", "transform", json!({ "output": "{{ nope.x }}" }))]),
        json!([edge("t", "y")]),
    ));
    env.ok(&["run", &a]);
    env.ok(&["run", "A"]);
    assert_eq!(env.run(&["run", "B"]).code, 1);
    assert_eq!(env.json(&["executions", "list"])["total"], 3);
    assert_eq!(env.json(&["executions", "list", "--workflow", "A"])["total"], 2);
    let failed = env.json(&["executions", "list", "--status", "failed"]);
    assert_eq!((failed["total"].as_i64(), failed["items"][0]["workflowName"].as_str()), (Some(1), Some("B")));
    let bad_status = env.run(&["executions", "list", "--status", "exploded"]);
    assert_eq!(bad_status.code, 2);
    assert!(bad_status.stderr.contains("'exploded' is not a valid execution status"));

    let id = failed["items"][0]["id"].as_str().unwrap();
    let text = env.ok(&["executions", "show", &id[..13]]).stdout;
    assert!(text.contains("FAILED") && text.contains("error: data.output: undefined value"), "{text}");
    assert!(text.contains("COMPLETED  t"), "{text}");
}

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(env: &Env) -> Server {
    let mut child = env.cmd(&["serve", "--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.trim().strip_prefix("Listening on ").unwrap_or_else(|| panic!("serve said: {first}")).to_string();
    Server { child, url }
}

fn http(method: &str, url: &str, body: Option<&str>) -> (u16, Value) {
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-o", "-", "-w", "\n%{http_code}", "-X", method, url, "-H", "content-type: application/json"]);
    if let Some(b) = body {
        cmd.args(["--data-binary", b]);
    }
    let out = String::from_utf8(cmd.output().unwrap().stdout).unwrap();
    let (body, code) = out.rsplit_once('\n').unwrap();
    (code.parse().unwrap(), serde_json::from_str(body).unwrap_or(Value::String(body.into())))
}

#[test]
fn serve_answers_webhooks_fires_schedules_and_is_alone() {
    let env = Env::new();
    let answer = env.import(doc(
        "Answer",
        json!([
            { "id": "hook", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": "lead", "method": "POST" } } },
            node("reply", "transform", json!({ "output": { "hello": "{{ input.body.name }}", "q": "{{ input.query.src }}" } }))
        ]),
        json!([edge("hook", "reply")]),
    ));
    let later = env.import(doc(
        "Later",
        json!([{ "id": "hook", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": "later", "respond": "accepted" } } }, node("x", "transform", json!({ "output": 1 }))]),
        json!([edge("hook", "x")]),
    ));
    let tick = env.import(doc(
        "Tick",
        json!([{ "id": "clock", "type": "trigger", "data": { "trigger": { "kind": "schedule", "cron": "* * * * * *", "timezone": "UTC" } } }, node("x", "transform", json!({ "output": "{{ input.scheduledAt }}" }))]),
        json!([edge("clock", "x")]),
    ));
    for wf in [&answer, &later, &tick] {
        env.ok(&["workflow", "activate", wf]);
    }
    let server = serve(&env);

    let (code, body) = http("POST", &format!("{}/webhook/lead?src=site", server.url), Some(r#"{"name":"Ada"}"#));
    assert_eq!((code, body), (200, json!({ "hello": "Ada", "q": "site" })));
    let (code, body) = http("POST", &format!("{}/webhook/later", server.url), Some("{}"));
    assert_eq!(code, 202);
    let id = body["executionId"].as_str().unwrap().to_string();
    assert_eq!(env.json(&["executions", "show", &id])["execution"]["trigger"], "WEBHOOK");
    let (code, body) = http("POST", &format!("{}/webhook/nowhere", server.url), Some("{}"));
    assert_eq!((code, body["error"].as_str()), (404, Some("no active workflow listens on POST /webhook/nowhere")));
    let (code, body) = http("POST", &format!("{}/webhook/lead", server.url), Some("{\"name\":"));
    assert_eq!(code, 400);
    assert!(body["error"].as_str().unwrap().starts_with("the request body is not valid JSON"));

    // The every-second schedule fires (once per tick, not in bursts).
    let deadline = Instant::now() + Duration::from_secs(10);
    while env.json(&["executions", "list", "--workflow", "Tick"])["total"].as_i64().unwrap() < 2 {
        assert!(Instant::now() < deadline, "the schedule never fired twice");
        std::thread::sleep(Duration::from_millis(200));
    }
    let fired = env.json(&["executions", "list", "--workflow", "Tick"]);
    assert_eq!(fired["items"][0]["trigger"], "SCHEDULE");

    // A second server on the same data directory refuses to start.
    let second = env.run(&["serve", "--port", "0"]);
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert!(second.stderr.contains("already serves the triggers of this data directory"), "{}", second.stderr);

    // Deactivating a workflow takes its webhook down without a restart.
    env.ok(&["workflow", "deactivate", "Answer"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while http("POST", &format!("{}/webhook/lead", server.url), Some("{}")).0 != 404 {
        assert!(Instant::now() < deadline, "the route was never removed");
        std::thread::sleep(Duration::from_millis(100));
    }
}
