//! The feed's promise: a pull's cursor never skips a commit, however writers interleave — checked
//! directly (a second writer of the organization waits for the first to commit, so versions commit
//! in order) and under load (writers pushing and writing through the REST API while a reader pulls
//! in small pages: it ends up with every row). Also: a waiting pull wakes at the commit, and a
//! member of one organization pulls nothing of another.

use crate::common;

use common::{Server, SyncClient, TestDb, hlc, set_plan};
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[tokio::test]
async fn a_second_writer_of_the_organization_waits_so_versions_commit_in_order() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("order@x.io").await;
    let org = Uuid::parse_str(&owner.create_org("Order").await).unwrap();
    let user = Uuid::parse_str(owner.user_id.as_deref().unwrap()).unwrap();
    set_plan(&db, &org.to_string(), "ELITE").await;
    let app = db.app_pool().await;
    let insert = "INSERT INTO ai_agents (id, organization_id, name) VALUES ($1, $2, 'x') RETURNING sync_version";
    let mut first = neuroflow_server::db::begin(&app, Some(user), Some(org)).await.unwrap();
    let v1: i64 = sqlx::query_scalar(insert).bind(Uuid::now_v7()).bind(org).fetch_one(&mut *first).await.unwrap();
    let pool = app.clone();
    let second = tokio::spawn(async move {
        let mut tx = neuroflow_server::db::begin(&pool, Some(user), Some(org)).await.unwrap();
        let v: i64 = sqlx::query_scalar(insert).bind(Uuid::now_v7()).bind(org).fetch_one(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
        (v, Instant::now())
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(!second.is_finished(), "the second writer waits for the first to commit");
    let committed = Instant::now();
    first.commit().await.unwrap();
    let (v2, at) = second.await.unwrap();
    assert!(v2 > v1 && at >= committed, "versions {v1} then {v2}");
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn a_reader_pulling_in_small_pages_during_concurrent_writes_misses_nothing() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("busy@x.io").await;
    let org = owner.create_org("Busy").await;
    set_plan(&db, &org, "ENTERPRISE").await;
    let mut writers = Vec::new();
    for w in 0..4 {
        let api = owner.clone();
        let org = org.clone();
        writers.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            let mut desk = SyncClient::new(&api, &org);
            for round in 0..15 {
                if w == 3 {
                    // Through the REST API.
                    let (s, body) = api
                        .post(
                            &format!("/api/v1/organizations/{org}/workflows"),
                            json!({ "name": format!("rest {round}") }),
                        )
                        .await;
                    assert_eq!(s, StatusCode::CREATED, "{body}");
                    ids.push(body["id"].as_str().unwrap().to_string());
                    continue;
                }
                let batch: Vec<_> = (0..3)
                    .map(|i| {
                        let id = Uuid::now_v7();
                        ids.push(id.to_string());
                        json!({ "entity": "workflow", "rowId": id, "op": "create", "hlc": { "*": hlc(round * 10 + i) },
                                "fields": { "name": format!("w{w} r{round} {i}"), "nodes": [], "edges": [] } })
                    })
                    .collect();
                let (s, body) = desk.push(batch).await;
                assert_eq!(s, StatusCode::OK, "{body}");
            }
            ids
        }));
    }
    let mut reader = SyncClient::new(&owner, &org);
    let mut seen = BTreeSet::new();
    let mut last_version = 0;
    let pull_page = |since: i64| {
        let api = owner.clone();
        let org = org.clone();
        async move { api.get(&format!("/api/v1/organizations/{org}/sync/pull?since={since}&limit=4")).await }
    };
    while !writers.iter().all(|w| w.is_finished()) {
        let (status, page) = pull_page(reader.cursor).await;
        assert_eq!(status, StatusCode::OK);
        for c in page["changes"].as_array().unwrap() {
            let v = c["version"].as_i64().unwrap();
            assert!(v > last_version, "versions only grow: {v} after {last_version}");
            last_version = v;
            seen.insert(c["rowId"].as_str().unwrap().to_string());
        }
        reader.cursor = page["cursor"].as_i64().unwrap();
    }
    let mut written = BTreeSet::new();
    for w in writers {
        written.extend(w.await.unwrap());
    }
    for c in reader.pull_all().await {
        seen.insert(c["rowId"].as_str().unwrap().to_string());
    }
    assert_eq!(written.len(), 150);
    assert_eq!(seen, written, "every committed row reached the reader");
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn a_waiting_pull_wakes_at_the_commit_and_other_orgs_see_nothing() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("wait@x.io").await;
    let org = owner.create_org("Waiting").await;
    set_plan(&db, &org, "ELITE").await;
    let stranger = server.client().sign_up("stranger@x.io").await;
    let other = stranger.create_org("Other").await;
    let waiting = {
        let api = owner.clone();
        let org = org.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let answer = api.get(&format!("/api/v1/organizations/{org}/sync/pull?since=0&wait=20")).await;
            (answer, started.elapsed())
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pushed_at = Instant::now();
    let (_, r) = SyncClient::new(&owner, &org)
        .push(vec![json!({ "entity": "setting", "rowId": "limits", "op": "create", "hlc": { "*": hlc(1) },
                            "fields": { "value": { "nodeOutputBytes": 2048 } } })])
        .await;
    assert_eq!(r["applied"], 1, "{r}");
    let ((status, page), waited) = waiting.await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["changes"][0]["rowId"], "limits");
    assert!(waited < Duration::from_secs(5), "woken by the commit, not the timeout: {waited:?}");
    assert!(pushed_at.elapsed() < Duration::from_secs(5));
    // Another organization's member: not found, for pull, push and session alike.
    for (status, body) in [
        stranger.get(&format!("/api/v1/organizations/{org}/sync/pull?since=0")).await,
        stranger.get(&format!("/api/v1/organizations/{org}/sync/session")).await,
        SyncClient::new(&stranger, &org).push(vec![]).await,
    ] {
        assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("NOT_FOUND")), "{body}");
    }
    let (status, page) = stranger.get(&format!("/api/v1/organizations/{other}/sync/pull?since=0")).await;
    assert_eq!((status, page["changes"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)));
    drop(server);
    db.drop_db().await;
}
