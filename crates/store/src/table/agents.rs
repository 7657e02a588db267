//! ai_agents: configuration, status and running metrics of each agent.

use crate::error::Result;
use crate::sql::{self, Filter};
use neuroflow_types::{AgentFilter, AgentId, AgentPatch, AgentStatus, AiAgent, OrgId, Page, now};
use rusqlite::{Connection, Row, params};

const T: &str = "ai_agents";

pub fn insert(conn: &Connection, a: &AiAgent) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO ai_agents (id, organization_id, created_by, name, description, avatar, personality, model_config,
            capabilities, memory, budget, is_active, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            a.id.to_string(),
            a.organization_id.to_string(),
            a.created_by.map(|u| u.to_string()),
            a.name,
            a.description,
            a.avatar,
            sql::to_json(&a.personality)?,
            sql::to_json(&a.model_config)?,
            sql::to_json(&a.capabilities)?,
            sql::to_json(&a.memory)?,
            sql::to_json(&a.budget)?,
            a.is_active,
            a.status.as_str(),
            sql::ts(&a.created_at),
            sql::ts(&a.updated_at),
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, org: OrgId, id: AgentId) -> Result<AiAgent> {
    let found = sql::one(
        conn,
        "SELECT * FROM ai_agents WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "agent", id)
}

/// Lists agents matching `filter`, by name.
pub fn list(conn: &Connection, org: OrgId, filter: &AgentFilter) -> Result<Page<AiAgent>> {
    let mut f = Filter::for_org("organization_id", org);
    f.search(&["name", "description"], filter.search.as_deref());
    f.eq_opt("status", filter.status.map(|s| s.as_str().to_string()));
    f.eq_opt("is_active", filter.is_active);
    if let Some(provider) = &filter.provider {
        f.raw("json_extract(model_config, '$.provider') = ?", [provider.clone().into()]);
    }
    f.page(conn, "*", "ai_agents", "name COLLATE NOCASE, id", &filter.page, decode)
}

/// Applies a patch and returns the updated agent.
pub fn update(conn: &Connection, org: OrgId, id: AgentId, patch: &AgentPatch) -> Result<AiAgent> {
    let mut a = get(conn, org, id)?;
    if let Some(v) = &patch.name {
        a.name = v.clone();
    }
    if let Some(v) = &patch.description {
        a.description = v.clone();
    }
    if let Some(v) = &patch.avatar {
        a.avatar = v.clone();
    }
    if let Some(v) = &patch.personality {
        a.personality = v.clone();
    }
    if let Some(v) = &patch.model_config {
        a.model_config = v.clone();
    }
    if let Some(v) = &patch.capabilities {
        a.capabilities = v.clone();
    }
    if let Some(v) = &patch.memory {
        a.memory = v.clone();
    }
    if let Some(v) = patch.budget {
        a.budget = v;
    }
    if let Some(v) = patch.is_active {
        a.is_active = v;
    }
    if let Some(v) = patch.status {
        a.status = v;
    }
    a.updated_at = now();
    sql::exec(
        conn,
        "UPDATE ai_agents SET name = ?, description = ?, avatar = ?, personality = ?, model_config = ?,
            capabilities = ?, memory = ?, budget = ?, is_active = ?, status = ?, updated_at = ?
         WHERE id = ? AND organization_id = ?",
        params![
            a.name,
            a.description,
            a.avatar,
            sql::to_json(&a.personality)?,
            sql::to_json(&a.model_config)?,
            sql::to_json(&a.capabilities)?,
            sql::to_json(&a.memory)?,
            sql::to_json(&a.budget)?,
            a.is_active,
            a.status.as_str(),
            sql::ts(&a.updated_at),
            id.to_string(),
            org.to_string(),
        ],
    )?;
    get(conn, org, id)
}

pub fn set_status(conn: &Connection, org: OrgId, id: AgentId, status: AgentStatus) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE ai_agents SET status = ?, updated_at = ? WHERE id = ? AND organization_id = ?",
        params![status.as_str(), sql::ts(&now()), id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "agent", id)
}

/// Counts a finished call into the agent's metrics.
pub fn record_call(
    conn: &Connection,
    org: OrgId,
    id: AgentId,
    succeeded: bool,
    response_ms: i64,
    tokens: i64,
    cost_micros: i64,
) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE ai_agents SET execution_count = execution_count + 1, success_count = success_count + ?,
            total_response_ms = total_response_ms + ?, tokens_used = tokens_used + ?, cost = cost + ?
         WHERE id = ? AND organization_id = ?",
        params![succeeded as i64, response_ms.max(0), tokens, cost_micros, id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "agent", id)
}

pub fn delete(conn: &Connection, org: OrgId, id: AgentId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM ai_agents WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "agent", id)
}

fn decode(row: &Row) -> Result<AiAgent> {
    Ok(AiAgent {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        name: sql::get(row, T, "name")?,
        description: sql::get(row, T, "description")?,
        avatar: sql::get(row, T, "avatar")?,
        personality: sql::json(row, T, "personality")?,
        model_config: sql::json(row, T, "model_config")?,
        capabilities: sql::json(row, T, "capabilities")?,
        memory: sql::json(row, T, "memory")?,
        budget: sql::json(row, T, "budget")?,
        is_active: sql::get(row, T, "is_active")?,
        status: sql::parsed(row, T, "status")?,
        execution_count: sql::get(row, T, "execution_count")?,
        success_rate: sql::get(row, T, "success_rate")?,
        avg_response_time_ms: sql::get(row, T, "avg_response_time")?,
        tokens_used: sql::get(row, T, "tokens_used")?,
        cost_micros: sql::get(row, T, "cost")?,
        created_by: sql::parsed_opt(row, T, "created_by")?,
        created_at: sql::time(row, T, "created_at")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}
