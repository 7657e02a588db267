//! `/healthz` says the process is up (for a load balancer's liveness check); `/readyz` says it can
//! serve: the database answers and its schema is the one this binary expects.

use crate::api::AppState;
use crate::error::{Error, ErrorCode};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    match crate::db::migration_state(&state.pool).await {
        Ok((known, Some(applied))) if applied >= known => {
            Json(json!({ "status": "ready", "migration": applied })).into_response()
        }
        Ok((known, applied)) => Error::api(
            ErrorCode::Unavailable,
            format!("the database is at migration {} but this server needs {known}", applied.unwrap_or(0)),
        )
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            Error::api(ErrorCode::Unavailable, "the database is not reachable").into_response()
        }
    }
}
