//! `neuroflow provider`, `agent` and `team`, as real processes against a local model server: keys
//! from standard input, answers streamed to the terminal, team contributions as they arrive, JSON
//! lines with --json, budgets and exit codes.

use neuroflow_testkit::{Behavior, FakeLlm, Wire};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const KEY: &str = "sk-cli-test-key";

struct Env {
    dir: tempfile::TempDir,
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Env {
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Out {
        let mut child = Command::new(env!("CARGO_BIN_EXE_neuroflow"))
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env_remove("NEUROFLOW_ORG")
            .env("NEUROFLOW_VAULT", "encrypted-file")
            .env("NEUROFLOW_VAULT_PASSPHRASE", "cli test passphrase")
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(text) = stdin {
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        }
    }

    fn ok(&self, args: &[&str]) -> Out {
        let out = self.run(args, None);
        assert_eq!(out.code, 0, "neuroflow {args:?}: {}{}", out.stdout, out.stderr);
        out
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_and_teams_from_the_terminal() {
    let fake = FakeLlm::start().await;
    fake.require_key(KEY);
    fake.on(
        |s| s.system.starts_with("You are Ada") && s.last_user() == "Say hi",
        vec![Behavior::text("Hello from Ada!")],
    );
    fake.on(
        |s| s.system.starts_with("You are Ada") && s.last_user().starts_with("Task:"),
        vec![Behavior::text("Ada's draft")],
    );
    fake.on(|s| s.system.starts_with("You are Bo"), vec![Behavior::text("Bo's final version")]);
    let env = Env { dir: tempfile::tempdir().unwrap() };
    env.ok(&["org", "create", "Acme Realty"]);

    let base = fake.base_url(Wire::OpenAi);
    let refused = env.run(&["provider", "set", "openai", "--base-url", &base, "--key", KEY], None);
    assert_eq!(refused.code, 2, "a key is never an argument");
    let set = env.run(&["provider", "set", "openai", "--base-url", &base, "--key"], Some(&format!("{KEY}\n")));
    assert_eq!(set.code, 0, "{}", set.stderr);
    let providers: Value = serde_json::from_str(&env.ok(&["--json", "provider", "list"]).stdout).unwrap();
    let openai = providers.as_array().unwrap().iter().find(|p| p["id"] == "openai").unwrap();
    assert_eq!((openai["hasKey"].as_bool(), openai["baseUrl"].as_str()), (Some(true), Some(base.as_str())));
    assert!(!providers.to_string().contains(KEY));

    env.ok(&[
        "agent",
        "create",
        "Ada",
        "--provider",
        "openai",
        "--model",
        "gpt-4o-mini",
        "--trait",
        "warm",
        "--tool",
        "current_time",
    ]);
    env.ok(&["agent", "create", "Bo", "--provider", "openai", "--model", "gpt-4o-mini"]);
    let bad = env.run(&["agent", "create", "Cy", "--provider", "nope", "--model", "x"], None);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("modelConfig.provider: no provider 'nope'"), "{}", bad.stderr);

    let ask = env.ok(&["agent", "ask", "ada", "Say hi"]);
    assert_eq!(ask.stdout.trim(), "Hello from Ada!", "the answer on stdout");
    assert!(
        ask.stderr.contains("gpt-4o-mini via openai ·") && ask.stderr.contains("out tokens · $0.0000"),
        "{}",
        ask.stderr
    );
    let lines = env.ok(&["--json", "agent", "ask", "Ada", "Say hi", "--forget"]).stdout;
    let events: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(events.first().unwrap()["type"], "started");
    assert!(events.iter().any(|e| e["type"] == "token"));
    let last = events.last().unwrap();
    assert_eq!((last["type"].as_str(), last["execution"]["status"].as_str()), (Some("finished"), Some("COMPLETED")));
    let agents: Value = serde_json::from_str(&env.ok(&["--json", "agent", "list"]).stdout).unwrap();
    assert_eq!(agents["items"][0]["executionCount"], 2);

    env.ok(&["team", "create", "Desk", "--structure", "pipeline"]);
    let empty = env.run(&["team", "run", "Desk", "Describe 12 Elm"], None);
    assert_eq!(empty.code, 2, "{}", empty.stderr);
    assert!(empty.stderr.contains("team 'Desk' has no members; add at least one"));
    env.ok(&["team", "add-member", "Desk", "Ada", "--priority", "1"]);
    env.ok(&["team", "add-member", "Desk", "Bo", "--priority", "2", "--role", "specialist"]);
    let teams: Value = serde_json::from_str(&env.ok(&["--json", "team", "list"]).stdout).unwrap();
    assert_eq!(
        (teams["items"][0]["name"].as_str(), teams["items"][0]["memberCount"].as_i64()),
        (Some("Desk"), Some(2))
    );
    assert!(env.ok(&["team", "list"]).stdout.contains("MEMBERS"), "the table shows the member count");
    let shown = env.ok(&["team", "show", "Desk"]).stdout;
    assert!(shown.contains("1   worker       Ada") && shown.contains("2   specialist   Bo"), "{shown}");
    let run = env.ok(&["team", "run", "Desk", "Describe 12 Elm"]);
    assert!(
        run.stdout.contains("Ada (step 1):\nAda's draft") && run.stdout.contains("Result:\nBo's final version"),
        "{}",
        run.stdout
    );

    // A workflow run over its budget stops and exits 1.
    let agents: Value = serde_json::from_str(&env.ok(&["--json", "agent", "list"]).stdout).unwrap();
    let ada = agents["items"][0]["id"].as_str().unwrap();
    let doc = serde_json::json!({ "format": 1, "name": "Greet", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "hi", "type": "aiAgent", "data": { "agentId": ada, "prompt": "Say hi" } }
    ], "edges": [{ "id": "e", "source": "t", "target": "hi" }] });
    let file = env.dir.path().join("greet.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    env.ok(&["workflow", "import", file.to_str().unwrap()]);
    let capped = env.run(&["run", "Greet", "--budget-tokens", "3"], None);
    assert_eq!(capped.code, 1, "{}{}", capped.stdout, capped.stderr);
    assert!(capped.stdout.contains("the workflow run reached its budget of 3 tokens"), "{}", capped.stdout);
    env.ok(&["run", "Greet", "--budget-usd", "1.00"]);

    env.ok(&["provider", "set-price", "openai", "gpt-4o-mini", "--input", "1000", "--output", "1000"]);
    let pricey = env.ok(&["--json", "agent", "ask", "Ada", "Say hi", "--forget"]).stdout;
    let last: Value = serde_json::from_str(pricey.lines().last().unwrap()).unwrap();
    let e = &last["execution"];
    assert_eq!(
        e["costMicros"].as_i64().unwrap(),
        (e["tokensIn"].as_i64().unwrap() + e["tokensOut"].as_i64().unwrap()) * 1000,
        "$1000 per million tokens"
    );
}
