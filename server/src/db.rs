//! The database side of a request. Each request runs in one transaction that first states who is
//! asking and for which organization (`set_config(…, true)`, so the settings end with the
//! transaction and never leak to the next user of a pooled connection); the row-level security
//! policies read those settings. Nothing here filters rows by organization: PostgreSQL does.

use crate::error::{Error, Result};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

/// The migrations, embedded at compile time (server/migrations).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

pub type Tx = Transaction<'static, Postgres>;

/// A pool on `url`, with at most `max` connections.
pub async fn connect(url: &str, max: u32) -> Result<PgPool> {
    let options = PgConnectOptions::from_str(url)?.application_name("neuroflow-server");
    let pool = PgPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?;
    Ok(pool)
}

/// Begins a request's transaction as `user` in `org` (either may be absent: then policies that
/// need it match nothing).
pub async fn begin(pool: &PgPool, user: Option<Uuid>, org: Option<Uuid>) -> Result<Tx> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT set_config('app.user_id', $1, true), set_config('app.org_id', $2, true)")
        .bind(user.map(|u| u.to_string()).unwrap_or_default())
        .bind(org.map(|o| o.to_string()).unwrap_or_default())
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// Switches the organization of a transaction already begun (creating an organization).
pub async fn set_org(tx: &mut Tx, org: Uuid) -> Result<()> {
    sqlx::query("SELECT set_config('app.org_id', $1, true)").bind(org.to_string()).execute(&mut **tx).await?;
    Ok(())
}

/// Lets the transaction read the one invitation whose token hashes to `token_hash`.
pub async fn present_invitation(tx: &mut Tx, token_hash: &str) -> Result<()> {
    sqlx::query("SELECT set_config('app.invitation', $1, true)").bind(token_hash).execute(&mut **tx).await?;
    Ok(())
}

/// Refuses a database user that row-level security would not bind: a superuser, a role with
/// BYPASSRLS, the owner of any table of the schema, or a member of such an owner.
pub async fn check_service_role(pool: &PgPool) -> Result<()> {
    let (name, superuser, bypass): (String, bool, bool) =
        sqlx::query_as("SELECT rolname::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            .fetch_one(pool)
            .await?;
    if superuser || bypass {
        return Err(Error::Refused(format!(
            "refusing to serve as database user '{name}': it is a superuser or has BYPASSRLS, so row-level \
             security would not apply; connect as neuroflow_app (created by `neuroflow-server migrate`)"
        )));
    }
    let owned: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.relname::text, pg_get_userbyid(c.relowner)::text FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('public', 'app') AND c.relkind IN ('r', 'p', 'v', 'm')
           AND pg_has_role(current_user, c.relowner, 'MEMBER')
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await?;
    if let Some((table, owner)) = owned.first() {
        return Err(Error::Refused(format!(
            "refusing to serve as database user '{name}': it owns (or acts as owner '{owner}' of) table \
             '{table}', and an owner can change or escape row-level security; connect as neuroflow_app"
        )));
    }
    Ok(())
}

/// The newest migration this binary knows and the newest applied to the database.
pub async fn migration_state(pool: &PgPool) -> Result<(i64, Option<i64>)> {
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success").fetch_one(pool).await?;
    Ok((known, applied))
}

/// Refuses to serve a database whose schema is older than this binary.
pub async fn check_migrations(pool: &PgPool) -> Result<()> {
    let (known, applied) = migration_state(pool).await?;
    if applied.unwrap_or(0) < known {
        return Err(Error::Refused(format!(
            "the database is at migration {} but this server needs {known}: run `neuroflow-server migrate`",
            applied.unwrap_or(0)
        )));
    }
    Ok(())
}

/// Applies every pending migration (as the owner role), then sets the service role's password
/// when one is given.
pub async fn migrate(url: &str, app_password: Option<&str>) -> Result<()> {
    let pool = connect(url, 2).await?;
    MIGRATOR.run(&pool).await?;
    if let Some(password) = app_password {
        // ALTER ROLE takes no bind parameters; quote_literal makes the password a literal.
        let literal: String = sqlx::query_scalar("SELECT quote_literal($1)").bind(password).fetch_one(&pool).await?;
        sqlx::query(&format!("ALTER ROLE neuroflow_app PASSWORD {literal}")).execute(&pool).await?;
    }
    pool.close().await;
    Ok(())
}
