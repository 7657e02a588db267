//! The real binary: it refuses to serve as a role that row-level security would not bind or on a
//! schema older than itself; two instances on one database serve the same organizations at once,
//! and a plan limit holds when both are asked to pass it at the same moment.

use crate::common;

use common::{Api, TestDb, assert_error, set_plan};
use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::json;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

const BIN: &str = env!("CARGO_BIN_EXE_neuroflow-server");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `neuroflow-server serve` and waits until it is ready. Its log goes to a file (a pipe
/// nobody reads would fill and stall it).
async fn start(url: &str) -> (Child, String, std::path::PathBuf) {
    let port = free_port();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-logs");
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join(format!("serve-{port}.log"));
    let child = Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("NEUROFLOW_SERVER_DATABASE_URL", url)
        .env("NEUROFLOW_SERVER_LOG_JSON", "true")
        .env("NEUROFLOW_SERVER_MAX_CONNECTIONS", "8")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn neuroflow-server");
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if let Ok(r) = reqwest::get(format!("{base}/readyz")).await
            && r.status() == StatusCode::OK
        {
            return (child, base, log);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("neuroflow-server did not become ready on {base}");
}

/// Runs `serve` expecting a refusal; returns what it printed.
async fn refused(url: &str) -> String {
    let out = Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{}", free_port())])
        .env("NEUROFLOW_SERVER_DATABASE_URL", url)
        .output()
        .await
        .unwrap();
    assert!(!out.status.success(), "serve started as {url}");
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[tokio::test]
async fn serve_refuses_roles_that_rls_would_not_bind_and_stale_schemas() {
    let db = TestDb::new().await;
    // The owner (BYPASSRLS, owns every table) and the superuser.
    let err = refused(&db.owner_url).await;
    assert!(err.contains("refusing to serve as database user 'neuroflow_owner'"), "{err}");
    let mut superuser = url::Url::parse(&db.superuser).unwrap();
    superuser.set_path(&db.name);
    assert!(refused(superuser.as_str()).await.contains("superuser or has BYPASSRLS"));
    // A plain role that happens to own one table.
    let role = format!("{}_table_owner", db.name);
    let admin = sqlx::PgPool::connect(superuser.as_str()).await.unwrap();
    sqlx::query(&format!("CREATE ROLE {role} LOGIN")).execute(&admin).await.unwrap();
    sqlx::query("CREATE TABLE stray (x int)").execute(&admin).await.unwrap();
    sqlx::query(&format!("ALTER TABLE stray OWNER TO {role}")).execute(&admin).await.unwrap();
    let mut as_role = url::Url::parse(&db.app_url).unwrap();
    as_role.set_username(&role).unwrap();
    let err = refused(as_role.as_str()).await;
    assert!(err.contains("owns") && err.contains("stray"), "{err}");
    // The right role, on a schema one migration behind: not ready, and no new instance starts.
    let (child, base, _) = start(&db.app_url).await;
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)")
        .execute(&db.owner)
        .await
        .unwrap();
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.json::<serde_json::Value>().await.unwrap()["code"], "UNAVAILABLE");
    assert_eq!(reqwest::get(format!("{base}/healthz")).await.unwrap().status(), StatusCode::OK);
    drop(child);
    assert!(refused(&db.app_url).await.contains("run `neuroflow-server migrate`"));
    admin.close().await;
    db.drop_db().await;
    superuser.set_path("postgres");
    let admin = sqlx::PgPool::connect(superuser.as_str()).await.unwrap();
    sqlx::query(&format!("DROP ROLE {role}")).execute(&admin).await.unwrap();
}

#[tokio::test]
async fn two_instances_serve_the_same_orgs_and_a_plan_limit_holds_across_them() {
    let db = TestDb::new().await;
    let (mut one, base1, log1) = start(&db.app_url).await;
    let (two, base2, _) = start(&db.app_url).await;
    assert_eq!(reqwest::get(format!("{base2}/healthz")).await.unwrap().status(), StatusCode::OK);
    let owner = Api::new(&base1).sign_up("race@x.io").await;
    let org = owner.create_org("Race").await;
    set_plan(&db, &org, "GROWTH").await;
    let o = format!("/api/v1/organizations/{org}/workflows");
    // 30 creates at once, alternating instances: GROWTH allows 10.
    let answers = join_all((0..30).map(|i| {
        let api = owner.on(if i % 2 == 0 { &base1 } else { &base2 });
        let path = o.clone();
        async move { api.post(&path, json!({ "name": format!("flow {i}") })).await }
    }))
    .await;
    let created = answers.iter().filter(|a| a.0 == StatusCode::CREATED).count();
    let limited = answers.iter().filter(|a| a.1["code"] == "PLAN_LIMIT").count();
    assert_eq!((created, limited), (10, 20), "{answers:?}");
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM automation_workflows").fetch_one(&db.owner).await.unwrap();
    assert_eq!(stored, 10);

    // Reads and writes of the same organization through both instances at once: no errors.
    set_plan(&db, &org, "ELITE").await;
    let member = Api::new(&base2).sign_up("second@x.io").await;
    let (_, inv) = owner
        .post(&format!("/api/v1/organizations/{org}/invitations"), json!({ "email": "second@x.io", "role": "MEMBER" }))
        .await;
    assert_eq!(member.post("/api/v1/invitations/accept", json!({ "token": inv["token"] })).await.0, StatusCode::OK);
    let answers = join_all((0..200).map(|i| {
        let who = if i % 3 == 0 { &member } else { &owner };
        let api = who.on(if i % 2 == 0 { &base1 } else { &base2 });
        let path = o.clone();
        async move {
            if i % 4 == 0 {
                api.post(&path, json!({ "name": format!("busy {i}") })).await
            } else {
                api.get(&format!("{path}?limit=100")).await
            }
        }
    }))
    .await;
    let failures: Vec<_> = answers.iter().filter(|a| !a.0.is_success()).collect();
    assert!(failures.is_empty(), "{failures:?}");
    let (_, list) = owner.on(&base2).get(&format!("{o}?limit=100")).await;
    assert_eq!(list["total"], 60);
    // One instance stops; the other serves on.
    drop(two);
    assert_eq!(owner.on(&base1).get(&o).await.0, StatusCode::OK);
    assert_error(&owner.on(&base1).get("/api/v1/nowhere").await, StatusCode::NOT_FOUND, "NO_ROUTE");
    // Structured logs: one JSON line per request, with route and status.
    one.start_kill().unwrap();
    one.wait().await.unwrap();
    let logs = std::fs::read_to_string(&log1).unwrap();
    let line =
        logs.lines().find(|l| l.contains("/api/v1/organizations/{org_id}/workflows")).expect("a request log line");
    let parsed: serde_json::Value = serde_json::from_str(line).expect("a JSON log line");
    assert!(parsed["status"].is_u64() && parsed["micros"].is_u64(), "{parsed}");
    db.drop_db().await;
}

/// `migrate` (again: nothing to do) and `admin create-user | create-org | set-plan`, as the
/// binary, then the bootstrapped user signs in through the API and finds the organization.
#[tokio::test]
async fn the_admin_commands_bootstrap_without_a_ui() {
    let db = TestDb::new().await;
    let run = |args: Vec<String>| {
        let url = db.owner_url.clone();
        async move {
            let out = Command::new(BIN)
                .args(&args)
                .env("NEUROFLOW_SERVER_MIGRATE_DATABASE_URL", url)
                .env("NEUROFLOW_SERVER_NEW_PASSWORD", "a long admin password")
                .output()
                .await
                .unwrap();
            assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        }
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    run(s(&["migrate"])).await;
    let user = run(s(&["admin", "create-user", "--email", "Boss@Example.com", "--name", "Boss"])).await;
    assert!(uuid::Uuid::parse_str(&user).is_ok(), "{user}");
    let org = run(s(&["admin", "create-org", "--name", "Bootstrapped", "--owner-email", "boss@example.com"])).await;
    let printed = run(s(&["admin", "set-plan", "--org", &org, "--plan", "growth"])).await;
    assert_eq!(printed, format!("{org} GROWTH"));
    let (child, base, _) = start(&db.app_url).await;
    let api = Api::new(&base);
    let (status, tokens) = api
        .post("/api/v1/auth/sign-in", json!({ "email": "boss@example.com", "password": "a long admin password" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let (_, orgs) = api.with_tokens(&tokens).get("/api/v1/organizations").await;
    assert_eq!(orgs[0]["id"], org.as_str());
    assert_eq!((orgs[0]["plan"].as_str(), orgs[0]["role"].as_str()), (Some("GROWTH"), Some("OWNER")));
    drop(child);
    db.drop_db().await;
}
