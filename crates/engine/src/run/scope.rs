//! What templates and expressions of a node can see: `input`, `nodes.<id>.output`, `prev`, `vars` and
//! `execution`. Outputs are converted to template values once, when their node completes, and shared
//! by reference afterwards, so building a node's scope costs the same on the tenth node as on the
//! ten-thousandth.

use crate::error::EvalError;
use crate::expr;
use minijinja::value::{Enumerator, Object};
use minijinja::{Value as Mj, context};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The outputs of the nodes completed so far in a run.
#[derive(Debug, Default)]
pub(crate) struct OutputTable {
    outputs: RwLock<HashMap<String, Mj>>,
}

impl OutputTable {
    pub fn insert(&self, node: &str, output: &Value) {
        let value = expr::to_template_value(output);
        if let Ok(mut map) = self.outputs.write() {
            map.insert(node.to_string(), context! { output => value });
        }
    }
}

/// `nodes` in a template: looks each node up when asked, instead of copying every output.
#[derive(Debug)]
struct NodesView(Arc<OutputTable>);

impl Object for NodesView {
    fn get_value(self: &Arc<Self>, key: &Mj) -> Option<Mj> {
        let id = key.as_str()?;
        self.0.outputs.read().ok()?.get(id).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys: Vec<Mj> =
            self.0.outputs.read().map(|m| m.keys().map(|k| Mj::from(k.as_str())).collect()).unwrap_or_default();
        Enumerator::Values(keys)
    }
}

/// The parts of a scope shared by every node of a run.
#[derive(Debug, Clone)]
pub(crate) struct RunScope {
    pub input: Mj,
    pub vars: Mj,
    pub execution: Mj,
    pub outputs: Arc<OutputTable>,
}

/// One node's view of its run, for evaluating its templates and expressions.
#[derive(Debug, Clone)]
pub struct Scope {
    context: Mj,
}

impl Scope {
    pub(crate) fn for_node(run: &RunScope, prev: &Value) -> Self {
        let context = context! {
            input => run.input.clone(),
            vars => run.vars.clone(),
            execution => run.execution.clone(),
            nodes => Mj::from_object(NodesView(Arc::clone(&run.outputs))),
            prev => expr::to_template_value(prev),
        };
        Self { context }
    }

    /// A scope over plain JSON (for evaluating templates outside a run).
    pub fn from_json(context: &Value) -> Self {
        Self { context: expr::to_template_value(context) }
    }

    /// This scope with more names in it (`item` and `index` inside a sub-workflow's `forEach`).
    pub fn with(&self, extra: &[(&str, Value)]) -> Self {
        let overlay: std::collections::BTreeMap<String, Mj> =
            extra.iter().map(|(k, v)| (k.to_string(), expr::to_template_value(v))).collect();
        let overlay = Mj::from(overlay);
        Self { context: minijinja::value::merge_maps([overlay, self.context.clone()]) }
    }

    /// Evaluates every template string inside `value`.
    pub fn render(&self, value: &Value) -> Result<Value, EvalError> {
        expr::render_value_in(value, &self.context)
    }

    /// Evaluates one template string.
    pub fn render_str(&self, text: &str) -> Result<Value, EvalError> {
        expr::render_string_in(text, &self.context)
    }

    /// Evaluates a bare expression.
    pub fn eval(&self, expression: &str) -> Result<Value, EvalError> {
        expr::to_json(expr::eval_in(expression, &self.context)?)
    }

    /// Evaluates a bare expression for its truth (as templates test it: empty and zero are false).
    pub fn truthy(&self, expression: &str) -> Result<bool, EvalError> {
        Ok(expr::eval_in(expression, &self.context)?.is_true())
    }
}
