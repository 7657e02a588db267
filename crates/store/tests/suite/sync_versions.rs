//! A workflow's history from the other desktops, on real files: a version saved on another desktop
//! arrives once, with its words and author, whether the workspace's document that it is comes
//! before it or after; one this copy cannot read is not taken; versions saved here are captured to
//! be pushed, those pulled are not; a refused one gone here is not sent again as a delete (the
//! service never deletes a saved version alone).

use crate::common;
use crate::sync_tables::{change, connect, outbox};
use neuroflow_store::table::sync_apply::apply_page;
use neuroflow_store::table::workflow_versions;
use neuroflow_types::wire::Change;
use neuroflow_types::*;
use serde_json::{Value, json};

/// A version saved on another desktop, as a pull brings it.
fn saved(id: &VersionId, workflow: WorkflowId, version: i64, doc: &WorkflowDocument, words: &str) -> Change {
    change(
        "workflow_version",
        &id.to_string(),
        version,
        json!({ "workflow_id": workflow.to_string(), "document": doc, "message": words, "author_name": "Ada",
                "created_at": "2026-12-01T09:30:00+00:00" }),
        "000000000000001-00000-x",
    )
}

/// The workspace's document of a workflow, as a pull brings it.
fn published(workflow: WorkflowId, version: i64, doc: &WorkflowDocument, remote: i64) -> Change {
    change(
        "workflow",
        &workflow.to_string(),
        version,
        json!({ "name": doc.name, "description": doc.description, "nodes": doc.nodes, "edges": doc.edges,
                "variables": {}, "tags": [], "is_active": false, "version": remote, "version_message": "Shorter intro",
                "version_author": "Ada" }),
        "000000000000001-00000-x",
    )
}

fn history(org: &common::Org, id: WorkflowId) -> Vec<(i64, String, bool)> {
    let o = org.id;
    org.store
        .read(move |c| workflow_versions::summaries(c, o, id))
        .unwrap()
        .into_iter()
        .map(|v| (v.version, v.message.unwrap_or_default(), v.published))
        .collect()
}

#[test]
fn a_version_saved_elsewhere_arrives_once_whichever_comes_first() {
    let org = common::org("History");
    let wf = common::workflow(&org, common::document("Leads", 2));
    connect(&org, false);
    let o = org.id;
    // Saved on another desktop and not published: a version of its own, with its words.
    let draft = common::document("Leads", 3);
    let (one, two, three) = (VersionId::new(), VersionId::new(), VersionId::new());
    let page = vec![saved(&one, wf.id, 5, &draft, "Third step, not yet live")];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 5)).unwrap();
    assert_eq!(history(&org, wf.id)[0], (2, "Third step, not yet live — Ada, on their desktop".into(), false));

    // The saved version first, then the workspace's document that it is: one version, published.
    let live = common::document("Leads", 4);
    let page = vec![saved(&two, wf.id, 6, &live, "Fourth step"), published(wf.id, 7, &live, 3)];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 7)).unwrap();
    let now = history(&org, wf.id);
    assert_eq!(now.len(), 3, "{now:?}");
    assert_eq!(now[0], (3, "Shorter intro — Ada. From the workspace (its version 3)".into(), true));

    // The workspace's document first, then the saved version: still one.
    let next = common::document("Leads", 5);
    let page = vec![published(wf.id, 8, &next, 4)];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 8)).unwrap();
    let page = vec![saved(&three, wf.id, 9, &next, "Fifth step")];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 9)).unwrap();
    let now = history(&org, wf.id);
    assert_eq!(now.len(), 4, "{now:?}");
    assert!(now[0].2 && now[0].1.ends_with("(its version 4)"), "{now:?}");
    let ids: i64 = org
        .store
        .read(move |c| {
            Ok(c.query_row(
                "SELECT count(*) FROM workflow_versions WHERE id IN (?, ?, ?)",
                [one.to_string(), two.to_string(), three.to_string()],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(ids, 3, "each saved version is known here by its id");

    // Sent again (a re-sync), nothing changes; pulled versions are never pushed back.
    let page = vec![saved(&one, wf.id, 10, &draft, "Third step, not yet live")];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 10)).unwrap();
    assert_eq!(history(&org, wf.id).len(), 4);
    assert!(outbox(&org).iter().all(|r| r.0 != "workflow_version"), "{:?}", outbox(&org));
}

#[test]
fn versions_saved_here_are_pushed_and_one_unreadable_is_not_taken() {
    let org = common::org("Saved here");
    let wf = common::workflow(&org, common::document("Leads", 2));
    assert_eq!(connect(&org, true), 2, "connecting queues the workflow and its history");
    let queued: Vec<String> = outbox(&org).into_iter().map(|r| r.0).collect();
    assert_eq!(queued, ["workflow", "workflow_version"]);
    let o = org.id;
    let id = wf.id;
    org.store
        .write_blocking(move |c| {
            workflow_versions::insert(c, o, id, 2, &common::document("Leads", 3), None, Some("Third step"))
        })
        .unwrap();
    assert_eq!(outbox(&org).iter().filter(|r| r.0 == "workflow_version").count(), 2);
    let push = org.store.write_blocking(neuroflow_store::table::sync::prepare_push).unwrap();
    let sent: Vec<(&str, Option<&Value>)> = push.iter().map(|m| (m.entity.as_str(), m.fields.get("message"))).collect();
    assert_eq!(sent[0].0, "workflow", "a version goes after its workflow: {sent:?}");
    assert_eq!(sent.last().map(|s| s.1), Some(Some(&json!("Third step"))));
    assert!(push.iter().all(|m| !m.fields.contains_key("version") && !m.fields.contains_key("pulled")));

    // A document a newer app made (no nodes this version knows) is not taken.
    let page = vec![change(
        "workflow_version",
        &VersionId::new().to_string(),
        3,
        json!({ "workflow_id": id.to_string(), "document": { "format": 9, "graph": {} }, "message": "future" }),
        "000000000000001-00000-x",
    )];
    org.store.write_blocking(move |c| apply_page(c, o, &page, 3)).unwrap();
    assert_eq!(history(&org, id).len(), 2);
}

#[test]
fn a_refused_version_gone_here_is_not_sent_again_as_a_delete() {
    let org = common::org("Refused");
    connect(&org, false);
    let (version, agent) = (VersionId::new().to_string(), AgentId::new().to_string());
    let (v, a) = (version.clone(), agent.clone());
    org.store
        .write_blocking(move |c| {
            for (id, entity, row) in [(1, "workflow_version", &v), (2, "agent", &a)] {
                c.execute(
                    "INSERT INTO sync_rejections (mutation_id, entity, row_id, code, message) VALUES (?, ?, ?, 'NOT_FOUND', 'x')",
                    rusqlite::params![id, entity, row],
                )?;
            }
            neuroflow_store::table::sync::resend_rejections(c)
        })
        .unwrap();
    let queued: Vec<(String, String)> = outbox(&org).into_iter().map(|r| (r.0, r.2)).collect();
    assert_eq!(queued, [("agent".to_string(), "delete".to_string())], "the version went with its workflow");
}
