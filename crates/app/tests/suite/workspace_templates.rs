//! Templates published by the organization, between two desktops through the real workspace
//! service on real PostgreSQL: a published template arrives whole in the other desktop's library,
//! its next version and its deletion follow, and the built-in templates never leave.

use crate::workspace_service::{PASSWORD, Workspace};
use crate::workspace_sync::{connected_desk, desk, doc};
use neuroflow_types::*;
use neuroflow_vault::Secret;

/// A template published from a workflow reaches the organization's other desktops — found in their
/// library, whole, linked to its workflow — with its next version and its deletion; the built-in
/// templates every app ships never leave (and a workflow names one to nobody: sync_tables.rs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_templates_sync_and_built_in_ones_stay_home() {
    use neuroflow_app::PublishRequest;
    let ws = Workspace::start().await;
    let (a, org) = connected_desk(&ws, &ws.url, "tia@acme.io", "Tia Homes").await;
    let wf = a.hub.create_workflow(org, doc("Lead greeter", "Hi", "Bye")).await.unwrap().workflow;
    // The built-ins are in A's library, connected as it is.
    let all = a.hub.search_templates(org, TemplateQuery::default()).await.unwrap();
    assert!(all.page.items.iter().any(|t| t.source == TemplateSource::Builtin), "built-ins are here");
    let publish = || PublishRequest {
        name: Some("Lead greeter".into()),
        description: None,
        category: TemplateCategory::Sales,
        difficulty: DifficultyLevel::Beginner,
        setup_minutes: None,
        tags: vec!["leads".into()],
        icon: None,
        keep_values: vec![],
    };
    let published = a.hub.publish_template(org, wf.id, publish()).await.unwrap().template;
    a.hub.sync_now(org).await.unwrap();
    let there = ws.owner_sql(&format!(
        "SELECT count(*) || ' ' || min(source) FROM workflow_templates WHERE organization_id = '{org}'"
    ));
    assert_eq!(there.trim(), "1 PRIVATE", "the published one only, no built-in");

    let b = desk().await;
    b.hub.workspace_login(&ws.url, "tia@acme.io", Secret::new(PASSWORD)).await.unwrap();
    b.hub.download_org(org).await.unwrap();
    let mine = TemplateQuery { source: Some(TemplateSource::Private), ..Default::default() };
    let found = b.hub.search_templates(org, mine.clone()).await.unwrap().page.items;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].id, found[0].slug.as_str()), (published.card.id, published.card.slug.as_str()));
    let whole = b.hub.get_template(org, published.card.id).await.unwrap();
    assert_eq!((whole.file.version.as_str(), whole.source_workflow_id), ("1.0.0", Some(wf.id)));
    assert_eq!(whole.file.document.nodes.len(), 3, "the whole document arrived");

    // Published again: B has the next version. Deleted: B has none.
    a.hub.publish_template(org, wf.id, publish()).await.unwrap();
    a.hub.sync_now(org).await.unwrap();
    b.hub.sync_now(org).await.unwrap();
    assert_eq!(b.hub.get_template(org, published.card.id).await.unwrap().file.version, "1.1.0");
    a.hub.delete_template(org, published.card.id).await.unwrap();
    a.hub.sync_now(org).await.unwrap();
    b.hub.sync_now(org).await.unwrap();
    assert!(b.hub.get_template(org, published.card.id).await.is_err(), "deleted on B too");
    assert!(b.hub.search_templates(org, mine).await.unwrap().page.items.is_empty());
    let s = a.hub.sync_status(org).await.unwrap();
    assert_eq!((s.pending_changes, s.rejected_changes), (0, 0), "{s:?}");
}
