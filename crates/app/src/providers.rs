//! LLM providers of an organization: where each is (base URL), which wire format it speaks, and
//! whether its key is saved. The usual ones come preset — OpenAI, Anthropic, Gemini, Groq,
//! OpenRouter, and the local Ollama and LM Studio, which need no key — and any OpenAI-compatible
//! server can be added. Keys live in the vault under `provider/<id>`; the settings row keeps only
//! that one is saved. Also: the price table, shipped prices with the organization's own on top.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_agents::prices::{self, Price};
use neuroflow_agents::{Endpoint, ProviderKind, RetryPolicy};
use neuroflow_store::table::{organizations, prices as price_table};
use neuroflow_types::{ErrorCode, OrgId};
use neuroflow_vault::Secret;
use serde::{Deserialize, Serialize};

const SETTING: &str = "providers";

/// A provider as Settings shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProviderSettings {
    /// Short and stable: `openai`, `ollama`, `my-vllm` …; agents name their provider by it.
    pub id: String,
    pub name: String,
    pub kind: ProviderKind,
    pub base_url: String,
    /// Local servers need no key.
    pub needs_key: bool,
    /// Whether a key is saved in the vault (the key itself never leaves it).
    #[serde(default)]
    pub has_key: bool,
    /// One of the presets (which can be changed but not removed).
    #[serde(default)]
    pub preset: bool,
}

fn preset(id: &str, name: &str, kind: ProviderKind, base_url: &str, needs_key: bool) -> ProviderSettings {
    ProviderSettings {
        id: id.into(),
        name: name.into(),
        kind,
        base_url: base_url.into(),
        needs_key,
        has_key: false,
        preset: true,
    }
}

/// The providers every organization starts with.
pub fn presets() -> Vec<ProviderSettings> {
    vec![
        preset("openai", "OpenAI", ProviderKind::OpenAi, "https://api.openai.com/v1", true),
        preset("anthropic", "Anthropic", ProviderKind::Anthropic, "https://api.anthropic.com", true),
        preset("gemini", "Google Gemini", ProviderKind::Gemini, "https://generativelanguage.googleapis.com", true),
        preset("groq", "Groq", ProviderKind::OpenAi, "https://api.groq.com/openai/v1", true),
        preset("openrouter", "OpenRouter", ProviderKind::OpenAi, "https://openrouter.ai/api/v1", true),
        preset("ollama", "Ollama (this computer)", ProviderKind::OpenAi, "http://127.0.0.1:11434/v1", false),
        preset("lmstudio", "LM Studio (this computer)", ProviderKind::OpenAi, "http://127.0.0.1:1234/v1", false),
    ]
}

/// A model's price as Settings shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PriceEntry {
    pub provider: String,
    pub model: String,
    pub price: Price,
    /// Set by the organization (rather than shipped with the app).
    pub custom: bool,
}

pub(crate) fn key_name(provider: &str) -> String {
    format!("provider/{provider}")
}

impl Hub {
    /// The organization's providers: the presets (as changed) and its own.
    pub async fn list_providers(&self, org: OrgId) -> AppResult<Vec<ProviderSettings>> {
        let open = self.org(org).await?;
        let saved = open.store.read_async(move |c| organizations::get_setting(c, org, SETTING)).await?;
        let mut all = presets();
        if let Some(setting) = saved {
            let stored: Vec<ProviderSettings> = serde_json::from_value(setting.value)
                .map_err(|e| AppError::internal(format!("the saved provider settings are damaged: {e}")))?;
            for p in stored {
                match all.iter_mut().find(|x| x.id == p.id) {
                    Some(existing) => *existing = ProviderSettings { preset: true, ..p },
                    None => all.push(ProviderSettings { preset: false, ..p }),
                }
            }
        }
        Ok(all)
    }

    pub async fn get_provider(&self, org: OrgId, id: &str) -> AppResult<ProviderSettings> {
        let all = self.list_providers(org).await?;
        all.iter().find(|p| p.id == id).cloned().ok_or_else(|| {
            let known: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
            AppError::not_found(format!("no provider '{id}' (known: {})", known.join(", ")))
        })
    }

    /// Adds or changes a provider; `key`, when given, replaces its saved key.
    pub async fn save_provider(
        &self,
        org: OrgId,
        provider: ProviderSettings,
        key: Option<Secret>,
    ) -> AppResult<ProviderSettings> {
        let id = provider.id.trim().to_lowercase();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(AppError::invalid("id: use letters, digits, '-' and '_' (e.g. my-vllm)"));
        }
        let base_url = provider.base_url.trim().trim_end_matches('/').to_string();
        match url::Url::parse(&base_url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => {}
            _ => return Err(AppError::invalid(format!("baseUrl: '{base_url}' is not an http:// or https:// address"))),
        }
        if provider.name.trim().is_empty() {
            return Err(AppError::invalid("name: a provider needs a name"));
        }
        let mut all = self.list_providers(org).await?;
        let has_key = match &key {
            Some(k) if k.is_empty() => return Err(AppError::invalid("key: is empty")),
            Some(k) => {
                self.put_secret(org, key_name(&id), k.clone()).await?;
                true
            }
            None => all.iter().find(|p| p.id == id).is_some_and(|p| p.has_key),
        };
        let saved = ProviderSettings {
            id: id.clone(),
            name: provider.name.trim().to_string(),
            base_url,
            has_key,
            preset: presets().iter().any(|p| p.id == id),
            ..provider
        };
        match all.iter_mut().find(|p| p.id == id) {
            Some(existing) => *existing = saved.clone(),
            None => all.push(saved.clone()),
        }
        self.store_providers(org, all).await?;
        Ok(saved)
    }

    /// Forgets a provider's key; removes a provider the organization added (a preset returns to
    /// its first settings).
    pub async fn delete_provider(&self, org: OrgId, id: &str) -> AppResult<()> {
        let current = self.get_provider(org, id).await?;
        if current.has_key {
            self.delete_secret(org, key_name(id)).await?;
        }
        let mut all = self.list_providers(org).await?;
        match presets().into_iter().find(|p| p.id == id) {
            Some(original) => {
                if let Some(p) = all.iter_mut().find(|p| p.id == id) {
                    *p = original;
                }
            }
            None => all.retain(|p| p.id != id),
        }
        self.store_providers(org, all).await
    }

    async fn store_providers(&self, org: OrgId, all: Vec<ProviderSettings>) -> AppResult<()> {
        let value = serde_json::to_value(all).map_err(|e| AppError::internal(e.to_string()))?;
        let open = self.org(org).await?;
        open.store.write(move |c| organizations::put_setting(c, org, SETTING, &value)).await?;
        Ok(())
    }

    /// The ids of the providers whose keys are saved (for removing them with the organization).
    pub(crate) async fn provider_key_names(&self, org: OrgId) -> AppResult<Vec<String>> {
        Ok(self.list_providers(org).await?.into_iter().filter(|p| p.has_key).map(|p| key_name(&p.id)).collect())
    }

    /// Where to reach a provider, with its key.
    pub(crate) async fn endpoint(&self, org: OrgId, id: &str) -> AppResult<Endpoint> {
        let p = self.get_provider(org, id).await?;
        let api_key = if p.has_key { self.secret(org, key_name(id)).await? } else { None };
        if p.needs_key && api_key.is_none() {
            return Err(AppError::new(
                ErrorCode::Credential,
                format!("no API key is saved for {}; add it in Settings › Providers", p.name),
            ));
        }
        Ok(Endpoint { id: p.id, kind: p.kind, base_url: p.base_url, api_key, retry: RetryPolicy::default() })
    }

    /// Every price: the shipped ones, and the organization's (which win).
    pub async fn list_prices(&self, org: OrgId) -> AppResult<Vec<PriceEntry>> {
        let custom = self.custom_prices(org).await?;
        let mut all: Vec<PriceEntry> = prices::SHIPPED
            .iter()
            .filter(|(p, m, _)| !custom.iter().any(|(cp, cm, _)| cp == p && cm == m))
            .map(|(p, m, price)| PriceEntry {
                provider: p.to_string(),
                model: m.to_string(),
                price: *price,
                custom: false,
            })
            .collect();
        all.extend(custom.into_iter().map(|(provider, model, price)| PriceEntry {
            provider,
            model,
            price,
            custom: true,
        }));
        all.sort_by(|a, b| (&a.provider, &a.model).cmp(&(&b.provider, &b.model)));
        Ok(all)
    }

    /// Sets a model's price (micro-dollars per million tokens).
    pub async fn set_price(&self, org: OrgId, provider: &str, model: &str, price: Price) -> AppResult<PriceEntry> {
        if provider.trim().is_empty() || model.trim().is_empty() {
            return Err(AppError::invalid("a price needs a provider and a model"));
        }
        if price.input_per_mtok < 0 || price.output_per_mtok < 0 {
            return Err(AppError::invalid("a price cannot be negative"));
        }
        let row = price_table::PriceRow {
            provider: provider.trim().into(),
            model: model.trim().into(),
            input_per_mtok: price.input_per_mtok,
            output_per_mtok: price.output_per_mtok,
        };
        let entry = PriceEntry { provider: row.provider.clone(), model: row.model.clone(), price, custom: true };
        let open = self.org(org).await?;
        open.store.write(move |c| price_table::upsert(c, org, &row)).await?;
        Ok(entry)
    }

    /// Removes the organization's price of a model (the shipped one applies again).
    pub async fn delete_price(&self, org: OrgId, provider: &str, model: &str) -> AppResult<()> {
        let (provider, model) = (provider.to_string(), model.to_string());
        let open = self.org(org).await?;
        open.store.write(move |c| price_table::delete(c, org, &provider, &model)).await?;
        Ok(())
    }

    pub(crate) async fn custom_prices(&self, org: OrgId) -> AppResult<Vec<(String, String, Price)>> {
        let open = self.org(org).await?;
        let rows = open.store.read_async(move |c| price_table::list(c, org)).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let price = Price { input_per_mtok: r.input_per_mtok, output_per_mtok: r.output_per_mtok };
                (r.provider, r.model, price)
            })
            .collect())
    }
}
