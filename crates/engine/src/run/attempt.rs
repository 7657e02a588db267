//! One node's attempts: each bounded by the node's timeout and cancellable, retried with doubling
//! backoff while the failure is transient, every retry logged and announced.

use super::executor::{Executor, NodeCall, NodeOutput, missing_executor};
use super::request::{Record, RunHooks};
use crate::error::NodeError;
use neuroflow_types::{LogEntry, RunEvent, Timestamp, now};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a node's task reports when it settles.
pub(super) struct Settled {
    pub(super) index: usize,
    pub(super) result: Result<NodeOutput, NodeError>,
    pub(super) attempts: u32,
    pub(super) started_at: Timestamp,
    pub(super) duration_us: i64,
    pub(super) input: Value,
    pub(super) cancelled: bool,
    /// Tokens and cost of failed attempts (on top of the final result's own).
    pub(super) spent_tokens: i64,
    pub(super) spent_micros: i64,
}

/// Every attempt of one node, with its retry policy, until it settles.
pub(super) async fn attempts(
    executor: Option<Arc<dyn Executor>>,
    call: NodeCall,
    policy: crate::read::NodePolicy,
    hooks: Arc<dyn RunHooks>,
    started_at: Timestamp,
    max_output_bytes: usize,
) -> Settled {
    let clock = Instant::now();
    let mut call = call;
    let (mut spent_tokens, mut spent_micros) = (0, 0);
    loop {
        let attempt = call.attempt;
        if hooks.listening() {
            hooks.emit(RunEvent::NodeStarted {
                execution_id: call.execution_id,
                node_id: call.node().id.clone(),
                attempt,
                at: now(),
            });
        }
        let result = attempt_once(executor.clone(), &call, policy.timeout_ms).await.and_then(|out| {
            // An output too large to keep fails the node, instead of filling memory and the database.
            match json_size_over(&out.value, max_output_bytes) {
                Some(size) => Err(NodeError::permanent(format!(
                    "the node's output is larger than the limit of {max_output_bytes} bytes (at least {size} bytes as JSON)"
                ))),
                None => Ok(out),
            }
        });
        // Cancelled means the run stopped this node; a node that reports cancellation by itself (a
        // child run someone stopped) failed, as far as this run is concerned.
        let cancelled = call.cancel.is_cancelled();
        let retry = match &result {
            Err(e) if !cancelled && !e.is_permanent() && attempt < policy.max_attempts => Some(e.clone()),
            _ => None,
        };
        let Some(error) = retry else {
            return Settled {
                index: call.index,
                result,
                attempts: attempt,
                started_at,
                duration_us: clock.elapsed().as_micros() as i64,
                input: call.input,
                cancelled,
                spent_tokens,
                spent_micros,
            };
        };
        spent_tokens += error.tokens_used;
        spent_micros += error.cost_micros;
        let wait = backoff(policy.backoff_ms, attempt);
        let node = call.node();
        hooks.emit(RunEvent::NodeFailed {
            execution_id: call.execution_id,
            node_id: node.id.clone(),
            attempt,
            error: error.message.clone(),
            will_retry: true,
            handled: false,
        });
        // Queued at once; a retry's log line is made durable with the records after it.
        drop(hooks.record(Record::Log(log_entry(
            node,
            "RETRYING",
            format!("attempt {attempt} of {} failed; retrying in {} ms", policy.max_attempts, wait.as_millis()),
            Some(error.message.clone()),
        ))));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = call.cancel.cancelled() => {}
        }
        call.attempt += 1;
    }
}

/// How long a cancelled node's work is given to stop by itself and close its own records (an agent
/// call writes CANCELLED) before it is dropped.
const CANCEL_GRACE: Duration = Duration::from_secs(5);

/// One attempt, bounded by the node's timeout; a missing executor is a clear, permanent failure.
/// When the run is cancelled, the work is given [`CANCEL_GRACE`] to stop on its own (executors watch
/// the same token) so that what it recorded is closed properly; only then is it dropped.
async fn attempt_once(
    executor: Option<Arc<dyn Executor>>,
    call: &NodeCall,
    timeout_ms: Option<u64>,
) -> Result<NodeOutput, NodeError> {
    let Some(executor) = executor else {
        return Err(missing_executor(call.node()));
    };
    let attempt = NodeCall {
        execution_id: call.execution_id,
        plan: Arc::clone(&call.plan),
        index: call.index,
        input: call.input.clone(),
        scope: call.scope.clone(),
        attempt: call.attempt,
        cancel: call.cancel.clone(),
    };
    let work = executor.execute(attempt);
    let bounded = async {
        match timeout_ms {
            Some(ms) => tokio::time::timeout(Duration::from_millis(ms), work)
                .await
                .unwrap_or_else(|_| Err(NodeError::transient(format!("timed out after {ms} ms")))),
            None => work.await,
        }
    };
    tokio::pin!(bounded);
    tokio::select! {
        result = &mut bounded => return result,
        () = call.cancel.cancelled() => {}
    }
    match tokio::time::timeout(CANCEL_GRACE, bounded).await {
        Ok(Ok(output)) => Ok(output),
        _ => Err(NodeError::cancelled()),
    }
}

/// The size of a value as JSON, counted only until it passes `limit`: `Some(size)` past it, `None`
/// within. Counting walks the value iteratively and allocates nothing.
pub(crate) fn json_size_over(value: &Value, limit: usize) -> Option<usize> {
    let mut size = 0usize;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        size += match v {
            Value::Null | Value::Bool(_) => 5,
            Value::Number(_) => 8,
            Value::String(s) => s.len() + 2,
            Value::Array(items) => {
                stack.extend(items.iter());
                items.len() + 2
            }
            Value::Object(map) => {
                stack.extend(map.values());
                map.keys().map(|k| k.len() + 4).sum::<usize>() + 2
            }
        };
        if size > limit {
            return Some(size);
        }
    }
    None
}

/// The wait before attempt `attempt + 1`: the backoff doubled after each failure, at most 5 minutes.
fn backoff(base_ms: u64, attempt: u32) -> Duration {
    let factor = 1u64 << attempt.saturating_sub(1).min(16);
    Duration::from_millis(base_ms.saturating_mul(factor).min(300_000))
}

pub(super) fn log_entry(
    node: &crate::validate::PlanNode,
    status: &str,
    message: String,
    error: Option<String>,
) -> LogEntry {
    LogEntry {
        seq: 0,
        node_id: Some(node.id.clone()),
        node_name: Some(node.name.clone()),
        status: status.into(),
        timestamp: now(),
        message,
        data: None,
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::{backoff, json_size_over};
    use serde_json::json;
    use std::time::Duration;

    #[test]
    fn output_size_is_counted_up_to_the_limit() {
        let value = json!({ "name": "Ada", "items": [1, 2, 3], "note": "x".repeat(100) });
        let exact = serde_json::to_string(&value).unwrap().len();
        assert_eq!(json_size_over(&value, exact * 2), None);
        assert!(json_size_over(&value, 50).is_some_and(|n| n > 50));
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(100, 1), Duration::from_millis(100));
        assert_eq!(backoff(100, 3), Duration::from_millis(400));
        assert_eq!(backoff(100_000, 10), Duration::from_secs(300));
        assert_eq!(backoff(0, 5), Duration::ZERO);
    }
}
