//! `neuroflow provider …`: where each LLM provider is, its key (asked for, never an argument), and
//! model prices.

use super::agent::usd;
use crate::agent_args::{KindArg, ProviderCommand};
use crate::output::{Out, dollars, table};
use crate::prompt;
use neuroflow_app::Price;
use neuroflow_app::ProviderKind;
use neuroflow_app::{AppResult, Hub, ProviderSettings};
use neuroflow_types::OrgId;

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: ProviderCommand) -> AppResult<u8> {
    match command {
        ProviderCommand::List => {
            let all = hub.list_providers(org).await?;
            out.show(&all, |all| {
                let rows = all
                    .iter()
                    .map(|p| {
                        let key = if !p.needs_key {
                            "not needed"
                        } else if p.has_key {
                            "saved"
                        } else {
                            "missing"
                        };
                        vec![p.id.clone(), p.name.clone(), kind_name(p.kind).into(), p.base_url.clone(), key.into()]
                    })
                    .collect();
                table(&["ID", "NAME", "SPEAKS", "BASE URL", "KEY"], rows)
            });
        }
        ProviderCommand::Set { id, name, kind, base_url, no_key, key } => {
            let existing = hub.get_provider(org, &id).await.ok();
            let base = existing.clone().unwrap_or(ProviderSettings {
                id: id.clone(),
                name: id.clone(),
                kind: ProviderKind::OpenAi,
                base_url: String::new(),
                needs_key: true,
                has_key: false,
                preset: false,
            });
            let provider = ProviderSettings {
                name: name.unwrap_or(base.name.clone()),
                kind: kind.map(kind_of).unwrap_or(base.kind),
                base_url: base_url.unwrap_or(base.base_url.clone()),
                needs_key: if no_key { false } else { base.needs_key },
                ..base
            };
            let secret = if key { Some(prompt::secret(&format!("API key for {}", provider.name))?) } else { None };
            let saved = hub.save_provider(org, provider, secret).await?;
            out.show(&saved, |p| {
                format!("Saved provider '{}' ({}){}", p.id, p.base_url, if p.has_key { ", key saved" } else { "" })
            });
        }
        ProviderCommand::Remove { id } => {
            hub.delete_provider(org, &id).await?;
            out.show(&serde_json::json!({ "removed": id }), |_| {
                format!("Removed the key (and own settings) of '{id}'")
            });
        }
        ProviderCommand::Prices => {
            let all = hub.list_prices(org).await?;
            out.show(&all, |all| {
                let rows = all
                    .iter()
                    .map(|p| {
                        vec![
                            p.provider.clone(),
                            p.model.clone(),
                            format!("${}", dollars(p.price.input_per_mtok)),
                            format!("${}", dollars(p.price.output_per_mtok)),
                            if p.custom { "yours" } else { "shipped" }.into(),
                        ]
                    })
                    .collect();
                table(&["PROVIDER", "MODEL", "INPUT / 1M", "OUTPUT / 1M", "SOURCE"], rows)
            });
        }
        ProviderCommand::SetPrice { provider, model, input, output } => {
            let price = Price { input_per_mtok: usd("--input", &input)?, output_per_mtok: usd("--output", &output)? };
            let entry = hub.set_price(org, &provider, &model, price).await?;
            out.show(&entry, |e| {
                format!(
                    "{} {}: ${} in, ${} out per million tokens",
                    e.provider,
                    e.model,
                    dollars(e.price.input_per_mtok),
                    dollars(e.price.output_per_mtok)
                )
            });
        }
    }
    Ok(0)
}

fn kind_of(k: KindArg) -> ProviderKind {
    match k {
        KindArg::Openai => ProviderKind::OpenAi,
        KindArg::Anthropic => ProviderKind::Anthropic,
        KindArg::Gemini => ProviderKind::Gemini,
    }
}

fn kind_name(k: ProviderKind) -> &'static str {
    match k {
        ProviderKind::OpenAi => "OpenAI API",
        ProviderKind::Anthropic => "Anthropic API",
        ProviderKind::Gemini => "Gemini API",
    }
}
