//! This copy's side of sync, on real files: the plan names of the workspace, capture by trigger
//! (only while connected, only what changed, never what is being applied), a push folded per row
//! and numbered before it is sent (and sent again the same), and pulled pages applied with their
//! cursor, keeping newer local edits, and waiting for what a row refers to.

use crate::common;

use neuroflow_store::table::sync::{self, Connect};
use neuroflow_store::table::sync_apply::{self, apply_page};
use neuroflow_store::table::sync_entities::SYNCED;
use neuroflow_store::table::{agents, sync_conflicts, sync_entities, workflows};
use neuroflow_types::wire::{Change, Op, PushResponse, Rejected};
use neuroflow_types::*;
use rusqlite::Connection;
use serde_json::{Value, json};

pub(crate) fn connect(org: &common::Org, upload: bool) -> usize {
    let id = org.id;
    org.store
        .write_blocking(move |c| {
            sync::connect(
                c,
                id,
                &Connect {
                    client_id: "client-1".into(),
                    workspace_url: "http://127.0.0.1:1".into(),
                    workspace_org_id: "01900000-0000-7000-8000-0000000000aa".into(),
                    account_id: "u1".into(),
                    account_email: "a@x.io".into(),
                },
                upload,
            )
        })
        .unwrap()
}

pub(crate) fn outbox(org: &common::Org) -> Vec<(String, String, String, String)> {
    org.store
        .read(|c| {
            let mut stmt = c.prepare("SELECT entity, row_id, op, fields FROM sync_outbox ORDER BY seq")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap()
}

fn exec(org: &common::Org, sql: &'static str) {
    org.store.write_blocking(move |c| Ok(c.execute_batch(sql)?)).unwrap();
}

#[test]
fn the_plans_are_the_workspaces_and_the_file_stays_sound() {
    let org = common::org("Plans");
    exec(&org, "UPDATE organizations SET plan = 'GROWTH'");
    let err = org.store.write_blocking(|c| Ok(c.execute("UPDATE organizations SET plan = 'PRO'", [])?)).unwrap_err();
    assert!(err.is_constraint(), "{err}");
    let ok: String = org.store.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)).unwrap();
    assert_eq!(ok, "ok");
    // A fresh connection reads the same rule.
    let conn = Connection::open(org.store.path()).unwrap();
    assert!(conn.execute("UPDATE organizations SET plan = 'TEAM'", []).is_err());
    assert_eq!(conn.execute("UPDATE organizations SET plan = 'ELITE'", []).unwrap(), 1);
}

#[test]
fn every_synced_table_has_its_capture_triggers() {
    let org = common::org("Triggers");
    let names: Vec<String> = org
        .store
        .read(|c| {
            let mut stmt = c.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'sync_%'")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    for e in SYNCED {
        let wanted: &[&str] = if e.push_only {
            &["insert", "update"]
        } else if e.name == "conflict" {
            &["update"]
        } else if e.name == "workflow_version" {
            // Versions never change: only their making is captured.
            &["insert"]
        } else {
            &["insert", "update", "delete"]
        };
        for w in wanted {
            assert!(names.contains(&format!("sync_{}_{w}", e.name)), "no sync_{}_{w} trigger", e.name);
        }
    }
    assert!(sync_entities::find("workflow").is_some() && sync_entities::find("users").is_none());
}

#[test]
fn changes_are_captured_only_while_connected_and_only_what_changed() {
    let org = common::org("Capture");
    let a = common::agent(&org, "Ada", "openai");
    assert!(outbox(&org).is_empty(), "a local organization records nothing");
    assert_eq!(connect(&org, true), 1, "connecting queues what exists");
    assert_eq!(outbox(&org), [("agent".into(), a.id.to_string(), "create".into(), "[\"*\"]".into())]);
    exec(&org, "DELETE FROM sync_outbox");
    // Run statistics are not the agent's fields: nothing to push.
    exec(&org, "UPDATE ai_agents SET status = 'BUSY', execution_count = 3, success_count = 1");
    assert!(outbox(&org).is_empty());
    exec(&org, "UPDATE ai_agents SET name = 'Ada 2', is_active = 0");
    assert_eq!(outbox(&org)[0].3, "[\"name\",null,null,null,null,null,null,null,\"is_active\"]");
    // Applying pulled changes captures nothing.
    exec(
        &org,
        "DELETE FROM sync_outbox; UPDATE sync_state SET applying = 1; UPDATE ai_agents SET name = 'x';
                UPDATE sync_state SET applying = 0",
    );
    assert!(outbox(&org).is_empty());
    // A soft-deleted workflow is a delete; brought back, a create.
    let wf = common::workflow(&org, common::document("Flow", 2));
    let id = wf.id;
    let o = org.id;
    org.store.write_blocking(move |c| workflows::soft_delete(c, o, id)).unwrap();
    org.store.write_blocking(move |c| workflows::undelete(c, o, id)).unwrap();
    let ops: Vec<String> = outbox(&org).into_iter().filter(|r| r.0 == "workflow").map(|r| r.2).collect();
    assert_eq!(ops, ["create", "delete", "create"]);
    // Its first version is captured once, as it is made.
    assert_eq!(outbox(&org).iter().filter(|r| r.0 == "workflow_version").count(), 1);
    // Only shared settings travel.
    exec(&org, "DELETE FROM sync_outbox");
    exec(&org, "INSERT INTO settings (organization_id, key, value, updated_at) SELECT id, 'providers', '{}', 'x' FROM organizations;
                INSERT INTO settings (organization_id, key, value, updated_at) SELECT id, 'limits', '{}', 'x' FROM organizations");
    assert_eq!(outbox(&org).iter().map(|r| r.1.as_str()).collect::<Vec<_>>(), ["limits"]);
    let clocks: Vec<String> = org
        .store
        .read(|c| {
            Ok(c.prepare("SELECT hlc FROM sync_outbox")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert!(clocks.iter().all(|h| h.len() > 22 && h.ends_with("-client-1")), "{clocks:?}");
}

#[test]
fn a_push_is_folded_numbered_and_sent_again_unchanged_until_answered() {
    let org = common::org("Push");
    connect(&org, false);
    let a = common::agent(&org, "Ada", "openai");
    exec(&org, "UPDATE ai_agents SET description = 'one'");
    exec(&org, "UPDATE ai_agents SET description = 'two', name = 'Ada B'");
    let first = org.store.write_blocking(sync::prepare_push).unwrap();
    assert_eq!(first.len(), 1, "three changes of one row are one mutation");
    let m = &first[0];
    assert_eq!((m.id, m.op, m.row_id.as_str()), (1, Op::Create, a.id.to_string().as_str()));
    assert_eq!(m.fields["description"], "two");
    assert_eq!(m.fields["is_active"], true);
    assert_eq!(m.fields["personality"]["tone"], "");
    // A change made while the push is out goes in the next one; the push in flight is resent as it was.
    exec(&org, "UPDATE ai_agents SET name = 'Ada C'");
    let again = org.store.write_blocking(sync::prepare_push).unwrap();
    assert_eq!(again.iter().map(|m| m.id).collect::<Vec<_>>(), [1]);
    let answer = PushResponse {
        last_mutation_id: 1,
        applied: 1,
        rejected: vec![Rejected {
            id: 1,
            entity: "agent".into(),
            row_id: "x".into(),
            code: "PLAN_LIMIT".into(),
            message: "the GROWTH plan allows 5 agents".into(),
        }],
        conflicts: vec![],
    };
    org.store.write_blocking(move |c| sync::ack_push(c, &answer)).unwrap();
    let next = org.store.write_blocking(sync::prepare_push).unwrap();
    assert_eq!((next[0].id, next[0].op), (2, Op::Update));
    assert_eq!(next[0].fields.keys().collect::<Vec<_>>(), ["name"]);
    let refused = org.store.read(|c| sync_conflicts::rejections(c, 10)).unwrap();
    assert_eq!(refused[0].code, "PLAN_LIMIT");
    assert_eq!(org.store.read(sync::pending).unwrap(), 1);
}

pub(crate) fn change(entity: &str, id: &str, version: i64, data: Value, hlc: &str) -> Change {
    let clocks: serde_json::Map<String, Value> =
        data.as_object().unwrap().keys().map(|k| (k.clone(), Value::String(hlc.into()))).collect();
    Change {
        entity: entity.into(),
        row_id: id.into(),
        version,
        deleted: false,
        data: Some(data),
        field_hlc: Some(Value::Object(clocks)),
    }
}

#[test]
fn pulled_pages_apply_with_their_cursor_keep_newer_local_edits_and_wait_for_parents() {
    let org = common::org("Pull");
    connect(&org, false);
    let (team, agent, member) =
        (TeamId::new().to_string(), AgentId::new().to_string(), "01900000-0000-7000-8000-000000000001");
    let page = vec![
        // The member arrives before its agent and team.
        change(
            "team_member",
            member,
            5,
            json!({ "team_id": team, "agent_id": agent, "role": "WORKER", "priority": 1, "joined_at": "2026-11-22T08:00:00+00:00" }),
            "000000000000001-00000-x",
        ),
        change(
            "agent",
            &agent,
            6,
            json!({ "name": "Remote Ada", "description": "", "personality": {}, "model_config": { "provider": "openai", "model": "m" }, "capabilities": [], "memory": {}, "budget": {}, "is_active": true, "created_at": "2026-11-22T08:00:00.123456+00:00", "updated_at": "2026-11-22T08:00:00+00:00" }),
            "000000000000001-00000-x",
        ),
    ];
    let o = org.id;
    let applied = org.store.write_blocking(move |c| apply_page(c, o, &page, 6)).unwrap();
    assert_eq!((applied.applied, applied.parked), (1, 1), "{applied:?}");
    let page = vec![change(
        "team",
        &team,
        7,
        json!({ "name": "Remote team", "description": "", "structure": "PIPELINE", "budget": {}, "is_active": true }),
        "000000000000001-00000-x",
    )];
    let applied = org.store.write_blocking(move |c| apply_page(c, o, &page, 7)).unwrap();
    assert_eq!((applied.applied, applied.parked), (2, 0), "the member lands once its team does: {applied:?}");
    assert_eq!(org.store.read(sync_apply::inbox_len).unwrap(), 0);
    assert!(outbox(&org).is_empty(), "applied changes are not pushed back");
    let state = org.store.read(sync::state).unwrap().unwrap();
    assert_eq!(state.cursor, 7);
    let ada = org.store.read(move |c| agents::get(c, o, agent.parse().unwrap())).unwrap();
    assert_eq!(ada.name, "Remote Ada");
    assert_eq!(format_timestamp(&ada.created_at), "2026-11-22T08:00:00.123Z");
    // A local edit newer than the workspace's is kept; an older one gives way.
    let id = ada.id.to_string();
    exec(&org, "UPDATE ai_agents SET name = 'Mine', description = 'mine too'");
    let id2 = id.clone();
    let page = vec![Change {
        field_hlc: Some(json!({ "name": "000000000000002-00000-x", "description": "999999999999999-00000-x" })),
        ..change("agent", &id2, 8, json!({ "name": "Older remote", "description": "Newer remote" }), "")
    }];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 8)).unwrap();
    let ada = org.store.read(move |c| agents::get(c, o, id.parse().unwrap())).unwrap();
    assert_eq!((ada.name.as_str(), ada.description.as_str()), ("Mine", "Newer remote"));
    // The local clock moved past what it saw.
    let ms: i64 = org.store.read(|c| Ok(c.query_row("SELECT hlc_ms FROM sync_state", [], |r| r.get(0))?)).unwrap();
    assert_eq!(ms, 999_999_999_999_999);
    // A pulled workflow becomes a local version, and a delete is soft.
    let wf = WorkflowId::new().to_string();
    let page = vec![change(
        "workflow",
        &wf,
        9,
        json!({ "name": "Remote flow", "description": "", "nodes": [{ "id": "t", "type": "trigger", "position": { "x": 0, "y": 0 }, "data": { "label": "T", "trigger": { "kind": "manual" } } }], "edges": [], "variables": {}, "tags": [], "is_active": false, "version": 4 }),
        "1000000000000000-00000-x",
    )];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 9)).unwrap();
    let got = org
        .store
        .read({
            let wf = wf.clone();
            move |c| workflows::get(c, o, wf.parse().unwrap())
        })
        .unwrap();
    assert_eq!((got.name.as_str(), got.version, got.nodes.len()), ("Remote flow", 1, 1));
    let base: i64 = org
        .store
        .read({
            let wf = wf.clone();
            move |c| Ok(c.query_row("SELECT base_version FROM sync_rows WHERE row_id = ?", [wf], |r| r.get(0))?)
        })
        .unwrap();
    assert_eq!(base, 4);
    let page = vec![Change {
        entity: "workflow".into(),
        row_id: wf.clone(),
        version: 10,
        deleted: true,
        data: None,
        field_hlc: None,
    }];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 10)).unwrap();
    assert!(org.store.read(move |c| workflows::get(c, o, wf.parse().unwrap())).is_err(), "deleted (softly)");
    let ok: String = org.store.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)).unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn a_resync_removes_what_the_workspace_no_longer_sends_and_keeps_unpushed_changes() {
    let org = common::org("Resync");
    connect(&org, false);
    let o = org.id;
    let (kept, gone, mine) = (AgentId::new().to_string(), AgentId::new().to_string(), AgentId::new().to_string());
    let remote = |id: &str, v: i64| {
        change(
            "agent",
            id,
            v,
            json!({ "name": format!("A{v}"), "model_config": { "model": "m" } }),
            "000000000000001-00000-x",
        )
    };
    let page = vec![remote(&kept, 1), remote(&gone, 2), remote(&mine, 3)];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 3)).unwrap();
    // Changed here and not pushed yet: kept whatever the workspace says.
    exec(&org, "DELETE FROM sync_outbox");
    let mine2 = mine.clone();
    org.store
        .write_blocking(move |c| Ok(c.execute("UPDATE ai_agents SET name = 'Mine' WHERE id = ?", [mine2])?))
        .unwrap();
    org.store.write_blocking(sync_apply::begin_resync).unwrap();
    let state = org.store.read(sync::state).unwrap().unwrap();
    assert_eq!((state.cursor, state.resyncing), (0, true));
    // The workspace sends only `kept` again (the others' tombstones were forgotten).
    let page = vec![remote(&kept, 9)];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 9)).unwrap();
    let removed = org.store.write_blocking(sync_apply::finish_resync).unwrap();
    assert_eq!(removed, 1);
    let names: Vec<String> = org
        .store
        .read(|c| {
            Ok(c.prepare("SELECT name FROM ai_agents ORDER BY name")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert_eq!(names, ["A9", "Mine"]);
    assert!(!org.store.read(sync::state).unwrap().unwrap().resyncing);
    assert!(outbox(&org).iter().all(|r| r.1 == mine), "removing captured nothing");
}

#[test]
fn a_pulled_row_equal_to_this_copy_changes_nothing() {
    let org = common::org("Echo");
    connect(&org, false);
    let o = org.id;
    let wf = WorkflowId::new().to_string();
    let data = json!({ "name": "Flow", "description": "", "nodes": [], "edges": [], "variables": {}, "tags": [], "is_active": false, "version": 2 });
    let page = vec![change("workflow", &wf, 4, data.clone(), "000000000000001-00000-x")];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 4)).unwrap();
    // The same document again (one's own push coming back): no new local version, the base moves.
    let mut again = data;
    again["version"] = json!(3);
    let page = vec![change("workflow", &wf, 5, again, "000000000000002-00000-x")];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 5)).unwrap();
    let (versions, base): (i64, i64) = org
        .store
        .read(move |c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM workflow_versions WHERE workflow_id = ?1),
                        (SELECT base_version FROM sync_rows WHERE row_id = ?1)",
                [wf],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!((versions, base), (1, 3));
}

/// Each sync round records the session; the same role and plan again add nothing to the change
/// feed (a change heard while a push waits starts the background round again).
#[test]
fn recording_the_same_session_again_adds_no_change() {
    let org = common::org("Session");
    connect(&org, false);
    let feed = |org: &common::Org| {
        org.store.read(|c| Ok(c.query_row("SELECT count(*) FROM changes", [], |r| r.get::<_, i64>(0))?)).unwrap()
    };
    let record = |org: &common::Org, plan: Plan| {
        org.store.write_blocking(move |c| sync::record_session(c, MemberRole::Owner, plan, 0, "2026-12")).unwrap()
    };
    record(&org, Plan::Growth);
    let before = feed(&org);
    record(&org, Plan::Growth);
    assert_eq!(feed(&org), before, "the same plan again is no change");
    record(&org, Plan::Enterprise);
    assert!(feed(&org) > before, "a new plan is a change");
}

/// Templates: the organization's own sync, the built-ins every app ships never do, and a workflow
/// deployed from a built-in names no template to the workspace (which has none to name).
#[test]
fn built_in_templates_stay_home_and_workflows_name_only_templates_that_sync() {
    let org = common::org("Templates");
    let id = org.id;
    let (builtin, private) = ("01900000-0000-7000-8000-0000000000b1", "01900000-0000-7000-8000-0000000000b2");
    let wf = common::workflow(&org, common::document("From a template", 2));
    connect(&org, false);
    org.store
        .write_blocking(move |c| {
            for (t, source) in [(builtin, "BUILTIN"), (private, "PRIVATE")] {
                c.execute(
                    "INSERT INTO workflow_templates (id, organization_id, name, category, difficulty, document,
                        created_at, updated_at, slug, source)
                     VALUES (?1, ?2, ?1, 'SALES', 'BEGINNER', '{}', '2026-12-03T08:00:00.000000Z',
                        '2026-12-03T08:00:00.000000Z', ?1, ?3)",
                    rusqlite::params![t, id.to_string(), source],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let queued = outbox(&org);
    assert_eq!(queued.iter().filter(|q| q.0 == "template").map(|q| q.1.as_str()).collect::<Vec<_>>(), [private]);

    let link = move |template: &'static str| {
        let w = wf.id.to_string();
        org.store
            .write_blocking(move |c| {
                Ok(c.execute("UPDATE automation_workflows SET template_id = ? WHERE id = ?", [template, &w])?)
            })
            .unwrap();
        let push = org.store.write_blocking(sync::prepare_push).unwrap();
        let m = push.iter().find(|m| m.entity == "workflow").expect("the workflow is pushed").clone();
        org.store
            .write_blocking(move |c| {
                let answer = PushResponse {
                    last_mutation_id: push.iter().map(|m| m.id).max().unwrap_or(0),
                    applied: 1,
                    rejected: vec![],
                    conflicts: vec![],
                };
                sync::ack_push(c, &answer)
            })
            .unwrap();
        m.fields["template_id"].clone()
    };
    assert_eq!(link(private), json!(private));
    assert_eq!(link(builtin), Value::Null, "a built-in's id stays home");
}
