//! What the agent and team tests share: a hub over a temporary directory (secrets in an encrypted
//! vault file), the three providers pointed at one local fake, and agents to call.
#![allow(dead_code)]

use neuroflow_app::{Hub, ProviderSettings};
use neuroflow_testkit::{FakeLlm, Seen, Wire};
use neuroflow_types::*;
use neuroflow_vault::{Secret, StoreKind};

pub const KEY: &str = "sk-fake-key";

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub hub: Hub,
    pub org: OrgId,
    pub fake: FakeLlm,
}

pub async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    hub.choose_vault(StoreKind::EncryptedFile, Some(Secret::new("test passphrase"))).await.unwrap();
    let org = hub.create_org("Acme Realty").await.unwrap().id;
    let fake = FakeLlm::start().await;
    fake.require_key(KEY);
    for (id, wire) in [("openai", Wire::OpenAi), ("anthropic", Wire::Anthropic), ("gemini", Wire::Gemini)] {
        let mut p: ProviderSettings = neuroflow_app::provider_presets().into_iter().find(|p| p.id == id).unwrap();
        p.base_url = fake.base_url(wire);
        hub.save_provider(org, p, Some(Secret::new(KEY))).await.unwrap();
    }
    Fixture { _dir: dir, hub, org, fake }
}

/// Requests made on behalf of the agent named `name` (its system prompt begins "You are NAME").
pub fn by(name: &str) -> impl Fn(&Seen) -> bool + Send + Sync + 'static {
    let prefix = format!("You are {name}");
    move |s: &Seen| s.system.starts_with(&prefix)
}

/// Requests of `name` whose last message contains `text`.
pub fn by_asking(name: &str, text: &str) -> impl Fn(&Seen) -> bool + Send + Sync + 'static {
    let (is, text) = (by(name), text.to_string());
    move |s: &Seen| is(s) && s.last_user().contains(&text)
}

impl Fixture {
    pub async fn agent(&self, name: &str, provider: &str, model: &str) -> AiAgent {
        self.agent_with(name, provider, model, |_| {}).await
    }

    pub async fn agent_with(
        &self,
        name: &str,
        provider: &str,
        model: &str,
        edit: impl FnOnce(&mut NewAgent),
    ) -> AiAgent {
        let mut new = NewAgent {
            name: name.into(),
            description: format!("{name} works at Acme Realty"),
            model_config: ModelConfig { provider: provider.into(), model: model.into(), ..Default::default() },
            ..Default::default()
        };
        edit(&mut new);
        self.hub.create_agent(self.org, new).await.unwrap_or_else(|e| panic!("{}", e.message))
    }

    pub async fn team(&self, name: &str, structure: TeamStructure, members: &[(&AiAgent, TeamRole, i32)]) -> AgentTeam {
        let team = self
            .hub
            .create_team(
                self.org,
                NewTeam { name: name.into(), description: String::new(), structure, budget: Budget::default() },
            )
            .await
            .unwrap();
        for (agent, role, priority) in members {
            self.hub.set_team_member(self.org, team.id, agent.id, *role, *priority).await.unwrap();
        }
        team
    }
}
