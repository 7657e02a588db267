//! The organization's own row, its users and members, and its settings.

use crate::error::{Result, StoreError};
use crate::sql;
use neuroflow_types::{Member, MemberId, MemberRole, OrgId, OrgProfile, Setting, User, UserId, now};
use rusqlite::{Connection, Row, params};

/// Writes the organization's own row (once, when its file is created).
pub fn insert_profile(conn: &Connection, org: &OrgProfile) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO organizations (id, name, slug, plan, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        params![
            org.id.to_string(),
            org.name,
            org.slug,
            org.plan.as_str(),
            sql::ts(&org.created_at),
            sql::ts(&org.updated_at)
        ],
    )?;
    Ok(())
}

pub fn get_profile(conn: &Connection, org: OrgId) -> Result<OrgProfile> {
    let found = sql::one(conn, "SELECT * FROM organizations WHERE id = ?", [org.to_string()], decode_profile)?;
    sql::found(found, "organization", org)
}

pub fn rename(conn: &Connection, org: OrgId, name: &str, slug: &str) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE organizations SET name = ?, slug = ?, updated_at = ? WHERE id = ?",
        params![name, slug, sql::ts(&now()), org.to_string()],
    )?;
    sql::touched(changed, "organization", org)
}

fn decode_profile(row: &Row) -> Result<OrgProfile> {
    const T: &str = "organizations";
    Ok(OrgProfile {
        id: sql::parsed(row, T, "id")?,
        name: sql::get(row, T, "name")?,
        slug: sql::get(row, T, "slug")?,
        plan: sql::parsed(row, T, "plan")?,
        created_at: sql::time(row, T, "created_at")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}

pub fn insert_user(conn: &Connection, user: &User) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO users (id, name, email, created_at) VALUES (?, ?, ?, ?)",
        params![user.id.to_string(), user.name, user.email, sql::ts(&user.created_at)],
    )?;
    Ok(())
}

pub fn get_user(conn: &Connection, id: UserId) -> Result<User> {
    let found = sql::one(conn, "SELECT * FROM users WHERE id = ?", [id.to_string()], |row| {
        const T: &str = "users";
        Ok(User {
            id: sql::parsed(row, T, "id")?,
            name: sql::get(row, T, "name")?,
            email: sql::get(row, T, "email")?,
            created_at: sql::time(row, T, "created_at")?,
        })
    })?;
    sql::found(found, "user", id)
}

/// Adds a user to the organization with a role.
pub fn add_member(conn: &Connection, org: OrgId, user: UserId, role: MemberRole) -> Result<MemberId> {
    let id = MemberId::new();
    sql::exec(
        conn,
        "INSERT INTO organization_members (id, organization_id, user_id, role, joined_at) VALUES (?, ?, ?, ?, ?)",
        params![id.to_string(), org.to_string(), user.to_string(), role.as_str(), sql::ts(&now())],
    )
    .map_err(|err| {
        if err.is_constraint() { StoreError::Conflict(format!("user {user} is already a member")) } else { err }
    })?;
    Ok(id)
}

pub fn list_members(conn: &Connection, org: OrgId) -> Result<Vec<Member>> {
    sql::all(
        conn,
        "SELECT m.*, u.name AS user_name FROM organization_members m JOIN users u ON u.id = m.user_id
         WHERE m.organization_id = ? ORDER BY m.joined_at",
        [org.to_string()],
        |row| {
            const T: &str = "organization_members";
            Ok(Member {
                id: sql::parsed(row, T, "id")?,
                organization_id: sql::parsed(row, T, "organization_id")?,
                user_id: sql::parsed(row, T, "user_id")?,
                user_name: sql::get(row, T, "user_name")?,
                role: sql::parsed(row, T, "role")?,
                joined_at: sql::time(row, T, "joined_at")?,
            })
        },
    )
}

pub fn set_member_role(conn: &Connection, org: OrgId, member: MemberId, role: MemberRole) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE organization_members SET role = ? WHERE id = ? AND organization_id = ?",
        params![role.as_str(), member.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "member", member)
}

pub fn remove_member(conn: &Connection, org: OrgId, member: MemberId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM organization_members WHERE id = ? AND organization_id = ?",
        params![member.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "member", member)
}

/// The user who owns the organization on this machine (the first owner).
pub fn local_owner(conn: &Connection, org: OrgId) -> Result<Option<UserId>> {
    sql::one(
        conn,
        "SELECT user_id FROM organization_members WHERE organization_id = ? AND role = 'OWNER'
         ORDER BY joined_at LIMIT 1",
        [org.to_string()],
        |row| sql::parsed(row, "organization_members", "user_id"),
    )
}

pub fn put_setting(conn: &Connection, org: OrgId, key: &str, value: &serde_json::Value) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO settings (organization_id, key, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (organization_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![org.to_string(), key, sql::to_json(value)?, sql::ts(&now())],
    )?;
    Ok(())
}

pub fn get_setting(conn: &Connection, org: OrgId, key: &str) -> Result<Option<Setting>> {
    sql::one(
        conn,
        "SELECT * FROM settings WHERE organization_id = ? AND key = ?",
        params![org.to_string(), key],
        decode_setting,
    )
}

pub fn list_settings(conn: &Connection, org: OrgId) -> Result<Vec<Setting>> {
    sql::all(conn, "SELECT * FROM settings WHERE organization_id = ? ORDER BY key", [org.to_string()], decode_setting)
}

pub fn delete_setting(conn: &Connection, org: OrgId, key: &str) -> Result<()> {
    let changed =
        sql::exec(conn, "DELETE FROM settings WHERE organization_id = ? AND key = ?", params![org.to_string(), key])?;
    sql::touched(changed, "setting", key)
}

fn decode_setting(row: &Row) -> Result<Setting> {
    const T: &str = "settings";
    Ok(Setting {
        key: sql::get(row, T, "key")?,
        value: sql::json(row, T, "value")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}
