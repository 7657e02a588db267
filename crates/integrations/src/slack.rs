//! Slack: `chat.postMessage` with a bot token, or an incoming-webhook URL. The connection test asks
//! `auth.test` (bot) or posts an empty payload, which a live webhook refuses as `no_text`.

use crate::config::{SlackConfig, SlackMode};
use crate::connection::{Connection, ConnectorError, network_words, status_words};
use serde_json::{Value, json};

/// Posts a message; params: `channel` (or the default channel), `text`, optional `blocks`, `thread_ts`.
pub async fn post_message(
    http: &reqwest::Client,
    conn: &Connection,
    slack: &SlackConfig,
    params: &Value,
) -> Result<Value, ConnectorError> {
    let secret = conn.secret()?;
    let text = params.get("text").and_then(Value::as_str).unwrap_or("");
    let blocks = params.get("blocks").filter(|b| !b.is_null());
    if text.trim().is_empty() && blocks.is_none() {
        return Err(ConnectorError::permanent("params.text: the message has no text"));
    }
    match &slack.mode {
        SlackMode::Bot { base_url } => {
            let channel = params
                .get("channel")
                .and_then(Value::as_str)
                .filter(|c| !c.trim().is_empty())
                .map(str::to_string)
                .or_else(|| slack.default_channel.clone())
                .ok_or_else(|| ConnectorError::permanent("params.channel: which channel to post to (e.g. #leads)"))?;
            let mut body = json!({ "channel": channel, "text": text });
            if let Some(blocks) = blocks {
                body["blocks"] = blocks.clone();
            }
            if let Some(ts) = params.get("thread_ts").and_then(Value::as_str) {
                body["thread_ts"] = json!(ts);
            }
            let answer = call(http, &format!("{base_url}/chat.postMessage"), secret.expose(), &body).await?;
            Ok(json!({ "ok": true, "channel": answer["channel"], "ts": answer["ts"] }))
        }
        SlackMode::Webhook => {
            let mut body = json!({ "text": text });
            if let Some(blocks) = blocks {
                body["blocks"] = blocks.clone();
            }
            let response = http.post(secret.expose()).json(&body).send().await.map_err(unreachable)?;
            let status = response.status().as_u16();
            let text = crate::read::error_text(response).await;
            if status >= 400 {
                return Err(webhook_error(status, &text));
            }
            Ok(json!({ "ok": true }))
        }
    }
}

/// Checks the credentials: `auth.test` for a bot (answers with the workspace and bot names).
pub async fn test(http: &reqwest::Client, conn: &Connection, slack: &SlackConfig) -> Result<String, ConnectorError> {
    let secret = conn.secret()?;
    match &slack.mode {
        SlackMode::Bot { base_url } => {
            let answer = call(http, &format!("{base_url}/auth.test"), secret.expose(), &json!({})).await?;
            Ok(format!(
                "connected to Slack workspace '{}' as {}",
                answer["team"].as_str().unwrap_or("?"),
                answer["user"].as_str().unwrap_or("?")
            ))
        }
        SlackMode::Webhook => {
            let response = http.post(secret.expose()).json(&json!({})).send().await.map_err(unreachable)?;
            let status = response.status().as_u16();
            let text = crate::read::error_text(response).await;
            // A live webhook refuses an empty message as `no_text` / `invalid_payload`.
            if status < 300 || (status == 400 && (text.contains("no_text") || text.contains("invalid_payload"))) {
                Ok("the Slack webhook URL is live".into())
            } else {
                Err(webhook_error(status, &text))
            }
        }
    }
}

/// Calls a Slack Web API method; Slack answers 200 with `{ok: false, error}` on most failures.
async fn call(http: &reqwest::Client, url: &str, token: &str, body: &Value) -> Result<Value, ConnectorError> {
    let response = http.post(url).bearer_auth(token).json(body).send().await.map_err(unreachable)?;
    let status = response.status().as_u16();
    if status == 429 {
        return Err(ConnectorError::http(429, "Slack is rate limiting; try again later"));
    }
    let answer: Value = crate::read::json(response).await;
    if answer.is_null() {
        return Err(ConnectorError::http(
            status,
            format!("Slack answered HTTP {status} with something that is not JSON (or over 1 MiB of it)"),
        ));
    }
    if answer["ok"].as_bool() == Some(true) {
        return Ok(answer);
    }
    let code = answer["error"].as_str().unwrap_or("unknown_error");
    let words = match code {
        "invalid_auth" | "not_authed" | "token_revoked" | "token_expired" | "account_inactive" => {
            "the Slack token is invalid or revoked"
        }
        "channel_not_found" => "channel not found",
        "not_in_channel" => "the bot is not in that channel; invite it first",
        "is_archived" => "the channel is archived",
        "msg_too_long" => "the message is too long",
        "no_text" => "the message has no text",
        "ratelimited" => "Slack is rate limiting; try again later",
        "missing_scope" => "the Slack app lacks a permission (scope) it needs",
        _ => "Slack refused the request",
    };
    let refused =
        matches!(code, "invalid_auth" | "not_authed" | "token_revoked" | "token_expired" | "account_inactive");
    let mut e = ConnectorError::http(status, format!("{words} ({code})")).refusing_credentials(refused);
    e.retryable = code == "ratelimited";
    Err(e)
}

/// At most 200 characters of an answer, for a message.
fn excerpt(text: &str) -> String {
    let mut cut: String = text.chars().take(200).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

fn webhook_error(status: u16, body: &str) -> ConnectorError {
    let words = match body.trim() {
        "no_service" | "no_team" | "team_disabled" => "the Slack webhook URL is no longer valid",
        "channel_not_found" | "channel_is_archived" => "the webhook's channel no longer exists",
        "invalid_token" => "the Slack webhook URL is invalid",
        _ => status_words(status),
    };
    let refused = status == 401
        || status == 403
        || matches!(body.trim(), "no_service" | "no_team" | "team_disabled" | "invalid_token");
    ConnectorError::http(
        status,
        format!(
            "{words} (HTTP {status}{})",
            if body.is_empty() { String::new() } else { format!(": {}", excerpt(body.trim())) }
        ),
    )
    .refusing_credentials(refused)
}

fn unreachable(e: reqwest::Error) -> ConnectorError {
    ConnectorError::transient(format!("could not reach Slack: {}", network_words(e)))
}
