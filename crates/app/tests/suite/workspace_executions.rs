//! A team run on a connected desktop is pushed to the workspace for the organization's analytics:
//! the team's execution and each member's agent call arrive in PostgreSQL with their tokens and
//! cost, and none of them comes back to a desktop (they are pushed only).

use crate::common::{by_asking, fixture};
use crate::workspace_service::{PASSWORD, Workspace};
use neuroflow_app::TeamRunOptions;
use neuroflow_testkit::Behavior;
use neuroflow_types::*;
use neuroflow_vault::Secret;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_run_and_its_agent_calls_reach_the_workspace() {
    let f = fixture().await;
    let ws = Workspace::start().await;
    let token = ws.sign_up("una@acme.io", "Una").await;
    ws.create_org(&token, f.org, "Acme Realty", "ENTERPRISE").await;
    f.hub.workspace_login(&ws.url, "una@acme.io", Secret::new(PASSWORD)).await.unwrap();
    f.hub.connect_org(f.org).await.unwrap();

    let writer = f.agent("Writer", "openai", "gpt-4o-mini").await;
    let editor = f.agent("Editor", "anthropic", "claude-3-5-haiku").await;
    let team = f
        .team(
            "Listing desk",
            TeamStructure::Pipeline,
            &[(&writer, TeamRole::Worker, 0), (&editor, TeamRole::Worker, 1)],
        )
        .await;
    f.fake.on(by_asking("Writer", "Task:"), vec![Behavior::text("Draft: sunny 3-bed home")]);
    f.fake.on(by_asking("Editor", "Draft: sunny"), vec![Behavior::text("Edited: Sunny three-bedroom home")]);
    let run = f.hub.run_team(f.org, team.id, "Describe 12 Elm St", TeamRunOptions::default()).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{run:?}");
    f.hub.sync_now(f.org).await.unwrap();

    let org = f.org;
    let teams = ws.owner_sql(&format!(
        "SELECT count(*) || ' ' || min(status) FROM team_executions WHERE organization_id = '{org}' AND id = '{}'",
        run.id
    ));
    assert_eq!(teams.trim(), "1 COMPLETED");
    let calls = ws.owner_sql(&format!(
        "SELECT count(*) || ' ' || bool_and(tokens_used > 0) FROM agent_executions WHERE organization_id = '{org}'"
    ));
    assert_eq!(calls.trim(), "2 true", "each member's call, with its tokens");
    let s = f.hub.sync_status(org).await.unwrap();
    assert_eq!((s.pending_changes, s.rejected_changes), (0, 0), "{s:?}");
}
