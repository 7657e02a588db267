//! `http.request`: any method, headers, query and body; the response as `{status, headers, body}`,
//! the body parsed when it is JSON. A status of 400 or more fails the node, naming the status.

use crate::connection::ConnectorError;
use neuroflow_types::HTTP_METHODS;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde_json::{Map, Value, json};
use std::time::Duration;

/// The largest response body read (10 MiB); a larger one fails the node rather than filling memory.
pub const MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;
/// How long a request may take when the node sets no timeout of its own.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The shared HTTP client: pooled connections, the platform's trust store, no proxy discovery.
pub fn client() -> reqwest::Client {
    crate::init_tls();
    reqwest::Client::builder()
        .user_agent(concat!("NeuroFlowHub/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(DEFAULT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .unwrap_or_default()
}

/// A request, read from a node's rendered params.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: reqwest::Method,
    pub url: url::Url,
    pub headers: HeaderMap,
    pub body: Option<Value>,
}

impl HttpRequest {
    /// Reads `{method, url, headers, query, body}`; problems name the param.
    pub fn from_params(params: &Value) -> Result<Self, ConnectorError> {
        Self::from_params_at(params, None)
    }

    /// Like [`HttpRequest::from_params`]; a relative `url` is joined to `base` (an integration's base URL).
    pub fn from_params_at(params: &Value, base: Option<&str>) -> Result<Self, ConnectorError> {
        let method = match params.get("method").and_then(Value::as_str).unwrap_or("GET").to_ascii_uppercase() {
            m if HTTP_METHODS.contains(&m.as_str()) => reqwest::Method::from_bytes(m.as_bytes())
                .map_err(|_| ConnectorError::permanent(format!("params.method: '{m}' is not an HTTP method")))?,
            m => {
                return Err(ConnectorError::permanent(format!("params.method: '{m}' is not an HTTP method")));
            }
        };
        let given = params.get("url").and_then(Value::as_str).unwrap_or("").trim();
        let joined;
        let raw_url = match base {
            Some(base) if !given.contains("://") => {
                joined = format!("{}/{}", base.trim_end_matches('/'), given.trim_start_matches('/'));
                joined.trim_end_matches('/')
            }
            _ => given,
        };
        let mut url = url::Url::parse(raw_url)
            .map_err(|e| ConnectorError::permanent(format!("params.url: '{raw_url}' is not a URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConnectorError::permanent(format!("params.url: '{raw_url}' is not an http or https URL")));
        }
        if let Some(query) = params.get("query").filter(|q| !q.is_null()) {
            let Value::Object(query) = query else {
                return Err(ConnectorError::permanent("params.query: must be an object"));
            };
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                match v {
                    Value::Array(items) => items.iter().for_each(|i| {
                        pairs.append_pair(k, &text(i));
                    }),
                    Value::Null => {}
                    other => {
                        pairs.append_pair(k, &text(other));
                    }
                }
            }
        }
        let mut headers = HeaderMap::new();
        if let Some(h) = params.get("headers").filter(|h| !h.is_null()) {
            let Value::Object(h) = h else {
                return Err(ConnectorError::permanent("params.headers: must be an object"));
            };
            for (k, v) in h {
                let name = HeaderName::from_bytes(k.as_bytes()).map_err(|_| {
                    ConnectorError::permanent(format!("params.headers: '{k}' is not a valid header name"))
                })?;
                let value = HeaderValue::from_str(&text(v)).map_err(|_| {
                    ConnectorError::permanent(format!("params.headers.{k}: the value is not a valid header value"))
                })?;
                headers.insert(name, value);
            }
        }
        let body = params.get("body").filter(|b| !b.is_null()).cloned();
        Ok(Self { method, url, headers, body })
    }

    /// Adds an integration's credentials: a bearer token, basic auth, or an API key in a header or the
    /// query.
    pub fn authorize(
        &mut self,
        auth: &crate::config::HttpAuth,
        secret: Option<&neuroflow_vault::Secret>,
    ) -> Result<(), ConnectorError> {
        use crate::config::HttpAuth;
        use base64::Engine;
        let needs = || {
            secret
                .map(|s| s.expose())
                .ok_or_else(|| ConnectorError::permanent("this integration has no credentials saved"))
        };
        let header = |v: String| {
            HeaderValue::from_str(&v)
                .map_err(|_| ConnectorError::permanent("the saved credential is not valid in an HTTP header"))
        };
        match auth {
            HttpAuth::None => {}
            HttpAuth::Bearer => {
                let mut value = header(format!("Bearer {}", needs()?))?;
                value.set_sensitive(true);
                self.headers.insert(reqwest::header::AUTHORIZATION, value);
            }
            HttpAuth::Basic { username } => {
                let token = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{}", needs()?));
                let mut value = header(format!("Basic {token}"))?;
                value.set_sensitive(true);
                self.headers.insert(reqwest::header::AUTHORIZATION, value);
            }
            HttpAuth::ApiKeyHeader { header: name } => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    ConnectorError::permanent(format!("config.header: '{name}' is not a valid header name"))
                })?;
                let mut value = header(needs()?.to_string())?;
                value.set_sensitive(true);
                self.headers.insert(name, value);
            }
            HttpAuth::ApiKeyQuery { param } => {
                let key = needs()?.to_string();
                self.url.query_pairs_mut().append_pair(param, &key);
            }
        }
        Ok(())
    }

    /// Sends the request and reads the response.
    pub async fn send(self, client: &reqwest::Client) -> Result<Value, ConnectorError> {
        let target = format!("{} {}", self.method, redact_url(&self.url));
        tracing::debug!(request = %target, headers = %shown_headers(&self.headers), "sending an HTTP request");
        let mut request = client.request(self.method, self.url).headers(self.headers.clone());
        match self.body {
            Some(Value::String(text)) => {
                if !self.headers.contains_key(CONTENT_TYPE) {
                    request = request.header(CONTENT_TYPE, "text/plain; charset=utf-8");
                }
                request = request.body(text);
            }
            Some(json) => request = request.json(&json),
            None => {}
        }
        let response = request.send().await.map_err(|e| network_error(&target, e))?;
        let status = response.status();
        let mut headers = Map::new();
        for (name, value) in response.headers() {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            match headers.get_mut(name.as_str()) {
                Some(Value::String(existing)) => {
                    existing.push_str(", ");
                    existing.push_str(&value);
                }
                _ => {
                    headers.insert(name.as_str().to_string(), Value::String(value));
                }
            }
        }
        let is_json = headers.get("content-type").and_then(Value::as_str).is_some_and(|c| c.contains("json"));
        let (bytes, more) =
            crate::read::prefix(response, MAX_RESPONSE_BYTES).await.map_err(|e| network_error(&target, e))?;
        if more {
            return Err(ConnectorError::permanent(format!(
                "the response of {target} is larger than {MAX_RESPONSE_BYTES} bytes; it was not read"
            )));
        }
        let body = parse_body(&bytes, is_json);
        if status.as_u16() >= 400 {
            let excerpt: String = String::from_utf8_lossy(&bytes).chars().take(200).collect();
            let reason = status.canonical_reason().unwrap_or("");
            let message = format!(
                "HTTP {} {reason} from {target}{}",
                status.as_u16(),
                if excerpt.is_empty() { String::new() } else { format!(": {excerpt}") }
            );
            return Err(ConnectorError::http(status.as_u16(), message));
        }
        Ok(json!({ "status": status.as_u16(), "headers": headers, "body": body }))
    }
}

/// Request headers as they may appear in a log: credentials (and any header marked sensitive)
/// replaced by `[redacted]`.
fn shown_headers(headers: &HeaderMap) -> String {
    const CREDENTIALS: &[&str] = &["authorization", "proxy-authorization", "cookie", "x-api-key"];
    headers
        .iter()
        .map(|(name, value)| {
            let shown = if value.is_sensitive() || CREDENTIALS.contains(&name.as_str()) {
                "[redacted]"
            } else {
                value.to_str().unwrap_or("[binary]")
            };
            format!("{name}: {shown}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_body(bytes: &[u8], is_json: bool) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    let looks_json = matches!(bytes.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'['));
    if (is_json || looks_json)
        && let Ok(v) = serde_json::from_slice(bytes)
    {
        return v;
    }
    Value::String(String::from_utf8_lossy(bytes).into_owned())
}

fn network_error(target: &str, e: reqwest::Error) -> ConnectorError {
    ConnectorError::transient(format!("{target}: {}", crate::connection::network_words(e)))
}

/// A URL as it may appear in messages and logs: without user info or query (which may carry keys).
pub fn redact_url(url: &url::Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    let had_query = shown.query().is_some();
    shown.set_query(None);
    shown.set_fragment(None);
    if had_query { format!("{shown}?…") } else { shown.to_string() }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
