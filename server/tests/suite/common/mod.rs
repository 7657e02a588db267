//! The test harness: a real PostgreSQL (Debian's, started by scripts/pg.sh, or the one named by
//! NEUROFLOW_TEST_PG_URL), a fresh database per test migrated as the owner role, and the real
//! service on 127.0.0.1 connected as neuroflow_app — in this process, or as the real binary.
#![allow(dead_code)]

use neuroflow_server::api::AppState;
use neuroflow_server::auth::sessions::AuthConfig;
use neuroflow_server::serve::{self, ServeOptions};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use tokio::sync::{Mutex, OnceCell};
use url::Url;

static SUPERUSER_URL: OnceCell<String> = OnceCell::const_new();
static MIGRATING: Mutex<()> = Mutex::const_new(());
static SEQ: AtomicU32 = AtomicU32::new(0);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("server/ has a parent").to_path_buf()
}

/// The superuser URL of the test cluster, starting one under server/target/test-pg if needed.
async fn superuser_url() -> String {
    SUPERUSER_URL
        .get_or_init(|| async {
            if let Ok(url) = std::env::var("NEUROFLOW_TEST_PG_URL") {
                return url;
            }
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-pg");
            let port_file = dir.join("port");
            let port = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|p| p.trim().parse::<u16>().ok())
                .unwrap_or_else(|| {
                    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
                    l.local_addr().expect("its address").port()
                });
            let out = Command::new("bash")
                .arg(repo_root().join("scripts/pg.sh"))
                .args(["start", dir.to_str().expect("a UTF-8 path"), &port.to_string()])
                .output()
                .expect("run scripts/pg.sh");
            assert!(out.status.success(), "scripts/pg.sh start failed: {}", String::from_utf8_lossy(&out.stderr));
            // Written after the start: pg.sh hands the directory to the postgres user.
            let _ = std::fs::write(&port_file, port.to_string());
            String::from_utf8(out.stdout).expect("a URL").trim().to_string()
        })
        .await
        .clone()
}

fn with_user_db(base: &str, user: &str, db: &str) -> String {
    let mut url = Url::parse(base).expect("a database URL");
    url.set_username(user).expect("a user");
    url.set_password(None).expect("no password");
    url.set_path(db);
    url.to_string()
}

/// A fresh, migrated database, dropped by [`TestDb::drop_db`].
pub struct TestDb {
    pub name: String,
    pub superuser: String,
    /// As neuroflow_owner: owns the schema, migrates, seeds.
    pub owner_url: String,
    /// As neuroflow_app: what the service uses.
    pub app_url: String,
    pub owner: PgPool,
}

impl TestDb {
    pub async fn new() -> Self {
        let superuser = superuser_url().await;
        let name = format!("nf_test_{}_{}", std::process::id(), SEQ.fetch_add(1, Ordering::SeqCst));
        let admin = PgPool::connect(&superuser).await.expect("connect as superuser");
        sqlx::query(&format!("CREATE DATABASE {name} OWNER neuroflow_owner"))
            .execute(&admin)
            .await
            .expect("create database");
        admin.close().await;
        let owner_url = with_user_db(&superuser, "neuroflow_owner", &name);
        let app_url = with_user_db(&superuser, "neuroflow_app", &name);
        {
            // Roles are shared by the cluster's databases: one migration at a time creates them.
            let _one = MIGRATING.lock().await;
            neuroflow_server::db::migrate(&owner_url, None).await.expect("migrate");
        }
        let owner = PgPool::connect(&owner_url).await.expect("connect as owner");
        Self { name, superuser, owner_url, app_url, owner }
    }

    pub async fn drop_db(self) {
        self.owner.close().await;
        let admin = PgPool::connect(&self.superuser).await.expect("connect as superuser");
        sqlx::query(&format!("DROP DATABASE {} WITH (FORCE)", self.name)).execute(&admin).await.expect("drop database");
        admin.close().await;
    }

    /// A pool as the service's role.
    pub async fn app_pool(&self) -> PgPool {
        PgPool::connect(&self.app_url).await.expect("connect as neuroflow_app")
    }
}

/// The service, served in this process on 127.0.0.1.
pub struct Server {
    pub base: String,
    pub state: AppState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    pub async fn start(db: &TestDb) -> Self {
        Self::start_with(db, AuthConfig::default()).await
    }

    pub async fn start_with(db: &TestDb, auth: AuthConfig) -> Self {
        let options = ServeOptions { database_url: db.app_url.clone(), max_connections: 8, auth };
        let state = serve::prepare(&options).await.expect("the service starts as neuroflow_app");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = state.clone();
        tokio::spawn(async move {
            serve::run(listener, serving, async {
                let _ = stopped.await;
            })
            .await
            .expect("serve");
        });
        Self { base, state, stop: Some(stop) }
    }

    pub fn client(&self) -> Api {
        Api::new(&self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A client of the API, signed in or not.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub http: reqwest::Client,
    pub token: Option<String>,
    pub refresh: Option<String>,
    pub user_id: Option<String>,
}

impl Api {
    pub fn new(base: &str) -> Self {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        Self { base: base.to_string(), http, token: None, refresh: None, user_id: None }
    }

    /// The same signed-in user, talking to another instance.
    pub fn on(&self, base: &str) -> Self {
        Self { base: base.to_string(), ..self.clone() }
    }

    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.expect("the request is answered");
        let status = res.status();
        let text = res.text().await.expect("a body");
        let value =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        (status, value)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call("GET", path, None).await
    }
    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call("POST", path, Some(body)).await
    }
    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call("PUT", path, Some(body)).await
    }
    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call("PATCH", path, Some(body)).await
    }
    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.call("DELETE", path, None).await
    }

    /// Signs up a new account and keeps its tokens.
    pub async fn sign_up(&self, email: &str) -> Self {
        let (status, body) =
            self.post("/api/v1/auth/sign-up", json!({ "email": email, "password": PASSWORD, "name": email })).await;
        assert_eq!(status, StatusCode::CREATED, "sign-up {email}: {body}");
        self.with_tokens(&body)
    }

    pub fn with_tokens(&self, body: &Value) -> Self {
        Self {
            token: body["accessToken"].as_str().map(String::from),
            refresh: body["refreshToken"].as_str().map(String::from),
            user_id: body["userId"].as_str().map(String::from),
            ..self.clone()
        }
    }

    /// Creates an organization and returns its id.
    pub async fn create_org(&self, name: &str) -> String {
        let (status, body) = self.post("/api/v1/organizations", json!({ "name": name })).await;
        assert_eq!(status, StatusCode::CREATED, "create org: {body}");
        body["id"].as_str().expect("an id").to_string()
    }
}

pub const PASSWORD: &str = "correct horse battery";

/// Asserts an error answer's status and code.
#[track_caller]
pub fn assert_error(answer: &(StatusCode, Value), status: StatusCode, code: &str) {
    assert_eq!(answer.0, status, "{}", answer.1);
    assert_eq!(answer.1["code"], code, "{}", answer.1);
    assert!(answer.1["message"].as_str().is_some_and(|m| !m.is_empty()), "{}", answer.1);
}

/// Sets an organization's plan as the owner role (as `neuroflow-server admin set-plan` does).
pub async fn set_plan(db: &TestDb, org: &str, plan: &str) {
    let org = uuid::Uuid::parse_str(org).expect("an org id");
    neuroflow_server::admin::set_plan(&db.owner, org, plan.parse().expect("a plan")).await.expect("set plan");
}

/// Invites `email` into `org` as `role` and signs them up and in: a member of that role.
pub async fn join(server: &Server, owner: &Api, org: &str, email: &str, role: &str) -> Api {
    let (status, inv) =
        owner.post(&format!("/api/v1/organizations/{org}/invitations"), json!({ "email": email, "role": role })).await;
    assert_eq!(status, StatusCode::CREATED, "{inv}");
    let person = server.client().sign_up(email).await;
    let (status, joined) = person.post("/api/v1/invitations/accept", json!({ "token": inv["token"] })).await;
    assert_eq!(status, StatusCode::OK, "{joined}");
    person
}

/// A desktop copy of an organization, as the sync API sees it: a client id and a mutation counter.
pub struct SyncClient {
    pub api: Api,
    pub org: String,
    pub client_id: uuid::Uuid,
    pub next: i64,
    pub cursor: i64,
}

impl SyncClient {
    pub fn new(api: &Api, org: &str) -> Self {
        Self { api: api.clone(), org: org.to_string(), client_id: uuid::Uuid::now_v7(), next: 1, cursor: 0 }
    }

    /// Numbers `mutations` (each `{entity, rowId, op, fields?, hlc?, baseVersion?}`) and pushes them.
    pub async fn push(&mut self, mutations: Vec<Value>) -> (StatusCode, Value) {
        let numbered: Vec<Value> = mutations
            .into_iter()
            .map(|mut m| {
                m["id"] = json!(self.next);
                self.next += 1;
                m
            })
            .collect();
        self.push_raw(numbered).await
    }

    /// Pushes mutations as they are (already numbered).
    pub async fn push_raw(&self, mutations: Vec<Value>) -> (StatusCode, Value) {
        self.api
            .post(
                &format!("/api/v1/organizations/{}/sync/push", self.org),
                json!({ "clientId": self.client_id, "cursor": self.cursor, "author": "Tester", "mutations": mutations }),
            )
            .await
    }

    /// Pulls everything after the cursor (every page), moving the cursor; returns the changes.
    pub async fn pull_all(&mut self) -> Vec<Value> {
        let mut all = Vec::new();
        loop {
            let (status, page) = self
                .api
                .get(&format!("/api/v1/organizations/{}/sync/pull?since={}&limit=500", self.org, self.cursor))
                .await;
            assert_eq!(status, StatusCode::OK, "{page}");
            all.extend(page["changes"].as_array().unwrap().iter().cloned());
            self.cursor = page["cursor"].as_i64().unwrap();
            if page["hasMore"] != true {
                return all;
            }
        }
    }
}

/// A clock for tests: fixed-width text, so text order is clock order.
pub fn hlc(ms: u64) -> String {
    format!("{ms:015}-00000-test")
}
