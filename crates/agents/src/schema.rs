//! Reading a model's JSON answer and checking it against the JSON Schema the node asked for: the
//! answer is found inside code fences or prose, and a mismatch names the path (`$.score: expected a
//! number, got "high"`). The common keywords are checked: type, properties, required, items, enum,
//! additionalProperties: false.

use crate::error::SchemaError;
use serde_json::Value;

/// The JSON in a model's answer.
pub fn extract(text: &str) -> Result<Value, SchemaError> {
    let trimmed = text.trim();
    if let Ok(v) = serde_json::from_str(trimmed) {
        return Ok(v);
    }
    let unfenced = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|t| t.trim_end().strip_suffix("```"))
        .map(str::trim);
    if let Some(inner) = unfenced
        && let Ok(v) = serde_json::from_str(inner)
    {
        return Ok(v);
    }
    let start = trimmed.find(['{', '[']);
    let end = trimmed.rfind(['}', ']']);
    if let (Some(s), Some(e)) = (start, end)
        && s < e
        && let Ok(v) = serde_json::from_str(&trimmed[s..=e])
    {
        return Ok(v);
    }
    let excerpt: String = trimmed.chars().take(80).collect();
    Err(format!("the answer is not JSON (it begins \"{excerpt}\")").into())
}

/// Checks `value` against `schema`; the error names the first mismatch's path.
pub fn check(value: &Value, schema: &Value) -> Result<(), SchemaError> {
    check_at(value, schema, "$")
}

fn check_at(value: &Value, schema: &Value, path: &str) -> Result<(), SchemaError> {
    let Some(schema) = schema.as_object() else { return Ok(()) };
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{path}: {value} is not one of {}", Value::Array(allowed.clone())).into());
    }
    if let Some(expected) = schema.get("type") {
        let types: Vec<&str> = match expected {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() && !types.iter().any(|t| is_type(value, t)) {
            return Err(format!("{path}: expected {}, got {}", types.join(" or "), describe(value)).into());
        }
    }
    if let Value::Object(map) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        for key in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            if !map.contains_key(key) {
                return Err(format!("{path}: '{key}' is required").into());
            }
        }
        for (key, v) in map {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => check_at(v, sub, &format!("{path}.{key}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{path}: '{key}' is not allowed").into());
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check_at(item, item_schema, &format!("{path}[{i}]"))?;
        }
    }
    Ok(())
}

fn is_type(value: &Value, t: &str) -> bool {
    match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => true,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{}\"", s.chars().take(40).collect::<String>()),
        Value::Object(_) => "an object".into(),
        Value::Array(_) => "a list".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_are_found_and_checked() {
        assert_eq!(extract("```json\n{\"a\": 1}\n```").unwrap(), json!({ "a": 1 }));
        assert_eq!(extract("Sure! {\"a\": [1]} Hope that helps.").unwrap(), json!({ "a": [1] }));
        assert!(extract("no json here").unwrap_err().0.starts_with("the answer is not JSON"));
        let schema = json!({ "type": "object", "required": ["score", "tags"], "properties": {
            "score": { "type": "integer" }, "tags": { "type": "array", "items": { "enum": ["hot", "cold"] } } } });
        assert_eq!(check(&json!({ "score": 3, "tags": ["hot"] }), &schema), Ok(()));
        assert_eq!(
            check(&json!({ "score": "high", "tags": [] }), &schema).unwrap_err().0,
            "$.score: expected integer, got \"high\""
        );
        assert_eq!(check(&json!({ "score": 1 }), &schema).unwrap_err().0, "$: 'tags' is required");
        assert_eq!(
            check(&json!({ "score": 1, "tags": ["warm"] }), &schema).unwrap_err().0,
            "$.tags[0]: \"warm\" is not one of [\"hot\",\"cold\"]"
        );
    }
}
