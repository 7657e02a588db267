//! Template values back to JSON — the typed result of a `{{ expr }}`, the text a container prints as,
//! and the `tojson` filter — walked with a depth and a size limit. A namespace that contains itself
//! (`{% set ns.me = ns %}`) would make a plain serializer recurse until the stack overflows; here it
//! is an error naming the limit, as is a value larger than a node may output.

use crate::error::EvalError;
use minijinja::value::ValueKind;
use serde_json::{Map, Value};

/// The deepest value a template may produce (JSON from the outside world is at most 128 deep).
pub const MAX_VALUE_DEPTH: usize = 128;
/// The largest value a template may produce (as JSON): 10 MiB, a node's output limit.
pub const MAX_VALUE_BYTES: usize = 10 * 1024 * 1024;

/// Converts a template value to JSON (undefined becomes null), within the limits.
pub fn to_json(value: &minijinja::Value) -> Result<Value, EvalError> {
    let mut budget = MAX_VALUE_BYTES;
    convert(value, 0, &mut budget)
}

/// Writes a template value as compact JSON text, within the limits.
pub fn to_json_text(value: &minijinja::Value) -> Result<String, EvalError> {
    let json = to_json(value)?;
    serde_json::to_string(&json).map_err(|e| EvalError::Failed(format!("the value cannot be written as JSON: {e}")))
}

fn charge(budget: &mut usize, bytes: usize) -> Result<(), EvalError> {
    *budget = budget.checked_sub(bytes).ok_or(EvalError::TooLarge { what: "the value", limit: MAX_VALUE_BYTES })?;
    Ok(())
}

fn convert(value: &minijinja::Value, depth: usize, budget: &mut usize) -> Result<Value, EvalError> {
    if depth > MAX_VALUE_DEPTH {
        return Err(EvalError::TooDeep { what: "the value (does it contain itself?)", limit: MAX_VALUE_DEPTH });
    }
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => {
            charge(budget, 4)?;
            Ok(Value::Null)
        }
        ValueKind::Seq | ValueKind::Iterable => {
            let items = value.try_iter().map_err(|e| EvalError::Failed(e.to_string()))?;
            let mut out = Vec::new();
            for item in items {
                charge(budget, 1)?;
                out.push(convert(&item, depth + 1, budget)?);
            }
            Ok(Value::Array(out))
        }
        ValueKind::Map => {
            let keys = value.try_iter().map_err(|e| EvalError::Failed(e.to_string()))?;
            let mut out = Map::new();
            for key in keys {
                let item = value.get_item(&key).map_err(|e| EvalError::Failed(e.to_string()))?;
                let name = match key.as_str() {
                    Some(s) => s.to_string(),
                    None => key.to_string(),
                };
                charge(budget, name.len() + 3)?;
                let converted = convert(&item, depth + 1, budget)?;
                out.insert(name, converted);
            }
            Ok(Value::Object(out))
        }
        ValueKind::String => {
            let s = value.as_str().unwrap_or_default();
            charge(budget, s.len() + 2)?;
            Ok(Value::String(s.to_string()))
        }
        _ => {
            let scalar = serde_json::to_value(value)
                .map_err(|e| EvalError::Failed(format!("the result cannot be represented as JSON: {e}")))?;
            charge(budget, 8)?;
            Ok(scalar)
        }
    }
}
