//! Email through any mail server over SMTP: STARTTLS, TLS or (for a local server) plain, with the
//! password from the vault.

use crate::config::{SmtpConfig, SmtpSecurity};
use crate::connection::{Connection, ConnectorError};
use crate::mail;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde_json::{Value, json};
use std::time::Duration;

fn transport(conn: &Connection, cfg: &SmtpConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, ConnectorError> {
    crate::init_tls();
    let tls = || -> Result<TlsParameters, ConnectorError> {
        let mut params = TlsParameters::builder(cfg.host.clone());
        if let Some(pem) = &cfg.ca_certificate {
            let cert = Certificate::from_pem(pem.as_bytes())
                .map_err(|e| ConnectorError::permanent(format!("config.caCertificate: not a PEM certificate: {e}")))?;
            params = params.add_root_certificate(cert);
        }
        params.build_rustls().map_err(|e| ConnectorError::permanent(format!("TLS could not be set up: {e}")))
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(cfg.host.clone())
        .port(cfg.port)
        .timeout(Some(Duration::from_secs(30)));
    builder = match cfg.security {
        SmtpSecurity::StartTls => builder.tls(Tls::Required(tls()?)),
        SmtpSecurity::Tls => builder.tls(Tls::Wrapper(tls()?)),
        SmtpSecurity::None => builder.tls(Tls::None),
    };
    if let Some(user) = &cfg.username {
        builder = builder.credentials(Credentials::new(user.clone(), conn.secret()?.expose().to_string()));
    }
    Ok(builder.build())
}

/// Sends an email; answers with the recipients the server accepted.
pub async fn send(conn: &Connection, cfg: &SmtpConfig, params: &Value) -> Result<Value, ConnectorError> {
    let from = params.get("from").and_then(Value::as_str).unwrap_or(&cfg.from).to_string();
    let message = mail::build(&from, params)?;
    let recipients: Vec<String> = message.envelope().to().iter().map(|a| a.to_string()).collect();
    let response = transport(conn, cfg)?.send(message).await.map_err(|e| smtp_error(cfg, &e))?;
    Ok(json!({ "accepted": recipients, "response": response.message().collect::<Vec<_>>().join(" ") }))
}

/// Connects, negotiates TLS and logs in, without sending anything.
pub async fn test(conn: &Connection, cfg: &SmtpConfig) -> Result<String, ConnectorError> {
    let ok = transport(conn, cfg)?.test_connection().await.map_err(|e| smtp_error(cfg, &e))?;
    if ok {
        Ok(format!("the mail server {}:{} accepted the connection and the login", cfg.host, cfg.port))
    } else {
        Err(ConnectorError::transient(format!("the mail server {}:{} did not answer", cfg.host, cfg.port)))
    }
}

/// An SMTP failure in plain words.
fn smtp_error(cfg: &SmtpConfig, e: &lettre::transport::smtp::Error) -> ConnectorError {
    let server = format!("{}:{}", cfg.host, cfg.port);
    let detail = e.to_string();
    if let Some(code) = e.status() {
        let code: u16 = code.into();
        let words = match code {
            535 | 534 | 530 => "the mail server refused the username or password",
            550 | 551 | 553 => "the mail server refused a recipient",
            552 => "the message is too large for the mail server",
            421 | 450 | 451 | 452 => "the mail server is busy; try again later",
            _ => "the mail server refused the message",
        };
        return ConnectorError {
            message: format!("{words} ({code}: {detail})"),
            status: Some(code),
            retryable: e.is_transient(),
            credentials_refused: matches!(code, 530 | 534 | 535),
        };
    }
    if detail.to_lowercase().contains("tls") || detail.to_lowercase().contains("certificate") {
        return ConnectorError::permanent(format!("the TLS connection to {server} failed: {detail}"));
    }
    ConnectorError::transient(format!("could not talk to the mail server {server}: {detail}"))
}
