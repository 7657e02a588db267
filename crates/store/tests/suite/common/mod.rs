//! Fixtures: a real organization file in a temporary directory.
#![allow(dead_code)]

use neuroflow_store::table::{organizations, workflows};
use neuroflow_store::{Layout, OrgStore};
use neuroflow_types::*;
use std::sync::Arc;
use tempfile::TempDir;

pub struct Org {
    pub dir: TempDir,
    pub store: Arc<OrgStore>,
    pub id: OrgId,
    pub owner: UserId,
}

/// A fresh organization file with its profile and an owner.
pub fn org(name: &str) -> Org {
    let dir = tempfile::tempdir().unwrap();
    org_in(dir, name)
}

pub fn org_in(dir: TempDir, name: &str) -> Org {
    let id = OrgId::new();
    let store = OrgStore::open(&Layout::new(dir.path()).org_db(id), id).unwrap();
    let owner = UserId::new();
    let name = name.to_string();
    store
        .write_blocking(move |c| {
            let t = now();
            organizations::insert_profile(
                c,
                &OrgProfile {
                    id,
                    name: name.clone(),
                    slug: name.to_lowercase(),
                    plan: Plan::Free,
                    created_at: t,
                    updated_at: t,
                },
            )?;
            organizations::insert_user(c, &User { id: owner, name: "Owner".into(), email: None, created_at: t })?;
            organizations::add_member(c, id, owner, MemberRole::Owner)?;
            Ok(())
        })
        .unwrap();
    Org { dir, store, id, owner }
}

pub fn document(name: &str, nodes: usize) -> WorkflowDocument {
    let nodes: Vec<Node> = (0..nodes)
        .map(|i| Node {
            id: format!("n{i}"),
            node_type: if i == 0 { "trigger".into() } else { "transform".into() },
            position: Position { x: i as f64 * 200.0, y: 0.0 },
            data: serde_json::json!({"label": format!("Step {i}")}).as_object().unwrap().clone(),
            extra: JsonMap::new(),
        })
        .collect();
    let edges = (1..nodes.len())
        .map(|i| Edge {
            id: format!("e{i}"),
            source: format!("n{}", i - 1),
            target: format!("n{i}"),
            source_handle: None,
            target_handle: None,
            extra: JsonMap::new(),
        })
        .collect();
    WorkflowDocument {
        format: WORKFLOW_FORMAT,
        name: name.into(),
        description: format!("{name} description"),
        tags: vec![],
        variables: JsonMap::new(),
        nodes,
        edges,
    }
}

/// A stored workflow made from `doc`.
pub fn workflow(org: &Org, doc: WorkflowDocument) -> Workflow {
    let wf = workflow_value(org, doc);
    let stored = wf.clone();
    org.store.write_blocking(move |c| workflows::insert(c, &stored)).unwrap();
    wf
}

/// A workflow record made from `doc`, not stored.
pub fn workflow_value(org: &Org, doc: WorkflowDocument) -> Workflow {
    let t = now();
    Workflow {
        id: WorkflowId::new(),
        organization_id: org.id,
        name: doc.name,
        description: doc.description,
        tags: doc.tags,
        variables: doc.variables,
        nodes: doc.nodes,
        edges: doc.edges,
        is_active: false,
        version: 1,
        published_version: Some(1),
        latest_version: 1,
        execution_count: 0,
        last_executed: None,
        template_id: None,
        created_by: Some(org.owner),
        created_at: t,
        updated_at: t,
    }
}

pub fn agent(org: &Org, name: &str, provider: &str) -> AiAgent {
    let t = now();
    let a = AiAgent {
        id: AgentId::new(),
        organization_id: org.id,
        name: name.into(),
        description: format!("{name} helps"),
        avatar: None,
        personality: Personality::default(),
        model_config: ModelConfig { provider: provider.into(), model: "m".into(), ..Default::default() },
        capabilities: vec![],
        memory: MemoryConfig::default(),
        budget: Budget::default(),
        is_active: true,
        status: AgentStatus::Idle,
        execution_count: 0,
        success_rate: 0.0,
        avg_response_time_ms: 0,
        tokens_used: 0,
        cost_micros: 0,
        created_by: Some(org.owner),
        created_at: t,
        updated_at: t,
    };
    let stored = a.clone();
    org.store.write_blocking(move |c| neuroflow_store::table::agents::insert(c, &stored)).unwrap();
    a
}

pub fn execution(org: &Org, wf: &Workflow, status: ExecutionStatus, started_at: Timestamp) -> WorkflowExecution {
    let e = WorkflowExecution {
        id: ExecutionId::new(),
        organization_id: org.id,
        workflow_id: wf.id,
        workflow_name: wf.name.clone(),
        workflow_version: wf.version,
        status,
        trigger: TriggerKind::Manual,
        trigger_node: Some("n0".into()),
        parent_execution_id: None,
        rerun_of: None,
        rerun_from: None,
        test_run: false,
        started_at,
        completed_at: if status.is_final() { Some(started_at) } else { None },
        duration_ms: if status.is_final() { Some(0) } else { None },
        input: serde_json::json!({}),
        output: None,
        error: None,
        nodes_executed: 0,
        tokens_used: 0,
        cost_micros: 0,
        log_count: 0,
        logs_dropped: 0,
        pinned: false,
    };
    // Recorded the way a run records it: inserted PENDING, moved to RUNNING, closed once.
    use neuroflow_store::table::executions::{self, ExecutionRow, FinishRow, RunTotals};
    let row = ExecutionRow::encode(&WorkflowExecution { status: ExecutionStatus::Pending, ..e.clone() }, None).unwrap();
    let finish = status
        .is_final()
        .then(|| FinishRow::encode(e.id, status, None, None, &started_at, 0, RunTotals::default()).unwrap());
    let (id, running) = (e.id, status != ExecutionStatus::Pending);
    org.store
        .write_blocking(move |c| {
            executions::insert(c, &row, None)?;
            if running {
                executions::mark_running(c, id)?;
            }
            if let Some(finish) = &finish {
                executions::finish(c, finish)?;
            }
            Ok(())
        })
        .unwrap();
    e
}
