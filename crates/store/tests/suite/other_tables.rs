//! Agents, teams, agent and team executions, integrations, prices, settings and members:
//! each table's filters, paging, updates and deletes.

use crate::common;

use neuroflow_store::StoreError;
use neuroflow_store::table::{agent_executions, agents, integrations, organizations, prices, team_executions, teams};
use neuroflow_types::*;
use serde_json::json;

#[test]
fn agents_filter_update_and_metrics() {
    let org = common::org("Agents");
    let a = common::agent(&org, "Alice the scorer", "openai");
    let b = common::agent(&org, "Bob", "ollama");
    let _c = common::agent(&org, "Carol", "openai");
    let oid = org.id;
    let list = |f: AgentFilter| org.store.read(|c| agents::list(c, oid, &f)).unwrap();
    assert_eq!(
        list(AgentFilter::default()).items.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["Alice the scorer", "Bob", "Carol"]
    );
    assert_eq!(list(AgentFilter { search: Some("scorer".into()), ..Default::default() }).total, 1);
    assert_eq!(list(AgentFilter { provider: Some("openai".into()), ..Default::default() }).total, 2);
    let page = list(AgentFilter { page: PageRequest::new(1, 1), ..Default::default() });
    assert_eq!((page.total, page.items[0].name.as_str()), (3, "Bob"));

    let bid = b.id;
    let updated = org
        .store
        .write_blocking(move |c| {
            agents::update(
                c,
                oid,
                bid,
                &AgentPatch { is_active: Some(false), description: Some("off".into()), ..Default::default() },
            )
        })
        .unwrap();
    assert!(!updated.is_active);
    assert_eq!(list(AgentFilter { is_active: Some(false), ..Default::default() }).items[0].id, b.id);

    let aid = a.id;
    org.store
        .write_blocking(move |c| {
            agents::set_status(c, oid, aid, AgentStatus::Busy)?;
            agents::record_call(c, oid, aid, true, 100, 50, 30)?;
            agents::record_call(c, oid, aid, false, 300, 10, 5)
        })
        .unwrap();
    assert_eq!(list(AgentFilter { status: Some(AgentStatus::Busy), ..Default::default() }).total, 1);
    let a = org.store.read(|c| agents::get(c, oid, aid)).unwrap();
    assert_eq!((a.execution_count, a.avg_response_time_ms, a.tokens_used, a.cost_micros), (2, 200, 60, 35));
    assert!((a.success_rate - 0.5).abs() < 1e-9);

    org.store.write_blocking(move |c| agents::delete(c, oid, bid)).unwrap();
    assert!(matches!(org.store.read(|c| agents::get(c, oid, bid)), Err(StoreError::NotFound { kind: "agent", .. })));
}

#[test]
fn teams_members_and_team_runs() {
    let org = common::org("Teams");
    let lead = common::agent(&org, "Lead", "openai");
    let w1 = common::agent(&org, "Worker one", "openai");
    let w2 = common::agent(&org, "Worker two", "openai");
    let oid = org.id;
    let t = now();
    let team = AgentTeam {
        id: TeamId::new(),
        organization_id: oid,
        name: "Listing squad".into(),
        description: "writes listings".into(),
        structure: TeamStructure::Hierarchical,
        budget: Budget { max_tokens: Some(1000), max_cost_micros: None },
        is_active: true,
        execution_count: 0,
        member_count: 0,
        created_by: Some(org.owner),
        created_at: t,
        updated_at: t,
    };
    let other = AgentTeam {
        id: TeamId::new(),
        name: "Pipeline crew".into(),
        structure: TeamStructure::Pipeline,
        ..team.clone()
    };
    let (tm, ot) = (team.clone(), other.clone());
    let tid = team.id;
    let (l, a1, a2) = (lead.id, w1.id, w2.id);
    org.store
        .write_blocking(move |c| {
            teams::insert(c, &tm)?;
            teams::insert(c, &ot)?;
            teams::add_member(c, oid, tid, a2, TeamRole::Worker, 2)?;
            teams::add_member(c, oid, tid, l, TeamRole::Leader, 0)?;
            teams::add_member(c, oid, tid, a1, TeamRole::Worker, 1)?;
            Ok(())
        })
        .unwrap();
    let dup =
        org.store.write_blocking(move |c| teams::add_member(c, oid, tid, a1, TeamRole::Specialist, 3)).unwrap_err();
    assert!(matches!(dup, StoreError::Conflict(_)), "an agent is in a team once: {dup}");

    let members = org.store.read(|c| teams::members(c, oid, tid)).unwrap();
    assert_eq!(members.iter().map(|m| m.agent_name.as_str()).collect::<Vec<_>>(), ["Lead", "Worker one", "Worker two"]);
    assert_eq!(members[0].role, TeamRole::Leader);

    org.store.write_blocking(move |c| teams::update_member(c, oid, tid, a2, TeamRole::Specialist, -1)).unwrap();
    let members = org.store.read(|c| teams::members(c, oid, tid)).unwrap();
    assert_eq!((members[0].agent_name.as_str(), members[0].role), ("Worker two", TeamRole::Specialist));
    org.store.write_blocking(move |c| teams::remove_member(c, oid, tid, a2)).unwrap();
    assert_eq!(org.store.read(|c| teams::members(c, oid, tid)).unwrap().len(), 2);

    let list = |f: TeamFilter| org.store.read(|c| teams::list(c, oid, &f)).unwrap();
    assert_eq!(list(TeamFilter::default()).total, 2);
    let counts: Vec<(String, i64)> =
        list(TeamFilter::default()).items.into_iter().map(|t| (t.name, t.member_count)).collect();
    assert_eq!(counts, [("Listing squad".to_string(), 2), ("Pipeline crew".to_string(), 0)], "members counted");
    assert_eq!(
        list(TeamFilter { structure: Some(TeamStructure::Pipeline), ..Default::default() }).items[0].name,
        "Pipeline crew"
    );
    assert_eq!(list(TeamFilter { search: Some("squad".into()), ..Default::default() }).total, 1);
    let renamed = org
        .store
        .write_blocking(move |c| {
            teams::update(c, oid, tid, &TeamPatch { name: Some("Squad".into()), ..Default::default() })
        })
        .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.budget.max_tokens), ("Squad", Some(1000)));

    // A team run with one agent call inside it.
    let run = TeamExecution {
        id: TeamExecutionId::new(),
        organization_id: oid,
        team_id: tid,
        workflow_execution_id: None,
        pattern: TeamStructure::Hierarchical,
        task: "write".into(),
        input: json!({}),
        output: None,
        status: ExecutionStatus::Running,
        started_at: now(),
        completed_at: None,
        duration_ms: None,
        agent_results: vec![],
        tokens_used: 0,
        cost_micros: 0,
        error: None,
    };
    let call = AgentExecution {
        id: AgentExecutionId::new(),
        organization_id: oid,
        agent_id: l,
        workflow_execution_id: None,
        team_execution_id: Some(run.id),
        node_id: None,
        task: "plan".into(),
        input: json!({"task": "write"}),
        output: None,
        status: ExecutionStatus::Running,
        started_at: now(),
        completed_at: None,
        duration_ms: None,
        tokens_in: 0,
        tokens_out: 0,
        tokens_used: 0,
        cost_micros: 0,
        model: "m".into(),
        provider: "openai".into(),
        error: None,
    };
    let (r, ca) = (run.clone(), call.clone());
    let (rid, cid) = (run.id, call.id);
    org.store
        .write_blocking(move |c| {
            team_executions::insert(c, &r, None)?;
            agent_executions::insert(c, &ca, None)?;
            agent_executions::finish(
                c,
                cid,
                &agent_executions::CallOutcome {
                    status: ExecutionStatus::Completed,
                    output: Some(json!({"text": "plan"})),
                    error: None,
                    completed_at: now(),
                    duration_ms: 12,
                    tokens_in: 5,
                    tokens_out: 7,
                    cost_micros: 3,
                    model: "m-2026".into(),
                },
            )?;
            team_executions::set_agent_results(c, rid, &[json!({"agent": "Lead", "output": "plan"})])?;
            team_executions::finish(c, rid, ExecutionStatus::Completed, Some(&json!("done")), None, &now(), 20, 12, 3)?;
            teams::record_run(c, oid, tid)
        })
        .unwrap();
    let run = org.store.read(|c| team_executions::get(c, oid, rid)).unwrap();
    assert_eq!((run.status, run.tokens_used, run.agent_results.len()), (ExecutionStatus::Completed, 12, 1));
    let calls = org
        .store
        .read(|c| {
            agent_executions::list(c, oid, &AgentExecutionFilter { team_execution_id: Some(rid), ..Default::default() })
        })
        .unwrap();
    assert_eq!(calls.total, 1);
    assert_eq!((calls.items[0].tokens_used, calls.items[0].model.as_str()), (12, "m-2026"));
    let none = org
        .store
        .read(|c| agent_executions::list(c, oid, &AgentExecutionFilter { agent_id: Some(a1), ..Default::default() }))
        .unwrap();
    assert_eq!(none.total, 0);
    let by_status = org
        .store
        .read(|c| {
            team_executions::list(
                c,
                oid,
                &TeamExecutionFilter { status: Some(ExecutionStatus::Failed), ..Default::default() },
            )
        })
        .unwrap();
    assert_eq!(by_status.total, 0);
    assert_eq!(org.store.read(|c| teams::get(c, oid, tid)).unwrap().execution_count, 1);

    org.store.write_blocking(move |c| teams::delete(c, oid, tid)).unwrap();
    assert!(org.store.read(|c| team_executions::get(c, oid, rid)).is_err(), "team runs go with their team");
}

#[test]
fn integrations_filter_status_and_credential_refs() {
    let org = common::org("Integrations");
    let oid = org.id;
    let mk = |name: &str, provider| {
        let t = now();
        Integration {
            id: IntegrationId::new(),
            organization_id: oid,
            name: name.into(),
            provider,
            config: json!({"channel": "#leads"}).as_object().unwrap().clone(),
            has_secret: false,
            status: IntegrationStatus::Disconnected,
            last_tested: None,
            last_error: None,
            is_active: true,
            created_by: None,
            created_at: t,
            updated_at: t,
        }
    };
    let slack = mk("Team Slack", IntegrationProvider::Slack);
    let hook = mk("CRM hook", IntegrationProvider::Webhook);
    let (s, h) = (slack.clone(), hook.clone());
    org.store
        .write_blocking(move |c| {
            integrations::insert(c, &s, Some("neuroflow/org/slack"))?;
            integrations::insert(c, &h, None)
        })
        .unwrap();
    let sid = slack.id;
    let got = org.store.read(|c| integrations::get(c, oid, sid)).unwrap();
    assert!(got.has_secret);
    assert_eq!(
        org.store.read(|c| integrations::credential_ref(c, oid, sid)).unwrap().as_deref(),
        Some("neuroflow/org/slack")
    );
    let tested = now();
    org.store
        .write_blocking(move |c| {
            integrations::set_status(c, oid, sid, IntegrationStatus::Error, Some(&tested), Some("invalid token"))
        })
        .unwrap();
    let list = |f: IntegrationFilter| org.store.read(|c| integrations::list(c, oid, &f)).unwrap();
    let errors = list(IntegrationFilter { status: Some(IntegrationStatus::Error), ..Default::default() });
    assert_eq!(errors.items[0].last_error.as_deref(), Some("invalid token"));
    assert_eq!(errors.items[0].last_tested, Some(tested));
    assert_eq!(
        list(IntegrationFilter { provider: Some(IntegrationProvider::Webhook), ..Default::default() }).items[0].name,
        "CRM hook"
    );
    assert_eq!(list(IntegrationFilter { search: Some("slack".into()), ..Default::default() }).total, 1);
    assert_eq!(
        list(IntegrationFilter { page: PageRequest::new(1, 0), ..Default::default() }).items[0].name,
        "CRM hook"
    );
    assert_eq!(org.store.read(|c| integrations::all_credential_refs(c, oid)).unwrap(), ["neuroflow/org/slack"]);

    let hid = hook.id;
    let patched = org
        .store
        .write_blocking(move |c| {
            integrations::update(c, oid, hid, &IntegrationPatch { is_active: Some(false), ..Default::default() })
        })
        .unwrap();
    assert!(!patched.is_active);
    assert_eq!(list(IntegrationFilter { is_active: Some(true), ..Default::default() }).total, 1);
    org.store.write_blocking(move |c| integrations::delete(c, oid, hid)).unwrap();
    assert_eq!(list(IntegrationFilter::default()).total, 1);
}

#[test]
fn prices_settings_and_members() {
    let org = common::org("Misc");
    let oid = org.id;
    let p = prices::PriceRow {
        provider: "openai".into(),
        model: "gpt-4o-mini".into(),
        input_per_mtok: 150_000,
        output_per_mtok: 600_000,
    };
    let p2 = prices::PriceRow { input_per_mtok: 100_000, ..p.clone() };
    org.store
        .write_blocking(move |c| {
            prices::upsert(c, oid, &p)?;
            prices::upsert(c, oid, &p2)
        })
        .unwrap();
    let rows = org.store.read(|c| prices::list(c, oid)).unwrap();
    assert_eq!((rows.len(), rows[0].input_per_mtok), (1, 100_000));
    org.store.write_blocking(move |c| prices::delete(c, oid, "openai", "gpt-4o-mini")).unwrap();
    assert!(org.store.read(|c| prices::list(c, oid)).unwrap().is_empty());

    org.store.write_blocking(move |c| organizations::put_setting(c, oid, "theme", &json!("dark"))).unwrap();
    org.store.write_blocking(move |c| organizations::put_setting(c, oid, "theme", &json!("light"))).unwrap();
    let s = org.store.read(|c| organizations::get_setting(c, oid, "theme")).unwrap().unwrap();
    assert_eq!(s.value, json!("light"));
    assert_eq!(org.store.read(|c| organizations::list_settings(c, oid)).unwrap().len(), 1);
    org.store.write_blocking(move |c| organizations::delete_setting(c, oid, "theme")).unwrap();
    assert!(org.store.read(|c| organizations::get_setting(c, oid, "theme")).unwrap().is_none());

    let members = org.store.read(|c| organizations::list_members(c, oid)).unwrap();
    assert_eq!((members.len(), members[0].role, members[0].user_name.as_str()), (1, MemberRole::Owner, "Owner"));
    assert_eq!(org.store.read(|c| organizations::local_owner(c, oid)).unwrap(), Some(org.owner));
    let owner = org.owner;
    let again =
        org.store.write_blocking(move |c| organizations::add_member(c, oid, owner, MemberRole::Viewer)).unwrap_err();
    assert!(matches!(again, StoreError::Conflict(_)));
    let mid = members[0].id;
    org.store.write_blocking(move |c| organizations::set_member_role(c, oid, mid, MemberRole::Admin)).unwrap();
    assert_eq!(org.store.read(|c| organizations::list_members(c, oid)).unwrap()[0].role, MemberRole::Admin);
    let profile = org.store.read(|c| organizations::get_profile(c, oid)).unwrap();
    assert_eq!((profile.name.as_str(), profile.plan), ("Misc", Plan::Free));
}
