//! Signed webhooks. A payload is sent as JSON with two headers: `X-NeuroFlow-Timestamp` (Unix
//! seconds) and `X-NeuroFlow-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, keyed with
//! the integration's secret. A receiver recomputes the HMAC and checks the timestamp is recent, which
//! also defeats replays. NeuroFlow's own webhook trigger verifies the same way.

use crate::config::WebhookConfig;
use crate::connection::{Connection, ConnectorError, network_words, status_words};
use neuroflow_vault::Secret;
use ring::hmac;
use serde_json::{Value, json};

pub const SIGNATURE_HEADER: &str = "x-neuroflow-signature";
pub const TIMESTAMP_HEADER: &str = "x-neuroflow-timestamp";
/// How far a signed request's timestamp may be from now, in seconds.
pub const TOLERANCE_SECS: i64 = 300;

/// The signature header's value for a body sent at `timestamp`.
pub fn sign(secret: &Secret, timestamp: i64, body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.expose().as_bytes());
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(timestamp.to_string().as_bytes());
    ctx.update(b".");
    ctx.update(body);
    format!("sha256={}", hex(ctx.sign().as_ref()))
}

/// Why a signed request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureProblem {
    Missing,
    Malformed,
    Stale,
    Mismatch,
}

impl SignatureProblem {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Missing => "the request is not signed (X-NeuroFlow-Signature and X-NeuroFlow-Timestamp are required)",
            Self::Malformed => "the signature headers are malformed",
            Self::Stale => "the request's timestamp is more than 5 minutes from now",
            Self::Mismatch => "the signature does not match",
        }
    }
}

/// Checks a request's signature headers against the body, in constant time.
pub fn verify(
    secret: &Secret,
    timestamp: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: i64,
) -> Result<(), SignatureProblem> {
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else { return Err(SignatureProblem::Missing) };
    let ts: i64 = timestamp.trim().parse().map_err(|_| SignatureProblem::Malformed)?;
    let given = signature.trim().strip_prefix("sha256=").ok_or(SignatureProblem::Malformed)?;
    let given = unhex(given).ok_or(SignatureProblem::Malformed)?;
    if (now - ts).abs() > TOLERANCE_SECS {
        return Err(SignatureProblem::Stale);
    }
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.expose().as_bytes());
    let mut message = ts.to_string().into_bytes();
    message.push(b'.');
    message.extend_from_slice(body);
    hmac::verify(&key, &message, &given).map_err(|_| SignatureProblem::Mismatch)
}

/// Sends `params.payload` (any JSON) to the integration's URL, signed.
pub async fn send(
    http: &reqwest::Client,
    conn: &Connection,
    config: &WebhookConfig,
    params: &Value,
) -> Result<Value, ConnectorError> {
    let payload = params.get("payload").cloned().unwrap_or(Value::Null);
    post_signed(http, conn, config, &payload).await
}

/// Sends a signed ping; a 2xx answer means the receiver is there and accepted it.
pub async fn test(http: &reqwest::Client, conn: &Connection, config: &WebhookConfig) -> Result<String, ConnectorError> {
    let reply = post_signed(http, conn, config, &json!({ "type": "neuroflow.ping" })).await?;
    Ok(format!("the receiver answered HTTP {}", reply["status"]))
}

async fn post_signed(
    http: &reqwest::Client,
    conn: &Connection,
    config: &WebhookConfig,
    payload: &Value,
) -> Result<Value, ConnectorError> {
    let secret = conn.secret()?;
    let body = serde_json::to_vec(payload).map_err(|e| ConnectorError::permanent(format!("params.payload: {e}")))?;
    let timestamp = chrono_now();
    let response = http
        .post(&config.url)
        .header("content-type", "application/json")
        .header(TIMESTAMP_HEADER, timestamp.to_string())
        .header(SIGNATURE_HEADER, sign(secret, timestamp, &body))
        .body(body)
        .send()
        .await
        .map_err(|e| {
            ConnectorError::transient(format!("could not reach the webhook receiver: {}", network_words(e)))
        })?;
    let status = response.status().as_u16();
    let text = crate::read::error_text(response).await;
    if status >= 400 {
        let excerpt: String = text.chars().take(200).collect();
        return Err(ConnectorError::http(
            status,
            format!("the webhook receiver answered HTTP {status}: {} {excerpt}", status_words(status))
                .trim()
                .to_string(),
        ));
    }
    let body =
        serde_json::from_str::<Value>(&text).unwrap_or(if text.is_empty() { Value::Null } else { Value::String(text) });
    Ok(json!({ "status": status, "body": body }))
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_refuse_tampering_staleness_and_absence() {
        let secret = Secret::new("whsec-123");
        let body = br#"{"lead":1}"#;
        let sig = sign(&secret, 1_000, body);
        assert!(sig.starts_with("sha256=") && sig.len() == 71);
        assert_eq!(verify(&secret, Some("1000"), Some(&sig), body, 1_100), Ok(()));
        assert_eq!(verify(&secret, Some("1000"), Some(&sig), br#"{"lead":2}"#, 1_100), Err(SignatureProblem::Mismatch));
        assert_eq!(
            verify(&Secret::new("other"), Some("1000"), Some(&sig), body, 1_100),
            Err(SignatureProblem::Mismatch)
        );
        assert_eq!(verify(&secret, Some("1000"), Some(&sig), body, 1_000 + 301), Err(SignatureProblem::Stale));
        assert_eq!(verify(&secret, None, Some(&sig), body, 1_000), Err(SignatureProblem::Missing));
        assert_eq!(verify(&secret, Some("1000"), Some("md5=abc"), body, 1_000), Err(SignatureProblem::Malformed));
    }
}
