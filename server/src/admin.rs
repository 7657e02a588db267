//! Bootstrapping without a UI: create a user, create an organization owned by a user, set an
//! organization's plan. These run as the owner role (the migrator's URL), which operators hold
//! and the service never does; each change is written to the organization's audit log.

use crate::error::{Error, Result};
use crate::permissions::Plan;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

async fn user_id(pool: &PgPool, email: &str) -> Result<Uuid> {
    let email = crate::api::account::normalize_email(email)?;
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| Error::bad_request(format!("no user has the email {email}")))
}

pub async fn create_user(pool: &PgPool, email: &str, password: &str, name: &str) -> Result<Uuid> {
    crate::api::account::create_user(pool, email, password, name).await
}

/// Creates an organization whose OWNER is the user with `owner_email`, through the same
/// transaction (and policies) as the API.
pub async fn create_org(pool: &PgPool, name: &str, owner_email: &str) -> Result<Uuid> {
    let owner = user_id(pool, owner_email).await?;
    Ok(crate::api::orgs::create(pool, owner, None, name).await?.id)
}

pub async fn set_plan(pool: &PgPool, org: Uuid, plan: Plan) -> Result<()> {
    let mut tx = crate::db::begin(pool, None, Some(org)).await?;
    let from: Option<String> = sqlx::query_scalar("SELECT plan FROM organizations WHERE id = $1 FOR UPDATE")
        .bind(org)
        .fetch_optional(&mut *tx)
        .await?;
    let from = from.ok_or_else(|| Error::not_found("organization"))?;
    sqlx::query("UPDATE organizations SET plan = $2, updated_at = now() WHERE id = $1")
        .bind(org)
        .bind(plan.as_str())
        .execute(&mut *tx)
        .await?;
    crate::audit::record(
        &mut tx,
        org,
        None,
        "plan.changed",
        ("organization", Some(org.to_string())),
        json!({ "from": from, "to": plan, "by": "admin" }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
