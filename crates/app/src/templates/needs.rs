//! What a template needs beside what the organization has: for each required integration the
//! organization's integrations of that provider (one preselected when it is the only one), for each
//! agent its agents (and whether the suggested model's provider is ready), for each team its teams.
//! The template page shows this, the deploy dialog offers it, and deploy fills gaps from it.

use crate::error::AppResult;
use crate::hub::Hub;
use neuroflow_types::{
    AgentChoiceRef, AgentFilter, AgentNeed, IntegrationChoice, IntegrationFilter, IntegrationNeed, MAX_PAGE_SIZE,
    OrgId, PageRequest, TeamChoiceRef, TeamFilter, TeamNeed, TemplateFile,
};

/// The needs of one template in one organization.
pub(crate) struct Needs {
    pub integrations: Vec<IntegrationNeed>,
    pub agents: Vec<AgentNeed>,
    pub teams: Vec<TeamNeed>,
}

impl Hub {
    pub(crate) async fn needs(&self, org: OrgId, file: &TemplateFile) -> AppResult<Needs> {
        let all = PageRequest::new(MAX_PAGE_SIZE, 0);
        let integrations =
            self.list_integrations(org, IntegrationFilter { page: all, ..Default::default() }).await?.items;
        let agents = self.list_agents(org, AgentFilter { page: all, ..Default::default() }).await?.items;
        let teams = if file.requires.teams.is_empty() {
            Vec::new()
        } else {
            self.list_teams(org, TeamFilter { page: all, ..Default::default() }).await?.items
        };
        let providers = self.list_providers(org).await?;
        let integrations = file
            .requires
            .integrations
            .iter()
            .map(|need| {
                let candidates: Vec<IntegrationChoice> = integrations
                    .iter()
                    .filter(|i| i.provider == need.provider)
                    .map(|i| IntegrationChoice {
                        id: i.id,
                        name: i.name.clone(),
                        status: i.status,
                        is_active: i.is_active,
                    })
                    .collect();
                let preselected = match candidates.as_slice() {
                    [only] => Some(only.id),
                    _ => None,
                };
                IntegrationNeed {
                    key: need.key.clone(),
                    provider: need.provider,
                    purpose: need.purpose.clone(),
                    candidates,
                    preselected,
                }
            })
            .collect();
        let agents = file
            .requires
            .agents
            .iter()
            .map(|need| {
                let provider = &need.suggested.model_config.provider;
                AgentNeed {
                    key: need.key.clone(),
                    role: need.role.clone(),
                    description: need.description.clone(),
                    candidates: agents
                        .iter()
                        .filter(|a| a.is_active)
                        .map(|a| AgentChoiceRef {
                            id: a.id,
                            name: a.name.clone(),
                            provider: a.model_config.provider.clone(),
                            model: a.model_config.model.clone(),
                        })
                        .collect(),
                    suggested_provider_ready: providers
                        .iter()
                        .any(|p| &p.id == provider && (p.has_key || !p.needs_key)),
                }
            })
            .collect();
        let teams = file
            .requires
            .teams
            .iter()
            .map(|need| TeamNeed {
                key: need.key.clone(),
                purpose: need.purpose.clone(),
                candidates: teams.iter().map(|t| TeamChoiceRef { id: t.id, name: t.name.clone() }).collect(),
            })
            .collect();
        Ok(Needs { integrations, agents, teams })
    }
}
