//! The node types the engine runs by itself: trigger, condition, transform and delay.

use super::executor::{BoxFuture, Executor, Executors, NodeCall, NodeError, NodeOutput};
use crate::spec::NodeSpec;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

pub(super) fn register(executors: Executors) -> Executors {
    executors
        .with("trigger", Arc::new(Trigger))
        .with("condition", Arc::new(Condition))
        .with("transform", Arc::new(Transform))
        .with("delay", Arc::new(Delay))
}

/// A trigger outputs the execution's input.
struct Trigger;

impl Executor for Trigger {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move { Ok(NodeOutput::of(call.input)) })
    }

    fn records_start(&self) -> bool {
        false
    }
}

/// A condition outputs its input plus `{result}` and routes to the handle `true` or `false`.
struct Condition;

impl Executor for Condition {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeSpec::Condition { expression } = &call.node().spec else {
                return Err(NodeError::permanent("internal: a condition node without an expression"));
            };
            let result = call.scope.truthy(expression).map_err(|e| field_error(&call, "data.expression", e))?;
            let value = match call.input {
                Value::Object(mut map) => {
                    map.insert("result".into(), Value::Bool(result));
                    Value::Object(map)
                }
                other => json!({ "value": other, "result": result }),
            };
            Ok(NodeOutput { value, route: Some(result), ..NodeOutput::default() })
        })
    }

    fn records_start(&self) -> bool {
        false
    }
}

/// A transform outputs its `output` template, evaluated.
struct Transform;

impl Executor for Transform {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeSpec::Transform { output } = &call.node().spec else {
                return Err(NodeError::permanent("internal: a transform node without an output"));
            };
            let value = call.scope.render(output).map_err(|e| field_error(&call, "data.output", e))?;
            Ok(NodeOutput::of(value))
        })
    }

    fn records_start(&self) -> bool {
        false
    }
}

/// A delay waits, then outputs its input. Cancelling the run ends the wait at once.
struct Delay;

impl Executor for Delay {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeSpec::Delay { ms } = call.node().spec else {
                return Err(NodeError::permanent("internal: a delay node without a duration"));
            };
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(ms)) => Ok(NodeOutput::of(call.input)),
                () = call.cancel.cancelled() => Err(NodeError::permanent("cancelled while waiting")),
            }
        })
    }
}

/// An evaluation error, naming the field and the reason (the run's error names the node).
pub fn field_error(_call: &NodeCall, field: &str, reason: String) -> NodeError {
    NodeError::permanent(format!("{field}: {reason}"))
}
