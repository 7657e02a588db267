//! Talking to the workspace service over HTTP: one request, its answer or its error, in words a
//! person can act on. The service answers every error as `{code, message}`; a request that never
//! got an answer (no network, a dropped connection, a timeout) is `Unreachable` and is simply tried
//! again later. Tokens are handed in per call and never logged.

use crate::error::AppError;
use neuroflow_types::ErrorCode;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::time::Duration;

/// How long an ordinary request may take.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a request to the workspace failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ApiError {
    /// No answer: the network, the service or the connection failed. Worth trying again.
    Unreachable(String),
    /// The service answered with an error.
    Refused { status: u16, code: String, message: String },
}

impl ApiError {
    pub fn is_code(&self, code: &str) -> bool {
        matches!(self, Self::Refused { code: c, .. } if c == code)
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Refused { status, .. } => Some(*status),
            Self::Unreachable(_) => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(why) => write!(f, "the workspace could not be reached ({why})"),
            Self::Refused { message, .. } => write!(f, "the workspace refused: {message}"),
        }
    }
}

impl From<ApiError> for AppError {
    fn from(e: ApiError) -> Self {
        let code = match &e {
            // PROVIDER (a service answered badly or not at all) until the codes gain UNREACHABLE.
            ApiError::Unreachable(_) => ErrorCode::Provider,
            ApiError::Refused { status: 401 | 403, .. } => ErrorCode::Unauthorized,
            ApiError::Refused { code, .. } if code == "PLAN_LIMIT" => ErrorCode::PlanLimit,
            ApiError::Refused { status: 404, .. } => ErrorCode::NotFound,
            ApiError::Refused { status: 409, .. } => ErrorCode::Conflict,
            ApiError::Refused { status: 400..=499, .. } => ErrorCode::InvalidInput,
            ApiError::Refused { .. } => ErrorCode::Provider,
        };
        AppError::new(code, e.to_string())
    }
}

/// The workspace at one address.
#[derive(Clone)]
pub(crate) struct Api {
    base: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api").field("base", &self.base).finish()
    }
}

/// Checks and normalizes a workspace address: http(s), no path beyond `/`, no credentials in it.
pub(crate) fn normalize_url(url: &str) -> Result<String, AppError> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| {
        AppError::invalid(format!("'{url}' is not a workspace address ({e}); e.g. https://workspace.example.com"))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(AppError::invalid(format!("'{url}' is not an http or https address")));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(AppError::invalid("the workspace address must not contain a user name or password"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_string())
}

impl Api {
    pub fn new(base: &str, http: reqwest::Client) -> Self {
        Self { base: base.trim_end_matches('/').to_string(), http }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Sends one request and reads its JSON answer (`null` for an empty one).
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&(impl Serialize + ?Sized)>,
        timeout: Duration,
    ) -> Result<T, ApiError> {
        let mut req = self.http.request(method, format!("{}{path}", self.base)).timeout(timeout);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        let res = req.send().await.map_err(|e| ApiError::Unreachable(describe(&e)))?;
        let status = res.status().as_u16();
        let text = res.text().await.map_err(|e| ApiError::Unreachable(describe(&e)))?;
        if !(200..300).contains(&status) {
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let code = body["code"].as_str().unwrap_or("HTTP_ERROR").to_string();
            let message = body["message"].as_str().map(str::to_string).unwrap_or_else(|| {
                let start: String = text.chars().take(200).collect();
                format!("HTTP {status}: {start}")
            });
            return Err(ApiError::Refused { status, code, message });
        }
        let text = if text.trim().is_empty() { "null" } else { text.as_str() };
        serde_json::from_str(text)
            .map_err(|e| ApiError::Unreachable(format!("the answer was not what this app expects: {e}")))
    }
}

/// A transport error in a few words (reqwest's own chain, without the URL's query).
fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the connection dropped while reading the answer"
    } else {
        "the request failed"
    };
    let mut source = std::error::Error::source(e);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() { what.to_string() } else { format!("{what}: {detail}") }
}
