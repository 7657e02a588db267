//! Anthropic Messages, streamed: `POST {base}/v1/messages` with `x-api-key`. Tool results travel as
//! `tool_result` blocks of a user turn (consecutive ones merged, as the API wants turns to
//! alternate); usage arrives in `message_start` (input) and `message_delta` (output).

use super::{ChatRequest, Collector, Endpoint, Finish, Role, StreamProblem, Wire, sse::SseEvent};
use serde_json::{Value, json};

pub(super) struct Anthropic;

/// Anthropic requires max_tokens; this is used when the agent sets none.
const DEFAULT_MAX_TOKENS: u32 = 4096;

impl Wire for Anthropic {
    fn request(&self, http: &reqwest::Client, endpoint: &Endpoint, req: &ChatRequest) -> reqwest::RequestBuilder {
        let mut messages: Vec<Value> = Vec::new();
        for m in &req.messages {
            match m.role {
                Role::User => messages.push(json!({ "role": "user", "content": m.content })),
                Role::Assistant => {
                    let mut blocks = Vec::new();
                    if !m.content.is_empty() {
                        blocks.push(json!({ "type": "text", "text": m.content }));
                    }
                    for c in &m.tool_calls {
                        blocks.push(json!({ "type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments }));
                    }
                    messages.push(json!({ "role": "assistant", "content": blocks }));
                }
                Role::Tool => {
                    let block = json!({ "type": "tool_result", "tool_use_id": m.tool_call_id, "content": m.content });
                    let merged = messages.last_mut().and_then(|last| {
                        let is_results = last["role"] == "user"
                            && last["content"].as_array().is_some_and(|b| b.iter().all(|x| x["type"] == "tool_result"));
                        if is_results { last["content"].as_array_mut() } else { None }
                    });
                    match merged {
                        Some(blocks) => blocks.push(block),
                        None => messages.push(json!({ "role": "user", "content": [block] })),
                    }
                }
            }
        }
        let mut body = json!({
            "model": req.model,
            "messages": messages,
            "max_tokens": req.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS),
            "stream": true,
        });
        let o = body.as_object_mut().expect("an object");
        if let Some(system) = &req.system {
            o.insert("system".into(), json!(system));
        }
        if let Some(t) = req.temperature {
            o.insert("temperature".into(), json!(t));
        }
        if let Some(p) = req.top_p {
            o.insert("top_p".into(), json!(p));
        }
        if !req.stop.is_empty() {
            o.insert("stop_sequences".into(), json!(req.stop));
        }
        if !req.tools.is_empty() {
            let tools: Vec<Value> = req
                .tools
                .iter()
                .map(|t| json!({ "name": t.name, "description": t.description, "input_schema": t.parameters }))
                .collect();
            o.insert("tools".into(), json!(tools));
        }
        let mut request = http
            .post(format!("{}/v1/messages", endpoint.base_url.trim_end_matches('/')))
            .header("anthropic-version", "2023-06-01")
            .json(&body);
        if let Some(key) = &endpoint.api_key {
            let mut value = reqwest::header::HeaderValue::from_str(key.expose())
                .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("invalid"));
            value.set_sensitive(true);
            request = request.header("x-api-key", value);
        }
        request
    }

    fn on_event(
        &self,
        event: &SseEvent,
        acc: &mut Collector,
        on_token: &mut dyn FnMut(&str),
    ) -> Result<(), StreamProblem> {
        let data: Value = serde_json::from_str(event.data.trim())
            .map_err(|_| StreamProblem::Malformed("a streamed event is not JSON".into()))?;
        let kind = data.get("type").and_then(Value::as_str).or(event.event.as_deref()).unwrap_or("");
        match kind {
            "message_start" => {
                let message = &data["message"];
                if let Some(model) = message.get("model").and_then(Value::as_str) {
                    acc.model = model.to_string();
                }
                acc.usage.input_tokens = message["usage"]["input_tokens"].as_i64().unwrap_or(0);
                acc.usage.output_tokens = message["usage"]["output_tokens"].as_i64().unwrap_or(0);
            }
            "content_block_start" => {
                let block = &data["content_block"];
                if block["type"] == "tool_use" {
                    let index = data["index"].as_u64().unwrap_or(0) as usize;
                    let slot = acc.tool(index);
                    slot.0 = block["id"].as_str().unwrap_or("").to_string();
                    slot.1 = block["name"].as_str().unwrap_or("").to_string();
                }
            }
            "content_block_delta" => {
                let delta = &data["delta"];
                match delta["type"].as_str() {
                    Some("text_delta") => {
                        let text = delta["text"].as_str().unwrap_or("");
                        acc.text.push_str(text);
                        on_token(text);
                    }
                    Some("input_json_delta") => {
                        let index = data["index"].as_u64().unwrap_or(0) as usize;
                        acc.tool(index).2.push_str(delta["partial_json"].as_str().unwrap_or(""));
                    }
                    _ => {}
                }
            }
            "message_delta" => {
                if let Some(reason) = data["delta"].get("stop_reason").and_then(Value::as_str) {
                    acc.finish = Some(match reason {
                        "end_turn" | "stop_sequence" => Finish::Stop,
                        "max_tokens" => Finish::Length,
                        "tool_use" => Finish::ToolCalls,
                        other => Finish::Other(other.to_string()),
                    });
                }
                if let Some(out) = data["usage"].get("output_tokens").and_then(Value::as_i64) {
                    acc.usage.output_tokens = out;
                }
                if let Some(input) = data["usage"].get("input_tokens").and_then(Value::as_i64) {
                    acc.usage.input_tokens = input;
                }
            }
            "message_stop" => acc.done = true,
            "error" => {
                let message = data["error"]["message"].as_str().unwrap_or("an error");
                return Err(StreamProblem::Failed(message.to_string()));
            }
            _ => {}
        }
        Ok(())
    }
}
