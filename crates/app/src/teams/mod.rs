//! Teams of agents: create, list, show, change, delete; members with a role and a priority; and
//! the record of each team run (see `run.rs`).

mod run;

pub use run::TeamRunOptions;

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::{team_executions, teams};
use neuroflow_types::{
    AgentId, AgentTeam, ErrorCode, NewTeam, OrgId, Page, PageRequest, TeamExecution, TeamExecutionFilter,
    TeamExecutionId, TeamFilter, TeamId, TeamMember, TeamPatch, TeamRole, now,
};
use serde::{Deserialize, Serialize};

/// A team with its members (in priority order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamDetail {
    pub team: AgentTeam,
    pub members: Vec<TeamMember>,
}

impl Hub {
    pub async fn create_team(&self, org: OrgId, new: NewTeam) -> AppResult<AgentTeam> {
        self.require(org, crate::sync::Permission::ManageTeams).await?;
        let name = team_name(&new.name)?;
        self.ensure_unique_team(org, &name, None).await?;
        let open = self.org(org).await?;
        let t = now();
        let team = AgentTeam {
            id: TeamId::new(),
            organization_id: org,
            name,
            description: new.description.trim().to_string(),
            structure: new.structure,
            budget: new.budget,
            is_active: true,
            execution_count: 0,
            member_count: 0,
            created_by: open.owner,
            created_at: t,
            updated_at: t,
        };
        let row = team.clone();
        open.store.write(move |c| teams::insert(c, &row)).await?;
        Ok(team)
    }

    pub async fn list_teams(&self, org: OrgId, filter: TeamFilter) -> AppResult<Page<AgentTeam>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| teams::list(c, org, &filter)).await?)
    }

    pub async fn get_team(&self, org: OrgId, id: TeamId) -> AppResult<TeamDetail> {
        let open = self.org(org).await?;
        Ok(open
            .store
            .read_async(move |c| Ok(TeamDetail { team: teams::get(c, org, id)?, members: teams::members(c, org, id)? }))
            .await?)
    }

    /// Finds a team by id or (case-insensitive) name.
    pub async fn find_team(&self, org: OrgId, reference: &str) -> AppResult<TeamDetail> {
        let reference = reference.trim();
        if let Ok(id) = reference.parse::<TeamId>() {
            return self.get_team(org, id).await;
        }
        let filter =
            TeamFilter { search: Some(reference.into()), page: PageRequest::new(500, 0), ..Default::default() };
        let found =
            self.list_teams(org, filter).await?.items.into_iter().find(|t| t.name.eq_ignore_ascii_case(reference));
        match found {
            Some(t) => self.get_team(org, t.id).await,
            None => Err(AppError::not_found(format!("no team has the id or name '{reference}'"))),
        }
    }

    pub async fn update_team(&self, org: OrgId, id: TeamId, mut patch: TeamPatch) -> AppResult<AgentTeam> {
        self.require(org, crate::sync::Permission::ManageTeams).await?;
        if let Some(name) = &patch.name {
            let name = team_name(name)?;
            self.ensure_unique_team(org, &name, Some(id)).await?;
            patch.name = Some(name);
        }
        let open = self.org(org).await?;
        Ok(open.store.write(move |c| teams::update(c, org, id, &patch)).await?)
    }

    pub async fn delete_team(&self, org: OrgId, id: TeamId) -> AppResult<()> {
        self.require(org, crate::sync::Permission::ManageTeams).await?;
        let open = self.org(org).await?;
        open.store.write(move |c| teams::delete(c, org, id)).await?;
        Ok(())
    }

    /// Adds an agent to a team (or changes its role and priority if it is a member already).
    pub async fn set_team_member(
        &self,
        org: OrgId,
        team: TeamId,
        agent: AgentId,
        role: TeamRole,
        priority: i32,
    ) -> AppResult<TeamDetail> {
        self.require(org, crate::sync::Permission::ManageTeams).await?;
        self.get_agent(org, agent).await?;
        let current = self.get_team(org, team).await?;
        let member = current.members.iter().any(|m| m.agent_id == agent);
        let open = self.org(org).await?;
        open.store
            .write(move |c| {
                if member {
                    teams::update_member(c, org, team, agent, role, priority)
                } else {
                    teams::add_member(c, org, team, agent, role, priority).map(|_| ())
                }
            })
            .await?;
        self.get_team(org, team).await
    }

    pub async fn remove_team_member(&self, org: OrgId, team: TeamId, agent: AgentId) -> AppResult<TeamDetail> {
        self.require(org, crate::sync::Permission::ManageTeams).await?;
        let open = self.org(org).await?;
        open.store.write(move |c| teams::remove_member(c, org, team, agent)).await?;
        self.get_team(org, team).await
    }

    pub async fn list_team_executions(
        &self,
        org: OrgId,
        filter: TeamExecutionFilter,
    ) -> AppResult<Page<TeamExecution>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| team_executions::list(c, org, &filter)).await?)
    }

    pub async fn get_team_execution(&self, org: OrgId, id: TeamExecutionId) -> AppResult<TeamExecution> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| team_executions::get(c, org, id)).await?)
    }

    async fn ensure_unique_team(&self, org: OrgId, name: &str, except: Option<TeamId>) -> AppResult<()> {
        let filter = TeamFilter { search: Some(name.into()), page: PageRequest::new(500, 0), ..Default::default() };
        let taken = self
            .list_teams(org, filter)
            .await?
            .items
            .iter()
            .any(|t| t.name.eq_ignore_ascii_case(name) && Some(t.id) != except);
        if taken {
            return Err(AppError::new(ErrorCode::Conflict, format!("a team named '{name}' already exists")));
        }
        Ok(())
    }
}

fn team_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name: a team needs a name"));
    }
    if name.chars().count() > 100 {
        return Err(AppError::invalid("name: longer than 100 characters"));
    }
    Ok(name.to_string())
}
