//! Each provider's settings: what the integration's `config` must hold, read into types with errors
//! that name the field. Settings are never secret; each provider's secret is described beside it.

use crate::error::ConfigError;
use neuroflow_types::{IntegrationProvider, JsonMap};
use serde_json::Value;

/// How a Slack integration posts.
#[derive(Debug, Clone, PartialEq)]
pub enum SlackMode {
    /// With a bot token (`xoxb-…`, the secret), to any channel the bot is in.
    Bot { base_url: String },
    /// To an incoming-webhook URL (the secret), which names its channel.
    Webhook,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SlackConfig {
    pub mode: SlackMode,
    pub default_channel: Option<String>,
}

/// Gmail through its API with OAuth 2.0; the secret is the token set (see `gmail::Tokens`).
#[derive(Debug, Clone, PartialEq)]
pub struct GmailConfig {
    pub client_id: String,
    pub auth_url: String,
    pub token_url: String,
    pub api_base_url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (usually port 587).
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
    /// No encryption (only for a server on this machine or a trusted network).
    None,
}

/// Any mail server over SMTP; the secret is the password.
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub from: String,
    /// An extra certificate authority to trust (PEM), for servers with a private CA.
    pub ca_certificate: Option<String>,
}

/// A webhook receiver; the secret is the HMAC-SHA256 signing key.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookConfig {
    pub url: String,
}

/// How an HTTP integration authenticates; the secret is the token, password or key.
#[derive(Debug, Clone, PartialEq)]
pub enum HttpAuth {
    None,
    Bearer,
    Basic { username: String },
    ApiKeyHeader { header: String },
    ApiKeyQuery { param: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct HttpConfig {
    pub base_url: Option<String>,
    pub auth: HttpAuth,
    /// The path a connection test requests (default: the base URL itself).
    pub test_path: Option<String>,
}

/// An integration's settings, by provider.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderConfig {
    Slack(SlackConfig),
    Gmail(GmailConfig),
    Smtp(SmtpConfig),
    Webhook(WebhookConfig),
    Http(HttpConfig),
}

impl ProviderConfig {
    /// Reads and checks a provider's settings; an error names the field (`config.host`) and why.
    pub fn parse(provider: IntegrationProvider, config: &JsonMap) -> Result<Self, ConfigError> {
        let r = Fields(config);
        Ok(match provider {
            IntegrationProvider::Slack => {
                let mode = match r.text("mode")?.as_deref().unwrap_or("bot") {
                    "bot" => SlackMode::Bot { base_url: r.url_or("baseUrl", "https://slack.com/api")? },
                    "webhook" => SlackMode::Webhook,
                    other => return Err(ConfigError(format!("config.mode: '{other}' is not 'bot' or 'webhook'"))),
                };
                Self::Slack(SlackConfig { mode, default_channel: r.text("defaultChannel")? })
            }
            IntegrationProvider::Gmail => Self::Gmail(GmailConfig {
                client_id: r
                    .required("clientId", "the OAuth client id of your Google Cloud project (a desktop app client)")?,
                auth_url: r.url_or("authUrl", "https://accounts.google.com/o/oauth2/v2/auth")?,
                token_url: r.url_or("tokenUrl", "https://oauth2.googleapis.com/token")?,
                api_base_url: r.url_or("apiBaseUrl", "https://gmail.googleapis.com")?,
            }),
            IntegrationProvider::Smtp => {
                let security = match r.text("security")?.as_deref().unwrap_or("starttls") {
                    "starttls" => SmtpSecurity::StartTls,
                    "tls" => SmtpSecurity::Tls,
                    "none" => SmtpSecurity::None,
                    other => {
                        return Err(ConfigError(format!(
                            "config.security: '{other}' is not 'starttls', 'tls' or 'none'"
                        )));
                    }
                };
                let default_port = match security {
                    SmtpSecurity::Tls => 465,
                    SmtpSecurity::StartTls => 587,
                    SmtpSecurity::None => 25,
                };
                Self::Smtp(SmtpConfig {
                    host: r.required("host", "the mail server's name, e.g. smtp.example.com")?,
                    port: r.port("port")?.unwrap_or(default_port),
                    security,
                    username: r.text("username")?,
                    from: r.required("from", "the sender address, e.g. Ada <ada@example.com>")?,
                    ca_certificate: r.text("caCertificate")?,
                })
            }
            IntegrationProvider::Webhook => Self::Webhook(WebhookConfig { url: r.url("url")? }),
            IntegrationProvider::Http => {
                let auth = match r.text("auth")?.as_deref().unwrap_or("none") {
                    "none" => HttpAuth::None,
                    "bearer" => HttpAuth::Bearer,
                    "basic" => HttpAuth::Basic { username: r.required("username", "the user name for basic auth")? },
                    "apiKeyHeader" => {
                        HttpAuth::ApiKeyHeader { header: r.required("header", "the header that carries the key")? }
                    }
                    "apiKeyQuery" => HttpAuth::ApiKeyQuery {
                        param: r.required("param", "the query parameter that carries the key")?,
                    },
                    other => {
                        return Err(ConfigError(format!(
                            "config.auth: '{other}' is not one of none, bearer, basic, apiKeyHeader, apiKeyQuery"
                        )));
                    }
                };
                let base_url = match r.text("baseUrl")? {
                    Some(_) => Some(r.url("baseUrl")?),
                    None => None,
                };
                Self::Http(HttpConfig { base_url, auth, test_path: r.text("testPath")? })
            }
        })
    }

    /// Whether this configuration needs a secret to work.
    pub fn needs_secret(&self) -> bool {
        !matches!(self, Self::Http(HttpConfig { auth: HttpAuth::None, .. }))
    }
}

struct Fields<'a>(&'a JsonMap);

impl Fields<'_> {
    fn text(&self, key: &str) -> Result<Option<String>, ConfigError> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(other) => Err(ConfigError(format!("config.{key}: must be text, not {other}"))),
        }
    }

    fn required(&self, key: &str, what: &str) -> Result<String, ConfigError> {
        self.text(key)?.ok_or_else(|| ConfigError(format!("config.{key}: is required ({what})")))
    }

    fn url(&self, key: &str) -> Result<String, ConfigError> {
        let text = self.required(key, "an http:// or https:// address")?;
        check_url(key, &text)
    }

    fn url_or(&self, key: &str, default: &str) -> Result<String, ConfigError> {
        match self.text(key)? {
            Some(text) => check_url(key, &text),
            None => Ok(default.to_string()),
        }
    }

    fn port(&self, key: &str) -> Result<Option<u16>, ConfigError> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => {
                let n = v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
                match n {
                    Some(p @ 1..=65535) => Ok(Some(p as u16)),
                    _ => Err(ConfigError(format!("config.{key}: must be a port number from 1 to 65535, not {v}"))),
                }
            }
        }
    }
}

fn check_url(key: &str, text: &str) -> Result<String, ConfigError> {
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(text.trim_end_matches('/').to_string()),
        _ => Err(ConfigError(format!("config.{key}: '{text}' is not an http:// or https:// address"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(provider: IntegrationProvider, v: Value) -> Result<ProviderConfig, ConfigError> {
        ProviderConfig::parse(provider, v.as_object().unwrap())
    }

    #[test]
    fn each_provider_names_what_is_missing_or_wrong() {
        assert_eq!(
            parse(IntegrationProvider::Smtp, json!({ "from": "a@b.c" })).unwrap_err().0,
            "config.host: is required (the mail server's name, e.g. smtp.example.com)"
        );
        assert_eq!(
            parse(IntegrationProvider::Smtp, json!({ "host": "h", "from": "f", "port": 70000 })).unwrap_err().0,
            "config.port: must be a port number from 1 to 65535, not 70000"
        );
        assert_eq!(
            parse(IntegrationProvider::Webhook, json!({ "url": "ftp://x" })).unwrap_err().0,
            "config.url: 'ftp://x' is not an http:// or https:// address"
        );
        assert!(
            parse(IntegrationProvider::Gmail, json!({})).unwrap_err().0.starts_with("config.clientId: is required")
        );
        assert_eq!(
            parse(IntegrationProvider::Http, json!({ "auth": "digest" })).unwrap_err().0,
            "config.auth: 'digest' is not one of none, bearer, basic, apiKeyHeader, apiKeyQuery"
        );
        assert_eq!(
            parse(IntegrationProvider::Slack, json!({ "mode": "rtm" })).unwrap_err().0,
            "config.mode: 'rtm' is not 'bot' or 'webhook'"
        );
    }

    #[test]
    fn defaults_fill_in() {
        let ProviderConfig::Smtp(smtp) =
            parse(IntegrationProvider::Smtp, json!({ "host": "h", "from": "f", "security": "tls" })).unwrap()
        else {
            panic!()
        };
        assert_eq!(smtp.port, 465);
        let ProviderConfig::Slack(slack) = parse(IntegrationProvider::Slack, json!({})).unwrap() else { panic!() };
        assert_eq!(slack.mode, SlackMode::Bot { base_url: "https://slack.com/api".into() });
        assert!(!parse(IntegrationProvider::Http, json!({})).unwrap().needs_secret());
    }
}
