//! The versioned REST API (`/api/v1/…`). Routes and their OpenAPI description are registered
//! together (utoipa-axum), so the document served at `/api/v1/openapi.json` lists exactly the
//! routes that exist. Every organization route enters through [`OrgScope`]: one transaction that
//! sets the user and the organization for row-level security, finds the caller's role and the
//! plan, and checks the permission — the same way for every handler.

pub mod account;
pub mod ai_hub;
pub mod health;
pub mod members;
pub mod orgs;
pub mod plan;
pub mod workflow_types;
pub mod workflows;

use crate::auth::Authed;
use crate::auth::sessions::AuthConfig;
use crate::db::{self, Tx};
use crate::error::{Error, ErrorBody, ErrorCode, Result};
use crate::permissions::{Permission, Plan, PlanLimits, Role, require};
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Instant;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

/// What every handler shares: the pool (as the service role), the auth settings and the listener
/// of sync notifications. Nothing else:
/// an instance keeps no state of its own, so any number of them can serve the same organizations.
#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub auth: Arc<AuthConfig>,
    /// Wakes the pulls that wait for an organization's next commit.
    pub sync: Arc<crate::sync::notify::SyncNotifier>,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "NeuroFlow Hub workspace API", version = "1", description = "The hosted workspace of an organization: people, roles, plans and workflows. Errors are {code, message}."),
    components(schemas(ErrorBody, ErrorCode)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;
impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The whole service: the API, its OpenAPI document, health and readiness.
pub fn router(state: AppState) -> Router {
    let (api, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(account::routes())
        .merge(orgs::routes())
        .merge(members::routes())
        .merge(plan::routes())
        .merge(workflows::routes())
        .merge(ai_hub::routes())
        .merge(crate::sync::routes())
        .split_for_parts();
    let doc = Arc::new(doc);
    Router::new()
        .merge(api)
        .route("/api/v1/openapi.json", get(move || async move { Json(doc.as_ref().clone()) }))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .fallback(|| async { Error::api(ErrorCode::NoRoute, "no such route").into_response() })
        .method_not_allowed_fallback(|| async {
            Error::api(ErrorCode::MethodNotAllowed, "this route does not take that method").into_response()
        })
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// One structured log line per request: method, route, status, duration.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let response = next.run(request).await;
    tracing::info!(
        target: "neuroflow_server::http",
        %method,
        route = route.as_deref().unwrap_or("-"),
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

/// A request inside one organization: its transaction, the caller's role and the plan.
pub struct OrgScope {
    pub tx: Tx,
    pub org: Uuid,
    pub user: Uuid,
    pub role: Role,
    pub plan: Plan,
}

impl OrgScope {
    /// Enters `org` as the signed-in user and checks `permission`. An organization the user is not
    /// a member of is "not found", exactly like one that does not exist.
    pub async fn enter(state: &AppState, authed: Authed, org: Uuid, permission: Permission) -> Result<Self> {
        Self::open(state, authed, org, permission, false).await
    }

    /// Like [`enter`](Self::enter), and locks the organization's row until commit: writes that
    /// count against a plan limit take this lock, so two instances cannot both pass the limit.
    pub async fn enter_locked(state: &AppState, authed: Authed, org: Uuid, permission: Permission) -> Result<Self> {
        Self::open(state, authed, org, permission, true).await
    }

    async fn open(state: &AppState, authed: Authed, org: Uuid, permission: Permission, lock: bool) -> Result<Self> {
        let mut tx = db::begin(&state.pool, Some(authed.user_id), Some(org)).await?;
        let sql = if lock {
            "SELECT plan, app.member_role(id) FROM organizations WHERE id = $1 FOR UPDATE"
        } else {
            "SELECT plan, app.member_role(id) FROM organizations WHERE id = $1"
        };
        let row: Option<(String, Option<String>)> = sqlx::query_as(sql).bind(org).fetch_optional(&mut *tx).await?;
        let Some((plan, Some(role))) = row else {
            return Err(Error::not_found("organization"));
        };
        let (role, plan): (Role, Plan) = (role.parse()?, plan.parse()?);
        require(role, plan, permission)?;
        Ok(Self { tx, org, user: authed.user_id, role, plan })
    }

    /// When the plan caps what `cap` picks, locks the organization's row until commit, re-reads the
    /// plan under the lock and returns the cap: a count taken after this cannot be passed by another
    /// instance's write at the same moment. An uncapped plan takes no lock, so its writes run in
    /// parallel (a downgrade racing such a write may let that one write through).
    pub async fn cap_locked(&mut self, cap: impl Fn(PlanLimits) -> Option<i64>) -> Result<Option<i64>> {
        if cap(self.plan.limits()).is_none() {
            return Ok(None);
        }
        let plan: String = sqlx::query_scalar("SELECT plan FROM organizations WHERE id = $1 FOR UPDATE")
            .bind(self.org)
            .fetch_one(&mut *self.tx)
            .await?;
        self.plan = plan.parse()?;
        Ok(cap(self.plan.limits()))
    }

    /// Appends to the organization's audit log in this transaction.
    pub async fn audit(
        &mut self,
        action: &str,
        target: (&str, Option<String>),
        details: serde_json::Value,
    ) -> Result<()> {
        crate::audit::record(&mut self.tx, self.org, Some(self.user), action, target, details).await
    }

    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// The refusal for a plan limit.
pub fn plan_limit(what: &str, limit: i64, plan: Plan) -> Error {
    Error::api(
        ErrorCode::PlanLimit,
        format!("the {plan} plan allows {limit} {what}; upgrade the plan or remove some first"),
    )
}

/// A JSON body, with serde's words for what is wrong as a `{code, message}` error.
pub struct Body<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for Body<T> {
    type Rejection = Error;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(Error::bad_request(rejection.body_text())),
        }
    }
}

/// A form body (the desktop sign-in page), with the same kind of error.
pub struct FormBody<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for FormBody<T> {
    type Rejection = Error;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(FormBody(value)),
            Err(rejection) => Err(Error::bad_request(rejection.body_text())),
        }
    }
}

/// Query parameters, with the same kind of error.
pub struct Params<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for Params<T> {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Params(value)),
            Err(rejection) => Err(Error::bad_request(rejection.body_text())),
        }
    }
}

/// Path parameters, with the same kind of error (a malformed id is "not found").
pub struct Ids<T>(pub T);

impl<T: serde::de::DeserializeOwned + Send, S: Send + Sync> axum::extract::FromRequestParts<S> for Ids<T> {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Ids(value)),
            Err(rejection) => Err(Error::api(ErrorCode::NotFound, rejection.body_text())),
        }
    }
}
