//! `neuroflow template …` as real processes: the library listed and searched with facets, a template
//! shown against what the organization has, a deploy refused with every missing piece named (exit
//! 2), a scripted deploy with every choice as an option and a test run against stand-ins, a rating,
//! a deployed workflow's checklist, and a workflow published, exported, imported into another
//! organization and deleted only when asked.

use neuroflow_testkit::{Behavior, FakeLlm, FakeServices, Wire};
use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

const KEY: &str = "sk-template-cli";

struct Env {
    dir: tempfile::TempDir,
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

impl Env {
    fn run(&self, args: &[&str], stdin: Option<&str>) -> Out {
        let mut child = Command::new(env!("CARGO_BIN_EXE_neuroflow"))
            .arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env_remove("NEUROFLOW_ORG")
            .env("NEUROFLOW_VAULT", "encrypted-file")
            .env("NEUROFLOW_VAULT_PASSPHRASE", "template cli passphrase")
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
        self.ok_with(args, None)
    }

    fn ok_with(&self, args: &[&str], stdin: Option<&str>) -> Out {
        let out = self.run(args, stdin);
        assert_eq!(out.code, 0, "neuroflow {args:?}: {}{}", out.stdout, out.stderr);
        out
    }
}

#[test]
fn the_library_lists_searches_and_shows_what_is_needed() {
    let env = Env { dir: tempfile::tempdir().unwrap() };
    env.ok(&["org", "create", "Acme Realty"]);
    let all = env.ok(&["--json", "template", "list", "--limit", "100"]).json();
    assert!(all["page"]["total"].as_i64().unwrap() >= 18);
    assert_eq!(all["page"]["items"][0]["featured"], true, "featured first");
    let hits = env.ok(&["--json", "template", "search", "speed", "lead"]).json();
    assert_eq!(hits["page"]["items"][0]["slug"], "speed-to-lead");
    let text = env.ok(&["template", "search", "lead", "--category", "sales"]).stdout;
    assert!(text.contains("speed-to-lead ★"), "{text}");
    assert!(text.contains("categories: ") && text.contains("sales "), "facets are printed: {text}");
    assert!(!text.contains("MARKETING  "), "only SALES templates are listed: {text}");
    let stale = env.ok(&["template", "list", "--stale"]).stdout;
    assert_eq!(stale.trim(), "No template matches.");
    let shown = env.ok(&["template", "show", "speed-to-lead"]).stdout;
    for needle in [
        "mail (GMAIL): sends the first reply to the lead — you have none yet",
        "crmBaseUrl (required)",
        "Sample input:",
        "smsConsent",
    ] {
        assert!(shown.contains(needle), "'{needle}' missing from:\n{shown}");
    }
    let bad = env.run(&["template", "list", "--sort", "cheapest"], None);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("--sort: 'cheapest' is not a valid template sort"), "{}", bad.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_deploys_test_runs_rates_and_shares_without_a_prompt() {
    let llm = FakeLlm::start().await;
    llm.require_key(KEY);
    llm.on(
        |_| true,
        vec![Behavior::Schema { fields: json!({ "verdict": "pass", "issues": [], "unsupportedClaims": [] }) }],
    );
    let services = FakeServices::start().await;
    let env = Env { dir: tempfile::tempdir().unwrap() };
    env.ok(&["org", "create", "Acme Realty"]);
    env.ok_with(&["provider", "set", "openai", "--base-url", &llm.base_url(Wire::OpenAi), "--key"], Some(KEY));

    let refused = env.run(&["--json", "template", "deploy", "listing-description-writer"], None);
    assert_eq!(refused.code, 2, "{}{}", refused.stdout, refused.stderr);
    let error = &refused.json()["error"];
    assert_eq!(error["code"], "INVALID_INPUT");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("the SLACK integration 'slack'") && message.contains("has no SLACK integration"),
        "{message}"
    );
    assert!(message.contains("the variable 'officeName'"), "{message}");
    assert_eq!(env.ok(&["--json", "workflow", "list"]).json()["total"], 0, "nothing was written");

    let config = json!({ "mode": "bot", "baseUrl": format!("{}/slack", services.base) }).to_string();
    env.ok_with(&["integration", "create", "slack", "Team Slack", "--config", &config, "--secret"], Some("xoxb-cli"));
    let deployed = env
        .ok(&[
            "--json",
            "template",
            "deploy",
            "listing-description-writer",
            "--name",
            "Listing copy",
            "--integration",
            "slack=Team Slack",
            "--agent",
            "writer=new:Copywriter",
            "--var",
            "officeName=Acme Realty",
            "--var",
            "mlsCharLimit=900",
            "--var",
            "listingsChannel=#listings",
            "--test-run",
        ])
        .json();
    assert_eq!(deployed["testRun"]["status"], "COMPLETED", "{deployed:#}");
    let wf = deployed["deployed"]["workflow"]["id"].as_str().unwrap().to_string();
    assert_eq!(deployed["deployed"]["workflow"]["isActive"], false);
    assert_eq!(deployed["deployed"]["workflow"]["variables"]["mlsCharLimit"], 900, "a number stays a number");
    let agents: Vec<&str> =
        deployed["deployed"]["createdAgents"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(agents, ["Fair-housing reviewer", "Copywriter"]);
    let checklist = deployed["origin"]["checklist"].as_array().unwrap();
    let test_run = checklist.iter().find(|i| i["id"] == "testRun").unwrap();
    assert_eq!(test_run["done"], true, "{checklist:?}");
    assert!(services.calls().iter().any(|c| c.service == "slack" && c.target == "#listings"), "the copy went to Slack");

    let rated = env.ok(&["--json", "template", "rate", "listing-description-writer", "5"]).json();
    assert_eq!((rated["usageCount"].as_i64(), rated["rating"]["sum"].as_i64()), (Some(1), Some(5)));
    let update = env.ok(&["template", "update", "Listing copy"]).stdout;
    assert!(
        update.contains("[x] Test-run it with the sample input") && update.contains("No newer version"),
        "{update}"
    );

    let published = env
        .ok(&[
            "--json",
            "template",
            "publish",
            "Listing copy",
            "--category",
            "content",
            "--difficulty",
            "beginner",
            "--tag",
            "mls",
        ])
        .json();
    assert_eq!(published["template"]["card"]["source"], "PRIVATE");
    let slug = published["template"]["card"]["slug"].as_str().unwrap().to_string();
    let file = env.dir.path().join("copy.template.json");
    env.ok(&["template", "export", &slug, "--output", file.to_str().unwrap()]);
    let exported = std::fs::read_to_string(&file).unwrap();
    for leak in ["xoxb-cli", "Acme Realty", &wf] {
        assert!(!exported.contains(leak), "the exported template holds '{leak}'");
    }
    env.ok(&["org", "create", "Other Realty"]);
    let imported = env.ok(&["--json", "--org", "Other Realty", "template", "import", file.to_str().unwrap()]).json();
    assert_eq!(
        (imported["card"]["slug"].as_str(), imported["card"]["source"].as_str()),
        (Some(slug.as_str()), Some("IMPORTED"))
    );
    let again = env.run(&["--org", "Other Realty", "template", "import", file.to_str().unwrap()], None);
    assert_eq!(again.code, 2, "the same version twice is a conflict: {}", again.stderr);

    let asked = env.run(&["--org", "Acme Realty", "template", "delete", &slug], None);
    assert_eq!(asked.code, 2);
    assert!(asked.stderr.contains("pass --yes"), "{}", asked.stderr);
    env.ok(&["--org", "Acme Realty", "template", "delete", &slug, "--yes"]);
    let builtin = env.run(&["--org", "Acme Realty", "template", "delete", "speed-to-lead", "--yes"], None);
    assert!(builtin.stderr.contains("ships with the app"), "{}", builtin.stderr);
}
