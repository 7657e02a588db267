//! Sync, as a desktop sees it: pushes applied once however often they are sent, changes pulled in
//! order, fields merged by their clocks, deletes that win and are remembered (until the horizon,
//! after which a copy must start again), workflows merged node by node with a conflict copy when
//! both sides changed a node, and roles and plan limits enforced on every mutation.

use crate::common;

use common::{Server, SyncClient, TestDb, hlc, join, set_plan};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

fn agent(id: Uuid, name: &str, at: u64) -> Value {
    json!({ "entity": "agent", "rowId": id, "op": "create", "hlc": { "*": hlc(at) },
            "fields": { "name": name, "description": "", "model_config": { "model": "m" }, "is_active": true } })
}

fn node(id: &str, label: &str) -> Value {
    json!({ "id": id, "type": "transform", "position": { "x": 0, "y": 0 }, "data": { "label": label } })
}

fn find<'a>(changes: &'a [Value], id: &str) -> Option<&'a Value> {
    changes.iter().rev().find(|c| c["rowId"] == id)
}

#[tokio::test]
async fn a_push_sent_again_is_applied_once_and_pulls_come_in_order() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("sync@x.io").await;
    let org = owner.create_org("Sync Realty").await;
    set_plan(&db, &org, "ENTERPRISE").await;
    let mut desk = SyncClient::new(&owner, &org);
    let (a, w) = (Uuid::now_v7(), Uuid::now_v7());
    let first = vec![
        json!({ "id": 1, "entity": "agent", "rowId": a, "op": "create", "hlc": { "*": hlc(1) },
                "fields": { "name": "Ada", "is_active": true } }),
        json!({ "id": 2, "entity": "workflow", "rowId": w, "op": "create", "hlc": { "*": hlc(2) },
                "fields": { "name": "Leads", "nodes": [node("t", "T")], "edges": [] } }),
    ];
    let (status, answer) = desk.push_raw(first.clone()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!((answer["applied"].as_i64(), answer["lastMutationId"].as_i64()), (Some(2), Some(2)));
    // The answer was lost; the desktop sends the same push again: nothing is applied twice.
    let (status, again) = desk.push_raw(first).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!((again["applied"].as_i64(), again["lastMutationId"].as_i64()), (Some(0), Some(2)));
    let agents: i64 = sqlx::query_scalar("SELECT count(*) FROM ai_agents").fetch_one(&db.owner).await.unwrap();
    assert_eq!(agents, 1);

    let changes = desk.pull_all().await;
    assert_eq!(changes.len(), 2, "{changes:?}");
    let versions: Vec<i64> = changes.iter().map(|c| c["version"].as_i64().unwrap()).collect();
    assert!(versions.windows(2).all(|v| v[0] < v[1]), "{versions:?}");
    assert_eq!(find(&changes, &w.to_string()).unwrap()["data"]["version"], 1);
    assert!(desk.pull_all().await.is_empty(), "nothing new after the cursor");

    // Changes made through the REST API join the feed too.
    let (status, _) =
        owner.put(&format!("/api/v1/organizations/{org}/workflows/{w}"), json!({ "name": "Leads 2" })).await;
    assert_eq!(status, StatusCode::OK);
    let changes = desk.pull_all().await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["data"]["name"], "Leads 2");
    // Mutation ids must increase.
    let (status, _) = desk.push_raw(vec![agent(Uuid::now_v7(), "x", 3), agent(Uuid::now_v7(), "y", 3)]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "ids missing (0, 0) are refused");
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn fields_merge_by_their_clocks_and_deletes_win() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("lww@x.io").await;
    let org = owner.create_org("Clocks").await;
    set_plan(&db, &org, "ELITE").await;
    let (mut one, mut two) = (SyncClient::new(&owner, &org), SyncClient::new(&owner, &org));
    let a = Uuid::now_v7();
    assert_eq!(one.push(vec![agent(a, "Ada", 10)]).await.0, StatusCode::OK);
    // Two: the name at 30. One: the name at 20 (older, arrives later) and the description at 25.
    let (_, r) = two
        .push(vec![json!({ "entity": "agent", "rowId": a, "op": "update", "hlc": { "name": hlc(30) },
                           "fields": { "name": "Two's name" } })])
        .await;
    assert_eq!(r["applied"], 1, "{r}");
    let (_, r) = one
        .push(vec![json!({ "entity": "agent", "rowId": a, "op": "update",
                           "hlc": { "name": hlc(20), "description": hlc(25) },
                           "fields": { "name": "One's name", "description": "One's words" } })])
        .await;
    assert_eq!(r["applied"], 1, "{r}");
    let changes = one.pull_all().await;
    let row = find(&changes, &a.to_string()).unwrap();
    assert_eq!(row["data"]["name"], "Two's name", "the newer clock wins");
    assert_eq!(row["data"]["description"], "One's words", "a field nobody else changed lands");
    assert_eq!(row["fieldHlc"]["name"], hlc(30));

    // Delete wins over a later update, and the tombstone is pulled.
    assert_eq!(two.push(vec![json!({ "entity": "agent", "rowId": a, "op": "delete" })]).await.1["applied"], 1);
    let (_, r) = one
        .push(vec![json!({ "entity": "agent", "rowId": a, "op": "update", "hlc": { "name": hlc(99) },
                           "fields": { "name": "Too late" } })])
        .await;
    assert_eq!(r["rejected"][0]["code"], "NOT_FOUND", "{r}");
    assert!(r["rejected"][0]["message"].as_str().unwrap().contains("deleted"), "{r}");
    let changes = one.pull_all().await;
    assert_eq!(find(&changes, &a.to_string()).unwrap()["deleted"], true);
    // An explicit create brings it back (an undone delete).
    assert_eq!(one.push(vec![agent(a, "Back", 100)]).await.1["applied"], 1);
    let changes = two.pull_all().await;
    let last = find(&changes, &a.to_string()).unwrap();
    assert_eq!((last["deleted"].as_bool(), last["data"]["name"].as_str()), (Some(false), Some("Back")));
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn a_copy_behind_the_tombstone_horizon_must_sync_again_from_the_start() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("horizon@x.io").await;
    let org = owner.create_org("Horizon").await;
    set_plan(&db, &org, "ELITE").await;
    let (mut old, mut fresh) = (SyncClient::new(&owner, &org), SyncClient::new(&owner, &org));
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    fresh.push(vec![agent(a, "A", 1), agent(b, "B", 1)]).await;
    old.pull_all().await;
    fresh.push(vec![json!({ "entity": "agent", "rowId": a, "op": "delete" })]).await;
    let removed = neuroflow_server::sync::session::compact(&db.owner, 0).await.unwrap();
    assert_eq!(removed, 1);
    let (status, body) = owner.get(&format!("/api/v1/organizations/{org}/sync/pull?since={}", old.cursor)).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("RESYNC_REQUIRED")), "{body}");
    let (status, body) = old.push(vec![agent(a, "resurrected?", 5)]).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::CONFLICT, Some("RESYNC_REQUIRED")), "{body}");
    // From the start: only what exists.
    old.cursor = 0;
    let all = old.pull_all().await;
    assert_eq!(all.iter().map(|c| c["rowId"].as_str().unwrap()).collect::<Vec<_>>(), [b.to_string()]);
    let (_, session) = owner.get(&format!("/api/v1/organizations/{org}/sync/session")).await;
    assert!(session["horizon"].as_i64().unwrap() > 0 && session["version"].as_i64() >= session["horizon"].as_i64());
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn workflows_merge_node_by_node_and_keep_a_conflict_copy() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("merge@x.io").await;
    let org = owner.create_org("Merges").await;
    set_plan(&db, &org, "ELITE").await;
    let (mut a, mut b, mut c) =
        (SyncClient::new(&owner, &org), SyncClient::new(&owner, &org), SyncClient::new(&owner, &org));
    let w = Uuid::now_v7();
    let base = json!([node("t", "Trigger"), node("x", "X"), node("y", "Y")]);
    a.push(vec![json!({ "entity": "workflow", "rowId": w, "op": "create", "hlc": { "*": hlc(1) },
                         "fields": { "name": "Open house", "nodes": base, "edges": [] } })])
        .await;
    let doc = |nodes: Value| {
        json!({ "entity": "workflow", "rowId": w, "op": "update", "baseVersion": 1, "hlc": { "*": hlc(5) },
                "fields": { "nodes": nodes, "edges": [] } })
    };
    // A changes x, B changes y — both from version 1.
    let (_, r) = a.push(vec![doc(json!([node("t", "Trigger"), node("x", "X by A"), node("y", "Y")]))]).await;
    assert_eq!(r["applied"], 1, "{r}");
    let (_, r) = b.push(vec![doc(json!([node("t", "Trigger"), node("x", "X"), node("y", "Y by B")]))]).await;
    assert!(r["conflicts"].as_array().unwrap().is_empty(), "{r}");
    let wf = find(&c.pull_all().await, &w.to_string()).unwrap().clone();
    assert_eq!(wf["data"]["version"], 3);
    assert_eq!(wf["data"]["nodes"], json!([node("t", "Trigger"), node("x", "X by A"), node("y", "Y by B")]));
    // C changes x too, from version 1: both changed x — A's stays, C's document is kept.
    let (_, r) = c.push(vec![doc(json!([node("t", "Trigger"), node("x", "X by C"), node("y", "Y")]))]).await;
    assert_eq!(r["conflicts"], json!([w]), "{r}");
    let changes = a.pull_all().await;
    let conflict = changes.iter().find(|ch| ch["entity"] == "conflict").expect("the conflict is pulled");
    assert_eq!(conflict["data"]["nodes"], json!(["x"]));
    assert_eq!(conflict["data"]["document"]["nodes"][1], node("x", "X by C"));
    assert_eq!(conflict["data"]["authorName"], Value::Null, "fields keep their column names");
    assert_eq!(conflict["data"]["author_name"], "Tester");
    let wf = find(&changes, &w.to_string()).unwrap();
    assert_eq!(wf["data"]["nodes"][1], node("x", "X by A"));
    // C pulls the workspace's document back, though the merge left it as it was.
    let back = c.pull_all().await;
    assert_eq!(
        find(&back, &w.to_string()).expect("the workflow comes back to C")["data"]["nodes"][1],
        node("x", "X by A")
    );
    let messages: Vec<Option<String>> =
        sqlx::query_scalar("SELECT message FROM workflow_versions WHERE workflow_id = $1 ORDER BY version")
            .bind(w)
            .fetch_all(&db.owner)
            .await
            .unwrap();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[2].as_deref().unwrap_or("").contains("Merged"), "{messages:?}");
    // Resolving it is a field like any other.
    let id = conflict["rowId"].as_str().unwrap();
    let (_, r) = a
        .push(vec![json!({ "entity": "conflict", "rowId": id, "op": "update", "hlc": { "resolved": hlc(9) },
                           "fields": { "resolved": true } })])
        .await;
    assert_eq!(r["applied"], 1, "{r}");
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn roles_plans_and_secrets_are_checked_on_every_mutation() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("boss@x.io").await;
    let org = owner.create_org("Rules").await;
    let viewer = join(&server, &owner, &org, "view@x.io", "VIEWER").await;
    let member = join(&server, &owner, &org, "member@x.io", "MEMBER").await;
    let wf = |name: String| {
        json!({ "entity": "workflow", "rowId": Uuid::now_v7(), "op": "create", "hlc": { "*": hlc(1) },
                "fields": { "name": name, "nodes": [], "edges": [] } })
    };
    let (_, r) = SyncClient::new(&viewer, &org).push(vec![wf("viewer's".into())]).await;
    assert_eq!(r["rejected"][0]["code"], "FORBIDDEN", "{r}");
    // FREE: no agents at all; 3 workflows.
    let mut desk = SyncClient::new(&member, &org);
    let (_, r) = desk.push(vec![agent(Uuid::now_v7(), "Ada", 1)]).await;
    assert_eq!(r["rejected"][0]["code"], "FEATURE_NOT_IN_PLAN", "{r}");
    set_plan(&db, &org, "GROWTH").await;
    let (_, r) = desk.push((0..11).map(|i| wf(format!("wf {i}"))).collect()).await;
    assert_eq!(r["applied"], 10, "{r}");
    assert_eq!(r["rejected"][0]["code"], "PLAN_LIMIT");
    let msg = r["rejected"][0]["message"].as_str().unwrap();
    assert!(msg.contains("GROWTH") && msg.contains("10 workflows"), "{msg}");
    // Integrations are for admins; a secret is refused whoever sends it.
    let integ = |config: Value| {
        json!({ "entity": "integration", "rowId": Uuid::now_v7(), "op": "create", "hlc": { "*": hlc(1) },
                "fields": { "name": "Slack", "provider": "SLACK", "config": config } })
    };
    assert_eq!(desk.push(vec![integ(json!({}))]).await.1["rejected"][0]["code"], "FORBIDDEN");
    let mut boss = SyncClient::new(&owner, &org);
    let (_, r) =
        boss.push(vec![integ(json!({ "channel": "#a" })), integ(json!({ "nested": { "apiKey": "x" } }))]).await;
    assert_eq!(r["applied"], 1, "{r}");
    assert_eq!(r["rejected"][0]["code"], "BAD_REQUEST");
    // Unknown fields and what the service owns are refused.
    let (_, r) = boss
        .push(vec![json!({ "entity": "workflow", "rowId": Uuid::now_v7(), "op": "create", "hlc": { "*": hlc(1) },
                           "fields": { "name": "x", "organization_id": Uuid::now_v7() } })])
        .await;
    assert_eq!(r["rejected"][0]["code"], "BAD_REQUEST", "{r}");
    // The member's session says what it may do offline.
    let (_, session) = member.get(&format!("/api/v1/organizations/{org}/sync/session")).await;
    assert_eq!((session["role"].as_str(), session["plan"].as_str()), (Some("MEMBER"), Some("GROWTH")));
    assert_eq!((session["limits"]["workflows"].as_i64(), session["workflows"].as_i64()), (Some(10), Some(10)));
    // A client id belongs to whoever pushed from it first.
    let mut stolen = SyncClient::new(&owner, &org);
    stolen.client_id = desk.client_id;
    stolen.next = 100;
    let (status, body) = stolen.push(vec![wf("x".into())]).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("FORBIDDEN")), "{body}");
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn executions_are_pushed_once_and_count_against_the_monthly_allowance() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("runs@x.io").await;
    let org = owner.create_org("Runs").await;
    let mut desk = SyncClient::new(&owner, &org);
    let w = Uuid::now_v7();
    desk.push(vec![json!({ "entity": "workflow", "rowId": w, "op": "create", "hlc": { "*": hlc(1) },
                            "fields": { "name": "Busy", "nodes": [], "edges": [] } })])
        .await;
    let run = |id: Uuid, status: &str| {
        json!({ "entity": "workflow_execution", "rowId": id, "op": "upsert",
                "fields": { "workflow_id": w, "workflow_version": 1, "status": status, "trigger_kind": "MANUAL",
                            "started_at": chrono::Utc::now(),
                            "completed_at": if status == "RUNNING" { Value::Null } else { json!(chrono::Utc::now()) },
                            "cost": 1500, "input": { "a": 1 } } })
    };
    let first = Uuid::now_v7();
    let (_, r) = desk.push(vec![run(first, "RUNNING")]).await;
    assert_eq!(r["applied"], 1, "{r}");
    let (_, r) = desk.push(vec![run(first, "COMPLETED")]).await;
    assert_eq!(r["applied"], 1, "{r}");
    let (status, cost): (String, i64) = sqlx::query_as("SELECT status, cost FROM workflow_executions WHERE id = $1")
        .bind(first)
        .fetch_one(&db.owner)
        .await
        .unwrap();
    assert_eq!((status.as_str(), cost), ("COMPLETED", 1500));
    // FREE allows 100 executions a month; the same one twice counted once.
    let used: i64 = sqlx::query_scalar("SELECT coalesce(sum(executions), 0)::bigint FROM usage_monthly")
        .fetch_one(&db.owner)
        .await
        .unwrap();
    assert_eq!(used, 1);
    let (_, r) = desk.push((0..100).map(|_| run(Uuid::now_v7(), "COMPLETED")).collect()).await;
    assert_eq!(r["applied"], 99, "{r}");
    assert_eq!(r["rejected"][0]["code"], "PLAN_LIMIT");
    assert!(r["rejected"][0]["message"].as_str().unwrap().contains("100 executions a month"), "{r}");
    drop(server);
    db.drop_db().await;
}
