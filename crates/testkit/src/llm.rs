//! A model provider on 127.0.0.1 that speaks the OpenAI, Anthropic and Gemini wire formats,
//! streaming (server-sent events) like the real ones, and can be scripted per request: answer with
//! text (in chunks, slowly if asked), call a tool, fail with a status (401, 404, 429 with
//! Retry-After, 500 …), cut the stream short, or send malformed JSON. It records every request, how
//! many ran at once at most, and how many clients hung up mid-stream.
//!
//! Endpoints: `{base}/v1/chat/completions` (OpenAI: use base URL `{base}/v1`), `{base}/v1/messages`
//! (Anthropic: base URL `{base}`), `{base}/v1beta/models/{model}:streamGenerateContent` (Gemini).

use crate::llm_wire::{Wire, frames};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the fake does with a request.
#[derive(Debug, Clone)]
pub enum Behavior {
    /// Stream `text` in `chunks` pieces, waiting `delay` before each.
    Text { text: String, chunks: usize, delay: Duration },
    /// Ask for a tool.
    ToolCall { name: String, arguments: Value },
    /// Answer with an error status and body (in the provider's shape), and `Retry-After` if given.
    Status { code: u16, message: String, retry_after: Option<u64> },
    /// Stream part of `text`, then end without the closing event.
    CutShort { text: String },
    /// Send a chunk that is not JSON.
    Malformed,
    /// Answer the JSON schema the request asks for (OpenAI's `response_format`) with an example of
    /// it, taking the value of any field named in `fields` from there (see [`crate::schema_answer`]);
    /// a request without a schema gets `fields["text"]` or a short sentence.
    Schema { fields: Value },
}

impl Behavior {
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text { text: text.into(), chunks: 3, delay: Duration::ZERO }
    }

    pub fn slow(text: impl Into<String>, chunks: usize, delay: Duration) -> Self {
        Self::Text { text: text.into(), chunks, delay }
    }

    pub fn status(code: u16, message: impl Into<String>) -> Self {
        Self::Status { code, message: message.into(), retry_after: None }
    }
}

/// A request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub wire: Wire,
    pub model: String,
    /// The key sent (Authorization bearer, x-api-key or x-goog-api-key).
    pub key: Option<String>,
    pub system: String,
    /// Every message's text, in order (tool results included).
    pub messages: Vec<String>,
    pub tools: Vec<String>,
    pub body: Value,
}

impl Seen {
    pub fn last_user(&self) -> &str {
        self.messages.last().map(String::as_str).unwrap_or("")
    }
}

type Matcher = Box<dyn Fn(&Seen) -> bool + Send + Sync>;

struct Rule {
    matches: Matcher,
    /// Behaviors used in turn; the last one repeats.
    script: Vec<Behavior>,
    used: usize,
}

#[derive(Default)]
struct Inner {
    rules: Mutex<Vec<Rule>>,
    seen: Mutex<Vec<Seen>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    hang_ups: AtomicUsize,
    key: Mutex<Option<String>>,
}

/// The fake provider.
#[derive(Clone)]
pub struct FakeLlm {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    inner: Arc<Inner>,
}

impl FakeLlm {
    /// Starts the server on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0").await
    }

    /// Starts the server on `addr` (where a local model server would be, for examples that name
    /// its usual address). Panics if the address is taken.
    pub async fn start_on(addr: &str) -> Self {
        let inner = Arc::new(Inner::default());
        let app = Router::new()
            .route("/v1/chat/completions", post(openai))
            .route("/v1/messages", post(anthropic))
            .route("/v1beta/models/{action}", post(gemini))
            .with_state(Arc::clone(&inner));
        let listener =
            tokio::net::TcpListener::bind(addr).await.unwrap_or_else(|e| panic!("cannot listen on {addr}: {e}"));
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        // Without TCP_NODELAY a streamed answer's small writes wait on delayed ACKs (~40 ms each).
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { base, inner }
    }

    /// The base URL an endpoint of `wire` uses.
    pub fn base_url(&self, wire: Wire) -> String {
        match wire {
            Wire::OpenAi => format!("{}/v1", self.base),
            Wire::Anthropic | Wire::Gemini => self.base.clone(),
        }
    }

    /// Requires this key (else 401 in the provider's shape).
    pub fn require_key(&self, key: &str) {
        *self.inner.key.lock().unwrap() = Some(key.to_string());
    }

    /// Accepts any key again.
    pub fn accept_any_key(&self) {
        *self.inner.key.lock().unwrap() = None;
    }

    /// Adds a rule: requests it matches get `script`'s behaviors in turn (the last repeats). Rules
    /// are tried newest first; a request no rule matches is answered "ok".
    pub fn on(&self, matches: impl Fn(&Seen) -> bool + Send + Sync + 'static, script: Vec<Behavior>) {
        self.inner.rules.lock().unwrap().insert(0, Rule { matches: Box::new(matches), script, used: 0 });
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.inner.seen.lock().unwrap().clone()
    }

    /// The most requests that were being answered at the same moment.
    pub fn max_in_flight(&self) -> usize {
        self.inner.max_in_flight.load(Ordering::SeqCst)
    }

    /// How many clients hung up before their stream ended.
    pub fn hang_ups(&self) -> usize {
        self.inner.hang_ups.load(Ordering::SeqCst)
    }
}

async fn openai(State(s): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> Response {
    answer(s, Wire::OpenAi, None, headers, body).await
}

async fn anthropic(State(s): State<Arc<Inner>>, headers: HeaderMap, body: Bytes) -> Response {
    answer(s, Wire::Anthropic, None, headers, body).await
}

async fn gemini(State(s): State<Arc<Inner>>, Path(action): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let model = action.split(':').next().unwrap_or("").to_string();
    answer(s, Wire::Gemini, Some(model), headers, body).await
}

async fn answer(s: Arc<Inner>, wire: Wire, model: Option<String>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "not JSON").into_response();
    };
    let seen = crate::llm_wire::read_request(wire, model, &headers, body);
    s.seen.lock().unwrap().push(seen.clone());
    let expected = s.key.lock().unwrap().clone();
    let behavior = if expected.is_some() && seen.key != expected {
        Behavior::status(401, "Incorrect API key provided")
    } else {
        let mut rules = s.rules.lock().unwrap();
        match rules.iter_mut().find(|r| (r.matches)(&seen)) {
            Some(rule) => {
                let b = rule.script[rule.used.min(rule.script.len() - 1)].clone();
                rule.used += 1;
                b
            }
            None => Behavior::text("ok"),
        }
    };
    if let Behavior::Status { code, message, retry_after } = &behavior {
        let mut response = (
            StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            crate::llm_wire::error_body(wire, *code, message),
        )
            .into_response();
        if let Some(after) = retry_after {
            response.headers_mut().insert("retry-after", after.to_string().parse().expect("a number"));
        }
        return response;
    }
    let behavior = match behavior {
        Behavior::Schema { fields } => Behavior::text(crate::schema_answer::answer(&seen.body, &fields)),
        other => other,
    };
    let frames = frames(wire, &seen, &behavior);
    let delay = match &behavior {
        Behavior::Text { delay, .. } => *delay,
        _ => Duration::ZERO,
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let now = s.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    s.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::spawn(async move {
        for frame in frames {
            if frame.paced && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if tx.send(Ok(Bytes::from(frame.bytes))).await.is_err() {
                s.hang_ups.fetch_add(1, Ordering::SeqCst);
                break;
            }
        }
        s.in_flight.fetch_sub(1, Ordering::SeqCst);
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
    ([("content-type", "text/event-stream")], Body::from_stream(stream)).into_response()
}
