//! Ctrl-C and `kill -9` in the middle of an agent call, a team run, and a workflow run with an
//! aiAgent node, as real processes against a slow local model server: Ctrl-C cancels cleanly (the
//! records CANCELLED, the agent IDLE, exit 130); a killed process leaves nothing RUNNING once the
//! next command starts (recovery closes its calls and runs as interrupted).

use neuroflow_testkit::{Behavior, FakeLlm, Wire};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "sk-interrupt-test";

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_neuroflow"));
        cmd.arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env_remove("NEUROFLOW_ORG")
            .env("NEUROFLOW_VAULT", "encrypted-file")
            .env("NEUROFLOW_VAULT_PASSPHRASE", "interrupt test passphrase")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    fn ok(&self, args: &[&str], stdin: Option<&str>) -> String {
        let mut child =
            self.cmd(args).stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() }).spawn().unwrap();
        if let Some(text) = stdin {
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "neuroflow {args:?}: {stdout}{stderr}");
        stdout.into_owned()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all, None)).unwrap()
    }

    fn spawn(&self, args: &[&str]) -> Child {
        self.cmd(args).stdin(Stdio::null()).spawn().unwrap()
    }

    /// Waits until the agent has a call in the given status.
    fn wait_for_call(&self, agent: &str, status: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let calls = self.json(&["agent", "calls", agent]);
            if calls["items"].as_array().unwrap().iter().any(|c| c["status"] == status) {
                return;
            }
            assert!(Instant::now() < deadline, "no {status} call of {agent}: {calls:#}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// An organization with a slow model behind two agents in a collaborative team, and a workflow that
/// asks one of them.
async fn setup() -> (Env, FakeLlm) {
    let fake = FakeLlm::start().await;
    fake.require_key(KEY);
    fake.on(|_| true, vec![Behavior::slow("a long and careful answer", 40, Duration::from_millis(250)); 20]);
    let env = Env { dir: tempfile::tempdir().unwrap() };
    env.ok(&["org", "create", "Acme Realty"], None);
    let base = fake.base_url(Wire::OpenAi);
    env.ok(&["provider", "set", "openai", "--base-url", &base, "--key"], Some(&format!("{KEY}\n")));
    for name in ["Ada", "Bo"] {
        env.ok(&["agent", "create", name, "--provider", "openai", "--model", "gpt-4o-mini"], None);
    }
    env.ok(&["team", "create", "Desk", "--structure", "collaborative"], None);
    env.ok(&["team", "add-member", "Desk", "Ada", "--role", "leader"], None);
    env.ok(&["team", "add-member", "Desk", "Bo", "--role", "worker"], None);
    let agent = env.json(&["agent", "show", "Ada"])["id"].as_str().unwrap().to_string();
    let doc = json!({
        "format": 1, "name": "Ask Ada",
        "nodes": [
            { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
            { "id": "ask", "type": "aiAgent", "data": { "agentId": agent, "prompt": "Describe 12 Elm St" } }
        ],
        "edges": [{ "id": "e1", "source": "t", "target": "ask" }]
    });
    let path = env.dir.path().join("ask.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    env.ok(&["workflow", "import", path.to_str().unwrap()], None);
    (env, fake)
}

fn interrupt(child: &Child) {
    Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
}

fn statuses(calls: &Value) -> Vec<String> {
    calls["items"].as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_cancels_an_agent_call_a_team_run_and_a_run_with_an_agent_cleanly() {
    let (env, _fake) = setup().await;

    let ask = env.spawn(&["agent", "ask", "Ada", "Write a long listing"]);
    env.wait_for_call("Ada", "RUNNING");
    interrupt(&ask);
    let out = ask.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(statuses(&env.json(&["agent", "calls", "Ada"])), ["CANCELLED"]);
    assert_eq!(env.json(&["agent", "show", "Ada"])["status"], "IDLE");

    let team = env.spawn(&["team", "run", "Desk", "Write the listing for 12 Elm St"]);
    env.wait_for_call("Bo", "RUNNING");
    interrupt(&team);
    let out = team.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    let runs = env.json(&["team", "runs", "Desk"]);
    assert_eq!(runs["items"][0]["status"], "CANCELLED", "{runs:#}");
    assert!(statuses(&env.json(&["agent", "calls", "Bo"])).iter().all(|s| s == "CANCELLED"));
    for agent in ["Ada", "Bo"] {
        assert_eq!(env.json(&["agent", "show", agent])["status"], "IDLE", "{agent}");
    }

    let run = env.spawn(&["run", "Ask Ada"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while statuses(&env.json(&["agent", "calls", "Ada"])).iter().filter(|s| *s == "RUNNING").count() == 0 {
        assert!(Instant::now() < deadline, "the run's agent call never started");
        std::thread::sleep(Duration::from_millis(100));
    }
    interrupt(&run);
    let out = run.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    let executions = env.json(&["executions", "list"]);
    assert_eq!(executions["items"][0]["status"], "CANCELLED");
    let calls = statuses(&env.json(&["agent", "calls", "Ada"]));
    assert!(calls.iter().all(|s| s == "CANCELLED"), "the run's agent call is closed too: {calls:?}");
    assert_eq!(env.json(&["agent", "show", "Ada"])["status"], "IDLE");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_during_an_agent_call_or_a_team_run_leaves_nothing_running_after_the_next_start() {
    let (env, _fake) = setup().await;

    let mut ask = env.spawn(&["agent", "ask", "Ada", "Write a long listing"]);
    env.wait_for_call("Ada", "RUNNING");
    ask.kill().unwrap(); // SIGKILL: no chance to clean up
    ask.wait().unwrap();

    let mut team = env.spawn(&["team", "run", "Desk", "Write the listing for 12 Elm St"]);
    env.wait_for_call("Bo", "RUNNING");
    team.kill().unwrap();
    team.wait().unwrap();

    // The next command's start closes what the killed processes left.
    let ada = env.json(&["agent", "calls", "Ada"]);
    let bo = env.json(&["agent", "calls", "Bo"]);
    for call in ada["items"].as_array().unwrap().iter().chain(bo["items"].as_array().unwrap()) {
        assert_eq!(call["status"], "FAILED", "{call:#}");
        assert!(call["error"].as_str().unwrap().starts_with("interrupted"), "{call:#}");
    }
    let run = &env.json(&["team", "runs", "Desk"])["items"][0];
    assert_eq!(run["status"], "FAILED", "{run:#}");
    assert!(run["error"].as_str().unwrap().starts_with("interrupted"));
    for agent in ["Ada", "Bo"] {
        assert_eq!(env.json(&["agent", "show", agent])["status"], "IDLE", "{agent} is not left BUSY");
    }
    // A later call works and leaves the agent IDLE.
    let fresh = FakeLlm::start().await;
    fresh.accept_any_key();
    fresh.on(|_| true, vec![Behavior::text("quick")]);
    env.ok(&["provider", "set", "openai", "--base-url", &fresh.base_url(Wire::OpenAi), "--key"], Some("k\n"));
    env.ok(&["agent", "ask", "Ada", "Hi"], None);
    assert_eq!(env.json(&["agent", "show", "Ada"])["status"], "IDLE");
}
