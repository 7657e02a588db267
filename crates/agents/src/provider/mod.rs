//! Calling a model: one request shape for every provider, three wire formats (OpenAI chat
//! completions — and every compatible endpoint — Anthropic Messages, Google Gemini), always
//! streamed. Retries with backoff and jitter on 429, 5xx and unreachable hosts, honoring
//! Retry-After, until the first byte of an answer; a deadline for the whole call and for each pause
//! in the stream; cancellation that drops the connection at once.

mod anthropic;
mod gemini;
mod openai;
mod sse;

use crate::error::{AgentError, ErrorKind, classify};
use neuroflow_vault::Secret;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sse::{SseDecoder, SseEvent};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The wire format a provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// OpenAI chat completions, and every compatible endpoint (Groq, OpenRouter, Ollama, LM Studio …).
    OpenAi,
    Anthropic,
    Gemini,
}

/// Where and how to reach a provider.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The provider's id in Settings (`openai`, `ollama` …), for messages and prices.
    pub id: String,
    pub kind: ProviderKind,
    pub base_url: String,
    pub api_key: Option<Secret>,
    pub retry: RetryPolicy,
}

/// How failed attempts are retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_retries: 3, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(30) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
    /// A tool's result, answering the assistant's call `tool_call_id`.
    Tool,
}

/// One turn of the conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub role: Role,
    pub content: String,
    /// The assistant's calls of tools in this turn.
    pub tool_calls: Vec<ToolCall>,
    /// For a tool result: which call it answers, and the tool's name.
    pub tool_call_id: Option<String>,
    pub tool_name: Option<String>,
}

impl Message {
    pub fn user(content: impl Into<String>) -> Self {
        Self { role: Role::User, content: content.into(), tool_calls: Vec::new(), tool_call_id: None, tool_name: None }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        Self { role: Role::Assistant, content: content.into(), ..Self::user("") }
    }

    pub fn tool_result(call: &ToolCall, content: impl Into<String>) -> Self {
        Self {
            role: Role::Tool,
            content: content.into(),
            tool_calls: Vec::new(),
            tool_call_id: Some(call.id.clone()),
            tool_name: Some(call.name.clone()),
        }
    }
}

/// A tool the model may call.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    /// The arguments, as a JSON Schema object.
    pub parameters: Value,
}

/// The model's call of a tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: Value,
}

/// What answer is wanted.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum AnswerFormat {
    #[default]
    Text,
    /// A JSON object, matching the schema when there is one.
    Json(Option<Value>),
}

/// One call of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    pub model: String,
    pub system: Option<String>,
    pub messages: Vec<Message>,
    pub temperature: Option<f64>,
    pub max_tokens: Option<u32>,
    pub top_p: Option<f64>,
    pub frequency_penalty: Option<f64>,
    pub presence_penalty: Option<f64>,
    pub stop: Vec<String>,
    pub tools: Vec<ToolSpec>,
    pub format: AnswerFormat,
    /// The whole call's deadline.
    pub timeout: Duration,
}

/// Tokens in and out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub input_tokens: i64,
    pub output_tokens: i64,
}

impl Usage {
    pub fn total(&self) -> i64 {
        self.input_tokens + self.output_tokens
    }
}

impl std::ops::AddAssign for Usage {
    fn add_assign(&mut self, other: Self) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
    }
}

/// Why the model stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    Stop,
    /// The max-tokens limit was reached.
    Length,
    ToolCalls,
    Other(String),
}

/// A model's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatResponse {
    pub text: String,
    pub tool_calls: Vec<ToolCall>,
    pub usage: Usage,
    pub finish: Finish,
    /// The model that answered (as the provider names it).
    pub model: String,
}

/// A call that failed, with what it still cost.
#[derive(Debug, Clone, PartialEq)]
pub struct CallFailure {
    pub error: AgentError,
    pub usage: Usage,
}

impl From<AgentError> for CallFailure {
    fn from(error: AgentError) -> Self {
        Self { error, usage: Usage::default() }
    }
}

/// The parts of a streamed answer as they arrive.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    pub text: String,
    /// Tool calls by position: id, name, argument text.
    pub tools: Vec<(String, String, String)>,
    pub usage: Usage,
    pub finish: Option<Finish>,
    pub model: String,
    /// The provider said the answer is complete.
    pub done: bool,
}

impl Collector {
    pub fn tool(&mut self, index: usize) -> &mut (String, String, String) {
        while self.tools.len() <= index {
            self.tools.push(Default::default());
        }
        &mut self.tools[index]
    }
}

/// What went wrong with a streamed event.
pub(crate) enum StreamProblem {
    /// Not in the provider's format.
    Malformed(String),
    /// The provider reported an error in the middle of the stream.
    Failed(String),
}

/// Speaks one wire format.
trait Wire: Sync {
    fn request(&self, http: &reqwest::Client, endpoint: &Endpoint, req: &ChatRequest) -> reqwest::RequestBuilder;
    /// Takes one streamed event into the answer; text goes to `on_token` as it comes.
    fn on_event(
        &self,
        event: &SseEvent,
        acc: &mut Collector,
        on_token: &mut dyn FnMut(&str),
    ) -> Result<(), StreamProblem>;
}

fn wire(kind: ProviderKind) -> &'static dyn Wire {
    match kind {
        ProviderKind::OpenAi => &openai::OpenAi,
        ProviderKind::Anthropic => &anthropic::Anthropic,
        ProviderKind::Gemini => &gemini::Gemini,
    }
}

/// How long the stream may pause between chunks.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// The most a streamed answer may send in all (text, tool calls, events and their framing): far
/// beyond any real answer, and a bound on what a broken or hostile provider can make us hold.
pub const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// The most of an error answer read, for its message.
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// The HTTP client for model calls: no overall timeout (each call sets its own deadline).
pub fn client() -> reqwest::Client {
    crate::init_tls();
    reqwest::Client::builder()
        .user_agent(concat!("NeuroFlowHub/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default()
}

/// Calls the model and streams its text to `on_token`.
///
/// A failure's message never carries the API key, even when a careless provider (or proxy) echoes
/// it back in its error body: the message ends up in records, logs and the UI.
pub async fn complete(
    http: &reqwest::Client,
    endpoint: &Endpoint,
    req: &ChatRequest,
    on_token: &mut (dyn FnMut(&str) + Send),
    cancel: &CancellationToken,
) -> Result<ChatResponse, CallFailure> {
    complete_unscrubbed(http, endpoint, req, on_token, cancel).await.map_err(|mut failure| {
        if let Some(key) = endpoint.api_key.as_ref().map(|k| k.expose()).filter(|k| !k.is_empty()) {
            failure.error.message = failure.error.message.replace(key, "[redacted]");
        }
        failure
    })
}

async fn complete_unscrubbed(
    http: &reqwest::Client,
    endpoint: &Endpoint,
    req: &ChatRequest,
    on_token: &mut (dyn FnMut(&str) + Send),
    cancel: &CancellationToken,
) -> Result<ChatResponse, CallFailure> {
    let deadline = tokio::time::Instant::now() + req.timeout;
    let wire = wire(endpoint.kind);
    let mut attempt = 0;
    let response = loop {
        let send = wire.request(http, endpoint, req).send();
        let outcome = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(AgentError::cancelled().into()),
            () = tokio::time::sleep_until(deadline) => return Err(timed_out(endpoint, req).into()),
            outcome = send => outcome,
        };
        let (retry_after, error) = match outcome {
            Ok(response) if response.status().is_success() => break response,
            Ok(response) => {
                let status = response.status().as_u16();
                let retry_after = retry_after(response.headers());
                let body = crate::http_body::prefix(response, MAX_ERROR_BYTES)
                    .await
                    .map(|(bytes, _)| String::from_utf8_lossy(&bytes).into_owned())
                    .unwrap_or_default();
                (retry_after, classify(&endpoint.id, &req.model, status, &body))
            }
            Err(e) => (None, unreachable(endpoint, e)),
        };
        if !error.kind.is_transient() || attempt >= endpoint.retry.max_retries {
            let error = if attempt > 0 {
                AgentError { message: format!("{} (after {} retries)", error.message, attempt), ..error }
            } else {
                error
            };
            return Err(error.into());
        }
        let delay = backoff(&endpoint.retry, attempt, retry_after);
        tracing::debug!(provider = %endpoint.id, attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying a model call");
        attempt += 1;
        tokio::select! {
            () = cancel.cancelled() => return Err(AgentError::cancelled().into()),
            () = tokio::time::sleep_until(deadline) => return Err(timed_out(endpoint, req).into()),
            () = tokio::time::sleep(delay) => {}
        }
    };
    read_stream(wire, endpoint, req, response, deadline, on_token, cancel).await
}

async fn read_stream(
    wire: &dyn Wire,
    endpoint: &Endpoint,
    req: &ChatRequest,
    mut response: reqwest::Response,
    deadline: tokio::time::Instant,
    on_token: &mut (dyn FnMut(&str) + Send),
    cancel: &CancellationToken,
) -> Result<ChatResponse, CallFailure> {
    let mut decoder = SseDecoder::default();
    let mut acc = Collector { model: req.model.clone(), ..Collector::default() };
    let fail = |acc: &Collector, error: AgentError| CallFailure { error, usage: acc.usage };
    let mut received = 0usize;
    loop {
        let idle = tokio::time::Instant::now() + IDLE_TIMEOUT;
        let chunk = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(fail(&acc, AgentError::cancelled())),
            () = tokio::time::sleep_until(deadline.min(idle)) => return Err(fail(&acc, timed_out(endpoint, req))),
            chunk = response.chunk() => chunk,
        };
        let events = match chunk {
            Ok(Some(bytes)) => {
                received += bytes.len();
                if received > MAX_STREAM_BYTES {
                    let why = format!("it streamed more than {} MiB", MAX_STREAM_BYTES / (1024 * 1024));
                    return Err(fail(&acc, malformed(endpoint, &why)));
                }
                decoder.feed(&bytes).map_err(|e| fail(&acc, malformed(endpoint, e)))?
            }
            Ok(None) => {
                let last: Vec<SseEvent> = decoder.finish().into_iter().collect();
                take(wire, endpoint, &last, &mut acc, on_token).map_err(|e| fail(&acc, e))?;
                break;
            }
            Err(e) => {
                return Err(fail(&acc, cut_off(endpoint, &format!("the connection broke ({})", e.without_url()))));
            }
        };
        take(wire, endpoint, &events, &mut acc, on_token).map_err(|e| fail(&acc, e))?;
    }
    if !acc.done {
        return Err(fail(&acc, cut_off(endpoint, "the stream ended before the answer did")));
    }
    let mut tool_calls = Vec::new();
    let calls = std::mem::take(&mut acc.tools).into_iter().filter(|(_, name, _)| !name.is_empty());
    for (i, (id, name, args)) in calls.enumerate() {
        let arguments = if args.trim().is_empty() {
            Value::Object(Default::default())
        } else {
            serde_json::from_str(&args).map_err(|_| {
                fail(&acc, malformed(endpoint, &format!("the arguments of its call of '{name}' are not JSON")))
            })?
        };
        let id = if id.is_empty() { format!("call_{i}") } else { id };
        tool_calls.push(ToolCall { id, name, arguments });
    }
    let finish = acc.finish.clone().unwrap_or(if tool_calls.is_empty() { Finish::Stop } else { Finish::ToolCalls });
    Ok(ChatResponse { text: acc.text, tool_calls, usage: acc.usage, finish, model: acc.model })
}

fn take(
    wire: &dyn Wire,
    endpoint: &Endpoint,
    events: &[SseEvent],
    acc: &mut Collector,
    on_token: &mut (dyn FnMut(&str) + Send),
) -> Result<(), AgentError> {
    for event in events {
        wire.on_event(event, acc, &mut |t: &str| on_token(t)).map_err(|problem| match problem {
            StreamProblem::Failed(why) => AgentError::new(
                ErrorKind::Unavailable,
                format!("{} failed in the middle of its answer: {why}", endpoint.id),
            ),
            StreamProblem::Malformed(why) => malformed(endpoint, &why),
        })?;
    }
    Ok(())
}

fn malformed(endpoint: &Endpoint, why: &str) -> AgentError {
    AgentError::new(ErrorKind::Malformed, format!("the answer from {} could not be read: {why}", endpoint.id))
}

fn cut_off(endpoint: &Endpoint, why: &str) -> AgentError {
    AgentError::new(ErrorKind::CutOff, format!("the answer from {} was cut off: {why}", endpoint.id))
}

fn timed_out(endpoint: &Endpoint, req: &ChatRequest) -> AgentError {
    AgentError::new(
        ErrorKind::Timeout,
        format!("{} did not finish answering within {} s", endpoint.id, req.timeout.as_secs().max(1)),
    )
}

fn unreachable(endpoint: &Endpoint, e: reqwest::Error) -> AgentError {
    let e = e.without_url();
    let mut root: &dyn std::error::Error = &e;
    while let Some(inner) = root.source() {
        root = inner;
    }
    let why = if e.is_timeout() { "timed out".to_string() } else { root.to_string() };
    AgentError::new(ErrorKind::Unreachable, format!("could not reach {} at {}: {why}", endpoint.id, endpoint.base_url))
}

/// Retry-After in seconds (or an HTTP date), capped at a minute.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    let seconds = match value.parse::<f64>() {
        Ok(s) => s,
        Err(_) => {
            let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
            (at.timestamp() - chrono::Utc::now().timestamp()) as f64
        }
    };
    Some(Duration::from_secs_f64(seconds.clamp(0.0, 60.0)))
}

/// Exponential backoff with ±25% jitter, or what the provider asked for.
fn backoff(policy: &RetryPolicy, attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(wait) = retry_after {
        return wait;
    }
    let exp = policy.base_delay.saturating_mul(2u32.saturating_pow(attempt)).min(policy.max_delay);
    let mut byte = [0u8; 1];
    let _ = ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut byte);
    let factor = 0.75 + f64::from(byte[0]) / 255.0 * 0.5;
    exp.mul_f64(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_obeys_retry_after() {
        let policy = RetryPolicy::default();
        for attempt in 0..4 {
            let d = backoff(&policy, attempt, None).as_millis() as f64;
            let base = 500.0 * 2f64.powi(attempt as i32);
            assert!(d >= base * 0.74 && d <= base * 1.26, "attempt {attempt}: {d} ms");
        }
        assert_eq!(backoff(&policy, 0, Some(Duration::from_secs(2))), Duration::from_secs(2));
        assert!(backoff(&policy, 20, None) <= Duration::from_millis(37_500));
    }
}
