//! `neuroflow integration …`

use crate::args::{ConfigArgs, IntegrationCommand, ProviderArg, SecretArgs, json_value};
use crate::output::{Out, table, when};
use crate::prompt;
use neuroflow_app::Secret;
use neuroflow_app::{AppError, AppResult, Hub, IntegrationTest};
use neuroflow_types::{
    ErrorCode, Integration, IntegrationFilter, IntegrationPatch, IntegrationProvider, JsonMap, NewIntegration, OrgId,
    PageRequest,
};
use serde_json::Value;

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: IntegrationCommand) -> AppResult<u8> {
    match command {
        IntegrationCommand::Create { provider, name, config, secret } => {
            let provider = provider_of(provider);
            let config = config_of(&config, JsonMap::new())?;
            let secret = secret_for_create(provider, &secret)?;
            let saved = secret.is_some();
            let integration = hub.create_integration(org, NewIntegration { name, provider, config }, secret).await?;
            out.show(&integration, |i| {
                let mut text = format!("Created integration '{}' ({})", i.name, i.id);
                if provider == IntegrationProvider::Gmail {
                    text.push_str(&format!("\nNext, sign in to Google: neuroflow integration sign-in '{}'", i.name));
                } else if !saved {
                    text.push_str(&format!(
                        "\nNo secret was saved; add it with: neuroflow integration update '{}' --secret",
                        i.name
                    ));
                }
                text
            });
        }
        IntegrationCommand::List { provider, search } => {
            let filter = IntegrationFilter {
                search,
                provider: provider.map(provider_of),
                page: PageRequest::new(neuroflow_types::MAX_PAGE_SIZE, 0),
                ..Default::default()
            };
            let page = hub.list_integrations(org, filter).await?;
            out.show(&page, |page| {
                if page.items.is_empty() {
                    return "No integrations yet. Add one with: neuroflow integration create PROVIDER NAME".into();
                }
                let rows = page
                    .items
                    .iter()
                    .map(|i| {
                        vec![
                            i.name.clone(),
                            i.provider.as_str().to_lowercase(),
                            status_text(i),
                            i.last_tested.as_ref().map(when).unwrap_or_else(|| "never".into()),
                            i.id.to_string(),
                        ]
                    })
                    .collect();
                table(&["NAME", "PROVIDER", "STATUS", "LAST TESTED", "ID"], rows)
            });
        }
        IntegrationCommand::Show { integration } => {
            let integration = hub.find_integration(org, &integration).await?;
            out.show(&integration, describe);
        }
        IntegrationCommand::Update { integration, name, config, active, secret } => {
            let current = hub.find_integration(org, &integration).await?;
            let new_config = if config.config.is_some() || !config.set.is_empty() {
                Some(config_of(&config, current.config.clone())?)
            } else {
                None
            };
            let secret = if secret.secret { Some(prompt::secret(secret_label(current.provider))?) } else { None };
            let patch = IntegrationPatch { name, config: new_config, is_active: active };
            let updated = hub.update_integration(org, current.id, patch, secret).await?;
            out.show(&updated, |i| format!("Updated integration '{}'", i.name));
        }
        IntegrationCommand::Delete { integration, yes } => {
            let integration = hub.find_integration(org, &integration).await?;
            if !yes
                && prompt::interactive()
                && !prompt::confirm(&format!("Delete integration '{}' and its secret?", integration.name))?
            {
                return Err(AppError::new(ErrorCode::Cancelled, "nothing was deleted"));
            }
            hub.delete_integration(org, integration.id).await?;
            out.show(&serde_json::json!({ "deleted": integration.id }), |_| {
                format!("Deleted integration '{}' and its secret", integration.name)
            });
        }
        IntegrationCommand::Test { integration } => {
            let integration = hub.find_integration(org, &integration).await?;
            let test = hub.test_integration(org, integration.id).await?;
            out.show(&test, test_text);
            return Ok(if test.ok { 0 } else { 1 });
        }
        IntegrationCommand::SignIn { integration, no_browser } => {
            let integration = hub.find_integration(org, &integration).await?;
            let url = hub.begin_sign_in(org, integration.id).await?;
            eprintln!("Open this address in your browser to sign in to Google (waiting up to 5 minutes):\n\n  {url}\n");
            if !no_browser {
                open_browser(&url);
            }
            let test = hub.finish_sign_in(org, integration.id).await?;
            out.show(&test, test_text);
            return Ok(if test.ok { 0 } else { 1 });
        }
    }
    Ok(0)
}

pub(crate) fn provider_of(arg: ProviderArg) -> IntegrationProvider {
    match arg {
        ProviderArg::Slack => IntegrationProvider::Slack,
        ProviderArg::Gmail => IntegrationProvider::Gmail,
        ProviderArg::Smtp => IntegrationProvider::Smtp,
        ProviderArg::Webhook => IntegrationProvider::Webhook,
        ProviderArg::Http => IntegrationProvider::Http,
    }
}

/// What the secret is, for the prompt.
fn secret_label(provider: IntegrationProvider) -> &'static str {
    match provider {
        IntegrationProvider::Slack => "Slack bot token (xoxb-…) or incoming-webhook URL",
        IntegrationProvider::Gmail => "OAuth client secret of your Google desktop client",
        IntegrationProvider::Smtp => "Mail server password",
        IntegrationProvider::Webhook => "Signing key (shared with the receiver)",
        IntegrationProvider::Http => "Token, password or API key",
    }
}

/// On create, a secret is asked for when `--secret` says so, or on a terminal when the provider
/// needs one (Gmail's client secret is optional: many desktop clients have none).
fn secret_for_create(provider: IntegrationProvider, args: &SecretArgs) -> AppResult<Option<Secret>> {
    let ask = args.secret || (prompt::interactive() && provider != IntegrationProvider::Gmail);
    if !ask {
        return Ok(None);
    }
    prompt::secret(secret_label(provider)).map(Some)
}

/// `--config` (replacing `base`) then each `--set key=value`.
fn config_of(args: &ConfigArgs, base: JsonMap) -> AppResult<JsonMap> {
    let mut config = match &args.config {
        Some(text) => match json_value("--config", text)? {
            Value::Object(map) => map,
            other => return Err(AppError::invalid(format!("--config: must be a JSON object, not {other}"))),
        },
        None => base,
    };
    for pair in &args.set {
        let (key, value) =
            pair.split_once('=').ok_or_else(|| AppError::invalid(format!("--set '{pair}': expected KEY=VALUE")))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(AppError::invalid(format!("--set '{pair}': the key is empty")));
        }
        if value.is_empty() {
            config.remove(key);
        } else {
            config.insert(key.to_string(), Value::String(value.to_string()));
        }
    }
    Ok(config)
}

fn status_text(i: &Integration) -> String {
    let mut text = i.status.as_str().to_lowercase();
    if !i.is_active {
        text.push_str(" (off)");
    }
    text
}

fn describe(i: &Integration) -> String {
    let mut lines = vec![
        format!("{} ({})", i.name, i.id),
        format!("  provider     {}", i.provider.as_str().to_lowercase()),
        format!("  status       {}", status_text(i)),
        format!("  last tested  {}", i.last_tested.as_ref().map(when).unwrap_or_else(|| "never".into())),
    ];
    if let Some(error) = &i.last_error {
        lines.push(format!("  last error   {error}"));
    }
    lines.push(format!("  secret       {}", if i.has_secret { "saved (hidden)" } else { "none" }));
    for (key, value) in &i.config {
        let shown = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
        let shown = if shown.contains('\n') { format!("{} lines", shown.lines().count()) } else { shown };
        lines.push(format!("  {key:<12} {shown}"));
    }
    lines.join("\n")
}

fn test_text(t: &IntegrationTest) -> String {
    if t.ok { format!("Connected: {}", t.message) } else { format!("Failed: {}", t.message) }
}

/// Opens an address in the desktop's browser, if there is one; the address is printed either way.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
