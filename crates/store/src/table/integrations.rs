//! integrations: non-secret configuration and connection status. The secret itself lives in the
//! vault; `credential_ref` only names the vault entry.

use crate::error::Result;
use crate::sql::{self, Filter};
use neuroflow_types::{
    Integration, IntegrationFilter, IntegrationId, IntegrationPatch, IntegrationStatus, OrgId, Page, Timestamp, now,
};
use rusqlite::{Connection, Row, params};

const T: &str = "integrations";

pub fn insert(conn: &Connection, i: &Integration, credential_ref: Option<&str>) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO integrations (id, organization_id, created_by, name, provider, config, credential_ref, status,
            last_tested, last_error, is_active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            i.id.to_string(),
            i.organization_id.to_string(),
            i.created_by.map(|u| u.to_string()),
            i.name,
            i.provider.as_str(),
            sql::to_json(&i.config)?,
            credential_ref,
            i.status.as_str(),
            sql::ts_opt(&i.last_tested),
            i.last_error,
            i.is_active,
            sql::ts(&i.created_at),
            sql::ts(&i.updated_at),
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, org: OrgId, id: IntegrationId) -> Result<Integration> {
    let found = sql::one(
        conn,
        "SELECT * FROM integrations WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "integration", id)
}

/// The vault entry that holds this integration's secret, if one was saved.
pub fn credential_ref(conn: &Connection, org: OrgId, id: IntegrationId) -> Result<Option<String>> {
    let found = sql::one(
        conn,
        "SELECT credential_ref FROM integrations WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
        |row| sql::get::<Option<String>>(row, T, "credential_ref"),
    )?;
    sql::found(found, "integration", id)
}

pub fn set_credential_ref(conn: &Connection, org: OrgId, id: IntegrationId, reference: Option<&str>) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE integrations SET credential_ref = ?, updated_at = ? WHERE id = ? AND organization_id = ?",
        params![reference, sql::ts(&now()), id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "integration", id)
}

/// Lists integrations matching `filter`, by name.
pub fn list(conn: &Connection, org: OrgId, filter: &IntegrationFilter) -> Result<Page<Integration>> {
    let mut f = Filter::for_org("organization_id", org);
    f.search(&["name"], filter.search.as_deref());
    f.eq_opt("provider", filter.provider.map(|p| p.as_str().to_string()));
    f.eq_opt("status", filter.status.map(|s| s.as_str().to_string()));
    f.eq_opt("is_active", filter.is_active);
    f.page(conn, "*", "integrations", "name COLLATE NOCASE, id", &filter.page, decode)
}

pub fn update(conn: &Connection, org: OrgId, id: IntegrationId, patch: &IntegrationPatch) -> Result<Integration> {
    let mut i = get(conn, org, id)?;
    if let Some(v) = &patch.name {
        i.name = v.clone();
    }
    if let Some(v) = &patch.config {
        i.config = v.clone();
    }
    if let Some(v) = patch.is_active {
        i.is_active = v;
    }
    i.updated_at = now();
    sql::exec(
        conn,
        "UPDATE integrations SET name = ?, config = ?, is_active = ?, updated_at = ? WHERE id = ? AND organization_id = ?",
        params![i.name, sql::to_json(&i.config)?, i.is_active, sql::ts(&i.updated_at), id.to_string(), org.to_string()],
    )?;
    Ok(i)
}

/// Records the outcome of a connection test (or the start of one, with TESTING).
pub fn set_status(
    conn: &Connection,
    org: OrgId,
    id: IntegrationId,
    status: IntegrationStatus,
    tested_at: Option<&Timestamp>,
    error: Option<&str>,
) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE integrations SET status = ?, last_tested = coalesce(?, last_tested), last_error = ?
         WHERE id = ? AND organization_id = ?",
        params![status.as_str(), tested_at.map(sql::ts), error, id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "integration", id)
}

/// Marks an integration that a service refused in a run ERROR, with the reason. False when it
/// already was ERROR (so its breakage is told once, not once per run) or does not exist.
pub fn mark_broken(conn: &Connection, org: OrgId, id: IntegrationId, error: &str) -> Result<bool> {
    let changed = sql::exec(
        conn,
        "UPDATE integrations SET status = ?, last_error = ? WHERE id = ? AND organization_id = ? AND status <> ?",
        params![
            IntegrationStatus::Error.as_str(),
            error,
            id.to_string(),
            org.to_string(),
            IntegrationStatus::Error.as_str()
        ],
    )?;
    Ok(changed > 0)
}

/// Marks an ERROR integration CONNECTED again (an action just went through). False when it was not
/// ERROR.
pub fn mark_working(conn: &Connection, org: OrgId, id: IntegrationId) -> Result<bool> {
    let changed = sql::exec(
        conn,
        "UPDATE integrations SET status = ?, last_error = NULL WHERE id = ? AND organization_id = ? AND status = ?",
        params![
            IntegrationStatus::Connected.as_str(),
            id.to_string(),
            org.to_string(),
            IntegrationStatus::Error.as_str()
        ],
    )?;
    Ok(changed > 0)
}

pub fn delete(conn: &Connection, org: OrgId, id: IntegrationId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM integrations WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "integration", id)
}

/// Every vault entry referenced by the organization's integrations (to remove them with it).
pub fn all_credential_refs(conn: &Connection, org: OrgId) -> Result<Vec<String>> {
    sql::all(
        conn,
        "SELECT credential_ref FROM integrations WHERE organization_id = ? AND credential_ref IS NOT NULL",
        [org.to_string()],
        |row| sql::get(row, T, "credential_ref"),
    )
}

fn decode(row: &Row) -> Result<Integration> {
    let credential_ref: Option<String> = sql::get(row, T, "credential_ref")?;
    Ok(Integration {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        name: sql::get(row, T, "name")?,
        provider: sql::parsed(row, T, "provider")?,
        config: sql::json(row, T, "config")?,
        has_secret: credential_ref.is_some(),
        status: sql::parsed(row, T, "status")?,
        last_tested: sql::time_opt(row, T, "last_tested")?,
        last_error: sql::get(row, T, "last_error")?,
        is_active: sql::get(row, T, "is_active")?,
        created_by: sql::parsed_opt(row, T, "created_by")?,
        created_at: sql::time(row, T, "created_at")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}
