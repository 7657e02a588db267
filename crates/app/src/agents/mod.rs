//! AI agents: create, list, show, change, delete; and their calls (from the playground, the CLI, a
//! workflow or a team), each recorded in agent_executions with tokens, cost and timing.

mod busy;
mod call;
mod tools;

pub(crate) use busy::BusyAgents;
pub use call::{AskOptions, AskOutcome};
pub(crate) use call::{CallSpec, label};

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_agents::tools::ALL as ALL_TOOLS;
use neuroflow_store::table::{agent_executions, agents};
use neuroflow_types::{
    AgentExecution, AgentExecutionFilter, AgentExecutionId, AgentFilter, AgentId, AgentPatch, AgentStatus, AiAgent,
    ErrorCode, NewAgent, OrgId, Page, PageRequest, now,
};

/// The longest agent name accepted.
const MAX_NAME: usize = 100;

impl Hub {
    /// The tools an agent can be given.
    pub fn agent_tools() -> Vec<String> {
        ALL_TOOLS.iter().map(|t| t.to_string()).collect()
    }

    pub async fn create_agent(&self, org: OrgId, new: NewAgent) -> AppResult<AiAgent> {
        self.require_room(org, crate::sync::Permission::ManageAgents, crate::sync::Limited::Agent).await?;
        let name = agent_name(&new.name)?;
        self.check_agent_settings(org, &new.model_config.provider, &new.capabilities, new.memory.window_turns).await?;
        self.ensure_unique_agent(org, &name, None).await?;
        let open = self.org(org).await?;
        let t = now();
        let agent = AiAgent {
            id: AgentId::new(),
            organization_id: org,
            name,
            description: new.description.trim().to_string(),
            avatar: new.avatar,
            personality: new.personality,
            model_config: new.model_config,
            capabilities: new.capabilities,
            memory: new.memory,
            budget: new.budget,
            is_active: new.is_active.unwrap_or(true),
            status: AgentStatus::Idle,
            execution_count: 0,
            success_rate: 0.0,
            avg_response_time_ms: 0,
            tokens_used: 0,
            cost_micros: 0,
            created_by: open.owner,
            created_at: t,
            updated_at: t,
        };
        let row = agent.clone();
        open.store.write(move |c| agents::insert(c, &row)).await?;
        tracing::info!(org = %org, agent = %agent.id, "created agent");
        Ok(agent)
    }

    pub async fn list_agents(&self, org: OrgId, filter: AgentFilter) -> AppResult<Page<AiAgent>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| agents::list(c, org, &filter)).await?)
    }

    pub async fn get_agent(&self, org: OrgId, id: AgentId) -> AppResult<AiAgent> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| agents::get(c, org, id)).await?)
    }

    /// Finds an agent by id or (case-insensitive) name.
    pub async fn find_agent(&self, org: OrgId, reference: &str) -> AppResult<AiAgent> {
        let reference = reference.trim();
        if let Ok(id) = reference.parse::<AgentId>() {
            return self.get_agent(org, id).await;
        }
        let filter =
            AgentFilter { search: Some(reference.into()), page: PageRequest::new(500, 0), ..Default::default() };
        let found =
            self.list_agents(org, filter).await?.items.into_iter().find(|a| a.name.eq_ignore_ascii_case(reference));
        found.ok_or_else(|| AppError::not_found(format!("no agent has the id or name '{reference}'")))
    }

    pub async fn update_agent(&self, org: OrgId, id: AgentId, patch: AgentPatch) -> AppResult<AiAgent> {
        self.require(org, crate::sync::Permission::ManageAgents).await?;
        let current = self.get_agent(org, id).await?;
        let mut patch = patch;
        if let Some(name) = &patch.name {
            let name = agent_name(name)?;
            self.ensure_unique_agent(org, &name, Some(id)).await?;
            patch.name = Some(name);
        }
        let provider = patch.model_config.as_ref().map_or(&current.model_config.provider, |m| &m.provider).clone();
        let tools = patch.capabilities.clone().unwrap_or_else(|| current.capabilities.clone());
        let window = patch.memory.as_ref().map_or(current.memory.window_turns, |m| m.window_turns);
        self.check_agent_settings(org, &provider, &tools, window).await?;
        let open = self.org(org).await?;
        Ok(open.store.write(move |c| agents::update(c, org, id, &patch)).await?)
    }

    /// Deletes an agent, its calls' records, and its places in teams.
    pub async fn delete_agent(&self, org: OrgId, id: AgentId) -> AppResult<()> {
        self.require(org, crate::sync::Permission::ManageAgents).await?;
        let open = self.org(org).await?;
        open.store.write(move |c| agents::delete(c, org, id)).await?;
        tracing::info!(org = %org, agent = %id, "deleted agent");
        Ok(())
    }

    /// Recorded agent calls, newest first.
    pub async fn list_agent_executions(
        &self,
        org: OrgId,
        filter: AgentExecutionFilter,
    ) -> AppResult<Page<AgentExecution>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| agent_executions::list(c, org, &filter)).await?)
    }

    pub async fn get_agent_execution(&self, org: OrgId, id: AgentExecutionId) -> AppResult<AgentExecution> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| agent_executions::get(c, org, id)).await?)
    }

    async fn check_agent_settings(&self, org: OrgId, provider: &str, tools: &[String], window: u32) -> AppResult<()> {
        if !provider.trim().is_empty() {
            self.get_provider(org, provider.trim())
                .await
                .map_err(|e| AppError::invalid(format!("modelConfig.provider: {e}")))?;
        }
        if let Some(unknown) = tools.iter().find(|t| !ALL_TOOLS.contains(&t.as_str())) {
            return Err(AppError::invalid(format!(
                "capabilities: '{unknown}' is not a tool (available: {})",
                ALL_TOOLS.join(", ")
            )));
        }
        if window > 100 {
            return Err(AppError::invalid("memory.windowTurns: at most 100 past turns"));
        }
        Ok(())
    }

    async fn ensure_unique_agent(&self, org: OrgId, name: &str, except: Option<AgentId>) -> AppResult<()> {
        let filter = AgentFilter { search: Some(name.into()), page: PageRequest::new(500, 0), ..Default::default() };
        let taken = self
            .list_agents(org, filter)
            .await?
            .items
            .iter()
            .any(|a| a.name.eq_ignore_ascii_case(name) && Some(a.id) != except);
        if taken {
            return Err(AppError::new(ErrorCode::Conflict, format!("an agent named '{name}' already exists")));
        }
        Ok(())
    }
}

fn agent_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name: an agent needs a name"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::invalid(format!("name: longer than {MAX_NAME} characters")));
    }
    Ok(name.to_string())
}
