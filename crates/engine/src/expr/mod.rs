//! Templates and expressions, evaluated by minijinja in a sandbox.
//!
//! Strings in a node's `data` are templates (`Hello {{ input.name }}`); a string that is exactly one
//! `{{ expr }}` yields the expression's typed value; a condition is a bare expression. The environment
//! has no loader, no file, network or environment access, and semi-strict undefined handling: using a
//! missing value is an error that names it, but testing it (`{% if input.note %}`, `input.note or
//! "none"`) is allowed.
//!
//! Every evaluation is bounded, so no template can take the process down (see `limits` and `json`):
//! - in size and shape before parsing: at most [`MAX_TEMPLATE_BYTES`], and per block at most
//!   [`MAX_TERMS`] chained terms and [`MAX_NESTING`] levels of nesting (the parser recurses);
//! - in work and memory while running, by minijinja's fuel, which charges each instruction *and*
//!   every byte of data a template produces (concatenations, repetitions, filter results, output),
//!   checking sizes known in advance before allocating: [`FUEL`] units;
//! - in the result: at most [`MAX_VALUE_BYTES`] and [`MAX_VALUE_DEPTH`] levels, so a namespace that
//!   contains itself is an error, not a recursion.

mod json;
mod limits;

pub use json::{MAX_VALUE_BYTES, MAX_VALUE_DEPTH};
pub use limits::{MAX_NESTING, MAX_TEMPLATE_BYTES, MAX_TERMS};

use crate::error::EvalError;
use minijinja::{Environment, UndefinedBehavior};
use serde_json::Value;
use std::sync::OnceLock;

/// What one evaluation may spend: an instruction costs one unit, and 64 bytes of data produced
/// cost one unit — so a template may run half a million instructions, or produce about 32 MB in
/// all, before it is stopped.
pub const FUEL: u64 = 500_000;

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_fuel(Some(FUEL));
        env.set_recursion_limit(100);
        env.set_formatter(json_formatter);
        env.add_filter("tojson", tojson);
        env
    })
}

/// Prints values into text the way people of JSON expect: `true`, `null`, `[1, 2]`, `{"a": 1}`
/// (Jinja's defaults are Python's `True`, `None` and `{'a': 1}`). Strings and numbers print as usual.
fn json_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    use minijinja::value::ValueKind;
    match value.kind() {
        ValueKind::Bool | ValueKind::None | ValueKind::Seq | ValueKind::Map => {
            let text = json::to_json_text(value)
                .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))?;
            out.write_str(&text).map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// `tojson`, bounded in depth and size (the built-in one would follow a value that contains itself).
fn tojson(value: &minijinja::Value) -> Result<minijinja::Value, minijinja::Error> {
    json::to_json_text(value)
        .map(minijinja::Value::from_safe_string)
        .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))
}

/// If `text` is exactly one `{{ expr }}`, the expression inside it.
pub fn single_expression(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    if inner.contains("{{") || inner.contains("}}") || inner.contains("{%") {
        return None;
    }
    let inner = inner.strip_prefix(['-', '+']).unwrap_or(inner);
    let inner = inner.strip_suffix(['-', '+']).unwrap_or(inner);
    (!inner.trim().is_empty()).then_some(inner.trim())
}

/// Whether a string contains template syntax at all (plain text needs no parsing or evaluation).
pub fn is_template(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("{#")
}

/// Checks that a template parses (and is within the size and shape limits).
pub fn check_template(text: &str) -> Result<(), EvalError> {
    if let Some(expr) = single_expression(text) {
        return check_expression(expr);
    }
    if !is_template(text) {
        return Ok(());
    }
    limits::check_template_shape(text)?;
    environment().template_from_str(text).map(|_| ()).map_err(|e| describe(&e))
}

/// Checks that a bare expression parses (and is within the size and shape limits).
pub fn check_expression(expr: &str) -> Result<(), EvalError> {
    if expr.trim().is_empty() {
        return Err(EvalError::Syntax("the expression is empty".into()));
    }
    limits::check_expression_shape(expr)?;
    environment().compile_expression(expr).map(|_| ()).map_err(|e| describe(&e))
}

/// Checks a template (or, with `expression`, a bare expression) as the editor's lint does: the
/// error, and where it is (line and column, both from 1) when the parser says.
pub fn check_located(text: &str, expression: bool) -> Result<(), (EvalError, Option<(u32, u32)>)> {
    let shape = if expression { limits::check_expression_shape(text) } else { limits::check_template_shape(text) };
    shape.map_err(|e| (e, None))?;
    let bare = if expression { Some(single_expression(text).unwrap_or(text)) } else { single_expression(text) };
    let compiled = match bare {
        Some(expr) if expr.trim().is_empty() => {
            return Err((EvalError::Syntax("the expression is empty".into()), None));
        }
        Some(expr) => environment().compile_expression(expr).map(|_| ()),
        None if !is_template(text) => return Ok(()),
        None => environment().template_from_str(text).map(|_| ()),
    };
    compiled.map_err(|e| {
        let at = e.range().map(|r| {
            // A bare expression inside `{{ }}` is offset by where it starts in the text.
            let offset = bare.and_then(|b| text.find(b)).unwrap_or(0) + r.start;
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() as u32 + 1;
            let column = (before.len() - before.rfind('\n').map_or(0, |i| i + 1)) as u32 + 1;
            (line, column)
        });
        (describe(&e), at)
    })
}

/// A JSON value as the template engine sees it (converted once, then shared cheaply).
pub fn to_template_value(value: &Value) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(value))
}

/// Evaluates a bare expression against a prepared context.
pub fn eval_in(expr: &str, context: &minijinja::Value) -> Result<minijinja::Value, EvalError> {
    limits::check_expression_shape(expr)?;
    let compiled = environment().compile_expression(expr).map_err(|e| describe(&e))?;
    compiled.eval(context.clone()).map_err(|e| describe(&e))
}

/// Evaluates a template string against a prepared context: a single `{{ expr }}` gives its typed
/// value, anything else renders to text.
pub fn render_string_in(text: &str, context: &minijinja::Value) -> Result<Value, EvalError> {
    if let Some(expr) = single_expression(text) {
        return to_json(eval_in(expr, context)?);
    }
    if !is_template(text) {
        return Ok(Value::String(text.to_string()));
    }
    limits::check_template_shape(text)?;
    let template = environment().template_from_str(text).map_err(|e| describe(&e))?;
    let rendered = template.render(context.clone()).map_err(|e| describe(&e))?;
    if rendered.len() > MAX_VALUE_BYTES {
        return Err(EvalError::TooLarge { what: "the rendered text", limit: MAX_VALUE_BYTES });
    }
    Ok(Value::String(rendered))
}

/// Evaluates every string inside a JSON value as a template against a prepared context.
pub fn render_value_in(value: &Value, context: &minijinja::Value) -> Result<Value, EvalError> {
    match value {
        Value::String(s) => render_string_in(s, context),
        Value::Array(items) => {
            items.iter().map(|v| render_value_in(v, context)).collect::<Result<_, _>>().map(Value::Array)
        }
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| render_value_in(v, context).map(|v| (k.clone(), v)))
            .collect::<Result<_, _>>()
            .map(Value::Object),
        other => Ok(other.clone()),
    }
}

/// Evaluates a bare expression against a JSON context.
pub fn eval_expression(expr: &str, context: &Value) -> Result<Value, EvalError> {
    to_json(eval_in(expr, &to_template_value(context))?)
}

/// Evaluates a template string against a JSON context.
pub fn render_string(text: &str, context: &Value) -> Result<Value, EvalError> {
    render_string_in(text, &to_template_value(context))
}

/// Evaluates every string inside a JSON value as a template against a JSON context.
pub fn render_value(value: &Value, context: &Value) -> Result<Value, EvalError> {
    render_value_in(value, &to_template_value(context))
}

/// Checks every string inside a JSON value as a template; returns the path (`output.items[2].name`)
/// and reason of each one that does not parse. Paths are built only for the strings at fault.
pub fn template_errors(value: &Value, root: &str) -> Vec<(String, EvalError)> {
    fn walk(value: &Value, path: &mut Vec<String>, root: &str, out: &mut Vec<(String, EvalError)>) {
        match value {
            Value::String(s) => {
                if let Err(e) = check_template(s) {
                    out.push((format!("{root}{}", path.concat()), e));
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    if needs_check(v) {
                        path.push(format!("[{i}]"));
                        walk(v, path, root, out);
                        path.pop();
                    }
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    if needs_check(v) {
                        path.push(format!(".{k}"));
                        walk(v, path, root, out);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
    }
    /// Whether a value holds anything that could be a template.
    fn needs_check(v: &Value) -> bool {
        match v {
            Value::String(s) => is_template(s),
            Value::Array(_) | Value::Object(_) => true,
            _ => false,
        }
    }
    let mut out = Vec::new();
    walk(value, &mut Vec::new(), root, &mut out);
    out
}

/// Calls `visit(path, text)` for every string inside a JSON value, with its path (`output.name`).
pub fn for_each_string(value: &Value, path: &str, visit: &mut impl FnMut(&str, &str)) {
    match value {
        Value::String(s) => visit(path, s),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                for_each_string(v, &format!("{path}[{i}]"), visit);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                for_each_string(v, &format!("{path}.{k}"), visit);
            }
        }
        _ => {}
    }
}

/// A template value back as JSON (undefined becomes null).
pub fn to_json(value: minijinja::Value) -> Result<Value, EvalError> {
    if value.is_undefined() {
        return Ok(Value::Null);
    }
    serde_json::to_value(&value)
        .map_err(|e| EvalError::Failed(format!("the result cannot be represented as JSON: {e}")))
}

/// A minijinja error in the user's terms: what went wrong, without the engine's internal names.
fn describe(e: &minijinja::Error) -> EvalError {
    let detail = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
    match e.kind() {
        minijinja::ErrorKind::SyntaxError => EvalError::Syntax(detail),
        minijinja::ErrorKind::UndefinedError => EvalError::Undefined(detail),
        minijinja::ErrorKind::OutOfFuel => EvalError::TooLong { limit: FUEL },
        // A limit named by our own checks (depth, size) keeps its words.
        minijinja::ErrorKind::InvalidOperation if detail.contains("limit") => EvalError::NotAllowed(detail),
        _ => EvalError::Failed(detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_single_expression_keeps_its_type() {
        let ctx = json!({"input": {"score": 91, "tags": ["a"]}, "vars": {"threshold": 80}});
        assert_eq!(render_string("{{ input.score }}", &ctx).unwrap(), json!(91));
        assert_eq!(render_string(" {{ input.tags }} ", &ctx).unwrap(), json!(["a"]));
        assert_eq!(render_string("score {{ input.score }}", &ctx).unwrap(), json!("score 91"));
        assert_eq!(eval_expression("input.score >= vars.threshold", &ctx).unwrap(), json!(true));
        assert_eq!(render_string("plain", &ctx).unwrap(), json!("plain"));
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(check_expression("input.score >=").unwrap_err().to_string().starts_with("syntax error"));
        assert!(check_template("{{ input.name ").unwrap_err().to_string().starts_with("syntax error"));
        let err = render_string("{{ input.missing.deeper }}", &json!({"input": {}})).unwrap_err().to_string();
        assert!(err.starts_with("undefined value"), "{err}");
        assert_eq!(eval_expression("input.note or 'none'", &json!({"input": {}})).unwrap(), json!("none"));
    }

    #[test]
    fn the_sandbox_stops_runaway_loops() {
        let err = render_string(
            "{% for i in range(100000000) %}{% for j in range(100000000) %}x{% endfor %}{% endfor %}",
            &json!({}),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("too long") || err.contains("range"), "{err}");
    }
}
