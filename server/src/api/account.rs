//! Sign-up, sign-in, tokens and sign-out, the desktop's browser sign-in, and who am I.

use crate::api::{AppState, Body, FormBody, Params};
use crate::auth::sessions::{self, Client, TokenPair};
use crate::auth::{Authed, desktop, secret};
use crate::error::{Error, ErrorBody, Result};
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_up))
        .routes(routes!(sign_in))
        .routes(routes!(refresh))
        .routes(routes!(sign_out))
        .routes(routes!(sign_out_everywhere))
        .routes(routes!(desktop_page, desktop_authorize))
        .routes(routes!(desktop_token))
        .routes(routes!(me))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignUp {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignIn {
    pub email: String,
    pub password: String,
    /// WEB (default), DESKTOP or CLI.
    #[serde(default)]
    pub client: Option<Client>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// Emails are compared lowercased and trimmed.
pub fn normalize_email(email: &str) -> Result<String> {
    let email = email.trim().to_lowercase();
    let ok = email.len() <= 254 && email.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
    if !ok {
        return Err(Error::bad_request("that is not an email address"));
    }
    Ok(email)
}

fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < 10 || password.len() > 1024 {
        return Err(Error::bad_request("a password needs at least 10 characters"));
    }
    Ok(())
}

/// Creates a user (used by sign-up and by `admin create-user`).
pub async fn create_user(pool: &sqlx::PgPool, email: &str, password: &str, name: &str) -> Result<Uuid> {
    let email = normalize_email(email)?;
    check_password(password)?;
    let hash = secret::hash_password(password.to_owned()).await?;
    let id = Uuid::now_v7();
    let inserted = sqlx::query(
        "INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING",
    )
    .bind(id)
    .bind(&email)
    .bind(name.trim())
    .bind(hash)
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(Error::api(crate::error::ErrorCode::Conflict, "an account with that email already exists"));
    }
    Ok(id)
}

/// Creates an account and signs it in.
#[utoipa::path(post, path = "/api/v1/auth/sign-up", tag = "auth", request_body = SignUp,
    responses((status = 201, body = TokenPair), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn sign_up(
    State(state): State<AppState>,
    Body(body): Body<SignUp>,
) -> Result<(StatusCode, axum::Json<TokenPair>)> {
    let user = create_user(&state.pool, &body.email, &body.password, &body.name).await?;
    let mut conn = state.pool.acquire().await?;
    let pair = sessions::start(&mut conn, &state.auth, user, Client::Web).await?;
    Ok((StatusCode::CREATED, axum::Json(pair)))
}

/// Checks an email and password; counts failures per email and address.
async fn verify(state: &AppState, email: &str, password: &str, ip: &str) -> Result<Uuid> {
    let email = normalize_email(email).map_err(|_| Error::unauthorized("wrong email or password"))?;
    sessions::check_rate(&state.pool, &state.auth, &email, ip).await?;
    let row: Option<(Uuid, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(&state.pool)
        .await?;
    let (id, hash) = row.map(|(id, h)| (Some(id), Some(h))).unwrap_or((None, None));
    let ok = secret::verify_password(password.to_owned(), hash).await?;
    match (ok, id) {
        (true, Some(id)) => Ok(id),
        _ => {
            sessions::record_failure(&state.pool, &email, ip).await?;
            tracing::info!(ip, "failed sign-in");
            Err(Error::unauthorized("wrong email or password"))
        }
    }
}

/// Signs in with email and password. Failed attempts are limited per email and address.
#[utoipa::path(post, path = "/api/v1/auth/sign-in", tag = "auth", request_body = SignIn,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Body(body): Body<SignIn>,
) -> Result<axum::Json<TokenPair>> {
    let user = verify(&state, &body.email, &body.password, &peer.ip().to_string()).await?;
    let mut conn = state.pool.acquire().await?;
    Ok(axum::Json(sessions::start(&mut conn, &state.auth, user, body.client.unwrap_or(Client::Web)).await?))
}

/// Exchanges a refresh token for new tokens. Each refresh token works once; presenting a used one
/// ends the sign-in on every device.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody)))]
async fn refresh(State(state): State<AppState>, Body(body): Body<RefreshRequest>) -> Result<axum::Json<TokenPair>> {
    Ok(axum::Json(sessions::refresh(&state.pool, &state.auth, &body.refresh_token).await?))
}

/// Ends this sign-in.
#[utoipa::path(post, path = "/api/v1/auth/sign-out", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn sign_out(State(state): State<AppState>, authed: Authed) -> Result<StatusCode> {
    sessions::sign_out(&state.pool, authed.session_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every sign-in of this user, on every device.
#[utoipa::path(post, path = "/api/v1/auth/sign-out-everywhere", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn sign_out_everywhere(State(state): State<AppState>, authed: Authed) -> Result<StatusCode> {
    sessions::sign_out_everywhere(&state.pool, authed.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct DesktopAuthorize {
    /// A loopback address with a port: http://127.0.0.1:PORT/path.
    pub redirect_uri: String,
    /// base64url(SHA-256(code_verifier)).
    pub code_challenge: String,
    /// Must be S256.
    pub code_challenge_method: String,
    /// Returned unchanged with the code.
    pub state: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DesktopSignIn {
    pub email: String,
    pub password: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub code_challenge_method: String,
    pub state: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

/// The sign-in page the desktop opens in the system browser.
#[utoipa::path(get, path = "/api/v1/auth/desktop/authorize", tag = "auth", params(DesktopAuthorize),
    responses((status = 200, description = "An HTML sign-in form", body = String, content_type = "text/html"), (status = 400, body = ErrorBody)))]
async fn desktop_page(Params(q): Params<DesktopAuthorize>) -> Result<Html<String>> {
    desktop::check_redirect(&q.redirect_uri)?;
    desktop::check_challenge(&q.code_challenge, &q.code_challenge_method)?;
    let hidden = |name: &str, value: &str| format!(r#"<input type="hidden" name="{name}" value="{}">"#, escape(value));
    Ok(Html(format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>Sign in to NeuroFlow Hub</title></head>
<body><h1>Sign in to NeuroFlow Hub</h1>
<form method="post" action="/api/v1/auth/desktop/authorize">
<label>Email <input type="email" name="email" required></label>
<label>Password <input type="password" name="password" required></label>
{}{}{}{}<button type="submit">Sign in</button></form></body></html>"#,
        hidden("redirect_uri", &q.redirect_uri),
        hidden("code_challenge", &q.code_challenge),
        hidden("code_challenge_method", &q.code_challenge_method),
        hidden("state", &q.state),
    )))
}

/// The form's answer: on success, the browser goes to the loopback address with a one-time code.
#[utoipa::path(post, path = "/api/v1/auth/desktop/authorize", tag = "auth",
    request_body(content = DesktopSignIn, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "To redirect_uri?code=…&state=…"), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn desktop_authorize(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    FormBody(form): FormBody<DesktopSignIn>,
) -> Result<Response> {
    let redirect = desktop::check_redirect(&form.redirect_uri)?;
    desktop::check_challenge(&form.code_challenge, &form.code_challenge_method)?;
    let user = verify(&state, &form.email, &form.password, &peer.ip().to_string()).await?;
    let to = desktop::grant(&state.pool, user, &form.code_challenge, &redirect, &form.state).await?;
    Ok(Redirect::to(to.as_str()).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DesktopToken {
    pub code: String,
    pub code_verifier: String,
    pub redirect_uri: String,
}

/// Exchanges the one-time code and its PKCE verifier for tokens.
#[utoipa::path(post, path = "/api/v1/auth/desktop/token", tag = "auth", request_body = DesktopToken,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody)))]
async fn desktop_token(State(state): State<AppState>, Body(body): Body<DesktopToken>) -> Result<axum::Json<TokenPair>> {
    let user = desktop::redeem(&state.pool, &body.code, &body.code_verifier, &body.redirect_uri).await?;
    let mut conn = state.pool.acquire().await?;
    Ok(axum::Json(sessions::start(&mut conn, &state.auth, user, Client::Desktop).await?))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, authed: Authed) -> Result<axum::Json<Me>> {
    let me: Me = sqlx::query_as("SELECT id, email, name, created_at FROM users WHERE id = $1")
        .bind(authed.user_id)
        .fetch_one(&state.pool)
        .await?;
    Ok(axum::Json(me))
}
