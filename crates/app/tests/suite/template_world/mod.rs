//! The world the template tests deploy into: a hub over a temporary directory (secrets in an
//! encrypted vault file), the model provider, Slack, Gmail, webhook receivers and JSON APIs, and a
//! mail server — all real servers on 127.0.0.1 from `neuroflow-testkit` — and a fresh organization
//! per test or per template, with integrations made the way a person makes them (Gmail through its
//! real loopback sign-in, the test playing the browser).
#![allow(dead_code)]

use neuroflow_app::{Hub, ProviderSettings};
use neuroflow_testkit::{Answer, Behavior, FakeLlm, FakeServices, FakeSmtp, Wire};
use neuroflow_types::*;
use neuroflow_vault::{Secret, StoreKind};
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub const LLM_KEY: &str = "sk-template-tests";

/// What the stand-ins answer each template (templates/standins/answers.json, shared with smoke.py).
pub fn answers() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates/standins/answers.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("templates/standins/answers.json")).expect("JSON")
}

pub struct World {
    pub _dir: tempfile::TempDir,
    pub hub: Hub,
    pub llm: FakeLlm,
    pub services: FakeServices,
    pub smtp: FakeSmtp,
}

pub async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    hub.choose_vault(StoreKind::EncryptedFile, Some(Secret::new("template tests"))).await.unwrap();
    let llm = FakeLlm::start().await;
    llm.require_key(LLM_KEY);
    World { _dir: dir, hub, llm, services: FakeServices::start().await, smtp: FakeSmtp::start().await }
}

impl World {
    /// A fresh organization whose `openai` provider is the fake model.
    pub async fn org(&self, name: &str) -> OrgId {
        let org = self.hub.create_org(name).await.unwrap().id;
        let mut p: ProviderSettings = neuroflow_app::provider_presets().into_iter().find(|p| p.id == "openai").unwrap();
        p.base_url = self.llm.base_url(Wire::OpenAi);
        self.hub.save_provider(org, p, Some(Secret::new(LLM_KEY))).await.unwrap();
        org
    }

    /// Scripts the stand-ins for one template: its APIs' answers and the model's fields.
    pub fn script(&self, slug: &str) {
        let all = answers();
        let mut fields = all["llm"]["*"].as_object().cloned().unwrap_or_default();
        if let Some(own) = all["llm"][slug].as_object() {
            fields.extend(own.clone());
        }
        self.llm.on(|_| true, vec![Behavior::Schema { fields: Value::Object(fields) }]);
        let http = all["templates"][slug]["http"].as_array().cloned().unwrap_or_default();
        self.services.answer(
            http.iter()
                .map(|a| {
                    Answer::json(a[0].as_str().unwrap(), a[1].as_str().unwrap(), a[2].as_str().unwrap(), a[3].clone())
                })
                .collect(),
        );
        self.smtp.clear();
    }

    /// An integration of `provider` pointed at the stand-ins, signed in and tested.
    pub async fn integration(&self, org: OrgId, name: &str, provider: IntegrationProvider) -> Integration {
        let base = &self.services.base;
        let (config, secret) = match provider {
            IntegrationProvider::Slack => {
                (json!({"mode": "bot", "baseUrl": format!("{base}/slack")}), Some("xoxb-template-tests"))
            }
            IntegrationProvider::Gmail => (
                json!({"clientId": "tests.apps.googleusercontent.com", "authUrl": format!("{base}/oauth/auth"),
                       "tokenUrl": format!("{base}/oauth/token"), "apiBaseUrl": format!("{base}/gmail")}),
                Some("gmail-client-secret"),
            ),
            IntegrationProvider::Smtp => (
                json!({"host": "127.0.0.1", "port": self.smtp.port, "security": "none",
                       "from": "Harbor Realty <office@harborrealty.example>"}),
                None,
            ),
            IntegrationProvider::Webhook => (json!({"url": format!("{base}/hook")}), Some("whsec-template-tests")),
            IntegrationProvider::Http => {
                (json!({"auth": "bearer", "baseUrl": format!("{base}/health")}), Some("api-token-template-tests"))
            }
        };
        let new = NewIntegration { name: name.into(), provider, config: config.as_object().unwrap().clone() };
        let created = self.hub.create_integration(org, new, secret.map(Secret::new)).await.unwrap();
        if provider == IntegrationProvider::Gmail {
            self.sign_in(org, created.id).await;
        }
        let tested = self.hub.test_integration(org, created.id).await.unwrap();
        assert!(tested.ok, "{name} ({provider}) tests fine: {}", tested.message);
        tested.integration
    }

    /// Google's loopback sign-in with the stand-in as Google: the test is the browser coming back.
    async fn sign_in(&self, org: OrgId, id: IntegrationId) {
        let consent = self.hub.begin_sign_in(org, id).await.unwrap();
        let url = url::Url::parse(&consent).unwrap();
        let q: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
        let back = format!("{}?code=fake-code&state={}", q["redirect_uri"], q["state"]);
        let hub = self.hub.clone();
        let finish = tokio::spawn(async move { hub.finish_sign_in(org, id).await });
        reqwest::get(&back).await.unwrap();
        let tested = finish.await.unwrap().unwrap();
        assert!(tested.ok, "signed in to Gmail: {}", tested.message);
    }

    /// Choices for every requirement of `file`: the given integrations, new agents, variables at
    /// their examples with every base URL pointed at the stand-in API of that name.
    pub fn choices(&self, file: &TemplateFile, integrations: &BTreeMap<String, IntegrationId>) -> TemplateChoices {
        let mut variables = JsonMap::new();
        for v in &file.requires.variables {
            let value = if v.name.ends_with("BaseUrl") { json!(self.services.api(&v.name)) } else { v.example.clone() };
            variables.insert(v.name.clone(), value);
        }
        TemplateChoices { integrations: integrations.clone(), variables, ..Default::default() }
    }
}
