//! The desktop shell, headless: the generated bindings match the committed ones, and commands answer
//! through Tauri's IPC (a mock runtime, the real hub and real SQLite files).

use neuroflow_hub::bindings;
use std::path::Path;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bindings_match_the_committed_file() {
    let committed_path = repo_root().join(bindings::BINDINGS_PATH);
    if std::env::var_os("NEUROFLOW_UPDATE_BINDINGS").is_some() {
        bindings::export(&committed_path).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh_path = dir.path().join("bindings.ts");
    bindings::export(&fresh_path).unwrap();
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        fresh == committed,
        "ui/src/bindings.ts is out of date with the Rust commands; regenerate it with\n  \
         NEUROFLOW_UPDATE_BINDINGS=1 cargo test --test shell bindings\nand commit the result"
    );
    assert!(
        fresh.contains("listWorkflows: (org: OrgId"),
        "the bindings list the commands"
    );
}
