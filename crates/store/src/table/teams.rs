//! agent_teams and team_members.

use crate::error::{Result, StoreError};
use crate::sql::{self, Filter};
use neuroflow_types::{
    AgentId, AgentTeam, OrgId, Page, TeamFilter, TeamId, TeamMember, TeamMemberId, TeamPatch, TeamRole, now,
};
use rusqlite::{Connection, Row, params};

const T: &str = "agent_teams";

/// Every column, and the member count that lists show.
const COLUMNS: &str = "*, (SELECT COUNT(*) FROM team_members m WHERE m.team_id = agent_teams.id) AS member_count";

pub fn insert(conn: &Connection, t: &AgentTeam) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO agent_teams (id, organization_id, created_by, name, description, structure, budget, is_active,
            execution_count, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        params![
            t.id.to_string(),
            t.organization_id.to_string(),
            t.created_by.map(|u| u.to_string()),
            t.name,
            t.description,
            t.structure.as_str(),
            sql::to_json(&t.budget)?,
            t.is_active,
            t.execution_count,
            sql::ts(&t.created_at),
            sql::ts(&t.updated_at),
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, org: OrgId, id: TeamId) -> Result<AgentTeam> {
    let found = sql::one(
        conn,
        &format!("SELECT {COLUMNS} FROM agent_teams WHERE id = ? AND organization_id = ?"),
        params![id.to_string(), org.to_string()],
        decode,
    )?;
    sql::found(found, "team", id)
}

/// Lists teams matching `filter`, by name.
pub fn list(conn: &Connection, org: OrgId, filter: &TeamFilter) -> Result<Page<AgentTeam>> {
    let mut f = Filter::for_org("organization_id", org);
    f.search(&["name", "description"], filter.search.as_deref());
    f.eq_opt("structure", filter.structure.map(|s| s.as_str().to_string()));
    f.eq_opt("is_active", filter.is_active);
    f.page(conn, COLUMNS, "agent_teams", "name COLLATE NOCASE, id", &filter.page, decode)
}

pub fn update(conn: &Connection, org: OrgId, id: TeamId, patch: &TeamPatch) -> Result<AgentTeam> {
    let mut t = get(conn, org, id)?;
    if let Some(v) = &patch.name {
        t.name = v.clone();
    }
    if let Some(v) = &patch.description {
        t.description = v.clone();
    }
    if let Some(v) = patch.structure {
        t.structure = v;
    }
    if let Some(v) = patch.budget {
        t.budget = v;
    }
    if let Some(v) = patch.is_active {
        t.is_active = v;
    }
    t.updated_at = now();
    sql::exec(
        conn,
        "UPDATE agent_teams SET name = ?, description = ?, structure = ?, budget = ?, is_active = ?, updated_at = ?
         WHERE id = ? AND organization_id = ?",
        params![
            t.name,
            t.description,
            t.structure.as_str(),
            sql::to_json(&t.budget)?,
            t.is_active,
            sql::ts(&t.updated_at),
            id.to_string(),
            org.to_string()
        ],
    )?;
    Ok(t)
}

pub fn record_run(conn: &Connection, org: OrgId, id: TeamId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE agent_teams SET execution_count = execution_count + 1 WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "team", id)
}

pub fn delete(conn: &Connection, org: OrgId, id: TeamId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM agent_teams WHERE id = ? AND organization_id = ?",
        params![id.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "team", id)
}

/// Adds an agent to a team; an agent is in a team at most once.
pub fn add_member(
    conn: &Connection,
    org: OrgId,
    team: TeamId,
    agent: AgentId,
    role: TeamRole,
    priority: i32,
) -> Result<TeamMemberId> {
    let id = TeamMemberId::new();
    sql::exec(
        conn,
        "INSERT INTO team_members (id, organization_id, team_id, agent_id, role, priority, joined_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        params![
            id.to_string(),
            org.to_string(),
            team.to_string(),
            agent.to_string(),
            role.as_str(),
            priority,
            sql::ts(&now())
        ],
    )
    .map_err(|err| {
        if err.is_constraint() {
            StoreError::Conflict(format!("agent {agent} is already a member of team {team}"))
        } else {
            err
        }
    })?;
    Ok(id)
}

pub fn update_member(
    conn: &Connection,
    org: OrgId,
    team: TeamId,
    agent: AgentId,
    role: TeamRole,
    priority: i32,
) -> Result<()> {
    let changed = sql::exec(
        conn,
        "UPDATE team_members SET role = ?, priority = ? WHERE team_id = ? AND agent_id = ? AND organization_id = ?",
        params![role.as_str(), priority, team.to_string(), agent.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "team member", agent)
}

pub fn remove_member(conn: &Connection, org: OrgId, team: TeamId, agent: AgentId) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM team_members WHERE team_id = ? AND agent_id = ? AND organization_id = ?",
        params![team.to_string(), agent.to_string(), org.to_string()],
    )?;
    sql::touched(changed, "team member", agent)
}

/// A team's members in priority order (lowest first), then by when they joined.
pub fn members(conn: &Connection, org: OrgId, team: TeamId) -> Result<Vec<TeamMember>> {
    sql::all(
        conn,
        "SELECT m.*, a.name AS agent_name FROM team_members m JOIN ai_agents a ON a.id = m.agent_id
         WHERE m.team_id = ? AND m.organization_id = ? ORDER BY m.priority, m.joined_at, m.id",
        params![team.to_string(), org.to_string()],
        |row| {
            const M: &str = "team_members";
            Ok(TeamMember {
                id: sql::parsed(row, M, "id")?,
                organization_id: sql::parsed(row, M, "organization_id")?,
                team_id: sql::parsed(row, M, "team_id")?,
                agent_id: sql::parsed(row, M, "agent_id")?,
                agent_name: sql::get(row, M, "agent_name")?,
                role: sql::parsed(row, M, "role")?,
                priority: sql::get(row, M, "priority")?,
                joined_at: sql::time(row, M, "joined_at")?,
            })
        },
    )
}

fn decode(row: &Row) -> Result<AgentTeam> {
    Ok(AgentTeam {
        id: sql::parsed(row, T, "id")?,
        organization_id: sql::parsed(row, T, "organization_id")?,
        name: sql::get(row, T, "name")?,
        description: sql::get(row, T, "description")?,
        structure: sql::parsed(row, T, "structure")?,
        budget: sql::json(row, T, "budget")?,
        is_active: sql::get(row, T, "is_active")?,
        execution_count: sql::get(row, T, "execution_count")?,
        member_count: sql::get(row, T, "member_count")?,
        created_by: sql::parsed_opt(row, T, "created_by")?,
        created_at: sql::time(row, T, "created_at")?,
        updated_at: sql::time(row, T, "updated_at")?,
    })
}
