//! Roles and plans on the desktop, against the real workspace service: a VIEWER's change is refused
//! before it is made (offline too, with the last-synced role), a plan's limit stops the action with
//! a message naming the limit and the plan (workflows, agents, and the month's runs however they
//! start), a purely local organization has no limits, a change the
//! workspace refused for the plan is sent again when the plan grows, and the desktop signs in
//! through the browser (the workspace's own page and a loopback redirect).

use crate::workspace_service;

use neuroflow_app::{Hub, RunOptions};
use neuroflow_types::*;
use neuroflow_vault::{Secret, StoreKind};
use serde_json::json;
use workspace_service::proxy::Proxy;
use workspace_service::{PASSWORD, Workspace};

pub(crate) async fn hub(dir: &tempfile::TempDir) -> Hub {
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    hub.choose_vault(StoreKind::EncryptedFile, Some(Secret::new("test passphrase"))).await.unwrap();
    hub
}

pub(crate) fn doc(name: &str) -> WorkflowDocument {
    serde_json::from_value(json!({
        "format": 1, "name": name,
        "nodes": [ { "id": "t", "type": "trigger", "data": { "label": "Start", "trigger": { "kind": "manual" } } } ],
        "edges": []
    }))
    .unwrap()
}

async fn workflows(hub: &Hub, org: OrgId) -> i64 {
    hub.list_workflows(org, Default::default()).await.unwrap().total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_reads_only_and_plan_limits_name_the_plan() {
    let mut ws = Workspace::start().await;
    let owner_token = ws.sign_up("olga@acme.io", "Olga").await;
    let viewer_token = ws.sign_up("vic@acme.io", "Vic").await;
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (owner, viewer) = (hub(&d1).await, hub(&d2).await);

    // While local, nothing is limited.
    let org = owner.create_org("Acme Realty").await.unwrap().id;
    for i in 0..9 {
        owner.create_workflow(org, doc(&format!("Flow {i}"))).await.unwrap();
    }
    // Its workspace organization is on GROWTH before it is connected (and uploaded).
    ws.create_org(&owner_token, org, "Acme Realty", "GROWTH").await;
    owner.workspace_login(&ws.url, "olga@acme.io", Secret::new(PASSWORD)).await.unwrap();
    owner.connect_org(org).await.unwrap();
    ws.add_member(&owner_token, &org.to_string(), "vic@acme.io", &viewer_token, "VIEWER").await;
    let status = owner.sync_now(org).await.and(owner.sync_status(org).await).unwrap();
    assert_eq!((status.role, status.plan), (Some(MemberRole::Owner), Some(Plan::Growth)), "{status:?}");

    // GROWTH allows 10 workflows: the tenth is made, the eleventh refused with the limit and the plan.
    owner.create_workflow(org, doc("Flow 9")).await.unwrap();
    let err = owner.create_workflow(org, doc("Flow 10")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::PlanLimit, "{err:?}");
    assert!(err.message.contains("GROWTH") && err.message.contains("10 workflows"), "{}", err.message);
    assert_eq!(workflows(&owner, org).await, 10);
    owner.sync_now(org).await.unwrap();

    // The viewer downloads it and sees everything, read-only.
    viewer.workspace_login(&ws.url, "vic@acme.io", Secret::new(PASSWORD)).await.unwrap();
    viewer.download_org(org).await.unwrap();
    assert_eq!(workflows(&viewer, org).await, 10);
    let status = viewer.sync_status(org).await.unwrap();
    assert_eq!(status.role, Some(MemberRole::Viewer));
    let first = viewer.list_workflows(org, Default::default()).await.unwrap().items[0].id;
    let refused = viewer.rename_workflow(org, first, "Mine now").await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Unauthorized, "{refused:?}");
    assert!(refused.message.contains("VIEWER") && refused.message.contains("MEMBER"), "{}", refused.message);
    let agent = NewAgent {
        name: "Nope".into(),
        model_config: ModelConfig { model: "m".into(), ..Default::default() },
        ..Default::default()
    };
    assert_eq!(viewer.create_agent(org, agent).await.unwrap_err().code, ErrorCode::Unauthorized);
    assert_eq!(viewer.sync_status(org).await.unwrap().pending_changes, 0, "nothing was made, nothing waits");

    // Offline, the last-synced role still holds.
    ws.kill();
    assert_eq!(viewer.delete_workflow(org, first).await.unwrap_err().code, ErrorCode::Unauthorized);
    assert_eq!(viewer.get_workflow(org, first).await.unwrap().id, first, "still there, readable");
    ws.restart().await;
}

/// Two desktops each make a third workflow on FREE (3 workflows) while one is offline: the
/// workspace takes the first and refuses the second. When the organization moves to GROWTH, the
/// refused one is sent again at the next sync, by itself, and arrives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_refused_for_the_plan_is_sent_again_when_the_plan_grows() {
    let ws = Workspace::start().await;
    let proxy = Proxy::start(&ws.url).await;
    let token = ws.sign_up("olga@acme.io", "Olga").await;
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (hub(&d1).await, hub(&d2).await);
    let org = a.create_org("Acme Realty").await.unwrap().id;
    for i in 0..2 {
        a.create_workflow(org, doc(&format!("Flow {i}"))).await.unwrap();
    }
    ws.create_org(&token, org, "Acme Realty", "FREE").await;
    a.workspace_login(&ws.url, "olga@acme.io", Secret::new(PASSWORD)).await.unwrap();
    a.connect_org(org).await.unwrap();
    b.workspace_login(&proxy.url, "olga@acme.io", Secret::new(PASSWORD)).await.unwrap();
    b.download_org(org).await.unwrap();

    // B is offline; each makes a third workflow (within FREE's 3 on each desktop); A's lands first.
    proxy.set_offline(true);
    let mine = b.create_workflow(org, doc("B's")).await.unwrap().workflow.id;
    a.create_workflow(org, doc("A's")).await.unwrap();
    a.sync_now(org).await.unwrap();
    proxy.set_offline(false);
    let report = b.sync_now(org).await.unwrap();
    assert_eq!(report.rejected, 1, "{report:?}");
    let refused = b.sync_rejections(org).await.unwrap();
    assert_eq!((refused.len(), refused[0].row_id.as_str()), (1, mine.to_string().as_str()), "{refused:?}");
    assert!(refused[0].message.contains("FREE"), "{}", refused[0].message);
    assert_eq!(workflows(&b, org).await, 4, "B keeps its workflow, and has A's");

    // The plan grows: B's next sync sends its workflow again, and it arrives.
    ws.admin(&["set-plan", "--org", &org.to_string(), "--plan", "GROWTH"]);
    let report = b.sync_now(org).await.unwrap();
    assert_eq!((report.pushed, report.rejected), (2, 0), "the workflow and its first version: {report:?}");
    let status = b.sync_status(org).await.unwrap();
    assert_eq!((status.rejected_changes, status.pending_changes), (0, 0), "{status:?}");
    a.sync_now(org).await.unwrap();
    assert_eq!(workflows(&a, org).await, 4);
    assert_eq!(a.get_workflow(org, mine).await.unwrap().name, "B's");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desktop_signs_in_through_the_browser() {
    let ws = Workspace::start().await;
    ws.sign_up("bea@acme.io", "Bea").await;
    let dir = tempfile::tempdir().unwrap();
    let desk = hub(&dir).await;
    let page = desk.workspace_begin_browser_login(&ws.url).await.unwrap();
    assert!(page.starts_with(&format!("{}/api/v1/auth/desktop/authorize?", ws.url)), "{page}");
    // The browser: the workspace's page, its form sent, the redirect to the loopback address followed.
    let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let html = browser.get(&page).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Sign in to NeuroFlow Hub"), "{html}");
    let query: Vec<(String, String)> = url::Url::parse(&page).unwrap().query_pairs().into_owned().collect();
    let mut form: Vec<(String, String)> = query;
    form.push(("email".into(), "bea@acme.io".into()));
    form.push(("password".into(), PASSWORD.into()));
    let finish = tokio::spawn({
        let desk = desk.clone();
        async move { desk.workspace_finish_browser_login(std::time::Duration::from_secs(30)).await }
    });
    let answer = browser.post(format!("{}/api/v1/auth/desktop/authorize", ws.url)).form(&form).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 303);
    let back = answer.headers()["location"].to_str().unwrap().to_string();
    assert!(back.starts_with("http://127.0.0.1:"), "{back}");
    let landed = browser.get(&back).send().await.unwrap().text().await.unwrap();
    assert!(landed.contains("Signed in"), "{landed}");
    let account = finish.await.unwrap().unwrap();
    assert_eq!((account.email.as_str(), account.name.as_str()), ("bea@acme.io", "Bea"));
    assert!(desk.workspace_orgs().await.unwrap().is_empty(), "the tokens work");
    // Signing out forgets the tokens.
    desk.workspace_logout().await.unwrap();
    assert_eq!(desk.workspace_orgs().await.unwrap_err().code, ErrorCode::Unauthorized);
}

/// GROWTH allows 5 agents and 1,000 executions a month. The sixth agent is refused, naming both;
/// with the month's executions used up (999 counted by the workspace, one more made here), every way
/// of starting a run is refused before anything is recorded: by hand, a webhook (429, with the same
/// words), a re-run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn growth_caps_agents_and_every_way_of_starting_a_run() {
    let ws = Workspace::start().await;
    let token = ws.sign_up("gus@acme.io", "Gus").await;
    let dir = tempfile::tempdir().unwrap();
    let desk = hub(&dir).await;
    let org = desk.create_org("Gus Homes").await.unwrap().id;
    ws.create_org(&token, org, "Gus Homes", "GROWTH").await;
    desk.workspace_login(&ws.url, "gus@acme.io", Secret::new(PASSWORD)).await.unwrap();
    desk.connect_org(org).await.unwrap();
    desk.sync_now(org).await.unwrap();

    let agent = |name: &str| NewAgent {
        name: name.into(),
        model_config: ModelConfig { model: "m".into(), ..Default::default() },
        ..Default::default()
    };
    for i in 0..5 {
        desk.create_agent(org, agent(&format!("Agent {i}"))).await.unwrap();
    }
    let err = desk.create_agent(org, agent("Agent 5")).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::PlanLimit, "{err:?}");
    assert!(err.message.contains("GROWTH") && err.message.contains("5 agents"), "{}", err.message);

    let hook = json!({ "format": 1, "name": "Leads in", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "webhook", "path": "gus" } } },
        { "id": "out", "type": "transform", "data": { "output": { "text": "thanks" } } }
    ], "edges": [{ "id": "e", "source": "t", "target": "out" }] });
    let wf = desk.import_workflow(org, &hook.to_string()).await.unwrap().workflow;
    desk.update_workflow(org, wf.id, WorkflowPatch { is_active: Some(true), ..Default::default() }).await.unwrap();
    ws.owner_sql(&format!(
        "INSERT INTO usage_monthly (organization_id, month, executions) \
         VALUES ('{org}', date_trunc('month', now() AT TIME ZONE 'UTC')::date, 999) \
         ON CONFLICT (organization_id, month) DO UPDATE SET executions = 999"
    ));
    desk.sync_now(org).await.unwrap();
    assert_eq!(desk.sync_status(org).await.unwrap().executions_this_month, 999);

    let last = desk.run_workflow(org, wf.id, RunOptions::default()).await.unwrap();
    assert_eq!(last.status, ExecutionStatus::Completed, "the thousandth may run");
    let err = desk.run_workflow(org, wf.id, RunOptions::default()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::PlanLimit, "{err:?}");
    assert!(err.message.contains("GROWTH") && err.message.contains("1000 executions a month"), "{}", err.message);

    let service =
        desk.serve_triggers(neuroflow_app::triggers::ServeConfig { port: 0, ..Default::default() }).await.unwrap();
    let answer = reqwest::Client::new()
        .post(format!("http://{}/webhook/gus", service.addr()))
        .json(&json!({ "name": "Bo" }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 429);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["code"], "PLAN_LIMIT", "{body}");
    assert!(body["message"].as_str().unwrap().contains("1000 executions a month"), "{body}");

    let err = desk.rerun(org, last.id, "out", None).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::PlanLimit, "{err:?}");
    let recorded = desk.list_executions(org, ExecutionFilter::default()).await.unwrap().total;
    assert_eq!(recorded, 1, "no refused run was recorded");

    // The one run reaches the workspace, which counts it: 1,000 this month.
    desk.sync_now(org).await.unwrap();
    let pushed = ws.owner_sql(&format!("SELECT count(*) FROM workflow_executions WHERE organization_id = '{org}'"));
    assert_eq!(pushed.trim(), "1");
    let counted = ws.owner_sql(&format!("SELECT executions FROM usage_monthly WHERE organization_id = '{org}'"));
    assert_eq!(counted.trim(), "1000");
}

/// A purely local organization has no plan: more workflows and agents than any plan's cap, and runs
/// uncounted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_organization_has_no_limits() {
    let dir = tempfile::tempdir().unwrap();
    let desk = hub(&dir).await;
    let org = desk.create_org("Lone Realty").await.unwrap().id;
    for i in 0..12 {
        desk.create_workflow(org, doc(&format!("Flow {i}"))).await.unwrap();
    }
    for i in 0..7 {
        let agent = NewAgent {
            name: format!("Agent {i}"),
            model_config: ModelConfig { model: "m".into(), ..Default::default() },
            ..Default::default()
        };
        desk.create_agent(org, agent).await.unwrap();
    }
    assert_eq!(workflows(&desk, org).await, 12);
    let first = desk.list_workflows(org, Default::default()).await.unwrap().items[0].id;
    let run = desk.run_workflow(org, first, RunOptions::default()).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed);
    let status = desk.sync_status(org).await.unwrap();
    assert_eq!((status.connected, status.plan, status.limits), (false, None, None), "{status:?}");
}
