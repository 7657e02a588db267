//! Hostile input to the CLI, as real processes: templates written to overflow the stack or fill
//! memory, expressions tens of thousands of terms long, an endless `--input @FILE`, and a node
//! whose output is larger than the organization allows. Each gets a clear error naming the limit
//! and an exit code — never an abort (134) or a process that grows without bound.

use serde_json::{Value, json};
use std::process::{Command, Stdio};

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
        assert_eq!(env.run(&["org", "create", "Acme Realty"]).code, 0);
        env
    }

    fn run(&self, args: &[&str]) -> Out {
        let out = Command::new(env!("CARGO_BIN_EXE_neuroflow"))
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env_remove("NEUROFLOW_ORG")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        }
    }

    fn file(&self, name: &str, doc: &Value) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, doc.to_string()).unwrap();
        path.to_str().unwrap().to_string()
    }
}

fn workflow(name: &str, output: Value) -> Value {
    json!({ "format": 1, "name": name, "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "make", "type": "transform", "data": { "output": output } }
    ], "edges": [{ "id": "e", "source": "t", "target": "make" }] })
}

/// The record line `run --json` ends with.
fn record(out: &Out) -> Value {
    let last = out.stdout.lines().last().unwrap_or_else(|| panic!("no output: {}", out.stderr));
    serde_json::from_str::<Value>(last).unwrap()["execution"].clone()
}

#[test]
fn hostile_templates_fail_the_node_with_a_json_error_not_the_process() {
    let env = Env::new();
    for (name, template) in [
        ("self", "{% set ns = namespace(a=1) %}{% set ns.me = ns %}{{ ns|tojson }}"),
        (
            "double",
            "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        ),
        ("indent", "{{ 'x'|indent(10**9) }}"),
        ("output", "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}"),
    ] {
        let file = env.file(&format!("{name}.json"), &workflow(name, json!(template)));
        let out = env.run(&["--json", "run", &file]);
        assert_eq!(out.code, 1, "{name}: the run fails, the process does not: {}", out.stderr);
        let execution = record(&out);
        assert_eq!(execution["status"], "FAILED", "{name}");
        let error = execution["error"].as_str().unwrap();
        assert!(error.contains("node 'make'") && error.contains("data.output"), "{name}: {error}");
        assert!(error.contains("limit") || error.contains("deep"), "{name}: {error}");
    }
}

#[test]
fn a_monstrous_expression_is_a_validation_error() {
    let env = Env::new();
    let expression = format!("{}true", "not ".repeat(21_000));
    let doc = json!({ "format": 1, "name": "Long", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "if", "type": "condition", "data": { "expression": expression } }
    ], "edges": [{ "id": "e", "source": "t", "target": "if" }] });
    let file = env.file("long.json", &doc);
    let out = env.run(&["workflow", "validate", &file]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("node 'if' data.expression") && said.contains("limit"), "{said}");
    let out = env.run(&["workflow", "import", &file]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn an_endless_input_file_is_refused_at_its_limit() {
    let env = Env::new();
    let file = env.file("ok.json", &workflow("Echo", json!("{{ input }}")));
    let out = env.run(&["run", &file, "--input", "@/dev/zero"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("'/dev/zero' is larger than the limit of"), "{}", out.stderr);
}

#[test]
fn a_node_output_over_the_organizations_limit_fails_the_node() {
    let env = Env::new();
    let out = env.run(&["--json", "org", "limits", "--node-output-mb", "1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let limits: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(limits["nodeOutputBytes"], 1024 * 1024);
    let file = env.file("big.json", &workflow("Big", json!("{{ 'x' * 2000000 }}")));
    let out = env.run(&["--json", "run", &file]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let execution = record(&out);
    let error = execution["error"].as_str().unwrap();
    assert!(error.contains("larger than the limit of 1048576 bytes"), "{error}");
    let small = env.file("small.json", &workflow("Small", json!("{{ 'x' * 1000 }}")));
    assert_eq!(env.run(&["run", &small]).code, 0);
}

#[test]
fn run_json_counts_the_logged_lines_and_numbers_each_event() {
    let env = Env::new();
    let file = env.file("echo.json", &workflow("Echo", json!({ "hello": "{{ input.name }}" })));
    let out = env.run(&["--json", "run", &file, "--input", r#"{"name":"Ada"}"#]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let logs: Vec<Value> = out
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| e["type"] == "log")
        .collect();
    let seqs: Vec<i64> = logs.iter().map(|e| e["entry"]["seq"].as_i64().unwrap()).collect();
    assert!(!seqs.is_empty());
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "each live line carries its own place: {seqs:?}");
    let execution = record(&out);
    let id = execution["id"].as_str().unwrap().to_string();
    let shown: Value = serde_json::from_str(&env.run(&["--json", "executions", "show", &id]).stdout).unwrap();
    let stored = shown["logs"].as_array().unwrap().len() as i64;
    assert_eq!(execution["logCount"].as_i64(), Some(stored), "the record counts what the store has");
    assert!(stored >= 2, "the run's start and end at least");
}
