//! A model's answer to a request for JSON of a schema: an example of the schema, with the values of
//! the fields a test names taken from it — so one scripted fake can drive a workflow's AI steps down
//! the path a test wants (a lead scored 85, a review that passes) without knowing each prompt.

use serde_json::{Map, Value};

/// The answer to an OpenAI chat request `body`: an example of its `response_format` schema with
/// `fields` (by property name, at any depth) filled in, or — without a schema — `fields["text"]` or
/// a short sentence.
pub fn answer(body: &Value, fields: &Value) -> String {
    let schema = body.pointer("/response_format/json_schema/schema");
    match schema {
        Some(schema) => example(schema, "", fields).to_string(),
        None => fields.get("text").and_then(Value::as_str).unwrap_or("Here is the summary you asked for.").to_string(),
    }
}

/// An example of `schema` for the property `name`.
pub fn example(schema: &Value, name: &str, fields: &Value) -> Value {
    if let Some(v) = fields.get(name).filter(|_| !name.is_empty()) {
        return v.clone();
    }
    if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
        return first.clone();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => {
            let mut out = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (key, prop) in props {
                    out.insert(key.clone(), example(prop, key, fields));
                }
            }
            Value::Object(out)
        }
        Some("array") => {
            let items = schema.get("items").cloned().unwrap_or(Value::Object(Map::new()));
            Value::Array(vec![example(&items, name, &Value::Object(Map::new()))])
        }
        Some("integer") => {
            let min = schema.get("minimum").and_then(Value::as_i64).unwrap_or(0);
            let max = schema.get("maximum").and_then(Value::as_i64).unwrap_or(80);
            Value::from(min.max(max.min(80)))
        }
        Some("number") => Value::from(1.5),
        Some("boolean") => Value::Bool(true),
        _ => Value::String(format!("Sample {name}")),
    }
}
