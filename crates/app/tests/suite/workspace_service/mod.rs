//! The real workspace service for the desktop's sync tests: Debian's PostgreSQL started by
//! scripts/pg.sh (one cluster per target directory, reused between runs), a fresh database per
//! test, the service's own binary migrating it and serving it on 127.0.0.1 as its unprivileged
//! role — nothing of it imitated. The binary is the one built from server/ into this target
//! directory (`cd server && cargo build --bin neuroflow-server`), or NEUROFLOW_SERVER_BIN.
#![allow(dead_code)]

use neuroflow_types::OrgId;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "correct horse battery";
static SEQ: AtomicU32 = AtomicU32::new(0);
static CLUSTER: OnceLock<u16> = OnceLock::new();

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the repository root")
}

/// `<target>/<profile>`, from this program's own path: `<target>/debug/deps/<test>` for a test,
/// `<target>/release/<bin>` for the sync benchmark (crates/bench/src/sync), which shares this file.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the program's path");
    let dir = exe.parent().expect("the program's directory");
    let dir = if dir.ends_with("deps") { dir.parent().expect("<target>/<profile>") } else { dir };
    dir.to_path_buf()
}

pub fn server_bin() -> PathBuf {
    if let Ok(bin) = std::env::var("NEUROFLOW_SERVER_BIN") {
        return PathBuf::from(bin);
    }
    let bin = profile_dir().join("neuroflow-server");
    assert!(
        bin.exists(),
        "the workspace service is not built at {}: run `cd server && cargo build --bin neuroflow-server` \
         (same target directory), or set NEUROFLOW_SERVER_BIN",
        bin.display()
    );
    bin
}

fn psql() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/pg.sh ensure)")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin/psql")))
        .filter(|p| p.exists())
        .collect();
    found.sort();
    found.pop().expect("a psql")
}

/// scripts/pg.sh's superuser: `postgres` when run as root, else the user running it.
fn superuser() -> String {
    let out = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    if out("id", "-u") == "0" { "postgres".into() } else { out("id", "-un") }
}

/// The cluster's port, starting it the first time.
fn cluster() -> u16 {
    *CLUSTER.get_or_init(|| {
        let dir = profile_dir().join("sync-test-pg");
        let port_file = profile_dir().join("sync-test-pg.port");
        let port =
            std::fs::read_to_string(&port_file).ok().and_then(|p| p.trim().parse().ok()).unwrap_or_else(free_port);
        let out = Command::new("bash")
            .arg(repo_root().join("scripts/pg.sh"))
            .args(["start", dir.to_str().expect("UTF-8"), &port.to_string()])
            .output()
            .expect("run scripts/pg.sh");
        assert!(out.status.success(), "scripts/pg.sh start: {}", String::from_utf8_lossy(&out.stderr));
        let url = String::from_utf8(out.stdout).expect("a URL");
        let port: u16 = url
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or(port);
        std::fs::write(&port_file, port.to_string()).expect("keep the port");
        port
    })
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn sql(port: u16, statement: &str) {
    let out = Command::new(psql())
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-U",
            &superuser(),
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            statement,
        ])
        .output()
        .expect("run psql");
    assert!(out.status.success(), "psql {statement}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A fresh database served by the real service; dropped (database and process) at the end.
pub struct Workspace {
    pub url: String,
    pub owner_url: String,
    pub db: String,
    port: u16,
    listen: u16,
    child: Option<Child>,
    pub http: reqwest::Client,
}

impl Workspace {
    pub async fn start() -> Self {
        let port = tokio::task::spawn_blocking(cluster).await.expect("the cluster");
        let db = format!("nf_desk_{}_{}", std::process::id(), SEQ.fetch_add(1, Ordering::SeqCst));
        sql(port, &format!("CREATE DATABASE {db} OWNER neuroflow_owner"));
        let owner_url = format!("postgres://neuroflow_owner@127.0.0.1:{port}/{db}");
        let out = Command::new(server_bin())
            .args(["migrate", "--database-url", &owner_url])
            .output()
            .expect("run neuroflow-server migrate");
        assert!(out.status.success(), "migrate: {}", String::from_utf8_lossy(&out.stderr));
        // reqwest needs the process's TLS provider, which the app installs when it builds its own
        // clients (any hub does): so one is opened before this client is built.
        let tls = tempfile::tempdir().expect("a temporary directory");
        drop(neuroflow_app::Hub::open(tls.path().join("data")).expect("a hub"));
        let http = reqwest::Client::new();
        let mut ws = Self { url: String::new(), owner_url, db, port, listen: 0, child: None, http };
        ws.serve(free_port()).await;
        ws
    }

    /// (Re)starts the service on `listen`.
    pub async fn serve(&mut self, listen: u16) {
        let child = Command::new(server_bin())
            .args(["serve", "--database-url", &format!("postgres://neuroflow_app@127.0.0.1:{}/{}", self.port, self.db)])
            .args(["--listen", &format!("127.0.0.1:{listen}")])
            .env("NEUROFLOW_SERVER_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("run neuroflow-server serve");
        self.child = Some(child);
        self.listen = listen;
        self.url = format!("http://127.0.0.1:{listen}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = self.http.get(format!("{}/readyz", self.url)).send().await
                && r.status().is_success()
            {
                return;
            }
            assert!(Instant::now() < deadline, "the service did not become ready on {}", self.url);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Kills the service (kill -9), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub async fn restart(&mut self) {
        self.kill();
        self.serve(self.listen).await;
    }

    /// An admin command as the schema owner (`set-plan`, `compact-sync` …).
    pub fn admin(&self, args: &[&str]) -> String {
        let out = Command::new(server_bin())
            .args(["admin", "--database-url", &self.owner_url])
            .args(args)
            .output()
            .expect("run neuroflow-server admin");
        assert!(out.status.success(), "admin {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs SQL in the test database as the owner (inspection, or aging tombstones).
    pub fn owner_sql(&self, statement: &str) -> String {
        let out = Command::new(psql())
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "neuroflow_owner", "-d", &self.db])
            .args(["-v", "ON_ERROR_STOP=1", "-tAc", statement])
            .output()
            .expect("run psql");
        assert!(out.status.success(), "psql {statement}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("an answer");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Signs up a person; returns their access token.
    pub async fn sign_up(&self, email: &str, name: &str) -> String {
        let (status, body) = self
            .call(
                reqwest::Method::POST,
                "/api/v1/auth/sign-up",
                None,
                Some(json!({ "email": email, "password": PASSWORD, "name": name })),
            )
            .await;
        assert_eq!(status, 201, "sign-up {email}: {body}");
        body["accessToken"].as_str().expect("a token").to_string()
    }

    /// A workspace organization with this id and plan, made through the API (as the web app would).
    pub async fn create_org(&self, token: &str, id: OrgId, name: &str, plan: &str) {
        let (status, body) = self
            .call(reqwest::Method::POST, "/api/v1/organizations", Some(token), Some(json!({ "id": id, "name": name })))
            .await;
        assert_eq!(status, 201, "{body}");
        self.admin(&["set-plan", "--org", &id.to_string(), "--plan", plan]);
    }

    /// Invites `email` (signed up already, with `their_token`) into `org` as `role`.
    pub async fn add_member(&self, owner_token: &str, org: &str, email: &str, their_token: &str, role: &str) {
        let (status, inv) = self
            .call(
                reqwest::Method::POST,
                &format!("/api/v1/organizations/{org}/invitations"),
                Some(owner_token),
                Some(json!({ "email": email, "role": role })),
            )
            .await;
        assert_eq!(status, 201, "{inv}");
        let (status, joined) = self
            .call(
                reqwest::Method::POST,
                "/api/v1/invitations/accept",
                Some(their_token),
                Some(json!({ "token": inv["token"] })),
            )
            .await;
        assert_eq!(status, 200, "{joined}");
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        self.kill();
        let port = self.port;
        let db = self.db.clone();
        let _ = std::panic::catch_unwind(move || sql(port, &format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")));
    }
}
pub mod proxy;
