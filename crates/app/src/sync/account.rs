//! The workspace account this machine is signed in to. Who it is (address, user id, email, name)
//! is kept in `workspace.json` in the data directory — nothing secret; its tokens are kept in the
//! vault (the OS keychain by default), never in a file of ours, a database or a sync payload.
//! Access tokens live minutes: a call refused with 401 refreshes once (refresh tokens rotate, so
//! the new pair is saved before it is used) and is sent again.

use super::api::{Api, ApiError, REQUEST_TIMEOUT, normalize_url};
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_types::{ErrorCode, OrgId, WorkspaceAccount};
use neuroflow_vault::Secret;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::Duration;

/// The vault files account-wide secrets under this organization id (no organization has it).
pub(crate) fn account_vault_org() -> OrgId {
    "00000000-0000-0000-0000-000000000000".parse().expect("the nil UUID parses")
}
/// The vault entry of the account's tokens.
pub(crate) const TOKENS_SECRET: &str = "workspace/tokens";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Tokens {
    access_token: String,
    refresh_token: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TokenPair {
    access_token: String,
    refresh_token: String,
    user_id: String,
}

#[derive(Debug, Deserialize)]
struct Me {
    id: String,
    email: String,
    name: String,
}

impl Hub {
    fn account_file(&self) -> std::path::PathBuf {
        self.data_dir().join("workspace.json")
    }

    /// The account this machine is signed in to, if any.
    pub async fn workspace_account(&self) -> AppResult<Option<WorkspaceAccount>> {
        let path = self.account_file();
        let read = tokio::task::spawn_blocking({
            let path = path.clone();
            move || std::fs::read(path)
        })
        .await?;
        match read {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).map_err(|e| {
                AppError::internal(format!("{} is not readable ({e}); sign in again", path.display()))
            })?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub(crate) async fn require_account(&self) -> AppResult<WorkspaceAccount> {
        self.workspace_account().await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::Unauthorized,
                "this machine is not signed in to a workspace; sign in first (neuroflow workspace login URL --email …)",
            )
        })
    }

    pub(crate) fn workspace_api(&self, url: &str) -> Api {
        Api::new(url, self.inner.llm_http.clone())
    }

    /// Signs in with an email and password (the CLI, tests; the desktop signs in through the
    /// browser). The tokens go to the vault; the account is remembered in `workspace.json`.
    pub async fn workspace_login(&self, url: &str, email: &str, password: Secret) -> AppResult<WorkspaceAccount> {
        let url = normalize_url(url)?;
        let api = self.workspace_api(&url);
        let body = json!({ "email": email.trim(), "password": password.expose(), "client": "DESKTOP" });
        let pair: TokenPair = api
            .call(Method::POST, "/api/v1/auth/sign-in", None, Some(&body), REQUEST_TIMEOUT)
            .await
            .map_err(|e| match e {
                ApiError::Refused { status: 401, message, .. } => {
                    AppError::new(ErrorCode::Unauthorized, format!("the workspace refused the sign-in: {message}"))
                }
                other => other.into(),
            })?;
        self.finish_login(&api, pair).await
    }

    /// Keeps a fresh pair of tokens and who they belong to.
    pub(super) async fn finish_login(&self, api: &Api, pair: TokenPair) -> AppResult<WorkspaceAccount> {
        let me: Me =
            api.call(Method::GET, "/api/v1/me", Some(pair.access_token.as_str()), None::<&()>, REQUEST_TIMEOUT).await?;
        debug_assert_eq!(me.id, pair.user_id);
        self.save_tokens(&Tokens { access_token: pair.access_token, refresh_token: pair.refresh_token }).await?;
        let account = WorkspaceAccount { url: api.base().to_string(), user_id: me.id, email: me.email, name: me.name };
        let text = serde_json::to_vec_pretty(&account).map_err(|e| AppError::internal(e.to_string()))?;
        let path = self.account_file();
        tokio::task::spawn_blocking(move || {
            let tmp = path.with_extension("json.tmp");
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, &path)
        })
        .await??;
        tracing::info!(url = %account.url, "signed in to the workspace");
        Ok(account)
    }

    /// Signs out: forgets the tokens and the account here, then ends the session at the workspace
    /// when it can be reached. Connected organizations stay on this machine and stop syncing until
    /// the next sign-in. Forgetting comes first so that a background round the ended session makes
    /// fail finds nobody signed in, and is not recorded as a failure of the sync (see
    /// [`Hub::signed_in`]).
    pub async fn workspace_logout(&self) -> AppResult<()> {
        let account = self.workspace_account().await?;
        let tokens = self.load_tokens().await?;
        self.delete_secret(account_vault_org(), TOKENS_SECRET.into()).await?;
        let path = self.account_file();
        match tokio::task::spawn_blocking(move || std::fs::remove_file(path)).await? {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
        if let (Some(account), Some(tokens)) = (account, tokens) {
            let api = self.workspace_api(&account.url);
            let token = Some(tokens.access_token.as_str());
            let ended: Result<Value, _> =
                api.call(Method::POST, "/api/v1/auth/sign-out", token, None::<&()>, REQUEST_TIMEOUT).await;
            if let Err(e) = ended {
                tracing::warn!(error = %e, "could not end the session at the workspace; forgotten here");
            }
        }
        Ok(())
    }

    /// Whether this machine holds a sign-in (an account and its tokens).
    pub(super) async fn signed_in(&self) -> bool {
        matches!(self.workspace_account().await, Ok(Some(_))) && matches!(self.load_tokens().await, Ok(Some(_)))
    }

    async fn save_tokens(&self, tokens: &Tokens) -> AppResult<()> {
        let text = serde_json::to_string(tokens).map_err(|e| AppError::internal(e.to_string()))?;
        self.put_secret(account_vault_org(), TOKENS_SECRET.into(), Secret::new(text)).await
    }

    async fn load_tokens(&self) -> AppResult<Option<Tokens>> {
        let Some(secret) = self.secret(account_vault_org(), TOKENS_SECRET.into()).await? else { return Ok(None) };
        Ok(serde_json::from_str(secret.expose()).ok())
    }

    /// A call as the signed-in account, refreshing the access token once when it has expired.
    pub(crate) async fn workspace_call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
        timeout: Duration,
    ) -> Result<T, CallError> {
        let account = self.require_account().await.map_err(CallError::App)?;
        let api = self.workspace_api(&account.url);
        let signed_out = || {
            CallError::App(AppError::new(
                ErrorCode::Unauthorized,
                "the workspace sign-in has ended; sign in again (neuroflow workspace login)",
            ))
        };
        let tokens = self.load_tokens().await.map_err(CallError::App)?.ok_or_else(signed_out)?;
        match api.call(method.clone(), path, Some(tokens.access_token.as_str()), body, timeout).await {
            Err(e) if e.status() == Some(401) => {}
            other => return other.map_err(CallError::Api),
        }
        // One refresh at a time: a refresh token works once, and presenting a spent one ends the
        // sign-in everywhere. Whoever waited uses the pair the first one saved.
        let _one = self.inner.sync.refresh.lock().await;
        let now = self.load_tokens().await.map_err(CallError::App)?.ok_or_else(signed_out)?;
        if now.access_token != tokens.access_token {
            return api
                .call(method, path, Some(now.access_token.as_str()), body, timeout)
                .await
                .map_err(CallError::Api);
        }
        let refreshed: Result<TokenPair, ApiError> = api
            .call(
                Method::POST,
                "/api/v1/auth/refresh",
                None,
                Some(&json!({ "refreshToken": tokens.refresh_token })),
                REQUEST_TIMEOUT,
            )
            .await;
        let pair = match refreshed {
            Ok(pair) => pair,
            Err(e) if e.status() == Some(401) => return Err(signed_out()),
            Err(e) => return Err(CallError::Api(e)),
        };
        let fresh = Tokens { access_token: pair.access_token, refresh_token: pair.refresh_token };
        self.save_tokens(&fresh).await.map_err(CallError::App)?;
        api.call(method, path, Some(fresh.access_token.as_str()), body, timeout).await.map_err(CallError::Api)
    }
}

/// A failed call as the account: the workspace's answer, or a problem here (no account, the vault).
#[derive(Debug)]
pub(crate) enum CallError {
    Api(ApiError),
    App(AppError),
}

impl CallError {
    pub fn is_code(&self, code: &str) -> bool {
        matches!(self, Self::Api(e) if e.is_code(code))
    }
}

impl From<CallError> for AppError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Api(e) => e.into(),
            CallError::App(e) => e,
        }
    }
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Api(e) => e.fmt(f),
            Self::App(e) => e.fmt(f),
        }
    }
}
