//! Gmail through its API with OAuth 2.0. The secret is a JSON token set (client secret, access and
//! refresh tokens, expiry); an expired access token is refreshed before use, and once more on a 401,
//! and the renewed set is saved back to the vault through [`Connections`].

use crate::config::GmailConfig;
use crate::connection::{Connection, Connections, ConnectorError, network_words, status_words};
use crate::mail;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use neuroflow_vault::Secret;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The OAuth scopes asked for: send mail, and read the mailbox's address (for the connection test).
pub const SCOPES: &str = "https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.metadata";

/// What the vault keeps for a Gmail integration.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Tokens {
    pub client_secret: Option<String>,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
}

impl Tokens {
    pub fn from_secret(secret: &Secret) -> Result<Self, ConnectorError> {
        serde_json::from_str(secret.expose())
            .map_err(|_| ConnectorError::permanent("the Gmail credentials are damaged; sign in again"))
    }

    pub fn to_secret(&self) -> Secret {
        Secret::new(serde_json::to_string(self).unwrap_or_default())
    }

    fn fresh(&self, now: i64) -> Option<&str> {
        self.access_token.as_deref().filter(|_| self.expires_at - 60 > now)
    }
}

/// Sends an email as the signed-in account.
pub async fn send(
    http: &reqwest::Client,
    conn: &Connection,
    cfg: &GmailConfig,
    params: &Value,
    connections: &dyn Connections,
) -> Result<Value, ConnectorError> {
    let from = params.get("from").and_then(Value::as_str).unwrap_or("me@localhost");
    let raw = URL_SAFE_NO_PAD.encode(mail::build(from, params)?.formatted());
    let url = format!("{}/gmail/v1/users/me/messages/send", cfg.api_base_url);
    let answer = authorized(http, conn, cfg, connections, |token| {
        http.post(&url).bearer_auth(token).json(&json!({ "raw": raw }))
    })
    .await?;
    Ok(json!({ "id": answer["id"], "threadId": answer["threadId"] }))
}

/// Reads the mailbox's profile.
pub async fn test(
    http: &reqwest::Client,
    conn: &Connection,
    cfg: &GmailConfig,
    connections: &dyn Connections,
) -> Result<String, ConnectorError> {
    let url = format!("{}/gmail/v1/users/me/profile", cfg.api_base_url);
    let profile = authorized(http, conn, cfg, connections, |token| http.get(&url).bearer_auth(token)).await?;
    Ok(format!("signed in to Gmail as {}", profile["emailAddress"].as_str().unwrap_or("?")))
}

/// Makes a request with a fresh access token; refreshes once on a 401.
async fn authorized(
    http: &reqwest::Client,
    conn: &Connection,
    cfg: &GmailConfig,
    connections: &dyn Connections,
    request: impl Fn(&str) -> reqwest::RequestBuilder,
) -> Result<Value, ConnectorError> {
    let mut tokens = Tokens::from_secret(conn.secret()?)?;
    let now = unix_now();
    if tokens.fresh(now).is_none() {
        tokens = renew(http, conn, cfg, connections, tokens).await?;
    }
    for attempt in 0..2 {
        let token = tokens.access_token.clone().unwrap_or_default();
        let response = request(&token)
            .send()
            .await
            .map_err(|e| ConnectorError::transient(format!("could not reach Gmail: {}", network_words(e))))?;
        let status = response.status().as_u16();
        let body: Value = crate::read::json(response).await;
        if status == 401 && attempt == 0 {
            tokens = renew(http, conn, cfg, connections, tokens).await?;
            continue;
        }
        if status >= 400 {
            return Err(gmail_error(status, &body));
        }
        return Ok(body);
    }
    Err(ConnectorError::http(401, "the Gmail sign-in has expired or was revoked; sign in again"))
}

async fn renew(
    http: &reqwest::Client,
    conn: &Connection,
    cfg: &GmailConfig,
    connections: &dyn Connections,
    tokens: Tokens,
) -> Result<Tokens, ConnectorError> {
    let renewed = refresh(http, cfg, tokens).await?;
    connections
        .save_secret(&conn.id, renewed.to_secret())
        .await
        .map_err(|e| ConnectorError::permanent(format!("the renewed Gmail sign-in could not be saved: {e}")))?;
    Ok(renewed)
}

/// Trades the refresh token for a new access token.
pub async fn refresh(http: &reqwest::Client, cfg: &GmailConfig, mut tokens: Tokens) -> Result<Tokens, ConnectorError> {
    let refresh_token = tokens.refresh_token.clone().ok_or_else(|| {
        ConnectorError::permanent("this Gmail integration is not signed in yet; sign in with Google first")
    })?;
    let mut form = vec![
        ("grant_type", "refresh_token".to_string()),
        ("refresh_token", refresh_token),
        ("client_id", cfg.client_id.clone()),
    ];
    if let Some(secret) = &tokens.client_secret {
        form.push(("client_secret", secret.clone()));
    }
    let answer = token_request(http, &cfg.token_url, &form).await?;
    tokens.access_token = answer["access_token"].as_str().map(str::to_string);
    tokens.expires_at = unix_now() + answer["expires_in"].as_i64().unwrap_or(3600);
    if let Some(rotated) = answer["refresh_token"].as_str() {
        tokens.refresh_token = Some(rotated.to_string());
    }
    Ok(tokens)
}

/// Posts a form to the token endpoint; OAuth errors in plain words.
pub(crate) async fn token_request(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, String)],
) -> Result<Value, ConnectorError> {
    let response = http.post(url).form(form).send().await.map_err(|e| {
        ConnectorError::transient(format!("could not reach Google's sign-in service: {}", network_words(e)))
    })?;
    let status = response.status().as_u16();
    let answer: Value = crate::read::json(response).await;
    if status >= 400 || answer["access_token"].as_str().is_none() {
        let code = answer["error"].as_str().unwrap_or("unknown_error");
        let words = match code {
            "invalid_grant" => "the Gmail sign-in has expired or was revoked; sign in again",
            "invalid_client" | "unauthorized_client" => "Google does not accept the OAuth client id or secret",
            _ => "Google refused the sign-in",
        };
        let refused = matches!(code, "invalid_grant" | "invalid_client" | "unauthorized_client");
        return Err(ConnectorError::http(status.max(400), format!("{words} ({code})")).refusing_credentials(refused));
    }
    Ok(answer)
}

fn gmail_error(status: u16, body: &Value) -> ConnectorError {
    let reason =
        body["error"]["errors"][0]["reason"].as_str().or_else(|| body["error"]["status"].as_str()).unwrap_or("");
    let message = body["error"]["message"].as_str().unwrap_or("");
    let words = match (status, reason) {
        (
            _,
            "quotaExceeded"
            | "rateLimitExceeded"
            | "userRateLimitExceeded"
            | "dailyLimitExceeded"
            | "RESOURCE_EXHAUSTED",
        ) => "Gmail quota exceeded; try again later",
        (401, _) => "the Gmail sign-in has expired or was revoked; sign in again",
        (403, _) => "Gmail refused: the account did not grant this permission",
        (400, _) => "Gmail refused the message",
        _ => status_words(status),
    };
    let mut e = ConnectorError::http(
        status,
        format!("{words} (HTTP {status}{})", if message.is_empty() { String::new() } else { format!(": {message}") }),
    );
    e.retryable = e.retryable || words.starts_with("Gmail quota");
    e
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}
