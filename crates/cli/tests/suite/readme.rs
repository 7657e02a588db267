//! The README's examples, run as written: every ```sh block, in order, in one shell, from a scratch
//! directory (where `tests/` and `target/` lead to the repository's) on a fresh data directory. A
//! model server stands in on 127.0.0.1:11434 — where the README says Ollama listens — for the agent
//! examples. The one thing not run is `cargo build`: this test's own build did it.
//!
//! Blocks marked ```console (the two setup commands) are not examples to run here: CI runs
//! `./dev.sh check` itself, and the end-to-end tests start the app `./dev.sh app` builds.

use neuroflow_testkit::{Behavior, FakeLlm};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The text of every fenced block whose info string is exactly `sh`.
fn examples(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), text) => {
                block.push_str(text);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "an unclosed ```sh block in README.md");
    blocks
}

#[test]
fn every_readme_example_runs_as_written() {
    let root = repository();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let blocks = examples(&readme);
    assert!(blocks.len() >= 5, "the README's examples were not found ({} blocks)", blocks.len());

    let work = tempfile::tempdir().unwrap();
    let binary = Path::new(env!("CARGO_BIN_EXE_neuroflow"));
    let target = binary.parent().and_then(Path::parent).expect("target/<profile>/neuroflow");
    std::os::unix::fs::symlink(root.join("tests"), work.path().join("tests")).unwrap();
    std::os::unix::fs::symlink(target, work.path().join("target")).unwrap();

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let model = runtime.block_on(FakeLlm::start_on("127.0.0.1:11434"));
    model.accept_any_key();
    model.on(
        |s| s.last_user().contains("Summarise"),
        vec![Behavior::text(r#"{"summary":"A three-bedroom house with a garden."}"#)],
    );
    // The team's leader splits the task as a plan (JSON), then combines what the members wrote.
    let plan = r#"{"subtasks":[{"member":"Ben","task":"Describe 12 Elm St"}]}"#;
    model.on(|s| s.last_user().contains("Split the task"), vec![Behavior::text(plan)]);
    model.on(|s| s.last_user().contains("Combine them"), vec![Behavior::text("12 Elm St: a sunny family home.")]);

    let script = format!(
        "set -euo pipefail\n\
         cargo() {{ if [ \"$1\" = build ]; then echo '(cargo build: done by the test run)'; else command cargo \"$@\"; fi; }}\n\
         set -x\n{}",
        blocks.join("\n")
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(work.path())
        .env("NEUROFLOW_DATA_DIR", work.path().join("data"))
        .env_remove("NEUROFLOW_ORG")
        .env_remove("NEUROFLOW_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "an example failed (the last `+` line is the one):\n{stdout}\n{stderr}");

    // A few answers the README promises.
    assert!(stdout.contains("Hi Dee, Ada will call you today."), "the webhook answered:\n{stdout}");
    assert!(stdout.contains("A three-bedroom house with a garden."), "the JSON answer:\n{stdout}");
    assert!(stdout.contains("neuroflow workflow undelete"), "delete says how to undo:\n{stdout}");
    assert!(stdout.contains("12 Elm St: a sunny family home."), "the team's result:\n{stdout}");
    assert!(!model.seen().is_empty(), "the agent examples reached the local model server");
}
