//! Agents through the command surface against a local server speaking the providers' wire
//! formats: calls recorded with tokens, cost and status; memory; tools; JSON answers; budgets;
//! cancellation; and the aiAgent node in a workflow run.

use crate::common;

use common::{by, by_asking, fixture};
use neuroflow_agents::prices;
use neuroflow_app::{AskOptions, Notice, RunOptions};
use neuroflow_testkit::{Behavior, words};
use neuroflow_types::AgentEvent;
use neuroflow_types::*;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_is_recorded_with_tokens_cost_status_and_memory() {
    let f = fixture().await;
    let ada = f
        .agent_with("Ada", "openai", "gpt-4o-mini", |a| {
            a.personality = Personality {
                traits: vec!["warm".into(), "precise".into()],
                tone: "friendly".into(),
                ..Default::default()
            };
            a.memory = MemoryConfig { window_turns: 5, pinned_notes: vec!["Open houses are on Saturdays".into()] };
        })
        .await;
    f.fake.on(
        by_asking("Ada", "Write a greeting"),
        vec![Behavior::slow("Welcome to Acme, dear buyer!", 4, Duration::from_millis(2))],
    );
    let tokens = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&tokens);
    let options = AskOptions {
        on_event: Some(Arc::new(move |e| {
            if let AgentEvent::Token { text } = e {
                seen.lock().unwrap().push(text);
            }
        })),
        ..Default::default()
    };
    let call = f.hub.ask_agent(f.org, ada.id, "Write a greeting", options).await.unwrap();
    assert_eq!(call.status, ExecutionStatus::Completed, "{:?}", call.error);
    assert_eq!(call.output.as_ref().unwrap()["text"], "Welcome to Acme, dear buyer!");
    assert!(tokens.lock().unwrap().len() >= 3, "the answer streamed");
    let request = f.fake.seen().pop().unwrap();
    assert!(
        request.system.contains("You are warm, precise.") && request.system.contains("Your tone is friendly."),
        "{}",
        request.system
    );
    assert!(request.system.contains("- Open houses are on Saturdays"), "pinned notes are in the system prompt");
    let input = neuroflow_testkit::input_tokens(&request);
    assert_eq!((call.tokens_in, call.tokens_out), (input, words("Welcome to Acme, dear buyer!")));
    let price = prices::lookup(&[], "openai", "gpt-4o-mini").unwrap();
    assert_eq!(call.cost_micros, price.cost(call.tokens_in, call.tokens_out), "cost from the price table, exactly");
    assert_eq!((call.provider.as_str(), call.model.as_str()), ("openai", "gpt-4o-mini"));

    // The next question remembers the last conversation.
    f.hub.ask_agent(f.org, ada.id, "And a farewell?", AskOptions::default()).await.unwrap();
    let messages = f.fake.seen().pop().unwrap().messages;
    assert_eq!(messages, ["Write a greeting", "Welcome to Acme, dear buyer!", "And a farewell?"]);

    // A failure is recorded, and the agent shows it.
    f.fake.on(by("Ada"), vec![Behavior::status(404, "The model does not exist")]);
    let failed = f.hub.ask_agent(f.org, ada.id, "Hello?", AskOptions::default()).await.unwrap();
    assert_eq!(failed.status, ExecutionStatus::Failed);
    assert!(failed.error.as_deref().unwrap().starts_with("openai does not know the model 'gpt-4o-mini'"));
    let agent = f.hub.get_agent(f.org, ada.id).await.unwrap();
    assert_eq!((agent.execution_count, agent.status), (3, AgentStatus::Error));
    assert!((agent.success_rate - 2.0 / 3.0).abs() < 1e-9);
    let calls = f
        .hub
        .list_agent_executions(f.org, AgentExecutionFilter { agent_id: Some(ada.id), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(calls.total, 3);
    assert_eq!(agent.cost_micros, calls.items.iter().map(|c| c.cost_micros).sum::<i64>(), "metrics add up");
    assert_eq!(agent.tokens_used, calls.items.iter().map(|c| c.tokens_used).sum::<i64>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_provider_answers_through_an_agent() {
    let f = fixture().await;
    for (name, provider, model) in [
        ("Olive", "openai", "gpt-4o"),
        ("Abe", "anthropic", "claude-sonnet-4-5"),
        ("Gem", "gemini", "gemini-2.5-flash"),
    ] {
        let agent = f.agent(name, provider, model).await;
        f.fake.on(by(name), vec![Behavior::text(format!("{name} here"))]);
        let call = f.hub.ask_agent(f.org, agent.id, "Who is this?", AskOptions::default()).await.unwrap();
        assert_eq!(call.status, ExecutionStatus::Completed, "{provider}: {:?}", call.error);
        assert_eq!(call.output.unwrap()["text"], format!("{name} here"));
        assert_eq!(call.provider, provider);
        let price = prices::lookup(&[], provider, model).unwrap();
        assert!(call.tokens_in > 0 && call.cost_micros == price.cost(call.tokens_in, call.tokens_out), "{provider}");
    }
    // No key, no call: said before anything is sent.
    f.hub.delete_provider(f.org, "gemini").await.unwrap();
    let gem = f.hub.find_agent(f.org, "gem").await.unwrap();
    let err = f.hub.ask_agent(f.org, gem.id, "Hi", AskOptions::default()).await.unwrap_err();
    assert_eq!(err.message, "no API key is saved for Google Gemini; add it in Settings › Providers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tools_are_called_in_a_bounded_loop_and_logged() {
    let f = fixture().await;
    let lookup = json!({ "format": 1, "name": "Listing lookup", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "out", "type": "transform", "data": { "output": { "price": 450000, "address": "{{ input.address }}" } } }
    ], "edges": [{ "id": "e", "source": "t", "target": "out" }] });
    f.hub.import_workflow(f.org, &lookup.to_string()).await.unwrap();
    let rex = f
        .agent_with("Rex", "anthropic", "claude-haiku-4-5", |a| {
            a.capabilities = vec!["current_time".into(), "run_workflow".into()]
        })
        .await;
    f.fake.on(
        by_asking("Rex", "price of 12 Elm"),
        vec![Behavior::ToolCall {
            name: "run_workflow".into(),
            arguments: json!({ "workflow": "Listing lookup", "input": { "address": "12 Elm St" } }),
        }],
    );
    f.fake.on(
        by_asking("Rex", "450000"),
        vec![Behavior::ToolCall { name: "fetch_url".into(), arguments: json!({ "url": "http://127.0.0.1:9/" }) }],
    );
    f.fake.on(by_asking("Rex", "not available"), vec![Behavior::text("12 Elm St is listed at $450,000.")]);
    let call = f.hub.ask_agent(f.org, rex.id, "What is the price of 12 Elm St?", AskOptions::default()).await.unwrap();
    assert_eq!(call.status, ExecutionStatus::Completed, "{:?}", call.error);
    let output = call.output.unwrap();
    assert_eq!(output["text"], "12 Elm St is listed at $450,000.");
    let tools = output["toolCalls"].as_array().unwrap();
    assert_eq!(tools.len(), 2);
    assert_eq!(tools[0]["tool"], "run_workflow");
    assert_eq!(tools[0]["result"], json!({ "price": 450000, "address": "12 Elm St" }));
    assert_eq!(tools[1]["error"], "the tool 'fetch_url' is not available to this agent");
    let runs = f.hub.list_executions(f.org, ExecutionFilter::default()).await.unwrap();
    assert_eq!((runs.total, runs.items[0].trigger), (1, TriggerKind::SubWorkflow), "the workflow really ran");
    assert_eq!(call.tokens_out, 5 + 5 + words("12 Elm St is listed at $450,000."), "three model calls counted");

    // A model that never stops calling tools is stopped.
    f.fake.on(by("Rex"), vec![Behavior::ToolCall { name: "current_time".into(), arguments: json!({}) }]);
    let looping = f.hub.ask_agent(f.org, rex.id, "Loop forever", AskOptions::default()).await.unwrap();
    assert_eq!(looping.status, ExecutionStatus::Failed);
    assert_eq!(looping.error.as_deref(), Some("'Rex' kept calling tools (8 rounds) without answering"));
}

fn agent_workflow(agent: AgentId, schema: Value) -> Value {
    json!({ "format": 1, "name": "Score the lead", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "score", "type": "aiAgent", "data": { "agentId": agent.to_string(), "prompt": "Score lead {{ input.name }}",
          "responseFormat": { "type": "json", "schema": schema }, "overrides": { "temperature": 0, "maxTokens": 50 } } },
        { "id": "reply", "type": "aiAgent", "data": { "agentId": agent.to_string(), "prompt": "Reply to {{ input.name }}, score {{ prev.json.score }}" } }
    ], "edges": [{ "id": "e1", "source": "t", "target": "score" }, { "id": "e2", "source": "score", "target": "reply" }] })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agent_nodes_answer_in_json_add_cost_to_the_run_and_stop_at_its_budget() {
    let f = fixture().await;
    let sam = f.agent("Sam", "gemini", "gemini-2.5-flash").await;
    let schema = json!({ "type": "object", "required": ["score"], "properties": { "score": { "type": "integer" } } });
    let wf = f.hub.import_workflow(f.org, &agent_workflow(sam.id, schema).to_string()).await.unwrap().workflow;
    let scoring =
        |s: &neuroflow_testkit::Seen| s.system.starts_with("You are Sam") && s.messages[0].starts_with("Score lead");
    f.fake.on(scoring, vec![Behavior::text("I think it is high"), Behavior::text("```json\n{\"score\": 91}\n```")]);
    f.fake.on(by_asking("Sam", "Reply to"), vec![Behavior::text("Dear Ada, thanks!")]);
    let input = json!({ "name": "Ada" });
    let run =
        f.hub.run_workflow(f.org, wf.id, RunOptions { input: input.clone(), ..Default::default() }).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    assert_eq!(run.output.as_ref().unwrap()["text"], "Dear Ada, thanks!");
    let detail = f.hub.get_execution(f.org, run.id).await.unwrap();
    let score = detail.steps.iter().find(|s| s.node_id == "score").unwrap();
    assert_eq!(score.output.as_ref().unwrap()["json"], json!({ "score": 91 }), "repaired once, then checked");
    let asked = f.fake.seen();
    assert!(asked.iter().any(|s| s.last_user().contains("That answer cannot be used: the answer is not JSON")));
    assert!(asked.iter().any(|s| s.last_user() == "Reply to Ada, score 91"), "the next node used the JSON");
    let calls = f
        .hub
        .list_agent_executions(
            f.org,
            AgentExecutionFilter { workflow_execution_id: Some(run.id), ..Default::default() },
        )
        .await
        .unwrap();
    assert_eq!(calls.total, 2);
    assert_eq!(
        run.tokens_used,
        calls.items.iter().map(|c| c.tokens_used).sum::<i64>(),
        "the run counts its agents' tokens"
    );
    assert_eq!(run.cost_micros, calls.items.iter().map(|c| c.cost_micros).sum::<i64>());
    assert!(calls.items.iter().all(|c| c.node_id.is_some()));

    // With a budget smaller than the first node's spending, the run stops there, saying why — and
    // the hub tells it (the desktop's notification), with the run's id.
    let mut notices = f.hub.subscribe_notices();
    let budget = Budget { max_tokens: Some(10), max_cost_micros: None };
    let capped = f
        .hub
        .run_workflow(f.org, wf.id, RunOptions { input, budget: Some(budget), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(capped.status, ExecutionStatus::Failed);
    let error = capped.error.unwrap();
    assert!(error.contains("the workflow run reached its budget of 10 tokens"), "{error}");
    assert!(capped.tokens_used > 10, "what was spent is still counted");
    match notices.try_recv() {
        Ok(Notice::BudgetStopped { org, execution_id, message }) => {
            assert_eq!((org, execution_id), (f.org, capped.id));
            assert!(message.contains("reached its budget of 10 tokens"), "{message}");
        }
        other => panic!("expected a budget notice, got {other:?}"),
    }
    assert!(notices.try_recv().is_err(), "one notice for one stop");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_call_mid_stream_records_it_cancelled() {
    let f = fixture().await;
    let slow = f.agent("Slow", "openai", "gpt-4o").await;
    f.fake.on(
        by("Slow"),
        vec![Behavior::slow("one two three four five six seven eight nine ten", 10, Duration::from_millis(100))],
    );
    let cancel = CancellationToken::new();
    let stopper = cancel.clone();
    let options = AskOptions {
        cancel: Some(cancel),
        on_event: Some(Arc::new(move |e| {
            if matches!(e, AgentEvent::Token { .. }) {
                stopper.cancel();
            }
        })),
        ..Default::default()
    };
    let call = f.hub.ask_agent(f.org, slow.id, "Count", options).await.unwrap();
    assert_eq!(call.status, ExecutionStatus::Cancelled);
    let agent = f.hub.get_agent(f.org, slow.id).await.unwrap();
    assert_eq!(agent.status, AgentStatus::Idle, "a cancelled call is not an error");
    tokio::time::timeout(Duration::from_secs(5), async {
        while f.fake.hang_ups() == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the stream was closed");
}
