//! Two desktops and the real workspace service on real PostgreSQL: connecting uploads a local
//! organization, a second desktop downloads it, offline edits on both converge, a push whose answer
//! is lost is sent again and applied once, a pull cut halfway is retried by the background sync until
//! it goes through, a desktop offline (or the service restarted) carries on afterwards, a copy
//! behind the tombstone horizon syncs again from the start, signing out is no failure of the sync,
//! a desktop that keeps changing things still uploads, teams sync with their members, and no secret
//! is in any byte sent or any row of PostgreSQL.

use crate::workspace_service;

use neuroflow_app::Hub;
use neuroflow_types::*;
use neuroflow_vault::{Secret, StoreKind};
use serde_json::json;
use workspace_service::proxy::Proxy;
use workspace_service::{PASSWORD, Workspace};

const SECRET: &str = "whsec-DO-NOT-LEAK-4f9a2c";

pub(crate) struct Desk {
    _dir: tempfile::TempDir,
    pub hub: Hub,
}

pub(crate) async fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    hub.choose_vault(StoreKind::EncryptedFile, Some(Secret::new("test passphrase"))).await.unwrap();
    Desk { _dir: dir, hub }
}

/// A new account (`email`) owning a new local organization on ENTERPRISE, signed in through `url`
/// (the service or a proxy before it) and connected.
pub(crate) async fn connected_desk(ws: &Workspace, url: &str, email: &str, org_name: &str) -> (Desk, OrgId) {
    let token = ws.sign_up(email, "Owner").await;
    let desk = desk().await;
    let org = desk.hub.create_org(org_name).await.unwrap().id;
    ws.create_org(&token, org, org_name, "ENTERPRISE").await;
    desk.hub.workspace_login(url, email, Secret::new(PASSWORD)).await.unwrap();
    desk.hub.connect_org(org).await.unwrap();
    (desk, org)
}

pub(crate) fn doc(name: &str, greeting: &str, farewell: &str) -> WorkflowDocument {
    serde_json::from_value(json!({
        "format": 1, "name": name,
        "nodes": [
            { "id": "t", "type": "trigger", "data": { "label": "Start", "trigger": { "kind": "manual" } } },
            { "id": "hello", "type": "transform", "data": { "label": "Hello", "output": { "text": greeting } } },
            { "id": "bye", "type": "transform", "data": { "label": "Bye", "output": { "text": farewell } } }
        ],
        "edges": [ { "id": "e1", "source": "t", "target": "hello" }, { "id": "e2", "source": "hello", "target": "bye" } ]
    }))
    .unwrap()
}

pub(crate) fn agent(name: &str) -> NewAgent {
    NewAgent {
        name: name.into(),
        description: format!("{name} answers leads"),
        model_config: ModelConfig { provider: String::new(), model: "m".into(), ..Default::default() },
        ..Default::default()
    }
}

/// A transform node's output text, in a workflow's or a version's nodes.
pub(crate) fn node_text(nodes: &[Node], node: &str) -> String {
    let n = nodes.iter().find(|n| n.id == node).unwrap_or_else(|| panic!("no node {node}"));
    serde_json::to_value(&n.data).unwrap()["output"]["text"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_desktops_converge_and_nothing_secret_leaves() {
    let mut ws = Workspace::start().await;
    let proxy = Proxy::start(&ws.url).await;
    let token = ws.sign_up("ada@acme.io", "Ada").await;
    let (a, b) = (desk().await, desk().await);

    // Desktop A has a local organization with a workflow, an agent and an integration with a secret.
    let org = a.hub.create_org("Acme Realty").await.unwrap().id;
    let wf = a.hub.create_workflow(org, doc("Leads", "Hi", "Bye")).await.unwrap().workflow;
    let ada = a.hub.create_agent(org, agent("Ada")).await.unwrap();
    // `signingToken` holds a secret by its name (it stays home); `tokenUrl` names where one is had.
    let config = json!({ "url": "https://hooks.example.com/in", "tokenUrl": "https://example.com/t",
        "signingToken": "kept-home" });
    let new = NewIntegration {
        name: "Hook".into(),
        provider: IntegrationProvider::Webhook,
        config: serde_json::from_value(config).unwrap(),
    };
    a.hub.create_integration(org, new, Some(Secret::new(SECRET))).await.unwrap();
    ws.create_org(&token, org, "Acme Realty", "ENTERPRISE").await;

    // Connecting uploads it; B downloads it.
    a.hub.workspace_login(&proxy.url, "ada@acme.io", Secret::new(PASSWORD)).await.unwrap();
    let status = a.hub.connect_org(org).await.unwrap();
    assert_eq!((status.connected, status.pending_changes, status.last_error.as_deref()), (true, 0, None), "{status:?}");
    assert_eq!(status.role, Some(MemberRole::Owner));
    b.hub.workspace_login(&proxy.url, "ada@acme.io", Secret::new(PASSWORD)).await.unwrap();
    let listed = b.hub.workspace_orgs().await.unwrap();
    assert!(listed.iter().any(|o| o.id == org && !o.local), "{listed:?}");
    b.hub.download_org(org).await.unwrap();
    let got = b.hub.get_workflow(org, wf.id).await.unwrap();
    assert_eq!((got.name.as_str(), node_text(&got.nodes, "hello").as_str()), ("Leads", "Hi"));
    assert_eq!(b.hub.get_agent(org, ada.id).await.unwrap().description, "Ada answers leads");
    let hooks = b.hub.list_integrations(org, Default::default()).await.unwrap().items;
    assert_eq!(hooks.len(), 1);
    assert_eq!(hooks[0].config.get("url"), Some(&json!("https://hooks.example.com/in")));
    assert_eq!(
        hooks[0].config.get("tokenUrl"),
        Some(&json!("https://example.com/t")),
        "a setting that is no secret arrives"
    );
    assert_eq!(hooks[0].config.get("signingToken"), None);

    // Offline edits on both: different fields of one agent, different nodes of one workflow.
    proxy.set_offline(true);
    let rename = AgentPatch { name: Some("Ada Prime".into()), ..Default::default() };
    a.hub.update_agent(org, ada.id, rename).await.unwrap();
    let describe = AgentPatch { description: Some("Ada closes deals".into()), ..Default::default() };
    b.hub.update_agent(org, ada.id, describe).await.unwrap();
    let patch = |d| WorkflowPatch { document: Some(d), ..Default::default() };
    a.hub.update_workflow(org, wf.id, patch(doc("Leads", "Hello there", "Bye"))).await.unwrap();
    b.hub.update_workflow(org, wf.id, patch(doc("Leads", "Hi", "See you"))).await.unwrap();
    let err = a.hub.sync_now(org).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Provider, "{err:?}");
    assert!(err.message.contains("could not be reached"), "{}", err.message);
    let status = a.hub.sync_status(org).await.unwrap();
    assert!(status.pending_changes >= 2 && status.last_error.is_some() && status.failures == 1, "{status:?}");

    // Back online, with the service restarted meanwhile: sync A, B, A; both hold the same.
    proxy.set_offline(false);
    ws.restart().await;
    a.hub.sync_now(org).await.unwrap();
    b.hub.sync_now(org).await.unwrap();
    a.hub.sync_now(org).await.unwrap();
    for hub in [&a.hub, &b.hub] {
        let agent = hub.get_agent(org, ada.id).await.unwrap();
        assert_eq!((agent.name.as_str(), agent.description.as_str()), ("Ada Prime", "Ada closes deals"));
        let flow = hub.get_workflow(org, wf.id).await.unwrap();
        assert_eq!(
            (node_text(&flow.nodes, "hello").as_str(), node_text(&flow.nodes, "bye").as_str()),
            ("Hello there", "See you")
        );
        let s = hub.sync_status(org).await.unwrap();
        assert_eq!((s.pending_changes, s.failures, s.last_error.as_deref()), (0, 0, None), "{s:?}");
    }
    // What B took from the workspace is a version of its own: the newest, the row's, the merged document.
    let versions = b.hub.list_versions(org, wf.id).await.unwrap();
    let newest = &versions[0];
    assert!(newest.message.as_deref().is_some_and(|m| m.contains("From the workspace (its version ")), "{versions:?}");
    assert_eq!(b.hub.get_workflow(org, wf.id).await.unwrap().version, newest.version, "{versions:?}");
    let kept = b.hub.get_version(org, wf.id, newest.version).await.map_err(|e| format!("{e:?}")).unwrap().document;
    let texts = (node_text(&kept.nodes, "hello"), node_text(&kept.nodes, "bye"));
    assert_eq!((texts.0.as_str(), texts.1.as_str()), ("Hello there", "See you"), "{kept:?}");

    // A run here is pushed too (for the organization's analytics).
    let run = a.hub.run_workflow(org, wf.id, neuroflow_app::RunOptions::default()).await.unwrap();
    a.hub.sync_now(org).await.unwrap();

    // No secret in anything sent, nor in PostgreSQL; the secret-looking config key stayed home.
    let sent = proxy.sent();
    assert!(sent.contains("/sync/push") && sent.contains("hooks.example.com"), "the proxy saw the pushes");
    assert!(!sent.contains(SECRET), "a secret was sent to the workspace");
    assert!(!sent.contains("signingToken") && !sent.contains("kept-home"), "a secret-looking key was sent");
    // Every row of every table of the service's database: executions, versions, the change feed,
    // the audit log and the rest, not only the tables a secret could be meant for.
    let dump = ws.owner_sql(
        "SELECT string_agg(query_to_xml(format('SELECT * FROM %I.%I', table_schema, table_name), true, false, '')::text, ' ')
         FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    assert!(dump.contains("hooks.example.com") && dump.contains(&run.id.to_string()), "the dump holds the data");
    assert!(!dump.contains(SECRET) && !dump.contains("kept-home"), "a secret is in the workspace's database");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_whose_answer_is_lost_is_applied_once() {
    let ws = Workspace::start().await;
    let proxy = Proxy::start(&ws.url).await;
    let (a, org) = connected_desk(&ws, &proxy.url, "bo@acme.io", "Bo Homes").await;
    for i in 0..30 {
        a.hub.create_workflow(org, doc(&format!("Flow {i}"), "Hi", "Bye")).await.unwrap();
    }
    // Twice the answer is lost after the service applied the push.
    proxy.cut_push_answers(2);
    assert!(a.hub.sync_now(org).await.is_err());
    assert!(a.hub.sync_now(org).await.is_err());
    assert_eq!(proxy.pushes_left_to_cut(), 0);
    assert_eq!(a.hub.sync_status(org).await.unwrap().pending_changes, 30, "nothing is forgotten");
    let report = a.hub.sync_now(org).await.unwrap();
    assert_eq!(report.pushed, 0, "the service had applied it already: {report:?}");
    assert_eq!(proxy.pushes_sent_again(), 2, "the proxy sees a push sent again");
    assert_eq!(a.hub.sync_status(org).await.unwrap().pending_changes, 0);
    let count = ws.owner_sql(&format!("SELECT count(*) FROM automation_workflows WHERE organization_id = '{org}'"));
    assert_eq!(count.trim(), "30");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_behind_the_horizon_syncs_again_and_forgets_what_was_deleted() {
    let ws = Workspace::start().await;
    let token = ws.sign_up("cy@acme.io", "Cy").await;
    let (a, b) = (desk().await, desk().await);
    let org = a.hub.create_org("Cy Lofts").await.unwrap().id;
    let keep = a.hub.create_workflow(org, doc("Keep", "Hi", "Bye")).await.unwrap().workflow;
    let gone = a.hub.create_workflow(org, doc("Gone", "Hi", "Bye")).await.unwrap().workflow;
    ws.create_org(&token, org, "Cy Lofts", "ENTERPRISE").await;
    for d in [&a, &b] {
        d.hub.workspace_login(&ws.url, "cy@acme.io", Secret::new(PASSWORD)).await.unwrap();
    }
    a.hub.connect_org(org).await.unwrap();
    b.hub.download_org(org).await.unwrap();
    // B deletes one; the workspace forgets the tombstone (compacted) before A hears of it.
    b.hub.delete_workflow(org, gone.id).await.unwrap();
    b.hub.sync_now(org).await.unwrap();
    ws.owner_sql("UPDATE sync_tombstones SET deleted_at = now() - interval '100 days'");
    ws.admin(&["compact-sync", "--days", "90"]);
    let report = a.hub.sync_now(org).await.unwrap();
    assert!(report.resynced, "{report:?}");
    assert!(a.hub.get_workflow(org, gone.id).await.is_err(), "the deleted workflow is gone here too");
    assert_eq!(a.hub.get_workflow(org, keep.id).await.unwrap().name, "Keep");
    assert!(!a.hub.sync_now(org).await.unwrap().resynced, "once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_cut_halfway_is_retried_in_the_background_until_it_goes_through() {
    let ws = Workspace::start().await;
    let proxy = Proxy::start(&ws.url).await;
    let token = ws.sign_up("di@acme.io", "Di").await;
    let (a, b) = (desk().await, desk().await);
    let org = a.hub.create_org("Di Estates").await.unwrap().id;
    ws.create_org(&token, org, "Di Estates", "ENTERPRISE").await;
    a.hub.workspace_login(&ws.url, "di@acme.io", Secret::new(PASSWORD)).await.unwrap();
    b.hub.workspace_login(&proxy.url, "di@acme.io", Secret::new(PASSWORD)).await.unwrap();
    a.hub.connect_org(org).await.unwrap();
    b.hub.download_org(org).await.unwrap();
    for i in 0..200 {
        a.hub.create_workflow(org, doc(&format!("Flow {i}"), "Hi", "Bye")).await.unwrap();
    }
    a.hub.sync_now(org).await.unwrap();

    // B's next two pulls are cut halfway through their answer; its background sync carries on.
    proxy.cut_pull_answers(2);
    let service = b.hub.start_sync_service();
    let all = WorkflowFilter { page: PageRequest::new(MAX_PAGE_SIZE, 0), ..Default::default() };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let held = b.hub.list_workflows(org, all.clone()).await.unwrap();
        if held.total == 200 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the pull never went through: {} of 200", held.total);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    service.stop();
    assert_eq!(proxy.pulls_left_to_cut(), 0, "both cuts happened");
    let names: std::collections::BTreeSet<String> =
        b.hub.list_workflows(org, all).await.unwrap().items.into_iter().map(|w| w.name).collect();
    assert_eq!(names.len(), 200, "each workflow once");
    let status = b.hub.sync_status(org).await.unwrap();
    assert_eq!((status.failures, status.last_error.as_deref()), (0, None), "{status:?}");
}

/// Signing out is not a failed sync: a connected organization waits for the next sign-in with no
/// error to show. A sign-in the workspace ended while this machine still holds it is one, and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_is_not_a_sync_failure_but_a_sign_in_ended_by_the_workspace_is() {
    let ws = Workspace::start().await;
    let (a, org) = connected_desk(&ws, &ws.url, "cy@acme.io", "Cy Homes").await;

    a.hub.workspace_logout().await.unwrap();
    a.hub.create_workflow(org, doc("Offline", "Hi", "Bye")).await.unwrap();
    assert_eq!(a.hub.sync_now(org).await.unwrap_err().code, ErrorCode::Unauthorized);
    let status = a.hub.sync_status(org).await.unwrap();
    assert_eq!(
        (status.connected, status.pending_changes, status.failures, status.last_error.as_deref()),
        (true, 1, 0, None),
        "{status:?}"
    );

    a.hub.workspace_login(&ws.url, "cy@acme.io", Secret::new(PASSWORD)).await.unwrap();
    ws.owner_sql("DELETE FROM auth_sessions WHERE user_id = (SELECT id FROM users WHERE email = 'cy@acme.io')");
    let err = a.hub.sync_now(org).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized, "{err:?}");
    let status = a.hub.sync_status(org).await.unwrap();
    assert_eq!(status.failures, 1, "{status:?}");
    assert!(status.last_error.as_deref().is_some_and(|e| e.contains("sign in again")), "{status:?}");
}

/// A desktop that keeps changing things still uploads: a change cuts short only the round's wait for
/// the workspace's next change, never its requests. (Each change used to begin the round again, and
/// while changes kept coming no round got past its first request: nothing was uploaded.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desktop_that_keeps_changing_things_still_uploads() {
    let ws = Workspace::start().await;
    let proxy = Proxy::start(&ws.url).await;
    let (b, org) = connected_desk(&ws, &proxy.url, "eve@acme.io", "Eve Realty").await;
    for i in 0..1_500 {
        b.hub.create_workflow(org, doc(&format!("Flow {i}"), "Hi", "Bye")).await.unwrap();
    }
    // A slow link: each push takes a quarter of a second, so most changes come while one is in flight.
    proxy.delay_push_answers(std::time::Duration::from_millis(250));
    let service = b.hub.start_sync_service();
    // A change every 20 ms for 3 s, each waking the loop.
    for i in 0..150 {
        b.hub.create_workflow(org, doc(&format!("Late {i}"), "Hi", "Bye")).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // The upload went on meanwhile (a loop that began its round again at each change never got
    // past the round's first request while changes kept coming).
    let sql = format!("SELECT count(*) FROM automation_workflows WHERE organization_id = '{org}'");
    let uploaded: u32 = ws.owner_sql(&sql).trim().parse().unwrap();
    assert!(uploaded >= 1_500, "only {uploaded} workflows reached the workspace while changes kept coming");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while b.hub.sync_status(org).await.unwrap().pending_changes > 0 {
        assert!(std::time::Instant::now() < deadline, "the outbox never emptied");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    service.stop();
    assert_eq!(ws.owner_sql(&sql).trim(), "1650", "every workflow reached the workspace once");
    assert_eq!(proxy.pushes_sent_again(), 0, "no push was dropped on its way and sent again");
    let status = b.hub.sync_status(org).await.unwrap();
    assert_eq!((status.failures, status.last_error.as_deref()), (0, None), "{status:?}");
}

/// A team and its members travel like the rest: made on one desktop, they arrive on the other with
/// their structure, roles and order; a member removed on the second is gone on the first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_and_its_members_sync_both_ways() {
    let ws = Workspace::start().await;
    let (a, org) = connected_desk(&ws, &ws.url, "tom@acme.io", "Tom Realty").await;
    let lead = a.hub.create_agent(org, agent("Lead")).await.unwrap();
    let scout = a.hub.create_agent(org, agent("Scout")).await.unwrap();
    let new = NewTeam {
        name: "Closers".into(),
        description: String::new(),
        structure: TeamStructure::Pipeline,
        budget: Budget::default(),
    };
    let team = a.hub.create_team(org, new).await.unwrap();
    a.hub.set_team_member(org, team.id, lead.id, TeamRole::Leader, 0).await.unwrap();
    a.hub.set_team_member(org, team.id, scout.id, TeamRole::Specialist, 1).await.unwrap();
    a.hub.sync_now(org).await.unwrap();

    let b = desk().await;
    b.hub.workspace_login(&ws.url, "tom@acme.io", Secret::new(PASSWORD)).await.unwrap();
    b.hub.download_org(org).await.unwrap();
    let got = b.hub.get_team(org, team.id).await.unwrap();
    assert_eq!((got.team.name.as_str(), got.team.structure), ("Closers", TeamStructure::Pipeline));
    let members: Vec<(AgentId, TeamRole, i32)> = got.members.iter().map(|m| (m.agent_id, m.role, m.priority)).collect();
    assert_eq!(members, [(lead.id, TeamRole::Leader, 0), (scout.id, TeamRole::Specialist, 1)]);

    b.hub.remove_team_member(org, team.id, scout.id).await.unwrap();
    b.hub.sync_now(org).await.unwrap();
    a.hub.sync_now(org).await.unwrap();
    let left: Vec<AgentId> = a.hub.get_team(org, team.id).await.unwrap().members.iter().map(|m| m.agent_id).collect();
    assert_eq!(left, [lead.id]);
}
