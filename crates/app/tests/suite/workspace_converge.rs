//! Property test of sync: three desktops make a seeded random sequence of changes — workflows
//! created, edited node by node (the same node on two desktops included), deleted; agents created,
//! renamed, redescribed, deleted — each syncing at random moments with the real workspace service
//! on real PostgreSQL. Once all have synced in turn, the three hold the same workflows (every node's
//! text), each with the same versions saved by people (by the id each has everywhere, read from
//! the desktop's own file), and the same agents. Several seeds run; a failure names its seed
//! (`CONVERGE_SEED` replays one).

use crate::workspace_service::{PASSWORD, Workspace};
use crate::workspace_sync::{Desk, agent, desk, doc, node_text};
use neuroflow_types::*;
use neuroflow_vault::Secret;

/// Changes per seed, across the three desktops.
const STEPS: usize = 150;

/// xorshift64*: replayable from its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

/// What a desktop holds, in a form two desktops can be compared by.
async fn state(hub: &neuroflow_app::Hub, org: OrgId) -> (Vec<String>, Vec<String>) {
    let all = PageRequest::new(MAX_PAGE_SIZE, 0);
    let mut flows = Vec::new();
    for w in hub.list_workflows(org, WorkflowFilter { page: all, ..Default::default() }).await.unwrap().items {
        let wf = hub.get_workflow(org, w.id).await.unwrap();
        let mut nodes: Vec<String> = wf
            .nodes
            .iter()
            .map(|n| format!("{}={}", n.id, serde_json::to_value(&n.data).unwrap()["output"]["text"]))
            .collect();
        nodes.sort();
        flows.push(format!("{} {} [{}] saved {:?}", wf.id, wf.name, nodes.join(", "), saved_versions(hub, org, wf.id)));
    }
    flows.sort();
    let mut agents: Vec<String> = hub
        .list_agents(org, AgentFilter { page: all, ..Default::default() })
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|a| format!("{} {} / {}", a.id, a.name, a.description))
        .collect();
    agents.sort();
    (flows, agents)
}

/// The ids of a workflow's versions saved by people, on any desktop, as this desktop's file holds
/// them (those taken from the workspace's document have none).
fn saved_versions(hub: &neuroflow_app::Hub, org: OrgId, workflow: WorkflowId) -> Vec<String> {
    let file = hub.data_dir().join("orgs").join(org.to_string()).join("org.sqlite");
    let conn = neuroflow_store::open_connection(&file).unwrap();
    let mut stmt =
        conn.prepare("SELECT id FROM workflow_versions WHERE workflow_id = ? AND id IS NOT NULL ORDER BY id").unwrap();
    stmt.query_map([workflow.to_string()], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// One random change on `desk`, named after `step`; describes what it did.
async fn change(rng: &mut Rng, desk: &Desk, org: OrgId, step: usize) -> String {
    let hub = &desk.hub;
    let all = PageRequest::new(MAX_PAGE_SIZE, 0);
    let flows = hub.list_workflows(org, WorkflowFilter { page: all, ..Default::default() }).await.unwrap().items;
    let agents = hub.list_agents(org, AgentFilter { page: all, ..Default::default() }).await.unwrap().items;
    match rng.below(8) {
        0 | 1 => {
            hub.create_workflow(org, doc(&format!("Flow {step}"), "Hi", "Bye")).await.unwrap();
            format!("create Flow {step}")
        }
        2..=4 if !flows.is_empty() => {
            let wf = hub.get_workflow(org, flows[rng.below(flows.len())].id).await.unwrap();
            let (mut hello, mut bye) = (node_text(&wf.nodes, "hello"), node_text(&wf.nodes, "bye"));
            if rng.below(2) == 0 {
                hello = format!("hello {step}");
            } else {
                bye = format!("bye {step}");
            }
            let patch = WorkflowPatch { document: Some(doc(&wf.name, &hello, &bye)), ..Default::default() };
            hub.update_workflow(org, wf.id, patch).await.unwrap();
            format!("edit {}", wf.name)
        }
        5 if !flows.is_empty() => {
            let gone = &flows[rng.below(flows.len())];
            hub.delete_workflow(org, gone.id).await.unwrap();
            format!("delete {}", gone.name)
        }
        6 if !agents.is_empty() => {
            let a = &agents[rng.below(agents.len())];
            let patch = if rng.below(2) == 0 {
                AgentPatch { name: Some(format!("Agent {step}")), ..Default::default() }
            } else {
                AgentPatch { description: Some(format!("said at {step}")), ..Default::default() }
            };
            hub.update_agent(org, a.id, patch).await.unwrap();
            format!("edit agent {}", a.name)
        }
        7 if !agents.is_empty() && rng.below(3) == 0 => {
            let a = &agents[rng.below(agents.len())];
            hub.delete_agent(org, a.id).await.unwrap();
            format!("delete agent {}", a.name)
        }
        _ => {
            hub.create_agent(org, agent(&format!("Agent {step}"))).await.unwrap();
            format!("create Agent {step}")
        }
    }
}

/// Returns how many conflicts (one node changed on two desktops) the syncs met.
async fn converge(ws: &Workspace, email: &str, seed: u64) -> u64 {
    let token = ws.sign_up(email, "Ada").await;
    let desks = [desk().await, desk().await, desk().await];
    let org = desks[0].hub.create_org("Acme Realty").await.unwrap().id;
    ws.create_org(&token, org, "Acme Realty", "ENTERPRISE").await;
    for d in &desks {
        d.hub.workspace_login(&ws.url, email, Secret::new(PASSWORD)).await.unwrap();
    }
    desks[0].hub.connect_org(org).await.unwrap();
    for d in &desks[1..] {
        d.hub.download_org(org).await.unwrap();
    }
    let mut rng = Rng(seed);
    let mut log = Vec::new();
    let mut conflicts = 0;
    for step in 0..STEPS {
        let who = rng.below(desks.len());
        log.push(format!("{who}: {}", change(&mut rng, &desks[who], org, step).await));
        if rng.below(4) == 0 {
            conflicts += desks[who].hub.sync_now(org).await.unwrap().conflicts as u64;
            log.push(format!("{who}: sync"));
        }
    }
    // Everyone syncs in turn, twice round, so each hears what the others sent last.
    for _ in 0..2 {
        for d in &desks {
            conflicts += d.hub.sync_now(org).await.unwrap().conflicts as u64;
        }
    }
    let first = state(&desks[0].hub, org).await;
    assert!(!first.0.is_empty(), "seed {seed}: the sequence left some workflows to compare");
    for (i, d) in desks.iter().enumerate().skip(1) {
        let other = state(&d.hub, org).await;
        assert_eq!(other, first, "seed {seed}: desktop {i} differs from desktop 0 after:\n{}", log.join("\n"));
        let status = d.hub.sync_status(org).await.unwrap();
        assert_eq!(status.pending_changes, 0, "seed {seed}: desktop {i} has changes left: {status:?}");
    }
    conflicts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_desktops_converge_after_random_changes_and_syncs() {
    let ws = Workspace::start().await;
    let seeds: Vec<u64> = match std::env::var("CONVERGE_SEED").ok().and_then(|s| s.parse().ok()) {
        Some(seed) => vec![seed],
        None => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
            (0..8u64).map(|i| (now ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1).collect()
        }
    };
    let mut conflicts = 0;
    for (i, seed) in seeds.iter().enumerate() {
        println!("converge: seed {seed}");
        conflicts += converge(&ws, &format!("ada{i}@acme.io"), *seed).await;
    }
    println!("converge: {conflicts} conflicts met");
    if seeds.len() > 1 {
        assert!(conflicts > 0, "no seed made two desktops change one node: the merge went untested");
    }
}
