//! What our agent runtime adds to a model call, beyond the provider's own latency: the same answer
//! from a local provider (streamed, OpenAI wire format) fetched raw with an HTTP client, through the
//! agent runtime alone (prompt, request, SSE parsing, usage, cost), and through the app as the
//! playground calls it (plus the key from the vault, the agent_executions row from RUNNING to
//! COMPLETED, the agent's status and metrics). And a collaborative team of four members who each
//! take 200 ms: its wall time against the sum of its members' times.

use neuroflow_agents::budget::Meters;
use neuroflow_agents::runtime::{self, Context, Task};
use neuroflow_agents::tools::{BoxFuture, ToolHost};
use neuroflow_agents::{Endpoint, ProviderKind, RetryPolicy};
use neuroflow_app::{AskOptions, Hub};
use neuroflow_testkit::{Behavior, FakeLlm, Wire};
use neuroflow_types::*;
use neuroflow_vault::{Secret, StoreKind};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

const ANSWER: &str = "Thanks for reaching out! The open house is on Saturday at ten.";

pub struct AgentFigures {
    pub raw: Duration,
    pub runtime: Duration,
    pub recorded: Duration,
    pub team_wall: Duration,
    pub team_sum: Duration,
}

struct NoTools;

impl ToolHost for NoTools {
    fn call(
        &self,
        _: &str,
        _: Value,
        _: CancellationToken,
    ) -> BoxFuture<'static, Result<Value, neuroflow_agents::ToolError>> {
        Box::pin(async { Err(neuroflow_agents::ToolError("no tools here".into())) })
    }
}

fn p50(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn timed<F, Fut>(n: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..n / 5 {
        f().await;
    }
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f().await;
        samples.push(t.elapsed());
    }
    p50(samples)
}

pub async fn measure(n: usize) -> AgentFigures {
    let fake = FakeLlm::start().await;
    // Rules are tried newest first: the workers' slow answers before the catch-all.
    fake.on(|_| true, vec![Behavior::text(ANSWER)]);
    fake.on(
        |s| s.system.starts_with("You are Worker"),
        vec![Behavior::slow("My part of the answer.", 2, Duration::from_millis(100))],
    );
    let base = fake.base_url(Wire::OpenAi);

    // The provider's own latency: the raw request, its whole streamed body read, nothing parsed.
    let http = neuroflow_agents::provider::client();
    let body = json!({ "model": "gpt-4o-mini", "stream": true, "stream_options": { "include_usage": true },
        "messages": [{ "role": "system", "content": "You are Ada." }, { "role": "user", "content": "When is the open house?" }] });
    let raw = timed(n, || async {
        let response =
            http.post(format!("{base}/chat/completions")).bearer_auth("sk-bench").json(&body).send().await.unwrap();
        response.bytes().await.unwrap();
    })
    .await;

    let agent = AiAgent {
        id: AgentId::new(),
        organization_id: OrgId::new(),
        name: "Ada".into(),
        description: String::new(),
        avatar: None,
        personality: Personality::default(),
        model_config: ModelConfig { provider: "openai".into(), model: "gpt-4o-mini".into(), ..Default::default() },
        capabilities: Vec::new(),
        memory: MemoryConfig { window_turns: 0, pinned_notes: Vec::new() },
        budget: Budget::default(),
        is_active: true,
        status: AgentStatus::Idle,
        execution_count: 0,
        success_rate: 0.0,
        avg_response_time_ms: 0,
        tokens_used: 0,
        cost_micros: 0,
        created_by: None,
        created_at: now(),
        updated_at: now(),
    };
    let endpoint = Endpoint {
        id: "openai".into(),
        kind: ProviderKind::OpenAi,
        base_url: base.clone(),
        api_key: Some(Secret::new("sk-bench")),
        retry: RetryPolicy::default(),
    };
    let on_event = |_| {};
    let task = Task { prompt: "When is the open house?".into(), ..Task::default() };
    let runtime = timed(n, || async {
        let ctx = Context {
            http: &http,
            endpoint: endpoint.clone(),
            price: neuroflow_agents::prices::lookup(&[], "openai", "gpt-4o-mini"),
            tools: &NoTools,
            meters: Meters::default(),
            cancel: CancellationToken::new(),
            on_event: &on_event,
        };
        let reply = runtime::run(&ctx, &agent, &agent.model_config, &task).await.unwrap();
        assert_eq!(reply.text, ANSWER);
    })
    .await;

    // Through the app, recorded.
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open_as(dir.path().join("data"), "bench").unwrap();
    hub.choose_vault(StoreKind::EncryptedFile, Some(Secret::new("bench passphrase"))).await.unwrap();
    let org = hub.create_org("Bench").await.unwrap().id;
    let mut openai = neuroflow_app::provider_presets().into_iter().find(|p| p.id == "openai").unwrap();
    openai.base_url = base.clone();
    hub.save_provider(org, openai, Some(Secret::new("sk-bench"))).await.unwrap();
    let new = |name: &str| NewAgent {
        name: name.into(),
        model_config: ModelConfig { provider: "openai".into(), model: "gpt-4o-mini".into(), ..Default::default() },
        memory: MemoryConfig { window_turns: 0, pinned_notes: Vec::new() },
        ..Default::default()
    };
    let ada = hub.create_agent(org, new("Ada")).await.unwrap();
    let recorded = timed(n, || async {
        let options = AskOptions { forget: true, ..AskOptions::default() };
        let call = hub.ask_agent(org, ada.id, "When is the open house?", options).await.unwrap();
        assert_eq!(call.status, ExecutionStatus::Completed);
    })
    .await;

    // A collaborative team: four members at once, then the coordinator merges.
    let team = hub
        .create_team(
            org,
            NewTeam {
                name: "Bench team".into(),
                description: String::new(),
                structure: TeamStructure::Collaborative,
                budget: Budget::default(),
            },
        )
        .await
        .unwrap();
    for i in 1..=4 {
        let worker = hub.create_agent(org, new(&format!("Worker {i}"))).await.unwrap();
        hub.set_team_member(org, team.id, worker.id, TeamRole::Worker, i).await.unwrap();
    }
    let coordinator = hub.create_agent(org, new("Coordinator")).await.unwrap();
    hub.set_team_member(org, team.id, coordinator.id, TeamRole::Coordinator, 0).await.unwrap();
    let mut walls = Vec::new();
    let mut sums = Vec::new();
    for _ in 0..5 {
        let run = hub.run_team(org, team.id, "Plan the open house", Default::default()).await.unwrap();
        assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
        let filter = AgentExecutionFilter { team_execution_id: Some(run.id), ..Default::default() };
        let calls = hub.list_agent_executions(org, filter).await.unwrap().items;
        let answers: i64 =
            calls.iter().filter(|c| c.task.starts_with("answer")).map(|c| c.duration_ms.unwrap_or(0)).sum();
        let merge: i64 = calls.iter().filter(|c| c.task.starts_with("merge")).map(|c| c.duration_ms.unwrap_or(0)).sum();
        walls.push(Duration::from_millis(run.duration_ms.unwrap_or(0) as u64));
        sums.push(Duration::from_millis((answers + merge) as u64));
    }
    AgentFigures { raw, runtime, recorded, team_wall: p50(walls), team_sum: p50(sums) }
}
