//! The three wire formats as the fake speaks them: reading a request, and writing an answer as the
//! provider's stream of events. Token counts are words: input = the words of the system prompt and
//! every message, output = the words of the answer (a tool call counts 5) — so tests can predict
//! usage and cost exactly.

use crate::llm::{Behavior, Seen};
use axum::http::HeaderMap;
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    OpenAi,
    Anthropic,
    Gemini,
}

/// One piece of the stream; `paced` pieces wait the behavior's delay before they are sent.
pub(crate) struct Frame {
    pub bytes: Vec<u8>,
    pub paced: bool,
}

/// Words in a text: the fake's token count.
pub fn words(text: &str) -> i64 {
    text.split_whitespace().count() as i64
}

/// The input tokens the fake reports for a request.
pub fn input_tokens(seen: &Seen) -> i64 {
    words(&seen.system) + seen.messages.iter().map(|m| words(m)).sum::<i64>()
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .map(|p| {
                p.get("text")
                    .or_else(|| p.get("content"))
                    .map(text_of)
                    .or_else(|| p.get("functionResponse").map(|f| f["response"].to_string()))
                    .or_else(|| p.get("input").map(Value::to_string))
                    .or_else(|| p.get("functionCall").map(Value::to_string))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(crate) fn read_request(wire: Wire, model: Option<String>, headers: &HeaderMap, body: Value) -> Seen {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (key, system, messages, tools) = match wire {
        Wire::OpenAi => {
            let key = header("authorization").and_then(|a| a.strip_prefix("Bearer ").map(str::to_string));
            let all = body["messages"].as_array().cloned().unwrap_or_default();
            let system = all
                .iter()
                .filter(|m| m["role"] == "system")
                .map(|m| text_of(&m["content"]))
                .collect::<Vec<_>>()
                .join("\n");
            let messages = all.iter().filter(|m| m["role"] != "system").map(|m| text_of(&m["content"])).collect();
            let tools = body["tools"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["function"]["name"].as_str().map(str::to_string))
                .collect();
            (key, system, messages, tools)
        }
        Wire::Anthropic => {
            let messages = body["messages"].as_array().into_iter().flatten().map(|m| text_of(&m["content"])).collect();
            let tools = body["tools"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["name"].as_str().map(str::to_string))
                .collect();
            (header("x-api-key"), text_of(&body["system"]), messages, tools)
        }
        Wire::Gemini => {
            let messages = body["contents"].as_array().into_iter().flatten().map(|m| text_of(&m["parts"])).collect();
            let tools = body["tools"][0]["functionDeclarations"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["name"].as_str().map(str::to_string))
                .collect();
            (header("x-goog-api-key"), text_of(&body["systemInstruction"]["parts"]), messages, tools)
        }
    };
    let model = model.unwrap_or_else(|| body["model"].as_str().unwrap_or("").to_string());
    Seen { wire, model, key, system, messages, tools, body }
}

pub(crate) fn error_body(wire: Wire, code: u16, message: &str) -> String {
    match wire {
        Wire::OpenAi => json!({ "error": { "message": message, "type": "invalid_request_error",
            "code": if code == 404 { json!("model_not_found") } else { Value::Null } } }),
        Wire::Anthropic => {
            let kind = match code {
                401 => "authentication_error",
                404 => "not_found_error",
                429 => "rate_limit_error",
                529 => "overloaded_error",
                500..=599 => "api_error",
                _ => "invalid_request_error",
            };
            json!({ "type": "error", "error": { "type": kind, "message": message } })
        }
        Wire::Gemini => {
            let status = match code {
                401 => "UNAUTHENTICATED",
                404 => "NOT_FOUND",
                429 => "RESOURCE_EXHAUSTED",
                500..=599 => "UNAVAILABLE",
                _ => "INVALID_ARGUMENT",
            };
            json!({ "error": { "code": code, "message": message, "status": status } })
        }
    }
    .to_string()
}

fn sse(event: Option<&str>, data: &Value, paced: bool) -> Frame {
    let mut text = String::new();
    if let Some(e) = event {
        text.push_str(&format!("event: {e}\n"));
    }
    text.push_str(&format!("data: {data}\n\n"));
    Frame { bytes: text.into_bytes(), paced }
}

/// Splits text into `n` pieces (at least one).
fn pieces(text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let n = n.clamp(1, chars.len().max(1));
    let size = chars.len().div_ceil(n).max(1);
    chars.chunks(size).map(|c| c.iter().collect()).collect()
}

pub(crate) fn frames(wire: Wire, seen: &Seen, behavior: &Behavior) -> Vec<Frame> {
    let input = input_tokens(seen);
    let model = seen.model.as_str();
    match behavior {
        Behavior::Malformed => vec![Frame { bytes: b"data: {this is not json\n\n".to_vec(), paced: false }],
        Behavior::Text { text, chunks, .. } => {
            text_frames(wire, model, input, &pieces(text, *chunks), words(text), true)
        }
        Behavior::CutShort { text } => {
            let mut all = text_frames(wire, model, input, &pieces(text, 2), words(text), true);
            all.truncate(if wire == Wire::Anthropic { 3 } else { 2 });
            all
        }
        Behavior::ToolCall { name, arguments } => tool_frames(wire, model, input, name, arguments),
        Behavior::Status { .. } | Behavior::Schema { .. } => Vec::new(),
    }
}

fn text_frames(wire: Wire, model: &str, input: i64, parts: &[String], output: i64, finish: bool) -> Vec<Frame> {
    let mut out = Vec::new();
    match wire {
        Wire::OpenAi => {
            out.push(sse(
                None,
                &json!({ "model": model, "choices": [{ "index": 0, "delta": { "role": "assistant" } }] }),
                false,
            ));
            for p in parts {
                out.push(sse(
                    None,
                    &json!({ "model": model, "choices": [{ "index": 0, "delta": { "content": p } }] }),
                    true,
                ));
            }
            if finish {
                out.push(sse(
                    None,
                    &json!({ "choices": [{ "index": 0, "delta": {}, "finish_reason": "stop" }] }),
                    false,
                ));
                out.push(sse(
                    None,
                    &json!({ "choices": [], "usage": { "prompt_tokens": input, "completion_tokens": output } }),
                    false,
                ));
                out.push(Frame { bytes: b"data: [DONE]\n\n".to_vec(), paced: false });
            }
        }
        Wire::Anthropic => {
            out.push(sse(Some("message_start"), &json!({ "type": "message_start", "message": { "model": model, "usage": { "input_tokens": input, "output_tokens": 1 } } }), false));
            out.push(sse(
                Some("content_block_start"),
                &json!({ "type": "content_block_start", "index": 0, "content_block": { "type": "text", "text": "" } }),
                false,
            ));
            for p in parts {
                out.push(sse(
                    Some("content_block_delta"),
                    &json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": p } }),
                    true,
                ));
            }
            if finish {
                out.push(sse(Some("content_block_stop"), &json!({ "type": "content_block_stop", "index": 0 }), false));
                out.push(sse(Some("message_delta"), &json!({ "type": "message_delta", "delta": { "stop_reason": "end_turn" }, "usage": { "output_tokens": output } }), false));
                out.push(sse(Some("message_stop"), &json!({ "type": "message_stop" }), false));
            }
        }
        Wire::Gemini => {
            for p in parts {
                out.push(sse(None, &json!({ "candidates": [{ "content": { "role": "model", "parts": [{ "text": p }] } }], "modelVersion": model }), true));
            }
            if finish {
                out.push(sse(None, &json!({ "candidates": [{ "content": { "role": "model", "parts": [] }, "finishReason": "STOP" }],
                    "usageMetadata": { "promptTokenCount": input, "candidatesTokenCount": output }, "modelVersion": model }), false));
            }
        }
    }
    out
}

fn tool_frames(wire: Wire, model: &str, input: i64, name: &str, arguments: &Value) -> Vec<Frame> {
    let args = arguments.to_string();
    let (first, rest) = args.split_at(args.len() / 2);
    match wire {
        Wire::OpenAi => vec![
            sse(
                None,
                &json!({ "model": model, "choices": [{ "index": 0, "delta": { "role": "assistant", "tool_calls": [
                { "index": 0, "id": "call_1", "type": "function", "function": { "name": name, "arguments": first } }] } }] }),
                false,
            ),
            sse(
                None,
                &json!({ "choices": [{ "index": 0, "delta": { "tool_calls": [{ "index": 0, "function": { "arguments": rest } }] } }] }),
                false,
            ),
            sse(None, &json!({ "choices": [{ "index": 0, "delta": {}, "finish_reason": "tool_calls" }] }), false),
            sse(None, &json!({ "choices": [], "usage": { "prompt_tokens": input, "completion_tokens": 5 } }), false),
            Frame { bytes: b"data: [DONE]\n\n".to_vec(), paced: false },
        ],
        Wire::Anthropic => vec![
            sse(
                Some("message_start"),
                &json!({ "type": "message_start", "message": { "model": model, "usage": { "input_tokens": input, "output_tokens": 1 } } }),
                false,
            ),
            sse(
                Some("content_block_start"),
                &json!({ "type": "content_block_start", "index": 0, "content_block": { "type": "tool_use", "id": "toolu_1", "name": name, "input": {} } }),
                false,
            ),
            sse(
                Some("content_block_delta"),
                &json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "input_json_delta", "partial_json": first } }),
                false,
            ),
            sse(
                Some("content_block_delta"),
                &json!({ "type": "content_block_delta", "index": 0, "delta": { "type": "input_json_delta", "partial_json": rest } }),
                false,
            ),
            sse(Some("content_block_stop"), &json!({ "type": "content_block_stop", "index": 0 }), false),
            sse(
                Some("message_delta"),
                &json!({ "type": "message_delta", "delta": { "stop_reason": "tool_use" }, "usage": { "output_tokens": 5 } }),
                false,
            ),
            sse(Some("message_stop"), &json!({ "type": "message_stop" }), false),
        ],
        Wire::Gemini => vec![sse(
            None,
            &json!({
            "candidates": [{ "content": { "role": "model", "parts": [{ "functionCall": { "name": name, "args": arguments } }] }, "finishReason": "STOP" }],
            "usageMetadata": { "promptTokenCount": input, "candidatesTokenCount": 5 }, "modelVersion": model }),
            false,
        )],
    }
}
