//! What can go wrong with a model call, in the user's terms. A provider's error is classified by its
//! status and body into a kind people can act on — a bad key, an unknown model, rate limited, the
//! provider down, a conversation too long, an answer cut off — and never surfaces as a raw
//! deserialization error.

use serde::{Deserialize, Serialize};

/// The kind of a failed model call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// The key is missing, wrong or revoked (401, 403).
    BadKey,
    /// The provider does not know the model.
    UnknownModel,
    /// Too many requests (429), still after retrying.
    RateLimited,
    /// The provider is down or failing (5xx, 529), still after retrying.
    Unavailable,
    /// The conversation does not fit the model's context window.
    ContextTooLong,
    /// The stream ended before the answer did.
    CutOff,
    /// No answer in time.
    Timeout,
    /// The provider could not be reached at all.
    Unreachable,
    /// The answer was not in the provider's format.
    Malformed,
    /// Any other refusal (a 400 about a parameter, say); the message says what.
    Refused,
    /// The call was cancelled.
    Cancelled,
    /// A token or dollar budget was reached.
    Budget,
    /// The agent or team is not set up right (no model, an unknown provider, no leader …).
    Setup,
    /// The answer did not match the requested JSON schema.
    Schema,
}

impl ErrorKind {
    /// Whether trying again later may succeed.
    pub fn is_transient(self) -> bool {
        matches!(self, Self::RateLimited | Self::Unavailable | Self::CutOff | Self::Timeout | Self::Unreachable)
    }
}

/// A failed model call, agent call or team run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct AgentError {
    pub kind: ErrorKind,
    pub message: String,
    /// The HTTP status, when the provider answered with one.
    pub status: Option<u16>,
}

impl AgentError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), status: None }
    }

    pub fn setup(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Setup, message)
    }

    pub fn cancelled() -> Self {
        Self::new(ErrorKind::Cancelled, "cancelled")
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

/// Classifies an error answer of `provider` by its status and body.
pub fn classify(provider: &str, model: &str, status: u16, body: &str) -> AgentError {
    let (message, code) = error_text(body);
    let lower = format!("{} {}", message.to_lowercase(), code.to_lowercase());
    let detail = if message.is_empty() { String::new() } else { format!(": {message}") };
    let kind = if lower.contains("context_length")
        || lower.contains("context length")
        || lower.contains("context window")
        || lower.contains("prompt is too long")
        || lower.contains("maximum context")
        || lower.contains("too many tokens")
        || lower.contains("exceeds the maximum number of tokens")
    {
        ErrorKind::ContextTooLong
    } else if status == 401 || status == 403 || lower.contains("api key not valid") || lower.contains("api_key_invalid")
    {
        ErrorKind::BadKey
    } else if status == 404
        || lower.contains("model_not_found")
        || (lower.contains("model") && lower.contains("not found"))
    {
        ErrorKind::UnknownModel
    } else if status == 429 {
        ErrorKind::RateLimited
    } else if status >= 500 {
        ErrorKind::Unavailable
    } else {
        ErrorKind::Refused
    };
    let text = match kind {
        ErrorKind::ContextTooLong => {
            format!("the conversation is too long for {model}'s context window (HTTP {status}{detail})")
        }
        ErrorKind::BadKey => {
            format!("{provider} refused the API key: check it in Settings › Providers (HTTP {status}{detail})")
        }
        ErrorKind::UnknownModel => format!("{provider} does not know the model '{model}' (HTTP {status}{detail})"),
        ErrorKind::RateLimited => {
            format!("{provider} is rate limiting these requests; try again later (HTTP {status}{detail})")
        }
        ErrorKind::Unavailable => format!("{provider} is down or failing (HTTP {status}{detail})"),
        _ => format!("{provider} refused the request (HTTP {status}{detail})"),
    };
    AgentError::new(kind, text).with_status(status)
}

/// The message and code of an error body in any provider's shape: OpenAI `{error:{message, code}}`,
/// Anthropic `{error:{type, message}}`, Gemini `{error:{message, status}}`; else a short excerpt.
fn error_text(body: &str) -> (String, String) {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        let e = v.get("error").unwrap_or(&v);
        let message = e.get("message").and_then(|m| m.as_str()).or_else(|| e.as_str()).unwrap_or("").to_string();
        let code = ["code", "type", "status"]
            .iter()
            .filter_map(|k| e.get(*k))
            .map(|c| c.as_str().map(str::to_string).unwrap_or_else(|| c.to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        if !message.is_empty() || !code.is_empty() {
            return (message, code);
        }
    }
    (body.trim().chars().take(200).collect(), String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_named_for_people() {
        let e = classify(
            "openai",
            "gpt-x",
            404,
            r#"{"error":{"message":"The model `gpt-x` does not exist","code":"model_not_found"}}"#,
        );
        assert_eq!(e.kind, ErrorKind::UnknownModel);
        assert_eq!(e.message, "openai does not know the model 'gpt-x' (HTTP 404: The model `gpt-x` does not exist)");
        let e = classify(
            "gemini",
            "g",
            400,
            r#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}}"#,
        );
        assert_eq!(e.kind, ErrorKind::BadKey);
        let e = classify(
            "anthropic",
            "c",
            400,
            r#"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}"#,
        );
        assert_eq!(e.kind, ErrorKind::ContextTooLong);
        assert_eq!(classify("x", "m", 529, "Overloaded").kind, ErrorKind::Unavailable);
        assert_eq!(classify("x", "m", 400, "<html>").message, "x refused the request (HTTP 400: <html>)");
    }
}

/// A tool call that could not be carried out; the model is told why, in these words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ToolError(pub String);

impl From<String> for ToolError {
    fn from(message: String) -> Self {
        Self(message)
    }
}

impl From<&str> for ToolError {
    fn from(message: &str) -> Self {
        Self(message.to_string())
    }
}

/// A model's answer that is not the JSON asked for; the message names the path at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SchemaError(pub String);

impl From<String> for SchemaError {
    fn from(message: String) -> Self {
        Self(message)
    }
}
