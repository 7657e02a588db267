//! A workflow's versions between two desktops through the real workspace service on real
//! PostgreSQL: the words a version was saved with on one desktop, and who saved it, reach the
//! workspace's version and, with the document, the other desktop's history, both ways; a change
//! saved without words says who synced it; the whole history travels — versions saved before
//! connecting, and those saved and never published — each once.

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

/// Saves `document` as the next version with `words`, unpublished.
async fn save(hub: &Hub, org: OrgId, id: WorkflowId, document: WorkflowDocument, words: &str) -> i64 {
    let latest = hub.get_workflow(org, id).await.unwrap().latest_version;
    hub.save_version(org, id, document, Some(words.into()), latest).await.unwrap().version
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_history_reaches_the_other_desktop_once() {
    let ws = Workspace::start().await;
    let token = ws.sign_up("hal@acme.io", "Hal").await;
    let a = desk().await;
    // History saved while the organization was local only.
    let org = a.hub.create_org("Hal Homes").await.unwrap().id;
    let wf = a.hub.create_workflow(org, doc("Open house", "Hi", "Bye")).await.unwrap().workflow;
    save(&a.hub, org, wf.id, doc("Open house", "Welcome in", "Bye"), "Warmer welcome").await;
    ws.create_org(&token, org, "Hal Homes", "ENTERPRISE").await;
    a.hub.workspace_login(&ws.url, "hal@acme.io", Secret::new(PASSWORD)).await.unwrap();
    a.hub.connect_org(org).await.unwrap();
    // Two saves between syncs, the second published, the first never.
    save(&a.hub, org, wf.id, doc("Open house", "Welcome in", "Come back soon"), "Try a softer goodbye").await;
    publish(&a.hub, org, wf.id, doc("Open house", "Welcome in!", "See you"), "Ready for Saturday").await;
    a.hub.sync_now(org).await.unwrap();
    let kept = ws.owner_sql(&format!(
        "SELECT coalesce(message, '-') || ' / ' || author_name FROM saved_versions WHERE workflow_id = '{}' ORDER BY created_at",
        wf.id
    ));
    assert_eq!(
        kept.lines().collect::<Vec<_>>(),
        ["- / Hal", "Warmer welcome / Hal", "Try a softer goodbye / Hal", "Ready for Saturday / Hal"],
        "every version A saved, with its words and author"
    );

    let b = desk().await;
    b.hub.workspace_login(&ws.url, "hal@acme.io", Secret::new(PASSWORD)).await.unwrap();
    b.hub.download_org(org).await.unwrap();
    let history = b.hub.list_versions(org, wf.id).await.unwrap();
    let said: Vec<String> = history.iter().map(|v| v.message.clone().unwrap_or_default()).collect();
    assert_eq!(history.len(), 4, "one version each, none twice: {said:?}");
    assert!(said.contains(&"Warmer welcome — Hal, on their desktop".to_string()), "{said:?}");
    assert!(said.contains(&"Try a softer goodbye — Hal, on their desktop".to_string()), "{said:?}");
    let live = history.iter().find(|v| v.published).expect("a published version");
    assert!(live.message.as_deref().unwrap_or_default().starts_with("Ready for Saturday — Hal. From the workspace"));
    let softer = history.iter().zip(&said).find(|(_, s)| s.starts_with("Try")).unwrap().0.version;
    let softer = b.hub.get_version(org, wf.id, softer).await.unwrap().document;
    assert_eq!(node_text(&softer.nodes, "bye"), "Come back soon", "the unpublished version's own document");

    // B's save reaches A; A's own versions coming back add nothing there.
    save(&b.hub, org, wf.id, doc("Open house", "Welcome in!", "See you Saturday"), "Name the day").await;
    b.hub.sync_now(org).await.unwrap();
    a.hub.sync_now(org).await.unwrap();
    let on_a = a.hub.list_versions(org, wf.id).await.unwrap();
    assert_eq!(on_a.len(), 5, "{on_a:?}");
    assert_eq!(on_a[0].message.as_deref(), Some("Name the day — Hal, on their desktop"));
    assert!(!on_a[0].published, "saved, not published: A still runs its own");
    b.hub.sync_now(org).await.unwrap();
    assert_eq!(b.hub.list_versions(org, wf.id).await.unwrap().len(), 5);
}
