//! The part that must never fail: a member of organization A reads and writes nothing of
//! organization B — through every endpoint, and through raw SQL as the service's role — and a
//! transaction that says nothing about who is asking sees nothing at all.

use crate::common;

use common::{Api, Server, TestDb, assert_error};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::{PgPool, Row};
use uuid::Uuid;

/// Every table that carries organization_id (found in the catalog, so a new one is covered too),
/// plus organizations itself.
async fn tenant_tables(owner: &PgPool) -> Vec<String> {
    let mut tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.table_name::text FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' AND t.table_type = 'BASE TABLE'
         ORDER BY 1",
    )
    .fetch_all(owner)
    .await
    .unwrap();
    tables.push("organizations".into());
    tables
}

fn org_column(table: &str) -> &'static str {
    if table == "organizations" { "id" } else { "organization_id" }
}

/// A fingerprint of everything organization `org` has, read as the owner.
async fn fingerprint(owner: &PgPool, tables: &[String], org: Uuid) -> Vec<(String, i64, String)> {
    let mut out = Vec::new();
    for t in tables {
        let row = sqlx::query(&format!(
            "SELECT count(*), coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') FROM {t} x WHERE {} = $1",
            org_column(t)
        ))
        .bind(org)
        .fetch_one(owner)
        .await
        .unwrap();
        out.push((t.clone(), row.get::<i64, _>(0), row.get::<String, _>(1)));
    }
    out
}

/// One row of organization `org` in every tenant table (as the owner), so there is something to leak.
async fn seed_every_table(owner: &PgPool, org: Uuid, user: Uuid) -> Vec<(String, Uuid)> {
    let ids: Vec<Uuid> = (0..9).map(|_| Uuid::now_v7()).collect();
    let statements = [
        ("ai_agents", "INSERT INTO ai_agents (id, organization_id, name) VALUES ($1, $2, 'B agent')"),
        (
            "agent_teams",
            "INSERT INTO agent_teams (id, organization_id, name, structure) VALUES ($1, $2, 'B team', 'PIPELINE')",
        ),
        (
            "workflow_templates",
            "INSERT INTO workflow_templates (id, organization_id, name, category, difficulty, document) VALUES ($1, $2, 'B private template', 'SALES', 'BEGINNER', '{}')",
        ),
        (
            "automation_workflows",
            "INSERT INTO automation_workflows (id, organization_id, name) VALUES ($1, $2, 'B workflow')",
        ),
        (
            "integrations",
            "INSERT INTO integrations (id, organization_id, name, provider) VALUES ($1, $2, 'B slack', 'SLACK')",
        ),
        (
            "invitations",
            "INSERT INTO invitations (id, organization_id, email, role, token_hash, expires_at) VALUES ($1, $2, 'x@b.io', 'MEMBER', md5($1::text), now() + interval '1 day')",
        ),
    ];
    let mut out = Vec::new();
    for (i, (table, sql)) in statements.iter().enumerate() {
        sqlx::query(sql).bind(ids[i]).bind(org).execute(owner).await.unwrap();
        out.push((table.to_string(), ids[i]));
    }
    let (agent, team, workflow) = (ids[0], ids[1], ids[3]);
    sqlx::query(
        "INSERT INTO team_members (id, organization_id, team_id, agent_id, role) VALUES ($1, $2, $3, $4, 'WORKER')",
    )
    .bind(ids[6])
    .bind(org)
    .bind(team)
    .bind(agent)
    .execute(owner)
    .await
    .unwrap();
    sqlx::query("INSERT INTO workflow_executions (id, organization_id, workflow_id, workflow_version, status, trigger_kind, started_at) VALUES ($1, $2, $3, 1, 'RUNNING', 'MANUAL', now())")
        .bind(ids[7]).bind(org).bind(workflow).execute(owner).await.unwrap();
    sqlx::query("INSERT INTO team_executions (id, organization_id, team_id, pattern, task, status, started_at) VALUES ($1, $2, $3, 'PIPELINE', 't', 'RUNNING', now())")
        .bind(ids[8]).bind(org).bind(team).execute(owner).await.unwrap();
    sqlx::query("INSERT INTO agent_executions (id, organization_id, agent_id, task, status, started_at, model, provider) VALUES ($1, $2, $3, 't', 'RUNNING', now(), 'm', 'p')")
        .bind(Uuid::now_v7()).bind(org).bind(agent).execute(owner).await.unwrap();
    sqlx::query("INSERT INTO audit_log (id, organization_id, actor_user_id, action, target_type) VALUES ($1, $2, $3, 'seeded', 'test')")
        .bind(Uuid::now_v7()).bind(org).bind(user).execute(owner).await.unwrap();
    // Sync: a shared setting, a conflict copy, a desktop's saved version, a tombstone, a client and
    // its refusal (the workflow's first version is kept by trigger).
    let client = Uuid::now_v7();
    for sql in [
        "INSERT INTO org_settings (organization_id, key, value) VALUES ($1, 'limits', '{}')",
        "INSERT INTO sync_conflicts (id, organization_id, workflow_id, merged_version, document) VALUES ($3, $1, $2, 1, '{}')",
        "INSERT INTO saved_versions (id, organization_id, workflow_id, document) VALUES ($3, $1, $2, '{}')",
        "INSERT INTO sync_tombstones (organization_id, entity, row_id, sync_version) VALUES ($1, 'agent', $3::text, 1)",
        "INSERT INTO sync_clients (organization_id, client_id) VALUES ($1, $4)",
        "INSERT INTO sync_rejections (organization_id, client_id, mutation_id, entity, row_id, code, message) VALUES ($1, $4, 1, 'agent', 'x', 'FORBIDDEN', 'no')",
    ] {
        sqlx::query(sql).bind(org).bind(workflow).bind(Uuid::now_v7()).bind(client).execute(owner).await.unwrap();
    }
    out
}

#[tokio::test]
async fn every_tenant_table_has_forced_rls_with_read_and_write_policies() {
    let db = TestDb::new().await;
    let tables = tenant_tables(&db.owner).await;
    assert!(tables.len() >= 14, "{tables:?}");
    for t in &tables {
        let (enabled, forced): (bool, bool) =
            sqlx::query_as("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass")
                .bind(t)
                .fetch_one(&db.owner)
                .await
                .unwrap();
        assert!(enabled && forced, "{t}: RLS enabled={enabled} forced={forced}");
        let commands: Vec<String> =
            sqlx::query_scalar("SELECT cmd::text FROM pg_policies WHERE schemaname = 'public' AND tablename = $1")
                .bind(t)
                .fetch_all(&db.owner)
                .await
                .unwrap();
        let covers = |c: &str| commands.iter().any(|x| x == c || x == "ALL");
        assert!(covers("SELECT") && covers("INSERT"), "{t}: policies {commands:?}");
        if t != "audit_log" {
            assert!(covers("UPDATE") && covers("DELETE"), "{t}: policies {commands:?}");
        }
    }
    // The service's role owns nothing and bypasses nothing.
    let (superuser, bypass): (bool, bool) =
        sqlx::query_as("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'neuroflow_app'")
            .fetch_one(&db.owner)
            .await
            .unwrap();
    assert!(!superuser && !bypass);
    let owned: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_class WHERE relowner = 'neuroflow_app'::regrole")
        .fetch_one(&db.owner)
        .await
        .unwrap();
    assert_eq!(owned, 0);
    db.drop_db().await;
}

#[tokio::test]
async fn raw_sql_as_the_service_role_sees_and_changes_nothing_of_another_org() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let a = server.client().sign_up("a@a.io").await;
    let b = server.client().sign_up("b@b.io").await;
    let (org_a, org_b) = (a.create_org("A").await, b.create_org("B").await);
    let (org_a, org_b) = (Uuid::parse_str(&org_a).unwrap(), Uuid::parse_str(&org_b).unwrap());
    let user_a = Uuid::parse_str(a.user_id.as_deref().unwrap()).unwrap();
    let user_b = Uuid::parse_str(b.user_id.as_deref().unwrap()).unwrap();
    seed_every_table(&db.owner, org_b, user_b).await;
    seed_every_table(&db.owner, org_a, user_a).await;
    let tables = tenant_tables(&db.owner).await;
    let before = fingerprint(&db.owner, &tables, org_b).await;
    assert!(before.iter().all(|(_, n, _)| *n > 0), "B has a row in every table: {before:?}");

    let app = db.app_pool().await;
    // A, working in A, in B (where A is no member), and with no organization at all.
    for org_setting in [Some(org_a), Some(org_b), None] {
        for t in &tables {
            let col = org_column(t);
            let mut tx = neuroflow_server::db::begin(&app, Some(user_a), org_setting).await.unwrap();
            let seen: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t} WHERE {col} = $1"))
                .bind(org_b)
                .fetch_one(&mut *tx)
                .await
                .unwrap();
            assert_eq!(seen, 0, "{t}: A reads B's rows (org setting {org_setting:?})");
            let all: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t} WHERE {col} <> $1"))
                .bind(org_a)
                .fetch_one(&mut *tx)
                .await
                .unwrap();
            assert_eq!(all, 0, "{t}: A reads rows of an organization other than A");
            if t != "audit_log" {
                let touched = sqlx::query(&format!("UPDATE {t} SET {col} = {col} WHERE {col} = $1"))
                    .bind(org_b)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                assert_eq!(touched.rows_affected(), 0, "{t}: A updates B's rows");
                let removed = sqlx::query(&format!("DELETE FROM {t} WHERE {col} = $1"))
                    .bind(org_b)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                assert_eq!(removed.rows_affected(), 0, "{t}: A deletes B's rows");
            }
            tx.commit().await.unwrap();
        }
        // Writing a row into B is refused by the policy.
        let mut tx = neuroflow_server::db::begin(&app, Some(user_a), org_setting).await.unwrap();
        let err =
            sqlx::query("INSERT INTO automation_workflows (id, organization_id, name) VALUES ($1, $2, 'planted')")
                .bind(Uuid::now_v7())
                .bind(org_b)
                .execute(&mut *tx)
                .await
                .unwrap_err();
        assert_eq!(err.as_database_error().and_then(|e| e.code()).as_deref(), Some("42501"), "{err}");
        tx.rollback().await.unwrap();
        let mut tx = neuroflow_server::db::begin(&app, Some(user_a), org_setting).await.unwrap();
        let err = sqlx::query(
            "INSERT INTO organization_members (id, organization_id, user_id, role) VALUES ($1, $2, $3, 'OWNER')",
        )
        .bind(Uuid::now_v7())
        .bind(org_b)
        .bind(user_a)
        .execute(&mut *tx)
        .await
        .unwrap_err();
        assert_eq!(err.as_database_error().and_then(|e| e.code()).as_deref(), Some("42501"), "{err}");
        tx.rollback().await.unwrap();
    }
    // A row of A cannot be moved into B either.
    let mut tx = neuroflow_server::db::begin(&app, Some(user_a), Some(org_a)).await.unwrap();
    let err = sqlx::query("UPDATE automation_workflows SET organization_id = $1")
        .bind(org_b)
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert_eq!(err.as_database_error().and_then(|e| e.code()).as_deref(), Some("42501"), "{err}");
    tx.rollback().await.unwrap();

    // No user and no organization: nothing at all, in any table, account tables aside.
    let mut tx = app.begin().await.unwrap();
    for t in &tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t}")).fetch_one(&mut *tx).await.unwrap();
        assert_eq!(n, 0, "{t}: a transaction with no settings sees {n} rows");
    }
    tx.rollback().await.unwrap();
    // Nor with the settings present but empty (a pooled connection after another request).
    let mut tx = neuroflow_server::db::begin(&app, None, None).await.unwrap();
    for t in &tables {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {t}")).fetch_one(&mut *tx).await.unwrap();
        assert_eq!(n, 0, "{t}: empty settings see {n} rows");
    }
    tx.rollback().await.unwrap();

    assert_eq!(fingerprint(&db.owner, &tables, org_b).await, before, "B is unchanged");
    app.close().await;
    drop(server);
    db.drop_db().await;
}

#[tokio::test]
async fn every_endpoint_refuses_another_orgs_data_and_the_service_never_runs_as_owner() {
    let db = TestDb::new().await;
    let server = Server::start(&db).await;
    let a = server.client().sign_up("a@a.io").await;
    let b = server.client().sign_up("b@b.io").await;
    let (org_a, org_b) = (a.create_org("A").await, b.create_org("B").await);
    common::set_plan(&db, &org_a, "ENTERPRISE").await;
    common::set_plan(&db, &org_b, "ENTERPRISE").await;
    let user_b = Uuid::parse_str(b.user_id.as_deref().unwrap()).unwrap();
    let seeded = seed_every_table(&db.owner, Uuid::parse_str(&org_b).unwrap(), user_b).await;
    let id_of = |t: &str| seeded.iter().find(|(x, _)| x == t).unwrap().1.to_string();
    let (wf, agent, integration, invitation) =
        (id_of("automation_workflows"), id_of("ai_agents"), id_of("integrations"), id_of("invitations"));
    let (_, members) = b.get(&format!("/api/v1/organizations/{org_b}/members")).await;
    let member_b = members[0]["id"].as_str().unwrap().to_string();
    let tables = tenant_tables(&db.owner).await;
    let before = fingerprint(&db.owner, &tables, Uuid::parse_str(&org_b).unwrap()).await;

    let body = json!({ "name": "planted", "role": "ADMIN", "plan": "FREE", "email": "a@a.io", "status": "COMPLETED",
        "triggerKind": "MANUAL", "provider": "SLACK", "structure": "PIPELINE", "category": "SALES", "difficulty": "BEGINNER", "document": {} });
    // Every organization route, aimed at B (and B's rows through A's own organization).
    let mut calls: Vec<(&str, String)> = Vec::new();
    for org in [&org_b, &org_a] {
        let o = format!("/api/v1/organizations/{org}");
        calls.extend([
            ("GET", format!("{o}/workflows/{wf}")),
            ("PUT", format!("{o}/workflows/{wf}")),
            ("DELETE", format!("{o}/workflows/{wf}")),
            ("POST", format!("{o}/workflows/{wf}/activate")),
            ("POST", format!("{o}/workflows/{wf}/deactivate")),
            ("POST", format!("{o}/workflows/{wf}/executions")),
            ("DELETE", format!("{o}/agents/{agent}")),
            ("DELETE", format!("{o}/integrations/{integration}")),
            ("PATCH", format!("{o}/members/{member_b}")),
            ("DELETE", format!("{o}/members/{member_b}")),
            ("DELETE", format!("{o}/invitations/{invitation}")),
        ]);
    }
    let o = format!("/api/v1/organizations/{org_b}");
    for path in [
        "",
        "/workflows",
        "/members",
        "/invitations",
        "/plan",
        "/audit-log",
        "/agents",
        "/teams",
        "/integrations",
        "/templates",
    ] {
        calls.push(("GET", format!("{o}{path}")));
    }
    for path in ["/workflows", "/invitations", "/agents", "/teams", "/integrations", "/templates"] {
        calls.push(("POST", format!("{o}{path}")));
    }
    calls.extend([("PUT", format!("{o}/plan")), ("DELETE", o.clone())]);
    for (method, path) in &calls {
        let answer = a.call(method, path, Some(body.clone())).await;
        assert_eq!(answer.0, StatusCode::NOT_FOUND, "{method} {path}: {}", answer.1);
        assert_eq!(answer.1["code"], "NOT_FOUND", "{method} {path}: {}", answer.1);
    }
    // A's own lists hold nothing of B; my organizations are mine only.
    for path in ["/workflows", "/members", "/agents", "/teams", "/integrations", "/templates", "/audit-log"] {
        let (status, list) = a.get(&format!("/api/v1/organizations/{org_a}{path}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!list.to_string().contains(&org_b), "{path} shows B: {list}");
        assert!(!list.to_string().contains("B "), "{path} shows B's rows: {list}");
    }
    let (_, mine) = a.get("/api/v1/organizations").await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    // No token: nothing.
    assert_error(
        &Api::new(&server.base).get(&format!("{o}/workflows")).await,
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
    );

    assert_eq!(fingerprint(&db.owner, &tables, Uuid::parse_str(&org_b).unwrap()).await, before, "B is unchanged");
    // Every connection the running service holds is neuroflow_app, never the owner.
    let users: Vec<String> = sqlx::query_scalar("SELECT DISTINCT usename::text FROM pg_stat_activity WHERE datname = $1 AND application_name = 'neuroflow-server'")
        .bind(&db.name).fetch_all(&db.owner).await.unwrap();
    assert_eq!(users, vec!["neuroflow_app".to_string()]);
    drop(server);
    db.drop_db().await;
}
