//! The OpenAPI document is generated from the routes themselves; this checks that it lists every
//! route the service has (and nothing it lacks), and that each listed operation is really served.

use crate::common;

use common::{Server, TestDb};
use reqwest::StatusCode;

/// Every route of API v1, written out: adding or removing one must show up here.
const ROUTES: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/sign-up"),
    ("post", "/api/v1/auth/sign-in"),
    ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/sign-out"),
    ("post", "/api/v1/auth/sign-out-everywhere"),
    ("get", "/api/v1/auth/desktop/authorize"),
    ("post", "/api/v1/auth/desktop/authorize"),
    ("post", "/api/v1/auth/desktop/token"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/roles"),
    ("get", "/api/v1/organizations"),
    ("post", "/api/v1/organizations"),
    ("get", "/api/v1/organizations/{org_id}"),
    ("delete", "/api/v1/organizations/{org_id}"),
    ("get", "/api/v1/organizations/{org_id}/members"),
    ("patch", "/api/v1/organizations/{org_id}/members/{member_id}"),
    ("delete", "/api/v1/organizations/{org_id}/members/{member_id}"),
    ("get", "/api/v1/organizations/{org_id}/invitations"),
    ("post", "/api/v1/organizations/{org_id}/invitations"),
    ("delete", "/api/v1/organizations/{org_id}/invitations/{invitation_id}"),
    ("post", "/api/v1/invitations/accept"),
    ("get", "/api/v1/organizations/{org_id}/plan"),
    ("put", "/api/v1/organizations/{org_id}/plan"),
    ("get", "/api/v1/organizations/{org_id}/audit-log"),
    ("get", "/api/v1/organizations/{org_id}/workflows"),
    ("post", "/api/v1/organizations/{org_id}/workflows"),
    ("get", "/api/v1/organizations/{org_id}/workflows/{workflow_id}"),
    ("put", "/api/v1/organizations/{org_id}/workflows/{workflow_id}"),
    ("delete", "/api/v1/organizations/{org_id}/workflows/{workflow_id}"),
    ("post", "/api/v1/organizations/{org_id}/workflows/{workflow_id}/activate"),
    ("post", "/api/v1/organizations/{org_id}/workflows/{workflow_id}/deactivate"),
    ("post", "/api/v1/organizations/{org_id}/workflows/{workflow_id}/executions"),
    ("get", "/api/v1/organizations/{org_id}/agents"),
    ("post", "/api/v1/organizations/{org_id}/agents"),
    ("delete", "/api/v1/organizations/{org_id}/agents/{agent_id}"),
    ("get", "/api/v1/organizations/{org_id}/teams"),
    ("post", "/api/v1/organizations/{org_id}/teams"),
    ("get", "/api/v1/organizations/{org_id}/integrations"),
    ("post", "/api/v1/organizations/{org_id}/integrations"),
    ("delete", "/api/v1/organizations/{org_id}/integrations/{integration_id}"),
    ("get", "/api/v1/organizations/{org_id}/templates"),
    ("post", "/api/v1/organizations/{org_id}/templates"),
    ("post", "/api/v1/organizations/{org_id}/sync/push"),
    ("get", "/api/v1/organizations/{org_id}/sync/pull"),
    ("get", "/api/v1/organizations/{org_id}/sync/session"),
];

#[tokio::test]
async fn the_document_lists_every_route_and_every_listed_route_is_served() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let api = server.client();
    let (status, doc) = api.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{}", doc["openapi"]);
    let mut listed: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                listed.push((method.clone(), path.clone()));
                assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has no responses");
            }
        }
    }
    listed.sort();
    let mut expected: Vec<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    expected.sort();
    assert_eq!(listed, expected);
    // Errors are described once, as {code, message}.
    let error = &doc["components"]["schemas"]["ErrorBody"];
    assert_eq!(error["required"], serde_json::json!(["code", "message"]));
    // Each documented operation exists: the router answers something other than "no such route".
    let id = uuid::Uuid::now_v7().to_string();
    for (method, path) in &listed {
        let concrete =
            path.split('/').map(|s| if s.starts_with('{') { id.as_str() } else { s }).collect::<Vec<_>>().join("/");
        let (status, body) = api.call(&method.to_uppercase(), &concrete, Some(serde_json::json!({}))).await;
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_ne!(body["code"], "NO_ROUTE", "{method} {path}");
        // Every answer, success aside, is {code, message}.
        if !status.is_success() {
            assert!(body["code"].is_string() && body["message"].is_string(), "{method} {path}: {status} {body}");
        }
    }
    assert_eq!(api.get("/api/v1/unknown").await.1["code"], "NO_ROUTE");
    let wrong_method = api.call("PATCH", "/api/v1/me", None).await;
    common::assert_error(&wrong_method, StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
    drop(server);
    db.drop_db().await;
}
