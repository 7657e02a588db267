//! A workflow's versions between two desktops through the real workspace service on real
//! PostgreSQL: the words a version was saved with on one desktop, and who saved it, reach the
//! workspace's version and, with the document, the other desktop's history, both ways; a change
//! saved without words says who synced it.

use crate::workspace_service::{PASSWORD, Workspace};
use crate::workspace_sync::{connected_desk, desk, doc, node_text};
use neuroflow_app::Hub;
use neuroflow_types::*;
use neuroflow_vault::Secret;

/// Saves `document` as the next version with `words` and publishes it.
async fn publish(hub: &Hub, org: OrgId, id: WorkflowId, document: WorkflowDocument, words: &str) {
    let latest = hub.get_workflow(org, id).await.unwrap().latest_version;
    let saved = hub.save_version(org, id, document, Some(words.into()), latest).await.unwrap();
    hub.publish_version(org, id, saved.version).await.unwrap();
}

async fn newest(hub: &Hub, org: OrgId, id: WorkflowId) -> VersionSummary {
    hub.list_versions(org, id).await.unwrap().remove(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_versions_words_and_author_reach_the_other_desktop() {
    let ws = Workspace::start().await;
    let (a, org) = connected_desk(&ws, &ws.url, "vera@acme.io", "Vera Homes").await;
    let wf = a.hub.create_workflow(org, doc("Leads", "Hi", "Bye")).await.unwrap().workflow;
    a.hub.sync_now(org).await.unwrap();
    let b = desk().await;
    b.hub.workspace_login(&ws.url, "vera@acme.io", Secret::new(PASSWORD)).await.unwrap();
    b.hub.download_org(org).await.unwrap();

    // A's words: on the workspace's version, then at the top of B's history, with the document.
    publish(&a.hub, org, wf.id, doc("Leads", "Hello there", "Bye"), "Warmer greeting for spring leads").await;
    a.hub.sync_now(org).await.unwrap();
    let there = ws.owner_sql(&format!(
        "SELECT message FROM workflow_versions WHERE workflow_id = '{}' ORDER BY version DESC LIMIT 1",
        wf.id
    ));
    assert_eq!(there.trim(), "Warmer greeting for spring leads");
    b.hub.sync_now(org).await.unwrap();
    let top = newest(&b.hub, org, wf.id).await;
    let said = top.message.clone().unwrap_or_default();
    assert!(said.starts_with("Warmer greeting for spring leads — Owner. From the workspace (its version "), "{top:?}");
    assert!(top.published, "the version B runs: {top:?}");
    let got = b.hub.get_version(org, wf.id, top.version).await.unwrap().document;
    assert_eq!(node_text(&got.nodes, "hello"), "Hello there");

    // B's words go the other way.
    publish(&b.hub, org, wf.id, doc("Leads", "Hello there", "See you soon"), "Friendlier goodbye").await;
    b.hub.sync_now(org).await.unwrap();
    a.hub.sync_now(org).await.unwrap();
    let on_a = newest(&a.hub, org, wf.id).await;
    assert!(
        on_a.message.as_deref().unwrap_or_default().starts_with("Friendlier goodbye — Owner. From the workspace"),
        "{on_a:?}"
    );
    assert_eq!(node_text(&a.hub.get_workflow(org, wf.id).await.unwrap().nodes, "bye"), "See you soon");

    // The workspace keeps each of them once.
    let words = ws.owner_sql(&format!(
        "SELECT coalesce(message, '-') FROM workflow_versions WHERE workflow_id = '{}' ORDER BY version",
        wf.id
    ));
    let count = |w: &str| words.lines().filter(|l| *l == w).count();
    assert_eq!((count("Warmer greeting for spring leads"), count("Friendlier goodbye")), (1, 1), "{words}");

    // A document changed without words says who synced it.
    let plain = WorkflowPatch { document: Some(doc("Leads", "Hi again", "See you soon")), ..Default::default() };
    a.hub.update_workflow(org, wf.id, plain).await.unwrap();
    a.hub.sync_now(org).await.unwrap();
    b.hub.sync_now(org).await.unwrap();
    let plain_on_b = newest(&b.hub, org, wf.id).await;
    assert!(
        plain_on_b
            .message
            .as_deref()
            .unwrap_or_default()
            .starts_with("Synced from Owner. From the workspace (its version "),
        "{plain_on_b:?}"
    );
    assert_eq!(node_text(&b.hub.get_workflow(org, wf.id).await.unwrap().nodes, "hello"), "Hi again");
}
