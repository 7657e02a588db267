//! A push applies its mutations set-wise (one statement for a run of creates or updates), and each
//! mutation still gets its own outcome: a plan cap reached halfway through a run, a malformed
//! clock, a missing row, a create of a row that exists, a row changed twice in one push, and a
//! value the database refuses, each rejected (or applied) alone. The statement-level triggers
//! keep one version per document and bring deleted rows back.

use crate::common;

use common::{Server, SyncClient, TestDb, hlc, set_plan};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

fn workflow(id: Uuid, name: &str, at: u64, label: &str) -> Value {
    json!({ "entity": "workflow", "rowId": id, "op": "create", "hlc": { "*": hlc(at) },
            "fields": { "name": name, "nodes": [{ "id": "t", "type": "transform", "data": { "label": label } }],
                        "edges": [] } })
}

fn rejected(answer: &Value) -> Vec<(i64, String)> {
    let list = answer["rejected"].as_array().expect("a list of rejections");
    list.iter().map(|r| (r["id"].as_i64().unwrap(), r["code"].as_str().unwrap().to_string())).collect()
}

async fn versions(db: &TestDb, id: Uuid) -> Vec<(i64, Option<String>)> {
    sqlx::query_as("SELECT version, message FROM workflow_versions WHERE workflow_id = $1 ORDER BY version")
        .bind(id)
        .fetch_all(&db.owner)
        .await
        .unwrap()
}

async fn label(db: &TestDb, id: Uuid) -> String {
    let nodes: Value = sqlx::query_scalar("SELECT nodes FROM automation_workflows WHERE id = $1")
        .bind(id)
        .fetch_one(&db.owner)
        .await
        .unwrap();
    nodes[0]["data"]["label"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn each_mutation_of_a_set_wise_push_keeps_its_own_outcome() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("batch@x.io").await;
    let org = owner.create_org("Batch Realty").await;
    set_plan(&db, &org, "GROWTH").await; // 10 workflows
    let mut desk = SyncClient::new(&owner, &org);

    // Twelve creates in one run: the eleventh and twelfth pass the cap; the third has no clock.
    let ids: Vec<Uuid> = (0..12).map(|_| Uuid::now_v7()).collect();
    let mut first: Vec<Value> =
        ids.iter().enumerate().map(|(i, id)| workflow(*id, &format!("Flow {i}"), 1, "v1")).collect();
    first[2]["hlc"] = json!({});
    let (status, answer) = desk.push(first).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["applied"], 10, "{answer}");
    assert_eq!(
        rejected(&answer),
        [(3, "BAD_REQUEST".to_string()), (12, "PLAN_LIMIT".to_string())],
        "the clockless create alone, then the one past the cap: {answer}"
    );
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM automation_workflows").fetch_one(&db.owner).await.unwrap();
    assert_eq!(count, 10);
    assert_eq!(versions(&db, ids[0]).await.len(), 1, "one version per created document");

    // A run of updates: one row is missing; a row is changed twice (two runs, applied in order);
    // a create of a row that exists is an update by its clock.
    let missing = Uuid::now_v7();
    let update = |id: Uuid, at: u64, label: &str, base: i64| {
        json!({ "entity": "workflow", "rowId": id, "op": "update", "hlc": { "*": hlc(at) }, "baseVersion": base,
                "fields": { "nodes": [{ "id": "t", "type": "transform", "data": { "label": label } }] } })
    };
    let second = vec![
        update(ids[0], 2, "v2", 1),
        update(missing, 2, "v2", 1),
        update(ids[1], 2, "v2", 1),
        update(ids[0], 3, "v3", 2),
        workflow(ids[4], "Flow 4 renamed", 4, "v1"),
    ];
    let (status, answer) = desk.push(second).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(rejected(&answer), [(14, "NOT_FOUND".to_string())], "{answer}");
    assert_eq!(answer["applied"], 4);
    assert_eq!(label(&db, ids[0]).await, "v3", "the row changed twice holds the later change");
    assert_eq!(label(&db, ids[1]).await, "v2");
    let synced = Some("Synced from Tester".to_string());
    assert_eq!(versions(&db, ids[0]).await, [(1, None), (2, synced.clone()), (3, synced.clone())]);
    let name: String = sqlx::query_scalar("SELECT name FROM automation_workflows WHERE id = $1")
        .bind(ids[4])
        .fetch_one(&db.owner)
        .await
        .unwrap();
    assert_eq!(name, "Flow 4 renamed", "a create of an existing row applies its newer fields");

    // A value the database refuses (a blank name) in a run: the push goes one at a time, and only
    // that mutation is rejected.
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let agent = |id: Uuid, name: &str, active: Value| {
        json!({ "entity": "agent", "rowId": id, "op": "create", "hlc": { "*": hlc(5) },
                "fields": { "name": name, "model_config": { "model": "m" }, "is_active": active } })
    };
    let (status, answer) = desk.push(vec![agent(a, "Ada", json!(true)), agent(b, "Bo", json!("not a boolean"))]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["applied"], 1, "{answer}");
    assert_eq!(rejected(&answer).iter().map(|r| r.0).collect::<Vec<_>>(), [19], "{answer}");
    let agents: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM ai_agents").fetch_all(&db.owner).await.unwrap();
    assert_eq!(agents, [a]);

    // Deleted, then created again in one push: the tombstone goes.
    let delete = json!({ "entity": "agent", "rowId": a, "op": "delete" });
    let again = agent(a, "Ada again", json!(true));
    let (status, answer) = desk.push(vec![delete]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let tombstones = || async {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_tombstones WHERE entity = 'agent'")
            .fetch_one(&db.owner)
            .await
            .unwrap();
        n
    };
    assert_eq!(tombstones().await, 1);
    let (status, answer) = desk.push(vec![again]).await;
    assert_eq!((status, answer["applied"].as_i64()), (StatusCode::OK, Some(1)), "{answer}");
    assert_eq!(tombstones().await, 0, "a row created again is no longer deleted");
    drop(server);
    db.drop_db().await;
}

/// A desktop's saved version: made once (sent again, nothing changes), never updated or deleted
/// alone, refused when its workflow is not in the workspace, and said to be whoever pushed it.
#[tokio::test]
async fn a_saved_version_is_made_once_and_never_changed() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("history@x.io").await;
    let org = owner.create_org("History Realty").await;
    let mut desk = SyncClient::new(&owner, &org);
    let (flow, saved, orphan) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let version = |id: Uuid, workflow: Uuid, op: &str, words: &str| {
        json!({ "entity": "workflow_version", "rowId": id, "op": op, "hlc": { "*": hlc(2) },
                "fields": { "workflow_id": workflow, "message": words,
                            "document": { "format": 1, "name": "Leads", "nodes": [], "edges": [] } } })
    };
    let (status, answer) = desk
        .push(vec![
            workflow(flow, "Leads", 1, "v1"),
            version(saved, flow, "create", "First"),
            version(orphan, Uuid::now_v7(), "create", "Lost"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(rejected(&answer), [(3, "NOT_FOUND".to_string())], "only the version of an unknown workflow: {answer}");

    let (status, answer) = desk
        .push(vec![
            version(saved, flow, "create", "Sent again, other words"),
            version(saved, flow, "update", "Changed"),
            json!({ "entity": "workflow_version", "rowId": saved, "op": "delete" }),
        ])
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(rejected(&answer), [(5, "BAD_REQUEST".to_string()), (6, "BAD_REQUEST".to_string())], "{answer}");
    let kept: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT message, author_name FROM saved_versions WHERE id = $1")
            .bind(saved)
            .fetch_all(&db.owner)
            .await
            .unwrap();
    assert_eq!(kept, [("First".to_string(), Some("Tester".to_string()))], "kept as it was first made");
}
