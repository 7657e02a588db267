//! `neuroflow workspace` as a script uses it, with `--json`, against the real workspace service:
//! signing in (the password from standard input, never an argument) answers the account; the
//! organizations and status read as JSON; signing out answers `signedOut` and forgets the tokens,
//! after which the workspace's commands say to sign in again.

use crate::workspace_service::{PASSWORD, Workspace};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn neuroflow(data: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_neuroflow"))
        .arg("--data-dir")
        .arg(data)
        .arg("--json")
        .args(args)
        .env_remove("NEUROFLOW_ORG")
        .env("NEUROFLOW_VAULT", "encrypted-file")
        .env("NEUROFLOW_VAULT_PASSPHRASE", "workspace cli passphrase")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn json_ok(data: &std::path::Path, args: &[&str], stdin: &str) -> Value {
    let out = neuroflow(data, args, stdin);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "neuroflow {args:?}: {stdout}{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("neuroflow {args:?} printed no JSON ({e}): {stdout}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_status_sync_and_logout_answer_json() {
    let ws = Workspace::start().await;
    let token = ws.sign_up("ivy@acme.io", "Ivy").await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");

    let account = json_ok(&data, &["workspace", "login", &ws.url, "--email", "ivy@acme.io"], &format!("{PASSWORD}\n"));
    assert_eq!((account["email"].as_str(), account["name"].as_str()), (Some("ivy@acme.io"), Some("Ivy")), "{account}");
    assert!(!account.to_string().contains(PASSWORD), "the password is not echoed: {account}");

    let org = json_ok(&data, &["org", "create", "Ivy Homes"], "")["id"].as_str().unwrap().to_string();
    ws.create_org(&token, org.parse().unwrap(), "Ivy Homes", "GROWTH").await;
    let orgs = json_ok(&data, &["workspace", "orgs"], "");
    assert_eq!(orgs[0]["name"], "Ivy Homes", "{orgs}");
    assert_eq!(orgs[0]["local"], true, "{orgs}");
    assert_eq!(json_ok(&data, &["workspace", "connect"], "")["connected"], true);
    let report = json_ok(&data, &["workspace", "sync"], "");
    assert!(report.get("pushed").is_some() && report.get("pulled").is_some(), "{report}");
    assert!(report["pushMs"].is_u64() && report["pullMs"].is_u64(), "how long it took: {report}");
    let status = json_ok(&data, &["workspace", "status"], "");
    assert_eq!((status["role"].as_str(), status["plan"].as_str()), (Some("OWNER"), Some("GROWTH")), "{status}");

    assert_eq!(json_ok(&data, &["workspace", "logout"], "")["signedOut"], true);
    let out = neuroflow(&data, &["workspace", "orgs"], "");
    assert_ne!(out.status.code(), Some(0));
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(said.to_lowercase().contains("sign in"), "{said}");
}
