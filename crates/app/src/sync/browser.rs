//! The desktop signs in to the workspace in the system browser (RFC 8252, as it signs Gmail in):
//! it listens on 127.0.0.1 at a random port, the person signs in on the workspace's own page, and
//! the browser comes back to the loopback address with a one-time code, which is traded — with the
//! PKCE verifier only this process knows — for tokens. The password never passes through the app.

use super::api::{REQUEST_TIMEOUT, normalize_url};
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use neuroflow_types::{ErrorCode, WorkspaceAccount};
use reqwest::Method;
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::json;
use std::sync::Mutex;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// How long the browser has to come back.
pub const BROWSER_SIGN_IN_WAIT: Duration = Duration::from_secs(300);

/// A browser sign-in waiting for the browser to come back.
pub(crate) struct Pending {
    url: String,
    listener: TcpListener,
    verifier: String,
    state: String,
    redirect_uri: String,
}

/// The one browser sign-in under way in this process (a new one replaces it).
#[derive(Default)]
pub(crate) struct PendingSignIn(Mutex<Option<Pending>>);

fn random(bytes: usize) -> AppResult<String> {
    let mut buf = vec![0u8; bytes];
    SystemRandom::new()
        .fill(&mut buf)
        .map_err(|_| AppError::internal("the system's random number generator failed"))?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

impl Hub {
    /// Starts a browser sign-in; returns the page to open in the browser. Finish it with
    /// [`Hub::workspace_finish_browser_login`].
    pub async fn workspace_begin_browser_login(&self, url: &str) -> AppResult<String> {
        let base = normalize_url(url)?;
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let redirect_uri = format!("http://127.0.0.1:{}/callback", listener.local_addr()?.port());
        let verifier = random(48)?;
        let challenge = URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, verifier.as_bytes()));
        let state = random(16)?;
        let mut page = url::Url::parse(&format!("{base}/api/v1/auth/desktop/authorize"))
            .map_err(|e| AppError::invalid(format!("the workspace address: {e}")))?;
        page.query_pairs_mut()
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256")
            .append_pair("state", &state);
        let open = page.to_string();
        let pending = Pending { url: base, listener, verifier, state, redirect_uri };
        *self.inner.sync.browser.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(pending);
        Ok(open)
    }

    /// Waits for the browser to come back (at most `wait`), trades the code for tokens and keeps them.
    pub async fn workspace_finish_browser_login(&self, wait: Duration) -> AppResult<WorkspaceAccount> {
        let pending = self.inner.sync.browser.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        let pending = pending.ok_or_else(|| AppError::invalid("no browser sign-in is under way; start one first"))?;
        let code = tokio::time::timeout(wait, receive_code(&pending))
            .await
            .map_err(|_| AppError::new(ErrorCode::Cancelled, "the sign-in was not completed in time; try again"))??;
        let api = self.workspace_api(&pending.url);
        let body = json!({ "code": code, "codeVerifier": pending.verifier, "redirectUri": pending.redirect_uri });
        let pair: super::account::TokenPair =
            api.call(Method::POST, "/api/v1/auth/desktop/token", None, Some(&body), REQUEST_TIMEOUT).await?;
        self.finish_login(&api, pair).await
    }
}

/// Serves the loopback address until the redirect arrives with a code (or an error).
async fn receive_code(p: &Pending) -> AppResult<String> {
    loop {
        let (mut stream, _) = p.listener.accept().await?;
        let mut buf = vec![0u8; 8192];
        let n = stream.read(&mut buf).await.unwrap_or(0);
        let request = String::from_utf8_lossy(&buf[..n]);
        let target = request.lines().next().and_then(|l| l.split_whitespace().nth(1)).unwrap_or("/");
        if !target.starts_with("/callback") {
            let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
            continue;
        }
        let parsed = url::Url::parse(&format!("http://127.0.0.1{target}")).ok();
        let get = |key: &str| {
            parsed.as_ref().and_then(|u| u.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned()))
        };
        let outcome = match (get("state"), get("code")) {
            (Some(state), Some(code)) if state == p.state => Ok(code),
            (Some(_), Some(_)) => {
                Err(AppError::new(ErrorCode::Unauthorized, "the sign-in's answer does not match this request"))
            }
            _ => Err(AppError::new(ErrorCode::Unauthorized, "the sign-in was cancelled or refused")),
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
