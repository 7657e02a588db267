//! The organization's workflows as the data model's API describes them: list (isActive, search,
//! limit ≤ 100, offset, sortBy, sortOrder), get, create, update (versioned), delete, activate.

use crate::common;

use common::{Server, TestDb, assert_error, set_plan};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn names(list: &Value) -> Vec<String> {
    list["workflows"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn list_filters_searches_sorts_and_pages() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let me = server.client().sign_up("flow@x.io").await;
    let org = me.create_org("Flows").await;
    set_plan(&db, &org, "ENTERPRISE").await;
    let o = format!("/api/v1/organizations/{org}/workflows");
    let mut ids = Vec::new();
    for (i, name) in
        ["Lead follow-up", "Open house reminder", "lead scoring", "Weekly report", "100%_done"].iter().enumerate()
    {
        let (status, wf) = me
            .post(
                &o,
                json!({ "name": name, "description": format!("number {i}"), "isActive": i % 2 == 0,
            "nodes": [{ "id": "t", "type": "trigger", "data": {} }], "tags": ["t"] }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{wf}");
        ids.push(wf["id"].as_str().unwrap().to_string());
    }
    for _ in 0..3 {
        me.post(&format!("{o}/{}/executions", ids[3]), json!({ "status": "COMPLETED", "triggerKind": "MANUAL" })).await;
    }
    me.post(
        &format!("{o}/{}/executions", ids[1]),
        json!({ "status": "FAILED", "triggerKind": "WEBHOOK", "error": "boom" }),
    )
    .await;

    let (status, all) = me.get(&o).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((all["total"].as_i64(), all["limit"].as_i64(), all["offset"].as_i64()), (Some(5), Some(20), Some(0)));
    assert_eq!(names(&all)[0], "100%_done", "most recently updated first by default");
    let (_, active) = me.get(&format!("{o}?isActive=true")).await;
    assert_eq!(active["total"], 3);
    assert!(active["workflows"].as_array().unwrap().iter().all(|w| w["isActive"] == true));
    let (_, lead) = me.get(&format!("{o}?search=LEAD&sortBy=name&sortOrder=asc")).await;
    assert_eq!(names(&lead), ["Lead follow-up", "lead scoring"]);
    let (_, literal) = me.get(&format!("{o}?search=%25_")).await;
    assert_eq!(names(&literal), ["100%_done"], "% and _ are matched literally");
    let (_, by_runs) = me.get(&format!("{o}?sortBy=executionCount&sortOrder=desc")).await;
    assert_eq!(&names(&by_runs)[..2], ["Weekly report", "Open house reminder"]);
    assert_eq!(by_runs["workflows"][0]["executionCount"], 3);
    let (_, by_created) = me.get(&format!("{o}?sortBy=created_at&sortOrder=asc&limit=2&offset=1")).await;
    assert_eq!(names(&by_created), ["Open house reminder", "lead scoring"]);
    assert_eq!(by_created["total"], 5);
    let (_, page3) = me.get(&format!("{o}?sortBy=name&sortOrder=asc&limit=2&offset=4")).await;
    assert_eq!(names(&page3).len(), 1);
    assert_error(&me.get(&format!("{o}?limit=101")).await, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_error(&me.get(&format!("{o}?limit=0")).await, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_error(&me.get(&format!("{o}?offset=-1")).await, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_error(&me.get(&format!("{o}?sortBy=color")).await, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_error(&me.get(&format!("{o}?sortOrder=sideways")).await, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_eq!(me.get(&format!("{o}?limit=100")).await.0, StatusCode::OK);
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn create_get_update_activate_delete() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let me = server.client().sign_up("crud@x.io").await;
    let org = me.create_org("Crud").await;
    let o = format!("/api/v1/organizations/{org}/workflows");
    let id = uuid::Uuid::now_v7().to_string();
    let doc = json!({ "id": id, "name": "  New lead  ", "description": "d",
        "nodes": [{ "id": "trigger", "type": "trigger", "position": { "x": 0, "y": 0 }, "data": { "label": "Webhook" } }],
        "edges": [], "variables": { "threshold": 80 }, "tags": ["sales"] });
    let (status, created) = me.post(&o, doc).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["id"], id.as_str(), "the client's id is kept");
    assert_eq!(created["name"], "New lead");
    assert_eq!(created["version"], 1);
    assert_eq!(created["isActive"], false);
    assert_eq!(created["variables"]["threshold"], 80);
    assert_eq!(created["createdBy"], json!(me.user_id));
    let (status, got) = me.get(&format!("{o}/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["nodes"][0]["data"]["label"], "Webhook");
    assert_error(&me.post(&o, json!({ "id": id, "name": "twin" })).await, StatusCode::CONFLICT, "CONFLICT");
    assert_error(&me.post(&o, json!({ "name": "  " })).await, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_error(&me.post(&o, json!({ "name": "x", "nodes": [1] })).await, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_error(&me.post(&o, json!({ "nmae": 1 })).await, StatusCode::BAD_REQUEST, "BAD_REQUEST");

    let (status, updated) =
        me.put(&format!("{o}/{id}"), json!({ "name": "Renamed", "nodes": [], "expectedVersion": 1 })).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!((updated["name"].as_str(), updated["version"].as_i64()), (Some("Renamed"), Some(2)));
    assert_eq!(updated["variables"]["threshold"], 80, "absent fields stay");
    let stale = me.put(&format!("{o}/{id}"), json!({ "name": "Stale", "expectedVersion": 1 })).await;
    assert_error(&stale, StatusCode::CONFLICT, "CONFLICT");
    assert!(stale.1["message"].as_str().unwrap().contains("version 2"), "{}", stale.1);

    let (_, active) = me.post(&format!("{o}/{id}/activate"), json!({})).await;
    assert_eq!(active["isActive"], true);
    assert_eq!(active["version"], 2, "activation is not an edit of the document");
    let (_, inactive) = me.post(&format!("{o}/{id}/deactivate"), json!({})).await;
    assert_eq!(inactive["isActive"], false);

    assert_eq!(me.delete(&format!("{o}/{id}")).await.0, StatusCode::NO_CONTENT);
    assert_error(&me.get(&format!("{o}/{id}")).await, StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_error(&me.delete(&format!("{o}/{id}")).await, StatusCode::NOT_FOUND, "NOT_FOUND");
    assert_error(&me.get(&format!("{o}/not-a-uuid")).await, StatusCode::NOT_FOUND, "NOT_FOUND");
    let (_, log) = me.get(&format!("/api/v1/organizations/{org}/audit-log")).await;
    assert!(
        log.as_array().unwrap().iter().any(|e| e["action"] == "workflow.deleted" && e["details"]["name"] == "Renamed"),
        "{log}"
    );
    // Integrations hold metadata only: a secret in the config is refused.
    let secret = me.post(&format!("/api/v1/organizations/{org}/integrations"), json!({ "name": "Mail", "provider": "SMTP", "config": { "host": "smtp.x.io", "auth": { "password": "hunter2" } } })).await;
    assert_error(&secret, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert!(!secret.1.to_string().contains("hunter2"));
    assert_eq!(
        me.post(
            &format!("/api/v1/organizations/{org}/integrations"),
            json!({ "name": "Mail", "provider": "SMTP", "config": { "host": "smtp.x.io" } })
        )
        .await
        .0,
        StatusCode::CREATED
    );
    drop(server);
    db.drop_db().await;
}
