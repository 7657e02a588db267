//! Signing in to Google from a desktop app: OAuth 2.0 with PKCE and a loopback redirect (RFC 8252).
//! The app listens on 127.0.0.1 at a random port, opens the consent page in the user's browser, and
//! receives the code there; the code and the PKCE verifier are traded for tokens.

use crate::config::GmailConfig;
use crate::connection::ConnectorError;
use crate::gmail::{SCOPES, Tokens, token_request, unix_now};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A sign-in waiting for the browser to come back.
pub struct PendingAuthorization {
    /// The consent page to open in the browser.
    pub url: String,
    listener: TcpListener,
    verifier: String,
    state: String,
    redirect_uri: String,
    config: GmailConfig,
}

impl std::fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingAuthorization").field("redirect_uri", &self.redirect_uri).finish()
    }
}

/// Starts a sign-in: binds the loopback listener and builds the consent page's address.
pub async fn begin(config: &GmailConfig) -> Result<PendingAuthorization, ConnectorError> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| ConnectorError::permanent(format!("could not listen for the sign-in's answer: {e}")))?;
    let port = listener.local_addr().map_err(|e| ConnectorError::permanent(e.to_string()))?.port();
    let redirect_uri = format!("http://127.0.0.1:{port}/callback");
    let verifier = random_token(64)?;
    let challenge = URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes()));
    let state = random_token(16)?;
    let mut url =
        url::Url::parse(&config.auth_url).map_err(|e| ConnectorError::permanent(format!("config.authUrl: {e}")))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &config.client_id)
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("scope", SCOPES)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("state", &state)
        .append_pair("access_type", "offline")
        .append_pair("prompt", "consent");
    Ok(PendingAuthorization { url: url.to_string(), listener, verifier, state, redirect_uri, config: config.clone() })
}

impl PendingAuthorization {
    /// Waits for the browser's redirect (at most `wait`), then trades the code for tokens.
    pub async fn finish(
        self,
        http: &reqwest::Client,
        client_secret: Option<String>,
        wait: Duration,
    ) -> Result<Tokens, ConnectorError> {
        let code = tokio::time::timeout(wait, self.receive_code())
            .await
            .map_err(|_| ConnectorError::permanent("the sign-in was not completed in time; try again"))??;
        let mut form = vec![
            ("grant_type", "authorization_code".to_string()),
            ("code", code),
            ("redirect_uri", self.redirect_uri.clone()),
            ("client_id", self.config.client_id.clone()),
            ("code_verifier", self.verifier.clone()),
        ];
        if let Some(secret) = &client_secret {
            form.push(("client_secret", secret.clone()));
        }
        let answer = token_request(http, &self.config.token_url, &form).await?;
        Ok(Tokens {
            client_secret,
            access_token: answer["access_token"].as_str().map(str::to_string),
            refresh_token: answer["refresh_token"].as_str().map(str::to_string),
            expires_at: unix_now() + answer["expires_in"].as_i64().unwrap_or(3600),
        })
    }

    /// Serves the loopback address until the sign-in's redirect arrives with a code (or an error).
    async fn receive_code(&self) -> Result<String, ConnectorError> {
        loop {
            let (mut stream, _) = self.listener.accept().await.map_err(|e| ConnectorError::permanent(e.to_string()))?;
            let mut buf = vec![0u8; 8192];
            let n = stream.read(&mut buf).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]);
            let target = request.lines().next().and_then(|l| l.split_whitespace().nth(1)).unwrap_or("/");
            if !target.starts_with("/callback") {
                let _ =
                    stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
                continue;
            }
            let parsed = url::Url::parse(&format!("http://127.0.0.1{target}")).ok();
            let get = |key: &str| {
                parsed.as_ref().and_then(|u| u.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned()))
            };
            let outcome = match (get("state"), get("code"), get("error")) {
                (_, _, Some(error)) => {
                    Err(ConnectorError::permanent(format!("the sign-in was cancelled or refused ({error})")))
                }
                (Some(state), Some(code), None) if state == self.state => Ok(code),
                (Some(_), Some(_), None) => {
                    Err(ConnectorError::permanent("the sign-in's answer does not match this request (state)"))
                }
                _ => Err(ConnectorError::permanent("the sign-in's answer has no code")),
            };
            let page = match &outcome {
                Ok(_) => "<h1>Signed in</h1><p>You can close this window and return to NeuroFlow Hub.</p>",
                Err(_) => "<h1>Sign-in failed</h1><p>Return to NeuroFlow Hub to see why.</p>",
            };
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(reply.as_bytes()).await;
            return outcome;
        }
    }
}

fn random_token(bytes: usize) -> Result<String, ConnectorError> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| ConnectorError::permanent("the system's random number generator failed"))?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}
