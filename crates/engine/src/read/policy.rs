//! The settings every node may carry — its label, retry, timeout and onError — read from `data`
//! (or, in older documents, from the node itself), checked, and turned into the policy the
//! scheduler applies.

use super::Reader;
use neuroflow_types::{NodeSettings, OnError, RetrySettings};
use serde_json::Value;

/// Retry, timeout and failure handling of one node, with the defaults applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodePolicy {
    pub max_attempts: u32,
    pub backoff_ms: u64,
    pub timeout_ms: Option<u64>,
    pub on_error: OnError,
}

impl Default for NodePolicy {
    fn default() -> Self {
        Self { max_attempts: 1, backoff_ms: 0, timeout_ms: None, on_error: OnError::Fail }
    }
}

/// Reads the node's settings and, when they are all valid, its policy.
pub(super) fn read(r: &mut Reader<'_>) -> (NodeSettings, Option<NodePolicy>) {
    let label = r.data("label").and_then(Value::as_str).map(str::to_string);
    let mut settings = NodeSettings { label, ..NodeSettings::default() };
    let mut policy = NodePolicy::default();
    let mut ok = true;
    if let Some((retry, field)) = r.setting("retry").map(|(v, f)| (v.clone(), f)) {
        match retry.as_object() {
            Some(o) => {
                let mut read = RetrySettings::default();
                match o.get("maxAttempts").map(|v| v.as_u64()) {
                    None => {}
                    Some(Some(n @ 1..=100)) => read.max_attempts = Some(n as u32),
                    Some(_) => {
                        r.error(&format!("{field}.maxAttempts"), "must be a whole number from 1 to 100");
                        ok = false;
                    }
                }
                match o.get("backoffMs").map(|v| v.as_u64()) {
                    None => {}
                    Some(Some(ms)) if ms <= 3_600_000 => read.backoff_ms = Some(ms),
                    Some(_) => {
                        r.error(&format!("{field}.backoffMs"), "must be a whole number of milliseconds up to an hour");
                        ok = false;
                    }
                }
                policy.max_attempts = read.max_attempts.unwrap_or(1);
                policy.backoff_ms = read.backoff_ms.unwrap_or(0);
                settings.retry = Some(read);
            }
            None => {
                r.error(&field, "must be an object {\"maxAttempts\": 3, \"backoffMs\": 1000}");
                ok = false;
            }
        }
    }
    if let Some((timeout, field)) = r.setting("timeoutMs").map(|(v, f)| (v.clone(), f)) {
        match timeout.as_u64() {
            Some(ms) if ms > 0 => policy.timeout_ms = Some(ms),
            _ => {
                r.error(&field, format!("must be a whole number of milliseconds > 0, not {timeout}"));
                ok = false;
            }
        }
        settings.timeout_ms = policy.timeout_ms;
    }
    if let Some((on_error, field)) = r.setting("onError").map(|(v, f)| (v.clone(), f)) {
        policy.on_error = match on_error.as_str() {
            Some("fail") => OnError::Fail,
            Some("continue") => OnError::Continue,
            Some("branch") => OnError::Branch,
            _ => {
                r.error(&field, format!("must be \"fail\", \"continue\" or \"branch\", not {on_error}"));
                ok = false;
                OnError::Fail
            }
        };
        settings.on_error = Some(policy.on_error);
    }
    (settings, ok.then_some(policy))
}
