//! `kill -9` in the middle of a sync, 100 times, with real processes: two desktops (each the real
//! `neuroflow` binary on its own data directory) and the real workspace service on real PostgreSQL.
//! Each round both desktops make a change, then each is killed at a random moment of its
//! `workspace sync` — before, during or after its push and pull — and every tenth round the service
//! is killed and restarted while a desktop pulls. Afterwards, synced to the end, both desktops and
//! the service hold every change exactly once, and both SQLite files pass `integrity_check`.
//! The kill times come from a seeded generator; the seed is printed so a failure can be replayed
//! (`SYNC_CRASH_SEED`).

use crate::workspace_service::{PASSWORD, Workspace};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROUNDS: usize = 100;

struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_neuroflow"));
        cmd.arg("--data-dir")
            .arg(self.dir.path().join("data"))
            .args(args)
            .env_remove("NEUROFLOW_ORG")
            .env("NEUROFLOW_VAULT", "encrypted-file")
            .env("NEUROFLOW_VAULT_PASSPHRASE", "sync crash passphrase")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    fn ok(&self, args: &[&str], stdin: &str) -> String {
        let mut child = self.cmd(args).stdin(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "neuroflow {args:?}: {stdout}{stderr}");
        stdout.into_owned()
    }

    fn json(&self, args: &[&str]) -> Value {
        let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
        serde_json::from_str(&self.ok(&all, "")).unwrap()
    }

    /// Imports a one-node workflow named `name`.
    fn change(&self, name: &str) {
        let file = self.dir.path().join("change.json");
        let doc = json!({ "format": 1, "name": name, "nodes": [
            { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } }], "edges": [] });
        std::fs::write(&file, doc.to_string()).unwrap();
        self.ok(&["workflow", "import", file.to_str().unwrap()], "");
    }

    /// `workspace sync`, killed after `after`: `None` when killed, else how long it took to end.
    fn sync_killed_after(&self, after: Duration) -> Option<Duration> {
        let started = Instant::now();
        let mut child = self.cmd(&["workspace", "sync"]).stdin(Stdio::null()).spawn().unwrap();
        while started.elapsed() < after {
            if child.try_wait().unwrap().is_some() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        None
    }

    fn workflow_names(&self) -> Vec<String> {
        let page = self.json(&["workflow", "list", "--limit", "500"]);
        page["items"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap().to_string()).collect()
    }

    fn db(&self) -> PathBuf {
        let org = std::fs::read_dir(self.dir.path().join("data/orgs")).unwrap().next().unwrap().unwrap().path();
        org.join("org.sqlite")
    }
}

/// xorshift64*: enough randomness for kill times, and replayable from its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktops_killed_mid_sync_100_times_lose_and_duplicate_nothing() {
    let mut ws = Workspace::start().await;
    let token = ws.sign_up("ada@acme.io", "Ada").await;
    let (a, b) = (Desk::new(), Desk::new());
    let org = a.json(&["org", "create", "Acme Realty"])["id"].as_str().unwrap().to_string();
    ws.create_org(&token, org.parse().unwrap(), "Acme Realty", "ENTERPRISE").await;
    for desk in [&a, &b] {
        desk.ok(&["workspace", "login", &ws.url, "--email", "ada@acme.io"], &format!("{PASSWORD}\n"));
    }
    a.ok(&["workspace", "connect"], "");
    b.ok(&["workspace", "download", &org], "");

    // How long a whole sync takes here bounds the kill times, so they land in every phase. It is
    // followed as it goes (syncs that end before their kill update it): a machine busy with other
    // tests makes the first syncs slow, and a bound kept from them would let most later ones end.
    a.change("warm-up");
    let started = Instant::now();
    a.ok(&["workspace", "sync"], "");
    let mut whole = started.elapsed().as_millis().clamp(20, 2_000) as u64;
    let seed = std::env::var("SYNC_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    println!("sync crash: seed {seed}, a whole sync takes {whole} ms at first");
    let mut rng = Rng(seed);
    let mut killed = 0;
    let sync_killed = |desk: &Desk, rng: &mut Rng, whole: &mut u64| match desk
        .sync_killed_after(Duration::from_millis(rng.below(*whole * 3 / 2)))
    {
        None => 1,
        Some(took) => {
            *whole = (*whole * 3 + (took.as_millis() as u64).max(20)) / 4;
            0
        }
    };
    for round in 0..ROUNDS {
        a.change(&format!("A-{round:03}"));
        b.change(&format!("B-{round:03}"));
        killed += sync_killed(&a, &mut rng, &mut whole);
        if round % 10 == 5 {
            // The service dies (kill -9) while B pulls, and comes back.
            let mut child = b.cmd(&["workspace", "sync"]).stdin(Stdio::null()).spawn().unwrap();
            std::thread::sleep(Duration::from_millis(rng.below(whole)));
            ws.restart().await;
            let _ = child.wait();
        } else {
            killed += sync_killed(&b, &mut rng, &mut whole);
        }
    }
    println!(
        "sync crash: {killed} of {} syncs were killed before they ended (a sync took {whole} ms at the end)",
        2 * ROUNDS - ROUNDS / 10
    );
    assert!(killed >= ROUNDS / 2, "too few syncs were cut short to prove anything: {killed}");

    // Synced to the end, in turn, until neither has anything left to send or to receive.
    for desk in [&a, &b, &a, &b] {
        desk.ok(&["workspace", "sync"], "");
    }
    let expected: BTreeSet<String> = std::iter::once("warm-up".to_string())
        .chain((0..ROUNDS).flat_map(|i| [format!("A-{i:03}"), format!("B-{i:03}")]))
        .collect();
    for (who, desk) in [("A", &a), ("B", &b)] {
        let names = desk.workflow_names();
        let distinct: BTreeSet<String> = names.iter().cloned().collect();
        assert_eq!(names.len(), distinct.len(), "desktop {who} holds a change twice (seed {seed})");
        assert_eq!(distinct, expected, "desktop {who} lost a change (seed {seed})");
        let status = desk.json(&["workspace", "status"]);
        assert_eq!(status["pendingChanges"], 0, "desktop {who} still has changes to send: {status}");
        let conn = neuroflow_store::open_connection(&desk.db()).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "desktop {who}'s store (seed {seed})");
    }
    let held = ws.owner_sql(&format!(
        "SELECT count(*), count(DISTINCT name) FROM automation_workflows WHERE organization_id = '{org}'"
    ));
    let want = expected.len();
    assert_eq!(held.trim(), format!("{want}|{want}"), "the service holds every change once (seed {seed})");
}
