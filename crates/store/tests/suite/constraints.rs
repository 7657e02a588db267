//! The CHECK constraints reject a value outside each enum and text that is not valid JSON, and
//! accept every value the Rust enums can produce.

use crate::common;

use neuroflow_store::StoreError;
use neuroflow_types::*;

/// One row of each table, so that updates can probe each column's constraint.
fn seed(org: &common::Org) -> (String, String, String, String, String, String, String) {
    let wf = common::workflow(org, common::document("Seed", 2));
    let agent = common::agent(org, "Seed agent", "openai");
    let exec = common::execution(org, &wf, ExecutionStatus::Running, now());
    let team = TeamId::new();
    let integration = IntegrationId::new();
    let template = TemplateId::new();
    let agent_exec = AgentExecutionId::new();
    let (o, a, e) = (org.id.to_string(), agent.id.to_string(), exec.id.to_string());
    let (t, i, tp, ae) = (team.to_string(), integration.to_string(), template.to_string(), agent_exec.to_string());
    let (t2, i2, tp2, ae2) = (t.clone(), i.clone(), tp.clone(), ae.clone());
    org.store
        .write_blocking(move |c| {
            c.execute(
                "INSERT INTO agent_teams (id, organization_id, name, structure, created_at, updated_at)
                 VALUES (?1, ?2, 'T', 'PIPELINE', 'x', 'x')",
                [&t2, &o],
            )?;
            c.execute(
                "INSERT INTO team_members (id, organization_id, team_id, agent_id, role, joined_at)
                 VALUES ('m1', ?1, ?2, ?3, 'WORKER', 'x')",
                [&o, &t2, &a],
            )?;
            c.execute(
                "INSERT INTO integrations (id, organization_id, name, provider, created_at, updated_at)
                 VALUES (?1, ?2, 'I', 'SLACK', 'x', 'x')",
                [&i2, &o],
            )?;
            c.execute(
                "INSERT INTO workflow_templates (id, organization_id, name, category, difficulty, document, created_at,
                    updated_at) VALUES (?1, ?2, 'Tp', 'SALES', 'BEGINNER', '{}', 'x', 'x')",
                [&tp2, &o],
            )?;
            c.execute(
                "INSERT INTO team_executions (id, organization_id, team_id, pattern, task, status, started_at)
                 VALUES ('te1', ?1, ?2, 'PIPELINE', 'task', 'RUNNING', 'x')",
                [&o, &t2],
            )?;
            c.execute(
                "INSERT INTO agent_executions (id, organization_id, agent_id, task, status, started_at, model, provider)
                 VALUES (?1, ?2, ?3, 'task', 'RUNNING', 'x', 'm', 'p')",
                [&ae2, &o, &a],
            )?;
            Ok(())
        })
        .unwrap();
    (wf.id.to_string(), agent.id.to_string(), e, t, i, tp, ae)
}

fn set(org: &common::Org, table: &str, column: &str, id: &str, value: &str) -> Result<(), StoreError> {
    let sql = format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2");
    let (id, value) = (id.to_string(), value.to_string());
    org.store.write_blocking(move |c| {
        let changed = c.execute(&sql, [&value, &id])?;
        assert_eq!(changed, 1, "the probe row exists");
        Ok(())
    })
}

fn assert_rejected(result: Result<(), StoreError>, what: &str) {
    let err = result.expect_err(what);
    assert!(err.is_constraint(), "{what}: expected a constraint violation, got {err}");
}

#[test]
fn enum_columns_accept_every_variant_and_reject_anything_else() {
    let org = common::org("Enums");
    let (_wf, agent, exec, team, integration, template, agent_exec) = seed(&org);
    let all = |values: &[&'static str]| values.to_vec();
    let cases: Vec<(&str, &str, &str, Vec<&str>)> = vec![
        ("ai_agents", "status", &agent, all(&AgentStatus::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>())),
        ("agent_teams", "structure", &team, TeamStructure::ALL.iter().map(|v| v.as_str()).collect()),
        ("team_members", "role", "m1", TeamRole::ALL.iter().map(|v| v.as_str()).collect()),
        ("integrations", "status", &integration, IntegrationStatus::ALL.iter().map(|v| v.as_str()).collect()),
        ("integrations", "provider", &integration, IntegrationProvider::ALL.iter().map(|v| v.as_str()).collect()),
        ("workflow_templates", "category", &template, TemplateCategory::ALL.iter().map(|v| v.as_str()).collect()),
        ("workflow_templates", "difficulty", &template, DifficultyLevel::ALL.iter().map(|v| v.as_str()).collect()),
        ("team_executions", "pattern", "te1", TeamStructure::ALL.iter().map(|v| v.as_str()).collect()),
        ("agent_executions", "status", &agent_exec, vec!["PENDING", "RUNNING"]),
        ("team_executions", "status", "te1", vec!["PENDING", "RUNNING"]),
        ("workflow_executions", "status", &exec, vec!["PENDING", "RUNNING"]),
        ("workflow_executions", "trigger_kind", &exec, TriggerKind::ALL.iter().map(|v| v.as_str()).collect()),
    ];
    for (table, column, id, values) in cases {
        for value in values {
            set(&org, table, column, id, value).unwrap_or_else(|e| panic!("{table}.{column} = {value}: {e}"));
        }
        assert_rejected(set(&org, table, column, id, "BOGUS"), &format!("{table}.{column} = BOGUS"));
        assert_rejected(set(&org, table, column, id, "idle"), &format!("{table}.{column} is case-sensitive"));
    }
    // The final statuses need completed_at, which the table insists on.
    assert_rejected(set(&org, "workflow_executions", "status", &exec, "COMPLETED"), "completed without completed_at");
}

#[test]
fn json_columns_reject_invalid_json_and_the_wrong_shape() {
    let org = common::org("Json");
    let (wf, agent, exec, team, integration, template, _agent_exec) = seed(&org);
    let cases: Vec<(&str, &str, &str)> = vec![
        ("automation_workflows", "nodes", &wf),
        ("automation_workflows", "edges", &wf),
        ("automation_workflows", "variables", &wf),
        ("automation_workflows", "tags", &wf),
        ("ai_agents", "personality", &agent),
        ("ai_agents", "model_config", &agent),
        ("ai_agents", "capabilities", &agent),
        ("ai_agents", "memory", &agent),
        ("agent_teams", "budget", &team),
        ("workflow_executions", "input", &exec),
        ("workflow_executions", "output", &exec),
        ("team_executions", "agent_results", "te1"),
        ("integrations", "config", &integration),
        ("workflow_templates", "document", &template),
    ];
    for (table, column, id) in cases {
        assert_rejected(set(&org, table, column, id, "{not json"), &format!("{table}.{column} = '{{not json'"));
    }
    // Shapes: nodes must be an array, config an object.
    assert_rejected(set(&org, "automation_workflows", "nodes", &wf, "{}"), "nodes as an object");
    assert_rejected(set(&org, "integrations", "config", &integration, "[]"), "config as an array");
    set(&org, "automation_workflows", "variables", &wf, r#"{"threshold": 80}"#).unwrap();
}

#[test]
fn booleans_counts_and_names_are_checked() {
    let org = common::org("Checks");
    let (wf, agent, ..) = seed(&org);
    assert_rejected(set(&org, "automation_workflows", "is_active", &wf, "2"), "is_active = 2");
    assert_rejected(set(&org, "automation_workflows", "name", &wf, "   "), "a blank name");
    assert_rejected(set(&org, "ai_agents", "execution_count", &agent, "-1"), "a negative count");
}
