//! The one error type of the service. Every failure a client can see crosses as `{code, message}`
//! with a closed set of codes (clients match on the code, never on the words); database details
//! are logged, never sent, because they can name another organization's rows.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What went wrong, for a program to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The request is malformed or a value is out of range.
    BadRequest,
    /// No valid access token, or a wrong email or password.
    Unauthorized,
    /// A refresh token was presented twice: the whole sign-in was revoked.
    TokenReused,
    /// The member's role does not allow this.
    Forbidden,
    /// The organization's plan does not include this (AI Hub on FREE and STARTER).
    FeatureNotInPlan,
    /// The organization's plan allows no more of this (workflows, agents, executions this month).
    PlanLimit,
    /// Nothing of that id here (or not visible to this user: the two are not told apart).
    NotFound,
    /// It already exists, or it changed meanwhile.
    Conflict,
    /// The desktop's copy synced last before the workspace forgot older deletions: it must sync
    /// again from the start.
    ResyncRequired,
    /// The invitation has expired, was used or revoked, or is for another email.
    InvitationInvalid,
    /// Too many failed sign-ins; wait and try again.
    RateLimited,
    /// The last owner cannot leave or be demoted.
    LastOwner,
    /// The route does not exist.
    NoRoute,
    /// The route exists, with other methods.
    MethodNotAllowed,
    /// The service cannot serve now (database unreachable, migrations behind).
    Unavailable,
    /// Something failed on our side.
    Internal,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest | Self::InvitationInvalid => StatusCode::BAD_REQUEST,
            Self::Unauthorized | Self::TokenReused => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::FeatureNotInPlan | Self::PlanLimit => StatusCode::FORBIDDEN,
            Self::NotFound | Self::NoRoute => StatusCode::NOT_FOUND,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict | Self::LastOwner | Self::ResyncRequired => StatusCode::CONFLICT,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An answer for the client, as it is.
    #[error("{message}")]
    Api { code: ErrorCode, message: String },
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The service will not start as configured (wrong database role, migrations behind, …).
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("password hashing: {0}")]
    PasswordHash(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn api(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Api { code, message: message.into() }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::api(ErrorCode::BadRequest, message)
    }
    pub fn not_found(what: &str) -> Self {
        Self::api(ErrorCode::NotFound, format!("{what} not found"))
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::api(ErrorCode::Unauthorized, message)
    }

    /// The answer a client sees: database failures that a request can cause map to their code.
    pub fn body(&self) -> ErrorBody {
        let (code, message) = match self {
            Self::Api { code, message } => (*code, message.clone()),
            Self::Database(sqlx::Error::RowNotFound) => (ErrorCode::NotFound, "not found".into()),
            Self::Database(sqlx::Error::Database(db)) => match db.code().as_deref() {
                Some("23505") => (ErrorCode::Conflict, "it already exists".into()),
                Some("23503") => (ErrorCode::BadRequest, "it refers to something that does not exist".into()),
                Some("23514") | Some("22P02") | Some("23502") => {
                    (ErrorCode::BadRequest, "a value is not allowed here".into())
                }
                // A row-level security policy refused the write: outside the organization.
                Some("42501") => (ErrorCode::NotFound, "not found".into()),
                _ => (ErrorCode::Internal, "internal error".into()),
            },
            _ => (ErrorCode::Internal, "internal error".into()),
        };
        ErrorBody { code, message }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let body = self.body();
        if body.code == ErrorCode::Internal {
            tracing::error!(error = %self, "request failed");
        }
        (body.code.status(), Json(body)).into_response()
    }
}
