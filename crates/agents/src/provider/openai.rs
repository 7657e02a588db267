//! OpenAI chat completions, streamed — and every endpoint that speaks it (Groq, OpenRouter,
//! Ollama, LM Studio, vLLM …). `POST {base}/chat/completions` with `stream_options.include_usage`
//! so that streamed answers report their tokens too.

use super::{AnswerFormat, ChatRequest, Collector, Endpoint, Finish, Role, StreamProblem, Wire, sse::SseEvent};
use serde_json::{Value, json};

pub(super) struct OpenAi;

impl Wire for OpenAi {
    fn request(&self, http: &reqwest::Client, endpoint: &Endpoint, req: &ChatRequest) -> reqwest::RequestBuilder {
        let mut messages = Vec::new();
        if let Some(system) = &req.system {
            messages.push(json!({ "role": "system", "content": system }));
        }
        for m in &req.messages {
            messages.push(match m.role {
                Role::User => json!({ "role": "user", "content": m.content }),
                Role::Assistant if m.tool_calls.is_empty() => json!({ "role": "assistant", "content": m.content }),
                Role::Assistant => json!({
                    "role": "assistant",
                    "content": if m.content.is_empty() { Value::Null } else { json!(m.content) },
                    "tool_calls": m.tool_calls.iter().map(|c| json!({
                        "id": c.id, "type": "function",
                        "function": { "name": c.name, "arguments": c.arguments.to_string() },
                    })).collect::<Vec<_>>(),
                }),
                Role::Tool => json!({ "role": "tool", "tool_call_id": m.tool_call_id, "content": m.content }),
            });
        }
        let mut body = json!({
            "model": req.model,
            "messages": messages,
            "stream": true,
            "stream_options": { "include_usage": true },
        });
        let o = body.as_object_mut().expect("an object");
        if let Some(t) = req.max_tokens {
            // OpenAI's own newer models take only max_completion_tokens; compatible servers max_tokens.
            let key = if endpoint.base_url.contains("api.openai.com") { "max_completion_tokens" } else { "max_tokens" };
            o.insert(key.into(), json!(t));
        }
        for (key, value) in [
            ("temperature", req.temperature),
            ("top_p", req.top_p),
            ("frequency_penalty", req.frequency_penalty),
            ("presence_penalty", req.presence_penalty),
        ] {
            if let Some(v) = value {
                o.insert(key.into(), json!(v));
            }
        }
        if !req.stop.is_empty() {
            o.insert("stop".into(), json!(req.stop));
        }
        if !req.tools.is_empty() {
            let tools: Vec<Value> = req
                .tools
                .iter()
                .map(|t| json!({ "type": "function", "function": { "name": t.name, "description": t.description, "parameters": t.parameters } }))
                .collect();
            o.insert("tools".into(), json!(tools));
        }
        match &req.format {
            AnswerFormat::Text => {}
            AnswerFormat::Json(Some(schema)) => {
                o.insert(
                    "response_format".into(),
                    json!({ "type": "json_schema", "json_schema": { "name": "answer", "schema": schema, "strict": false } }),
                );
            }
            AnswerFormat::Json(None) => {
                o.insert("response_format".into(), json!({ "type": "json_object" }));
            }
        }
        let mut request =
            http.post(format!("{}/chat/completions", endpoint.base_url.trim_end_matches('/'))).json(&body);
        if let Some(key) = &endpoint.api_key {
            request = request.bearer_auth(key.expose());
        }
        request
    }

    fn on_event(
        &self,
        event: &SseEvent,
        acc: &mut Collector,
        on_token: &mut dyn FnMut(&str),
    ) -> Result<(), StreamProblem> {
        let data = event.data.trim();
        if data == "[DONE]" {
            acc.done = true;
            return Ok(());
        }
        let chunk: Value =
            serde_json::from_str(data).map_err(|_| StreamProblem::Malformed("a streamed chunk is not JSON".into()))?;
        if let Some(error) = chunk.get("error") {
            let message = error.get("message").and_then(Value::as_str).unwrap_or("an error");
            return Err(StreamProblem::Failed(message.to_string()));
        }
        if let Some(model) = chunk.get("model").and_then(Value::as_str).filter(|m| !m.is_empty()) {
            acc.model = model.to_string();
        }
        if let Some(usage) = chunk.get("usage").filter(|u| u.is_object()) {
            acc.usage.input_tokens = usage["prompt_tokens"].as_i64().unwrap_or(0);
            acc.usage.output_tokens = usage["completion_tokens"].as_i64().unwrap_or(0);
        }
        let Some(choice) = chunk.get("choices").and_then(Value::as_array).and_then(|c| c.first()) else {
            return Ok(());
        };
        let delta = &choice["delta"];
        if let Some(text) = delta.get("content").and_then(Value::as_str).filter(|t| !t.is_empty()) {
            acc.text.push_str(text);
            on_token(text);
        }
        if let Some(calls) = delta.get("tool_calls").and_then(Value::as_array) {
            for call in calls {
                let index = call.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
                let slot = acc.tool(index);
                if let Some(id) = call.get("id").and_then(Value::as_str) {
                    slot.0 = id.to_string();
                }
                if let Some(name) = call["function"].get("name").and_then(Value::as_str) {
                    slot.1.push_str(name);
                }
                if let Some(args) = call["function"].get("arguments").and_then(Value::as_str) {
                    slot.2.push_str(args);
                }
            }
        }
        if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
            acc.finish = Some(match reason {
                "stop" => Finish::Stop,
                "length" => Finish::Length,
                "tool_calls" | "function_call" => Finish::ToolCalls,
                other => Finish::Other(other.to_string()),
            });
            acc.done = true;
        }
        Ok(())
    }
}
