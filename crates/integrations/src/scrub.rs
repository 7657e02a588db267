//! Keeping secrets out of what a node records. A service may echo a credential back (a debugging
//! endpoint returning the request's headers, an error page quoting the URL); before a result or an
//! error leaves the connector, every form of the integration's secret in it — as given, inside a
//! Gmail token set, as a basic-auth token — is replaced by `[redacted]`.

use crate::config::{HttpAuth, ProviderConfig};
use crate::connection::Connection;
use crate::gmail::Tokens;
use base64::Engine;
use serde_json::Value;

const MARK: &str = "[redacted]";
/// Shorter values are too likely to occur by chance to be replaced.
const MIN_LEN: usize = 6;

/// The forms of one integration's secret.
#[derive(Default)]
pub struct Scrubber {
    needles: Vec<String>,
}

impl Scrubber {
    pub fn for_connection(conn: &Connection) -> Self {
        let Some(secret) = &conn.secret else { return Self::default() };
        let raw = secret.expose().to_string();
        let mut needles = vec![raw.clone()];
        match &conn.config {
            ProviderConfig::Gmail(_) => {
                if let Ok(tokens) = Tokens::from_secret(secret) {
                    needles.extend(
                        [tokens.access_token, tokens.refresh_token, tokens.client_secret].into_iter().flatten(),
                    );
                }
            }
            ProviderConfig::Http(cfg) => {
                if let HttpAuth::Basic { username } = &cfg.auth {
                    needles.push(base64::engine::general_purpose::STANDARD.encode(format!("{username}:{raw}")));
                }
                needles.push(url::form_urlencoded::byte_serialize(raw.as_bytes()).collect());
            }
            _ => {}
        }
        needles.retain(|n| n.len() >= MIN_LEN);
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        needles.dedup();
        Self { needles }
    }

    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), MARK);
            }
        }
        out
    }

    pub fn value(&self, value: &mut Value) {
        if self.needles.is_empty() {
            return;
        }
        match value {
            Value::String(s) if self.needles.iter().any(|n| s.contains(n.as_str())) => *s = self.text(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.value(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.value(v)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuroflow_types::IntegrationProvider;
    use neuroflow_vault::Secret;
    use serde_json::json;

    #[test]
    fn every_form_of_the_secret_is_replaced() {
        let config = json!({ "auth": "basic", "username": "ada" });
        let conn = Connection {
            id: "i".into(),
            name: "API".into(),
            config: ProviderConfig::parse(IntegrationProvider::Http, config.as_object().unwrap()).unwrap(),
            secret: Some(Secret::new("pa ss/word")),
        };
        let basic = base64::engine::general_purpose::STANDARD.encode("ada:pa ss/word");
        let mut echoed = json!({ "headers": { "authorization": format!("Basic {basic}") },
            "url": "https://x.test/?key=pa+ss%2Fword", "body": ["the pa ss/word is", 3] });
        Scrubber::for_connection(&conn).value(&mut echoed);
        assert_eq!(
            echoed,
            json!({ "headers": { "authorization": "Basic [redacted]" }, "url": "https://x.test/?key=[redacted]",
                "body": ["the [redacted] is", 3] })
        );
    }
}
