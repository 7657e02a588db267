//! Roles and plans through the real API: what each role may do, the plan gates and limits with
//! their `{code, message}` answers, invitations that expire and work once, the last owner, and the
//! audit log written with each change.

use crate::common;

use common::{Api, Server, TestDb, assert_error, set_plan};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// An organization with one member of each role.
async fn org_with_every_role(server: &Server) -> (String, Vec<(&'static str, Api)>) {
    let owner = server.client().sign_up("owner@x.io").await;
    let org = owner.create_org("Acme Realty").await;
    let mut people = vec![("OWNER", owner.clone())];
    for role in ["ADMIN", "MEMBER", "VIEWER"] {
        let email = format!("{}@x.io", role.to_lowercase());
        let (status, inv) = owner
            .post(&format!("/api/v1/organizations/{org}/invitations"), json!({ "email": email, "role": role }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{inv}");
        let person = server.client().sign_up(&email).await;
        let (status, joined) = person.post("/api/v1/invitations/accept", json!({ "token": inv["token"] })).await;
        assert_eq!(status, StatusCode::OK, "{joined}");
        assert_eq!(joined["role"], role);
        people.push((role, person));
    }
    (org, people)
}

#[tokio::test]
async fn each_role_can_do_what_the_matrix_says_and_nothing_more() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let (org, people) = org_with_every_role(&server).await;
    set_plan(&db, &org, "GROWTH").await;
    let o = format!("/api/v1/organizations/{org}");
    for (role, api) in &people {
        let can = |roles: &[&str]| roles.contains(role);
        let expect = |answer: (StatusCode, Value), allowed: bool, what: &str| {
            if allowed {
                assert!(answer.0.is_success(), "{role} {what}: {}", answer.1);
            } else {
                assert_error(&answer, StatusCode::FORBIDDEN, "FORBIDDEN");
            }
            answer.1
        };
        expect(api.get(&format!("{o}/workflows")).await, true, "view workflows");
        let created = expect(
            api.post(&format!("{o}/workflows"), json!({ "name": format!("{role} flow") })).await,
            can(&["OWNER", "ADMIN", "MEMBER"]),
            "create workflow",
        );
        let wf: String = if let Some(id) = created["id"].as_str() {
            id.into()
        } else {
            people[0].1.post(&format!("{o}/workflows"), json!({ "name": format!("for {role}") })).await.1["id"]
                .as_str()
                .unwrap()
                .into()
        };
        expect(
            api.put(&format!("{o}/workflows/{wf}"), json!({ "description": "edited" })).await,
            can(&["OWNER", "ADMIN", "MEMBER"]),
            "edit",
        );
        expect(
            api.post(&format!("{o}/workflows/{wf}/activate"), json!({})).await,
            can(&["OWNER", "ADMIN", "MEMBER"]),
            "activate",
        );
        expect(
            api.post(
                &format!("{o}/workflows/{wf}/executions"),
                json!({ "status": "COMPLETED", "triggerKind": "MANUAL" }),
            )
            .await,
            can(&["OWNER", "ADMIN", "MEMBER"]),
            "execute",
        );
        expect(api.delete(&format!("{o}/workflows/{wf}")).await, can(&["OWNER", "ADMIN"]), "delete workflow");
        expect(api.get(&format!("{o}/agents")).await, can(&["OWNER", "ADMIN", "MEMBER"]), "AI Hub");
        let agent = expect(
            api.post(&format!("{o}/agents"), json!({ "name": format!("{role} agent") })).await,
            can(&["OWNER", "ADMIN", "MEMBER"]),
            "manage agents",
        );
        if let Some(id) = agent["id"].as_str() {
            people[0].1.delete(&format!("{o}/agents/{id}")).await;
        }
        expect(
            api.post(&format!("{o}/teams"), json!({ "name": format!("{role} team"), "structure": "PIPELINE" })).await,
            can(&["OWNER", "ADMIN", "MEMBER"]),
            "manage teams",
        );
        expect(
            api.post(&format!("{o}/integrations"), json!({ "name": format!("{role} slack"), "provider": "SLACK" }))
                .await,
            can(&["OWNER", "ADMIN"]),
            "manage integrations",
        );
        expect(api.get(&format!("{o}/invitations")).await, can(&["OWNER", "ADMIN"]), "manage members");
        expect(api.get(&format!("{o}/audit-log")).await, can(&["OWNER", "ADMIN"]), "audit log");
        expect(api.put(&format!("{o}/plan"), json!({ "plan": "GROWTH" })).await, can(&["OWNER"]), "manage plan");
        expect(api.get(&format!("{o}/plan")).await, true, "view plan");
    }
    // The roles endpoint tells the same story as the permissions module.
    let (_, roles) = people[0].1.get("/api/v1/roles").await;
    let viewer = roles.as_array().unwrap().iter().find(|r| r["role"] == "VIEWER").unwrap();
    assert_eq!(viewer["permissions"], json!(["VIEW_WORKFLOWS"]));
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn plans_gate_the_ai_hub_and_cap_workflows_agents_and_executions() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("boss@x.io").await;
    let org = owner.create_org("Small Shop").await;
    let o = format!("/api/v1/organizations/{org}");
    for plan in ["FREE", "STARTER"] {
        set_plan(&db, &org, plan).await;
        let refused = owner.post(&format!("{o}/agents"), json!({ "name": "Ada" })).await;
        assert_error(&refused, StatusCode::FORBIDDEN, "FEATURE_NOT_IN_PLAN");
        assert!(refused.1["message"].as_str().unwrap().contains("GROWTH"), "{}", refused.1);
        assert_error(&owner.get(&format!("{o}/teams")).await, StatusCode::FORBIDDEN, "FEATURE_NOT_IN_PLAN");
    }
    set_plan(&db, &org, "GROWTH").await;
    for i in 0..5 {
        assert_eq!(
            owner.post(&format!("{o}/agents"), json!({ "name": format!("agent {i}") })).await.0,
            StatusCode::CREATED
        );
    }
    let sixth = owner.post(&format!("{o}/agents"), json!({ "name": "agent 6" })).await;
    assert_error(&sixth, StatusCode::FORBIDDEN, "PLAN_LIMIT");
    assert!(sixth.1["message"].as_str().unwrap().contains("5 agents"), "{}", sixth.1);
    let mut last = String::new();
    for i in 0..10 {
        let (status, wf) = owner.post(&format!("{o}/workflows"), json!({ "name": format!("flow {i}") })).await;
        assert_eq!(status, StatusCode::CREATED);
        last = wf["id"].as_str().unwrap().to_string();
    }
    assert_error(
        &owner.post(&format!("{o}/workflows"), json!({ "name": "eleventh" })).await,
        StatusCode::FORBIDDEN,
        "PLAN_LIMIT",
    );
    // Executions: 1,000 a month. Bring usage to 999 as the owner role, then one more fits.
    sqlx::query("INSERT INTO usage_monthly (organization_id, month, executions) VALUES ($1::uuid, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 999)")
        .bind(&org).execute(&db.owner).await.unwrap();
    let run = json!({ "status": "COMPLETED", "triggerKind": "MANUAL", "tokensUsed": 42, "cost": 1250 });
    let (status, exec) = owner.post(&format!("{o}/workflows/{last}/executions"), run.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{exec}");
    assert_eq!(exec["cost"], 1250);
    assert_error(
        &owner.post(&format!("{o}/workflows/{last}/executions"), run.clone()).await,
        StatusCode::FORBIDDEN,
        "PLAN_LIMIT",
    );
    let (_, plan) = owner.get(&format!("{o}/plan")).await;
    assert_eq!(plan["plan"], "GROWTH");
    assert_eq!(plan["usage"]["executions"], 1000);
    assert_eq!(plan["usage"]["workflows"], 10);
    assert_eq!(plan["usage"]["agents"], 5);
    assert_eq!(plan["limits"], json!({ "workflows": 10, "agents": 5, "executionsPerMonth": 1000, "aiHub": true }));
    // ELITE: no limits.
    let (status, _) = owner.put(&format!("{o}/plan"), json!({ "plan": "ELITE" })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(owner.post(&format!("{o}/workflows"), json!({ "name": "eleventh" })).await.0, StatusCode::CREATED);
    assert_eq!(owner.post(&format!("{o}/workflows/{last}/executions"), run).await.0, StatusCode::CREATED);
    assert_eq!(owner.post(&format!("{o}/agents"), json!({ "name": "agent 6" })).await.0, StatusCode::CREATED);
    assert_error(
        &owner.put(&format!("{o}/plan"), json!({ "plan": "PLATINUM" })).await,
        StatusCode::BAD_REQUEST,
        "BAD_REQUEST",
    );
    // The plan change is in the audit log, with who and what.
    let (_, log) = owner.get(&format!("{o}/audit-log")).await;
    let change = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "plan.changed" && e["actorUserId"] == json!(owner.user_id))
        .unwrap();
    assert_eq!(change["details"], json!({ "from": "GROWTH", "to": "ELITE" }));
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn invitations_expire_work_once_and_only_for_their_email() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let owner = server.client().sign_up("own@x.io").await;
    let org = owner.create_org("Invites").await;
    let o = format!("/api/v1/organizations/{org}");
    let invitations = format!("{o}/invitations");
    let invite = |email: &str, role: &str| owner.post(&invitations, json!({ "email": email, "role": role }));
    let (_, inv) = invite("new@x.io", "MEMBER").await;
    let token = inv["token"].as_str().unwrap().to_string();
    let stranger = server.client().sign_up("stranger@x.io").await;
    assert_error(
        &stranger.post("/api/v1/invitations/accept", json!({ "token": token })).await,
        StatusCode::BAD_REQUEST,
        "INVITATION_INVALID",
    );
    let newbie = server.client().sign_up("new@x.io").await;
    assert_eq!(newbie.post("/api/v1/invitations/accept", json!({ "token": token })).await.0, StatusCode::OK);
    let again = newbie.post("/api/v1/invitations/accept", json!({ "token": token })).await;
    assert_error(&again, StatusCode::BAD_REQUEST, "INVITATION_INVALID");
    assert!(again.1["message"].as_str().unwrap().contains("already been used"));
    // Expired.
    let (_, late) = invite("late@x.io", "VIEWER").await;
    sqlx::query("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1::uuid")
        .bind(late["invitation"]["id"].as_str().unwrap())
        .execute(&db.owner)
        .await
        .unwrap();
    let latecomer = server.client().sign_up("late@x.io").await;
    let expired = latecomer.post("/api/v1/invitations/accept", json!({ "token": late["token"] })).await;
    assert_error(&expired, StatusCode::BAD_REQUEST, "INVITATION_INVALID");
    assert!(expired.1["message"].as_str().unwrap().contains("expired"));
    // Revoked.
    let (_, revoked) = invite("late@x.io", "VIEWER").await;
    let rid = revoked["invitation"]["id"].as_str().unwrap();
    assert_eq!(owner.delete(&format!("{o}/invitations/{rid}")).await.0, StatusCode::NO_CONTENT);
    assert_error(
        &latecomer.post("/api/v1/invitations/accept", json!({ "token": revoked["token"] })).await,
        StatusCode::BAD_REQUEST,
        "INVITATION_INVALID",
    );
    assert_error(&latecomer.get(&format!("{o}/workflows")).await, StatusCode::NOT_FOUND, "NOT_FOUND");
    // Nobody is invited as OWNER; a MEMBER invites nobody.
    assert_error(&invite("x@x.io", "OWNER").await, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_error(
        &newbie.post(&format!("{o}/invitations"), json!({ "email": "y@x.io", "role": "VIEWER" })).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    );
    // The tokens are stored hashed.
    let plain: i64 = sqlx::query_scalar("SELECT count(*) FROM invitations WHERE token_hash = $1")
        .bind(&token)
        .fetch_one(&db.owner)
        .await
        .unwrap();
    assert_eq!(plain, 0);
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn role_changes_removals_and_the_last_owner_are_audited() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let (org, people) = org_with_every_role(&server).await;
    let o = format!("/api/v1/organizations/{org}");
    let owner = &people[0].1;
    let admin = &people[1].1;
    let (_, members) = owner.get(&format!("{o}/members")).await;
    let id_of = |email: &str| {
        members.as_array().unwrap().iter().find(|m| m["email"] == email).unwrap()["id"].as_str().unwrap().to_string()
    };
    let (owner_id, member_id, viewer_id) = (id_of("owner@x.io"), id_of("member@x.io"), id_of("viewer@x.io"));
    // The last owner cannot step down or leave.
    assert_error(
        &owner.patch(&format!("{o}/members/{owner_id}"), json!({ "role": "ADMIN" })).await,
        StatusCode::CONFLICT,
        "LAST_OWNER",
    );
    assert_error(&owner.delete(&format!("{o}/members/{owner_id}")).await, StatusCode::CONFLICT, "LAST_OWNER");
    // An admin manages members but never touches an owner or makes one.
    assert_error(
        &admin.patch(&format!("{o}/members/{owner_id}"), json!({ "role": "VIEWER" })).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    );
    assert_error(
        &admin.patch(&format!("{o}/members/{member_id}"), json!({ "role": "OWNER" })).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    );
    let (status, changed) = admin.patch(&format!("{o}/members/{member_id}"), json!({ "role": "VIEWER" })).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["role"], "VIEWER");
    // The demoted member lost the right at once.
    assert_error(
        &people[2].1.post(&format!("{o}/workflows"), json!({ "name": "no" })).await,
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
    );
    assert_eq!(admin.delete(&format!("{o}/members/{viewer_id}")).await.0, StatusCode::NO_CONTENT);
    assert_error(&people[3].1.get(&format!("{o}/workflows")).await, StatusCode::NOT_FOUND, "NOT_FOUND");
    // Anyone may leave.
    let left = people[2].1.delete(&format!("{o}/members/{member_id}")).await;
    assert_eq!(left.0, StatusCode::NO_CONTENT, "{}", left.1);
    // Two owners: now one may step down.
    let admin_id = id_of("admin@x.io");
    assert_eq!(owner.patch(&format!("{o}/members/{admin_id}"), json!({ "role": "OWNER" })).await.0, StatusCode::OK);
    assert_eq!(owner.patch(&format!("{o}/members/{owner_id}"), json!({ "role": "ADMIN" })).await.0, StatusCode::OK);
    let (status, log) = admin.get(&format!("{o}/audit-log")).await;
    assert_eq!(status, StatusCode::OK);
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for want in ["organization.created", "invitation.created", "member.joined", "member.role_changed", "member.removed"]
    {
        assert!(actions.contains(&want), "{want} missing from {actions:?}");
    }
    let demotion = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "member.role_changed" && e["details"]["to"] == "VIEWER")
        .unwrap();
    assert_eq!(demotion["actorUserId"], json!(admin.user_id));
    assert_eq!(demotion["details"]["from"], "MEMBER");
    // The service cannot rewrite history.
    let app = db.app_pool().await;
    let mut tx = neuroflow_server::db::begin(
        &app,
        admin.user_id.as_deref().map(|u| u.parse().unwrap()),
        Some(org.parse().unwrap()),
    )
    .await
    .unwrap();
    let err = sqlx::query("DELETE FROM audit_log").execute(&mut *tx).await.unwrap_err();
    assert_eq!(err.as_database_error().and_then(|e| e.code()).as_deref(), Some("42501"));
    drop(tx);
    app.close().await;
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn only_an_owner_deletes_the_organization_and_the_record_outlives_it() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let (org, people) = org_with_every_role(&server).await;
    let o = format!("/api/v1/organizations/{org}");
    for (role, api) in &people[1..] {
        assert_error(&api.delete(&o).await, StatusCode::FORBIDDEN, "FORBIDDEN");
        assert_eq!(api.get(&o).await.0, StatusCode::OK, "{role} still sees it");
    }
    assert_eq!(people[0].1.delete(&o).await.0, StatusCode::NO_CONTENT);
    for (_, api) in &people {
        assert_error(&api.get(&o).await, StatusCode::NOT_FOUND, "NOT_FOUND");
    }
    let (actor, action): (Option<uuid::Uuid>, String) = sqlx::query_as(
        "SELECT actor_user_id, action FROM audit_log WHERE organization_id = $1::uuid ORDER BY created_at DESC LIMIT 1",
    )
    .bind(&org)
    .fetch_one(&db.owner)
    .await
    .unwrap();
    assert_eq!(action, "organization.deleted");
    assert_eq!(actor.map(|a| a.to_string()), people[0].1.user_id);
    drop(server);
    db.drop_db().await;
}
