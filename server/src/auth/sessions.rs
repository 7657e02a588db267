//! Sign-ins as sessions: a short-lived access token (15 minutes by default) and a rotating refresh
//! token. Both are opaque and looked up in the database, so any instance accepts any token and
//! "sign out everywhere" takes effect at once on every instance. Presenting a refresh token that
//! was already exchanged means it was copied: the whole session is revoked.

use crate::auth::secret::{new_token, token_hash};
use crate::error::{Error, ErrorCode, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use std::time::Duration;
use utoipa::ToSchema;
use uuid::Uuid;

/// Token lifetimes and the sign-in failure limit.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Failed sign-ins allowed per email and address within `failure_window`.
    pub max_failures: i64,
    pub failure_window: Duration,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            max_failures: 5,
            failure_window: Duration::from_secs(15 * 60),
        }
    }
}

/// What a sign-in, a refresh or a desktop code exchange returns.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always "Bearer".
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user_id: Uuid,
}

/// Where a session was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Client {
    Web,
    Desktop,
    Cli,
}

impl Client {
    fn as_str(self) -> &'static str {
        match self {
            Self::Web => "WEB",
            Self::Desktop => "DESKTOP",
            Self::Cli => "CLI",
        }
    }
}

fn expiry(ttl: Duration) -> DateTime<Utc> {
    Utc::now() + chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::MAX)
}

/// Starts a session for `user` and returns its first tokens.
pub async fn start(conn: &mut PgConnection, cfg: &AuthConfig, user: Uuid, client: Client) -> Result<TokenPair> {
    let session = Uuid::now_v7();
    sqlx::query("INSERT INTO auth_sessions (id, user_id, client) VALUES ($1, $2, $3)")
        .bind(session)
        .bind(user)
        .bind(client.as_str())
        .execute(&mut *conn)
        .await?;
    issue(conn, cfg, session, user).await
}

async fn issue(conn: &mut PgConnection, cfg: &AuthConfig, session: Uuid, user: Uuid) -> Result<TokenPair> {
    let (access, refresh) = (new_token("nfa_"), new_token("nfr_"));
    sqlx::query("INSERT INTO access_tokens (token_hash, session_id, user_id, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&access))
        .bind(session)
        .bind(user)
        .bind(expiry(cfg.access_ttl))
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash(&refresh))
        .bind(session)
        .bind(expiry(cfg.refresh_ttl))
        .execute(&mut *conn)
        .await?;
    Ok(TokenPair {
        access_token: access,
        refresh_token: refresh,
        token_type: "Bearer".into(),
        expires_in: cfg.access_ttl.as_secs() as i64,
        user_id: user,
    })
}

#[derive(sqlx::FromRow)]
struct RefreshRow {
    session_id: Uuid,
    user_id: Uuid,
    used_at: Option<DateTime<Utc>>,
    expires_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
}

/// Exchanges a refresh token for new tokens; the old one is spent.
pub async fn refresh(pool: &PgPool, cfg: &AuthConfig, refresh_token: &str) -> Result<TokenPair> {
    let mut tx = pool.begin().await?;
    let row: Option<RefreshRow> = sqlx::query_as(
        "SELECT r.session_id, s.user_id, r.used_at, r.expires_at, s.revoked_at
         FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id
         WHERE r.token_hash = $1 FOR UPDATE OF r, s",
    )
    .bind(token_hash(refresh_token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some(RefreshRow { session_id: session, user_id: user, used_at, expires_at, revoked_at }) = row else {
        return Err(Error::unauthorized("that refresh token is not valid"));
    };
    if revoked_at.is_some() {
        return Err(Error::unauthorized("this sign-in has ended; sign in again"));
    }
    if used_at.is_some() {
        revoke_session(&mut tx, session, "refresh token reused").await?;
        tx.commit().await?;
        tracing::warn!(%session, %user, "refresh token reused: session revoked");
        return Err(Error::api(
            ErrorCode::TokenReused,
            "that refresh token was already used, so this sign-in was ended on every device; sign in again",
        ));
    }
    if expires_at <= Utc::now() {
        return Err(Error::unauthorized("that refresh token has expired; sign in again"));
    }
    sqlx::query("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1")
        .bind(token_hash(refresh_token))
        .execute(&mut *tx)
        .await?;
    let pair = issue(&mut tx, cfg, session, user).await?;
    tx.commit().await?;
    Ok(pair)
}

async fn revoke_session(conn: &mut PgConnection, session: Uuid, reason: &str) -> Result<()> {
    sqlx::query(
        "UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(session)
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM access_tokens WHERE session_id = $1").bind(session).execute(&mut *conn).await?;
    Ok(())
}

/// Ends one session.
pub async fn sign_out(pool: &PgPool, session: Uuid) -> Result<()> {
    let mut tx = pool.begin().await?;
    revoke_session(&mut tx, session, "signed out").await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every session of `user`, on every device; returns how many were open.
pub async fn sign_out_everywhere(pool: &PgPool, user: Uuid) -> Result<u64> {
    let mut tx = pool.begin().await?;
    let ended = sqlx::query(
        "UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'signed out everywhere'
         WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("DELETE FROM access_tokens WHERE user_id = $1").bind(user).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(ended)
}

/// The user and session of a valid access token.
pub async fn authenticate(pool: &PgPool, access_token: &str) -> Result<Option<(Uuid, Uuid)>> {
    Ok(sqlx::query_as(
        "SELECT a.user_id, a.session_id FROM access_tokens a JOIN auth_sessions s ON s.id = a.session_id
         WHERE a.token_hash = $1 AND a.expires_at > now() AND s.revoked_at IS NULL",
    )
    .bind(token_hash(access_token))
    .fetch_optional(pool)
    .await?)
}

/// Refuses a sign-in attempt when this email has failed too often from this address lately.
pub async fn check_rate(pool: &PgPool, cfg: &AuthConfig, email: &str, ip: &str) -> Result<()> {
    let since = Utc::now() - chrono::Duration::from_std(cfg.failure_window).unwrap_or_default();
    let failures: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sign_in_failures WHERE email = $1 AND ip = $2 AND at > $3")
            .bind(email)
            .bind(ip)
            .bind(since)
            .fetch_one(pool)
            .await?;
    if failures >= cfg.max_failures {
        return Err(Error::api(
            ErrorCode::RateLimited,
            format!(
                "too many failed sign-ins for this email from this address; try again in {} minutes",
                cfg.failure_window.as_secs().div_ceil(60)
            ),
        ));
    }
    Ok(())
}

pub async fn record_failure(pool: &PgPool, email: &str, ip: &str) -> Result<()> {
    sqlx::query("INSERT INTO sign_in_failures (email, ip) VALUES ($1, $2)").bind(email).bind(ip).execute(pool).await?;
    Ok(())
}
