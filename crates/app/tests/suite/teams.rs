//! The four team structures end to end against a local model server: who was asked what, in which
//! order, what was recorded (team_executions with every contribution, one agent_executions row per
//! member call), that concurrent members really ran at once, and the checks made before any call.

use crate::common;

use common::{by_asking, fixture};
use neuroflow_app::TeamRunOptions;
use neuroflow_testkit::Behavior;
use neuroflow_types::TeamEvent;
use neuroflow_types::*;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn member_calls(f: &common::Fixture, run: &TeamExecution) -> Vec<AgentExecution> {
    let filter = AgentExecutionFilter { team_execution_id: Some(run.id), ..Default::default() };
    f.hub.list_agent_executions(f.org, filter).await.unwrap().items
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipeline_passes_each_output_to_the_next_member_in_priority_order() {
    let f = fixture().await;
    let (a, b, c) = (
        f.agent("Writer", "openai", "gpt-4o-mini").await,
        f.agent("Editor", "anthropic", "claude-haiku-4-5").await,
        f.agent("Checker", "gemini", "gemini-2.5-flash").await,
    );
    let team = f
        .team(
            "Listing desk",
            TeamStructure::Pipeline,
            &[(&c, TeamRole::Specialist, 3), (&a, TeamRole::Worker, 1), (&b, TeamRole::Worker, 2)],
        )
        .await;
    f.fake.on(by_asking("Writer", "Task:"), vec![Behavior::text("Draft: sunny 3-bed home")]);
    f.fake.on(by_asking("Editor", "Draft: sunny"), vec![Behavior::text("Edited: Sunny three-bedroom home")]);
    f.fake.on(
        by_asking("Checker", "Edited: Sunny"),
        vec![Behavior::text("Final: Sunny three-bedroom home near the park")],
    );
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&events);
    let options =
        TeamRunOptions { on_event: Some(Arc::new(move |e| sink.lock().unwrap().push(e))), ..Default::default() };
    let run = f.hub.run_team(f.org, team.id, "Describe 12 Elm St", options).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    assert_eq!(run.output.as_ref().unwrap()["result"], "Final: Sunny three-bedroom home near the park");
    let phases: Vec<(&str, &str)> =
        run.agent_results.iter().map(|r| (r["agentName"].as_str().unwrap(), r["phase"].as_str().unwrap())).collect();
    assert_eq!(phases, [("Writer", "step 1"), ("Editor", "step 2"), ("Checker", "step 3")]);
    let calls = member_calls(&f, &run).await;
    assert_eq!(calls.len(), 3, "one agent_executions row per member call");
    let mut tasks: Vec<&str> = calls.iter().map(|c| c.task.as_str()).collect();
    tasks.sort();
    assert_eq!(tasks, ["step 1: Describe 12 Elm St", "step 2: Describe 12 Elm St", "step 3: Describe 12 Elm St"]);
    assert!(
        calls.iter().all(|c| run
            .agent_results
            .iter()
            .any(|r| r["durationMs"].as_u64().is_some() && r["agentId"] == json!(c.agent_id))),
        "each contribution says how long it took"
    );
    assert_eq!(run.tokens_used, calls.iter().map(|c| c.tokens_used).sum::<i64>());
    assert_eq!(run.cost_micros, calls.iter().map(|c| c.cost_micros).sum::<i64>());
    let stored = f.hub.get_team_execution(f.org, run.id).await.unwrap();
    assert_eq!(stored.agent_results, run.agent_results, "the record is what was returned");
    let events = events.lock().unwrap();
    assert!(
        matches!(events.first(), Some(TeamEvent::Started { .. }))
            && matches!(events.last(), Some(TeamEvent::Finished { .. }))
    );
    assert_eq!(
        events.iter().filter(|e| matches!(e, TeamEvent::Contribution { .. })).count(),
        3,
        "each contribution as it arrived"
    );
    assert!(events.iter().any(|e| matches!(e, TeamEvent::MemberToken { .. })), "members' answers streamed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hierarchical_leader_delegates_to_members_who_work_at_once() {
    let f = fixture().await;
    let lead = f.agent("Lena", "openai", "gpt-4o").await;
    let (bo, cy) = (f.agent("Bo", "openai", "gpt-4o-mini").await, f.agent("Cy", "anthropic", "claude-haiku-4-5").await);
    let team = f
        .team(
            "Listing team",
            TeamStructure::Hierarchical,
            &[(&bo, TeamRole::Worker, 1), (&lead, TeamRole::Leader, 0), (&cy, TeamRole::Specialist, 2)],
        )
        .await;
    let plan = json!({ "subtasks": [
        { "member": "Bo", "task": "Price 12 Elm St" }, { "member": "cy", "task": "Describe 12 Elm St" },
        { "member": "Zed", "task": "Hack the MLS" } ] });
    f.fake.on(by_asking("Lena", "Split the task"), vec![Behavior::text(plan.to_string())]);
    f.fake.on(by_asking("Bo", "Price 12 Elm"), vec![Behavior::slow("$450,000", 2, Duration::from_millis(300))]);
    f.fake.on(by_asking("Cy", "Describe 12 Elm"), vec![Behavior::slow("A sunny home", 2, Duration::from_millis(300))]);
    f.fake.on(by_asking("Lena", "Combine them"), vec![Behavior::text("12 Elm St: a sunny home at $450,000")]);
    let run =
        f.hub.run_team(f.org, team.id, "Prepare the listing for 12 Elm St", TeamRunOptions::default()).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    assert_eq!(run.output.as_ref().unwrap()["result"], "12 Elm St: a sunny home at $450,000");
    let delegation = run.agent_results.iter().find(|r| r["phase"] == "delegation").unwrap();
    let to: Vec<&str> =
        delegation["delegations"].as_array().unwrap().iter().map(|d| d["agentName"].as_str().unwrap()).collect();
    assert_eq!(to, ["Bo", "Cy"], "delegated only to the team's members");
    assert_eq!(delegation["refused"][0]["member"], "Zed", "a delegation to a stranger is refused, visibly");
    assert!(f.fake.max_in_flight() >= 2, "the members worked at the same time");
    let combine = f.fake.seen().into_iter().find(|s| s.last_user().contains("Combine them")).unwrap();
    assert!(combine.last_user().contains("### Bo — Price 12 Elm St\n$450,000"), "the leader saw each result");
    assert_eq!(member_calls(&f, &run).await.len(), 4, "plan, two subtasks, combine");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_collaborative_team_answers_at_once_and_the_coordinator_merges() {
    let f = fixture().await;
    let workers: Vec<AiAgent> = futures_join(&f, &["Ann", "Ben", "Cat"]).await;
    let coord = f.agent("Coco", "openai", "gpt-4o").await;
    let members: Vec<(&AiAgent, TeamRole, i32)> =
        workers.iter().map(|a| (a, TeamRole::Worker, 1)).chain([(&coord, TeamRole::Coordinator, 0)]).collect();
    let team = f.team("Brainstorm", TeamStructure::Collaborative, &members).await;
    for name in ["Ann", "Ben", "Cat"] {
        f.fake.on(
            by_asking(name, "Task:"),
            vec![Behavior::slow(format!("{name}'s idea"), 2, Duration::from_millis(250))],
        );
    }
    f.fake.on(by_asking("Coco", "Merge them"), vec![Behavior::text("Merged ideas")]);
    let run = f.hub.run_team(f.org, team.id, "Name the open house", TeamRunOptions::default()).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    assert_eq!(run.output.as_ref().unwrap()["result"], "Merged ideas");
    assert_eq!(f.fake.max_in_flight(), 3, "all three members answered at once");
    let merge = f.fake.seen().into_iter().find(|s| s.last_user().contains("Merge them")).unwrap();
    assert!(["Ann's idea", "Ben's idea", "Cat's idea"].iter().all(|i| merge.last_user().contains(i)));
}

async fn futures_join(f: &common::Fixture, names: &[&str]) -> Vec<AiAgent> {
    let mut all = Vec::new();
    for n in names {
        all.push(f.agent(n, "openai", "gpt-4o-mini").await);
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_democratic_team_votes_and_ties_go_to_priority() {
    let f = fixture().await;
    let agents = futures_join(&f, &["Uma", "Vic", "Wes"]).await;
    let members: Vec<(&AiAgent, TeamRole, i32)> =
        agents.iter().enumerate().map(|(i, a)| (a, TeamRole::Worker, i as i32)).collect();
    let team = f.team("Council", TeamStructure::Democratic, &members).await;
    for name in ["Uma", "Vic", "Wes"] {
        f.fake.on(by_asking(name, "Propose your answer"), vec![Behavior::text(format!("Plan of {name}"))]);
    }
    let vote = |n: u64, why: &str| Behavior::text(json!({ "vote": n, "reason": why }).to_string());
    f.fake.on(by_asking("Uma", "Vote for the best"), vec![vote(2, "bold"), vote(1, "mine")]);
    f.fake.on(by_asking("Vic", "Vote for the best"), vec![vote(2, "mine"), vote(2, "mine")]);
    f.fake.on(by_asking("Wes", "Vote for the best"), vec![vote(1, "safe"), vote(9, "none fit")]);
    let run = f.hub.run_team(f.org, team.id, "Choose the price strategy", TeamRunOptions::default()).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    let out = run.output.as_ref().unwrap();
    assert_eq!((out["result"].as_str(), out["winner"]["votes"].as_u64()), (Some("Plan of Vic"), Some(2)));
    assert_eq!(
        out["votes"][0],
        json!({ "voter": "Uma", "proposal": 2, "for": "Vic", "reason": "bold", "abstained": false })
    );
    assert_eq!(out["tieBrokenByPriority"], false);

    // 1 vote each for Uma's and Vic's plans, one invalid ballot: the tie goes to Uma (priority 0).
    let tie = f.hub.run_team(f.org, team.id, "Choose again", TeamRunOptions::default()).await.unwrap();
    let out = tie.output.as_ref().unwrap();
    assert_eq!((out["result"].as_str(), out["tieBrokenByPriority"].as_bool()), (Some("Plan of Uma"), Some(true)));
    assert_eq!(out["votes"][2]["abstained"], true, "a vote for no proposal counts for none");
    assert_eq!(member_calls(&f, &tie).await.len(), 6, "three proposals, three votes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_that_cannot_work_is_refused_before_any_call() {
    let f = fixture().await;
    let (a, b) = (f.agent("Ann", "openai", "gpt-4o-mini").await, f.agent("Ben", "openai", "gpt-4o-mini").await);
    let empty = f.team("Empty", TeamStructure::Pipeline, &[]).await;
    let leaderless = f
        .team("Leaderless", TeamStructure::Hierarchical, &[(&a, TeamRole::Worker, 0), (&b, TeamRole::Worker, 1)])
        .await;
    let merger = f
        .team("No merger", TeamStructure::Collaborative, &[(&a, TeamRole::Worker, 0), (&b, TeamRole::Worker, 1)])
        .await;
    let off = f.team("Off", TeamStructure::Pipeline, &[(&a, TeamRole::Worker, 0), (&b, TeamRole::Worker, 1)]).await;
    let refuse = |team: TeamId, message: &'static str| {
        let hub = f.hub.clone();
        let org = f.org;
        async move {
            let err = hub.run_team(org, team, "anything", TeamRunOptions::default()).await.unwrap_err();
            assert_eq!((err.code, err.message.as_str()), (ErrorCode::InvalidInput, message));
        }
    };
    refuse(empty.id, "team 'Empty' has no members; add at least one").await;
    refuse(leaderless.id, "hierarchical team 'Leaderless' needs a leader: give one member the LEADER role").await;
    f.hub.update_agent(f.org, b.id, AgentPatch { is_active: Some(false), ..Default::default() }).await.unwrap();
    refuse(off.id, "in team 'Off', 'Ben' is turned off; turn it on or remove it from the team").await;
    f.hub.update_agent(f.org, b.id, AgentPatch { is_active: Some(true), ..Default::default() }).await.unwrap();
    let err = f.hub.run_team(f.org, merger.id, "anything", TeamRunOptions::default()).await.unwrap_err();
    assert_eq!(err.message, "collaborative team 'No merger' needs a COORDINATOR (or a LEADER) to merge the answers");
    assert!(f.fake.seen().is_empty(), "no model was called");
    let runs = f.hub.list_team_executions(f.org, TeamExecutionFilter::default()).await.unwrap();
    assert_eq!(runs.total, 0, "and nothing was recorded");
}
