//! The node types the engine runs by itself: trigger, condition, transform and delay.

use super::executor::{BoxFuture, Executor, Executors, NodeCall, NodeOutput};
use crate::error::{NodeError, field_error};
use neuroflow_types::NodeKind;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

pub(super) fn register(executors: Executors) -> Executors {
    executors
        .with("trigger", Arc::new(Trigger))
        .with("condition", Arc::new(Condition))
        .with("transform", Arc::new(Transform))
        .with("delay", Arc::new(Delay::default()))
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
            let NodeKind::Condition(data) = &call.node().kind else {
                return Err(NodeError::permanent("internal: not a condition node"));
            };
            let result = call.scope.truthy(&data.expression).map_err(|e| field_error("data.expression", e))?;
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
            let NodeKind::Transform(data) = &call.node().kind else {
                return Err(NodeError::permanent("internal: not a transform node"));
            };
            let value = call.scope.render(&data.output).map_err(|e| field_error("data.output", e))?;
            Ok(NodeOutput::of(value))
        })
    }

    fn records_start(&self) -> bool {
        false
    }
}

/// A delay waits, then outputs its input. Cancelling the run ends the wait at once.
///
/// `max` caps every wait of a run (the app sets it for test runs that must not sit through a
/// template's five-minute wait; a document is never edited for that). The node still runs and
/// passes its input on, so what follows it is exercised exactly as in production.
#[derive(Debug, Clone, Copy, Default)]
pub struct Delay {
    pub max: Option<Duration>,
}

impl Executor for Delay {
    fn execute(self: Arc<Self>, call: NodeCall) -> BoxFuture<'static, Result<NodeOutput, NodeError>> {
        Box::pin(async move {
            let NodeKind::Delay(data) = &call.node().kind else {
                return Err(NodeError::permanent("internal: not a delay node"));
            };
            let wait = Duration::from_millis(data.ms);
            let wait = self.max.map_or(wait, |max| wait.min(max));
            tokio::select! {
                () = tokio::time::sleep(wait) => Ok(NodeOutput::of(call.input)),
                () = call.cancel.cancelled() => Err(NodeError::cancelled()),
            }
        })
    }
}
