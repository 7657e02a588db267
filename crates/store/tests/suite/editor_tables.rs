//! workflow_drafts, versions with messages, publishing and deletes that can be undone: what the
//! editor relies on the store for.

use crate::common;

use neuroflow_store::StoreError;
use neuroflow_store::table::{executions, workflow_drafts, workflow_versions, workflows};
use neuroflow_types::*;

fn draft(doc: WorkflowDocument, base: i64) -> DraftInput {
    DraftInput {
        document: doc,
        base_version: base,
        history: serde_json::json!({"format": 1, "past": [1, 2, 3]}),
        sample_input: serde_json::json!({"body": {"email": "a@b.c"}}),
        pins: serde_json::json!({"n1": {"price": 5}}).as_object().unwrap().clone(),
    }
}

#[test]
fn a_draft_is_kept_whole_replaced_and_discarded() {
    let org = common::org("Drafts");
    let (oid, wf) = (org.id, common::workflow(&org, common::document("Edited", 2)));
    let id = wf.id;
    assert_eq!(org.store.read(|c| workflow_drafts::get(c, oid, id)).unwrap(), None);

    // A draft may be invalid: a node with no type and an edge to nowhere are kept as they are.
    let mut broken = common::document("Edited", 3);
    broken.nodes[2].node_type = String::new();
    broken.edges.push(Edge {
        id: "dangling".into(),
        source: "n0".into(),
        target: "nowhere".into(),
        source_handle: None,
        target_handle: None,
        extra: JsonMap::new(),
    });
    let input = draft(broken.clone(), 1);
    let at = now();
    org.store.write_blocking(move |c| workflow_drafts::save(c, oid, id, &input, &at)).unwrap();
    let kept = org.store.read(|c| workflow_drafts::get(c, oid, id)).unwrap().expect("the draft is kept");
    assert_eq!(kept.document, broken);
    assert_eq!(kept.base_version, 1);
    assert_eq!(kept.history["past"], serde_json::json!([1, 2, 3]));
    assert_eq!(kept.sample_input["body"]["email"], "a@b.c");
    assert_eq!(kept.pins["n1"]["price"], 5);

    let input = draft(common::document("Edited again", 1), 1);
    let at = now();
    org.store.write_blocking(move |c| workflow_drafts::save(c, oid, id, &input, &at)).unwrap();
    let kept = org.store.read(|c| workflow_drafts::get(c, oid, id)).unwrap().unwrap();
    assert_eq!((kept.document.name.as_str(), kept.document.nodes.len()), ("Edited again", 1), "one draft per workflow");

    org.store.write_blocking(move |c| workflow_drafts::rebase(c, id, 2)).unwrap();
    assert_eq!(org.store.read(|c| workflow_drafts::get(c, oid, id)).unwrap().unwrap().base_version, 2);

    org.store.write_blocking(move |c| workflow_drafts::discard(c, oid, id)).unwrap();
    assert_eq!(org.store.read(|c| workflow_drafts::get(c, oid, id)).unwrap(), None);
}

#[test]
fn versions_keep_their_messages_and_publishing_picks_which_one_runs() {
    let org = common::org("Versions");
    let (oid, wf) = (org.id, common::workflow(&org, common::document("Flow", 2)));
    let id = wf.id;
    let v2 = common::document("Flow", 4);
    let stored = v2.clone();
    org.store
        .write_blocking(move |c| workflow_versions::insert(c, oid, id, 2, &stored, None, Some("added two steps")))
        .unwrap();

    let wf = org.store.read(|c| workflows::get(c, oid, id)).unwrap();
    assert_eq!((wf.version, wf.published_version, wf.latest_version), (1, Some(1), 2), "saved is not published");
    assert_eq!(wf.nodes.len(), 2, "the record holds the published document");

    let list = org.store.read(|c| workflow_versions::summaries(c, oid, id)).unwrap();
    assert_eq!(
        list.iter().map(|v| (v.version, v.published, v.node_count)).collect::<Vec<_>>(),
        [(2, false, 4), (1, true, 2)]
    );
    assert_eq!(list[0].message.as_deref(), Some("added two steps"));

    let published = org.store.write_blocking(move |c| workflows::publish(c, oid, id, &v2, 2)).unwrap();
    assert_eq!((published.version, published.nodes.len()), (2, 4));
    let list = org.store.read(|c| workflow_versions::summaries(c, oid, id)).unwrap();
    assert_eq!(list.iter().map(|v| v.published).collect::<Vec<_>>(), [true, false]);
    assert_eq!(org.store.read(|c| workflows::active_versions(c, oid)).unwrap(), [], "inactive workflows do not run");

    let dup = org
        .store
        .write_blocking(move |c| workflow_versions::insert(c, oid, id, 2, &common::document("x", 1), None, None));
    assert!(dup.is_err(), "a version number is never reused");
    let missing = org.store.read(|c| workflow_versions::get(c, oid, id, 9)).unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { kind: "workflow version", .. }), "{missing}");
}

#[test]
fn a_deleted_workflow_leaves_lists_and_triggers_and_comes_back_until_purged() {
    let org = common::org("Deletes");
    let oid = org.id;
    let wf = common::workflow(&org, common::document("Doomed", 2));
    let id = wf.id;
    let run = common::execution(&org, &wf, ExecutionStatus::Completed, now());
    org.store
        .write_blocking(move |c| {
            workflows::update(c, oid, id, &WorkflowPatch { is_active: Some(true), ..Default::default() }, None)
        })
        .unwrap();
    assert_eq!(org.store.read(|c| workflows::active_versions(c, oid)).unwrap().len(), 1);

    org.store.write_blocking(move |c| workflows::soft_delete(c, oid, id)).unwrap();
    assert!(matches!(org.store.read(|c| workflows::get(c, oid, id)).unwrap_err(), StoreError::NotFound { .. }));
    assert_eq!(org.store.read(|c| workflows::list(c, oid, &WorkflowFilter::default())).unwrap().total, 0);
    assert_eq!(org.store.read(|c| workflows::active_versions(c, oid)).unwrap(), [], "a deleted workflow stops running");
    let again = org.store.write_blocking(move |c| workflows::soft_delete(c, oid, id)).unwrap_err();
    assert!(matches!(again, StoreError::NotFound { .. }), "deleting twice names the missing workflow");

    org.store.write_blocking(move |c| workflows::undelete(c, oid, id)).unwrap();
    let back = org.store.read(|c| workflows::get(c, oid, id)).unwrap();
    assert!(!back.is_active, "a restored workflow comes back inactive");
    assert!(org.store.read(|c| executions::get(c, oid, run.id)).is_ok(), "its history came back with it");

    // Purging only takes what was deleted before the cut-off.
    org.store.write_blocking(move |c| workflows::soft_delete(c, oid, id)).unwrap();
    let earlier = now() - chrono::Duration::days(1);
    assert_eq!(org.store.write_blocking(move |c| workflows::purge_deleted(c, &earlier)).unwrap(), 0);
    let later = now() + chrono::Duration::seconds(1);
    assert_eq!(org.store.write_blocking(move |c| workflows::purge_deleted(c, &later)).unwrap(), 1);
    assert!(org.store.write_blocking(move |c| workflows::undelete(c, oid, id)).is_err());
    assert!(org.store.read(|c| executions::get(c, oid, run.id)).is_err(), "purged with its executions");
    assert_eq!(org.store.read(|c| workflow_versions::latest(c, id)).unwrap(), 0, "and its versions");
}
