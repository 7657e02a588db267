//! Google Gemini, streamed: `POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse`, the key
//! in `x-goog-api-key` (never in the URL). Each event is a whole response chunk; the last carries
//! the finish reason and the usage.

use super::{AnswerFormat, ChatRequest, Collector, Endpoint, Finish, Role, StreamProblem, Wire, sse::SseEvent};
use serde_json::{Value, json};

pub(super) struct Gemini;

impl Wire for Gemini {
    fn request(&self, http: &reqwest::Client, endpoint: &Endpoint, req: &ChatRequest) -> reqwest::RequestBuilder {
        let mut contents: Vec<Value> = Vec::new();
        for m in &req.messages {
            match m.role {
                Role::User => contents.push(json!({ "role": "user", "parts": [{ "text": m.content }] })),
                Role::Assistant => {
                    let mut parts = Vec::new();
                    if !m.content.is_empty() {
                        parts.push(json!({ "text": m.content }));
                    }
                    for c in &m.tool_calls {
                        parts.push(json!({ "functionCall": { "name": c.name, "args": c.arguments } }));
                    }
                    contents.push(json!({ "role": "model", "parts": parts }));
                }
                Role::Tool => {
                    let result = serde_json::from_str::<Value>(&m.content).unwrap_or_else(|_| json!(m.content));
                    let part = json!({ "functionResponse": { "name": m.tool_name, "response": { "result": result } } });
                    let merged = contents.last_mut().and_then(|last| {
                        let is_results = last["role"] == "user"
                            && last["parts"]
                                .as_array()
                                .is_some_and(|p| p.iter().all(|x| x.get("functionResponse").is_some()));
                        if is_results { last["parts"].as_array_mut() } else { None }
                    });
                    match merged {
                        Some(parts) => parts.push(part),
                        None => contents.push(json!({ "role": "user", "parts": [part] })),
                    }
                }
            }
        }
        let mut config = serde_json::Map::new();
        for (key, value) in [
            ("temperature", req.temperature),
            ("topP", req.top_p),
            ("frequencyPenalty", req.frequency_penalty),
            ("presencePenalty", req.presence_penalty),
        ] {
            if let Some(v) = value {
                config.insert(key.into(), json!(v));
            }
        }
        if let Some(t) = req.max_tokens {
            config.insert("maxOutputTokens".into(), json!(t));
        }
        if !req.stop.is_empty() {
            config.insert("stopSequences".into(), json!(req.stop));
        }
        if matches!(req.format, AnswerFormat::Json(_)) {
            config.insert("responseMimeType".into(), json!("application/json"));
        }
        let mut body = json!({ "contents": contents, "generationConfig": config });
        let o = body.as_object_mut().expect("an object");
        if let Some(system) = &req.system {
            o.insert("systemInstruction".into(), json!({ "parts": [{ "text": system }] }));
        }
        if !req.tools.is_empty() {
            let declarations: Vec<Value> = req
                .tools
                .iter()
                .map(|t| json!({ "name": t.name, "description": t.description, "parameters": t.parameters }))
                .collect();
            o.insert("tools".into(), json!([{ "functionDeclarations": declarations }]));
        }
        let url = format!(
            "{}/v1beta/models/{}:streamGenerateContent?alt=sse",
            endpoint.base_url.trim_end_matches('/'),
            url::form_urlencoded::byte_serialize(req.model.as_bytes()).collect::<String>()
        );
        let mut request = http.post(url).json(&body);
        if let Some(key) = &endpoint.api_key {
            let mut value = reqwest::header::HeaderValue::from_str(key.expose())
                .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("invalid"));
            value.set_sensitive(true);
            request = request.header("x-goog-api-key", value);
        }
        request
    }

    fn on_event(
        &self,
        event: &SseEvent,
        acc: &mut Collector,
        on_token: &mut dyn FnMut(&str),
    ) -> Result<(), StreamProblem> {
        let chunk: Value = serde_json::from_str(event.data.trim())
            .map_err(|_| StreamProblem::Malformed("a streamed chunk is not JSON".into()))?;
        if let Some(error) = chunk.get("error") {
            let message = error.get("message").and_then(Value::as_str).unwrap_or("an error");
            return Err(StreamProblem::Failed(message.to_string()));
        }
        if let Some(model) = chunk.get("modelVersion").and_then(Value::as_str) {
            acc.model = model.to_string();
        }
        if let Some(usage) = chunk.get("usageMetadata") {
            acc.usage.input_tokens = usage["promptTokenCount"].as_i64().unwrap_or(acc.usage.input_tokens);
            let out =
                usage["candidatesTokenCount"].as_i64().unwrap_or(0) + usage["thoughtsTokenCount"].as_i64().unwrap_or(0);
            acc.usage.output_tokens = out.max(acc.usage.output_tokens);
        }
        let Some(candidate) = chunk.get("candidates").and_then(Value::as_array).and_then(|c| c.first()) else {
            return Ok(());
        };
        for part in candidate["content"]["parts"].as_array().into_iter().flatten() {
            if let Some(text) = part.get("text").and_then(Value::as_str) {
                acc.text.push_str(text);
                on_token(text);
            }
            if let Some(call) = part.get("functionCall") {
                let index = acc.tools.len();
                let slot = acc.tool(index);
                slot.1 = call["name"].as_str().unwrap_or("").to_string();
                slot.2 = call.get("args").map(Value::to_string).unwrap_or_default();
            }
        }
        if let Some(reason) = candidate.get("finishReason").and_then(Value::as_str) {
            acc.finish = Some(match reason {
                "STOP" => Finish::Stop,
                "MAX_TOKENS" => Finish::Length,
                other => Finish::Other(other.to_string()),
            });
            acc.done = true;
        }
        Ok(())
    }
}
