//! Accounts and sign-in: password hashing and tokens (`secret`), sessions and the sign-in limit
//! (`sessions`), the desktop's system-browser sign-in (`desktop`), and the request extractor that
//! turns a bearer token into a user (`Authed`).

pub mod desktop;
pub mod secret;
pub mod sessions;

use crate::api::AppState;
use crate::error::Error;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use uuid::Uuid;

/// The signed-in user of a request (from `Authorization: Bearer <access token>`).
#[derive(Debug, Clone, Copy)]
pub struct Authed {
    pub user_id: Uuid,
    pub session_id: Uuid,
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| Error::unauthorized("sign in first: no Authorization header"))?;
        let token = header
            .strip_prefix("Bearer ")
            .ok_or_else(|| Error::unauthorized("the Authorization header must be 'Bearer <access token>'"))?;
        let (user_id, session_id) = sessions::authenticate(&state.pool, token.trim())
            .await?
            .ok_or_else(|| Error::unauthorized("the access token is invalid or has expired; refresh it or sign in"))?;
        Ok(Self { user_id, session_id })
    }
}
