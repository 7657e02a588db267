//! Every provider's wire format against a local server that speaks it: streamed text and usage,
//! tool calls, and every failure — a bad key, an unknown model, rate limits (with Retry-After),
//! outages, a conversation too long, a stream cut short, malformed JSON — plus cancellation in the
//! middle of a stream.

use neuroflow_agents::provider::{self, ChatRequest, Message, ToolSpec};
use neuroflow_agents::{AnswerFormat, Endpoint, ErrorKind, ProviderKind, RetryPolicy, Usage};
use neuroflow_testkit::{Behavior, FakeLlm, Wire, words};
use neuroflow_vault::Secret;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

const WIRES: [(Wire, ProviderKind, &str); 3] = [
    (Wire::OpenAi, ProviderKind::OpenAi, "openai"),
    (Wire::Anthropic, ProviderKind::Anthropic, "anthropic"),
    (Wire::Gemini, ProviderKind::Gemini, "gemini"),
];

fn endpoint(fake: &FakeLlm, wire: Wire, kind: ProviderKind, id: &str) -> Endpoint {
    Endpoint {
        id: id.into(),
        kind,
        base_url: fake.base_url(wire),
        api_key: Some(Secret::new("sk-test")),
        retry: RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(100),
        },
    }
}

fn request(model: &str, prompt: &str) -> ChatRequest {
    ChatRequest {
        model: model.into(),
        system: Some("You are terse.".into()),
        messages: vec![Message::user(prompt)],
        temperature: Some(0.2),
        max_tokens: Some(200),
        top_p: None,
        frequency_penalty: None,
        presence_penalty: None,
        stop: Vec::new(),
        tools: Vec::new(),
        format: AnswerFormat::Text,
        timeout: Duration::from_secs(20),
    }
}

async fn call(e: &Endpoint, req: &ChatRequest) -> (Result<provider::ChatResponse, provider::CallFailure>, Vec<String>) {
    let mut tokens = Vec::new();
    let http = provider::client();
    let outcome =
        provider::complete(&http, e, req, &mut |t| tokens.push(t.to_string()), &CancellationToken::new()).await;
    (outcome, tokens)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_provider_streams_text_with_usage_and_calls_tools() {
    let fake = FakeLlm::start().await;
    fake.require_key("sk-test");
    fake.on(|s| s.last_user() == "Say hello", vec![Behavior::slow("Hello there, Ada!", 4, Duration::from_millis(5))]);
    fake.on(
        |s| s.last_user() == "What time is it?",
        vec![Behavior::ToolCall { name: "current_time".into(), arguments: json!({ "timezone": "Europe/Paris" }) }],
    );
    for (wire, kind, id) in WIRES {
        let e = endpoint(&fake, wire, kind, id);
        let (outcome, tokens) = call(&e, &request("model-a", "Say hello")).await;
        let reply = outcome.unwrap_or_else(|f| panic!("{id}: {}", f.error));
        assert_eq!(reply.text, "Hello there, Ada!", "{id}");
        assert_eq!(tokens.concat(), "Hello there, Ada!", "{id}: streamed as it came");
        assert!(tokens.len() >= 3, "{id}: in several pieces, not at once: {tokens:?}");
        // The fake counts words: 3 in the system prompt and the message ("You are terse." "Say hello" = 5).
        assert_eq!(reply.usage, Usage { input_tokens: 5, output_tokens: words("Hello there, Ada!") }, "{id}");

        let mut tooled = request("model-a", "What time is it?");
        tooled.tools.push(ToolSpec {
            name: "current_time".into(),
            description: "now".into(),
            parameters: json!({ "type": "object" }),
        });
        let (outcome, _) = call(&e, &tooled).await;
        let reply = outcome.unwrap();
        assert_eq!(reply.tool_calls.len(), 1, "{id}");
        assert_eq!(reply.tool_calls[0].name, "current_time");
        assert_eq!(reply.tool_calls[0].arguments, json!({ "timezone": "Europe/Paris" }), "{id}: arguments reassembled");
    }
    let seen = fake.seen();
    assert!(seen.iter().all(|s| s.key.as_deref() == Some("sk-test")), "each provider's way of sending the key");
    assert!(seen.iter().filter(|s| s.last_user() == "What time is it?").all(|s| s.tools == ["current_time"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_told_in_plain_words() {
    let fake = FakeLlm::start().await;
    fake.on(|s| s.model == "missing", vec![Behavior::status(404, "The model does not exist")]);
    fake.on(|s| s.model == "down", vec![Behavior::status(503, "upstream unavailable")]);
    fake.on(|s| s.model == "long", vec![Behavior::status(400, "This model's maximum context length is 8192 tokens")]);
    fake.on(|s| s.model == "cut", vec![Behavior::CutShort { text: "The answer is forty".into() }]);
    fake.on(|s| s.model == "garbled", vec![Behavior::Malformed]);
    for (wire, kind, id) in WIRES {
        let e = endpoint(&fake, wire, kind, id);
        let kind_of = |model: &str| {
            let req = request(model, "hi");
            let e = e.clone();
            async move { call(&e, &req).await.0.unwrap_err() }
        };
        let missing = kind_of("missing").await;
        assert_eq!(missing.error.kind, ErrorKind::UnknownModel, "{id}: {}", missing.error);
        assert!(
            missing.error.message.starts_with(&format!("{id} does not know the model 'missing'")),
            "{}",
            missing.error
        );
        let down = kind_of("down").await;
        assert_eq!(down.error.kind, ErrorKind::Unavailable, "{id}");
        assert!(down.error.message.ends_with("(after 2 retries)"), "{id}: retried: {}", down.error);
        assert_eq!(kind_of("long").await.error.kind, ErrorKind::ContextTooLong, "{id}");
        let cut = kind_of("cut").await;
        assert_eq!(cut.error.kind, ErrorKind::CutOff, "{id}: {}", cut.error);
        let garbled = kind_of("garbled").await;
        assert_eq!(garbled.error.kind, ErrorKind::Malformed, "{id}");
        assert!(
            !garbled.error.message.contains("expected"),
            "{id}: not a raw deserialization error: {}",
            garbled.error
        );

        let mut wrong = e.clone();
        wrong.api_key = Some(Secret::new("sk-wrong"));
        fake.require_key("sk-test");
        let refused = call(&wrong, &request("model-a", "hi")).await.0.unwrap_err();
        assert_eq!(refused.error.kind, ErrorKind::BadKey, "{id}");
        assert_eq!(refused.error.status, Some(401));
        assert!(!refused.error.message.contains("sk-wrong"), "the key is never repeated");
        fake.accept_any_key();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_are_retried_after_the_time_the_provider_asks() {
    let fake = FakeLlm::start().await;
    let busy = Behavior::Status { code: 429, message: "Rate limit reached".into(), retry_after: Some(1) };
    fake.on(|s| s.model == "busy", vec![busy.clone(), Behavior::text("finally")]);
    fake.on(|s| s.model == "always-busy", vec![busy]);
    let e = endpoint(&fake, Wire::OpenAi, ProviderKind::OpenAi, "openai");
    let started = Instant::now();
    let reply = call(&e, &request("busy", "hi")).await.0.unwrap();
    assert_eq!(reply.text, "finally");
    assert!(started.elapsed() >= Duration::from_millis(950), "waited the second Retry-After asked for");
    let mut once = e.clone();
    once.retry.max_retries = 0;
    let err = call(&once, &request("always-busy", "hi")).await.0.unwrap_err();
    assert_eq!((err.error.kind, err.error.status), (ErrorKind::RateLimited, Some(429)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_mid_stream_closes_the_connection() {
    let fake = FakeLlm::start().await;
    fake.on(|_| true, vec![Behavior::slow("one two three four five six seven eight", 8, Duration::from_millis(150))]);
    for (wire, kind, id) in WIRES {
        let before = fake.hang_ups();
        let e = endpoint(&fake, wire, kind, id);
        let cancel = CancellationToken::new();
        let http = provider::client();
        let req = request("slow", "count");
        let stopper = cancel.clone();
        let mut first = None;
        let outcome = provider::complete(
            &http,
            &e,
            &req,
            &mut |t| {
                if first.is_none() {
                    first = Some(t.to_string());
                    stopper.cancel();
                }
            },
            &cancel,
        )
        .await;
        let err = outcome.unwrap_err();
        assert_eq!(err.error.kind, ErrorKind::Cancelled, "{id}");
        assert!(first.is_some(), "{id}: it was cancelled mid-stream");
        tokio::time::timeout(Duration::from_secs(5), async {
            while fake.hang_ups() == before {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("{id}: the provider saw the client hang up"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_without_end_is_cut_at_the_limit_and_a_huge_error_is_read_in_part() {
    let fake = FakeLlm::start().await;
    let endless = "word ".repeat(provider::MAX_STREAM_BYTES / 5 + 1_000_000);
    fake.on(|s| s.model == "endless", vec![Behavior::slow(endless, 400, Duration::ZERO)]);
    fake.on(|s| s.model == "verbose", vec![Behavior::status(400, "no. ".repeat(4 * 1024 * 1024))]);
    let e = endpoint(&fake, Wire::OpenAi, ProviderKind::OpenAi, "openai");

    let (outcome, tokens) = call(&e, &request("endless", "hi")).await;
    let err = outcome.unwrap_err();
    assert_eq!(err.error.kind, ErrorKind::Malformed, "{}", err.error);
    assert!(err.error.message.contains("streamed more than 32 MiB"), "{}", err.error);
    let streamed: usize = tokens.iter().map(String::len).sum();
    assert!(streamed <= provider::MAX_STREAM_BYTES, "no more than the limit was taken in: {streamed}");

    let verbose = call(&e, &request("verbose", "hi")).await.0.unwrap_err();
    assert!(verbose.error.message.len() < 100 * 1024, "a 16 MiB error body is not repeated whole");
}
