//! A trigger node's `data.trigger`: manual, a cron schedule in a time zone, or a webhook path.

use super::{Reader, kind, parse_cron};
use neuroflow_types::{HTTP_METHODS, NodeKind, NodeSettings, TriggerConfig, TriggerData, WebhookRespond};
use serde_json::Value;

impl Reader<'_> {
    pub(super) fn trigger(&mut self, settings: NodeSettings) -> Option<NodeKind> {
        let Some(trigger) = self.data("trigger") else {
            self.error("data.trigger", "is required: {\"kind\": \"manual\" | \"schedule\" | \"webhook\", …}");
            return None;
        };
        let Some(t) = trigger.as_object().cloned() else {
            self.error("data.trigger", format!("must be an object, not {}", kind(trigger)));
            return None;
        };
        let field = |k: &str| t.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
        let config = match field("kind") {
            Some("manual") => TriggerConfig::Manual,
            Some("schedule") => {
                let Some(cron) = field("cron") else {
                    self.error("data.trigger.cron", "is required for a schedule (e.g. \"0 9 * * 1-5\")");
                    return None;
                };
                if let Err(e) = parse_cron(cron) {
                    self.error("data.trigger.cron", format!("'{cron}' is not a valid cron expression: {e}"));
                    return None;
                }
                let timezone = field("timezone").map(str::to_string);
                if let Some(tz) = &timezone
                    && tz.parse::<chrono_tz::Tz>().is_err()
                {
                    self.error(
                        "data.trigger.timezone",
                        format!("'{tz}' is not a known time zone (e.g. America/New_York)"),
                    );
                    return None;
                }
                TriggerConfig::Schedule { cron: cron.to_string(), timezone }
            }
            Some("webhook") => {
                let Some(path) = field("path") else {
                    self.error("data.trigger.path", "is required for a webhook (e.g. \"new-lead\")");
                    return None;
                };
                let path = path.trim_matches('/').to_string();
                if path.is_empty() || !path.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
                    self.error("data.trigger.path", "may use only letters, digits, '-', '_', '.' and '/'");
                    return None;
                }
                let method = field("method").unwrap_or("POST").to_ascii_uppercase();
                if !HTTP_METHODS.contains(&method.as_str()) {
                    self.error("data.trigger.method", format!("'{method}' is not one of {}", HTTP_METHODS.join(", ")));
                    return None;
                }
                let respond = match field("respond") {
                    None | Some("output") => WebhookRespond::Output,
                    Some("accepted") => WebhookRespond::Accepted,
                    Some(other) => {
                        self.error("data.trigger.respond", format!("'{other}' is not 'output' or 'accepted'"));
                        return None;
                    }
                };
                let integration_id = match t.get("integrationId") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(id)) if !id.trim().is_empty() => Some(id.trim().to_string()),
                    Some(other) => {
                        let what = kind(other);
                        self.error(
                            "data.trigger.integrationId",
                            format!("must be the id of a webhook integration, not {what}"),
                        );
                        return None;
                    }
                };
                TriggerConfig::Webhook { path, method: Some(method), respond: Some(respond), integration_id }
            }
            Some(other) => {
                self.error("data.trigger.kind", format!("'{other}' is not 'manual', 'schedule' or 'webhook'"));
                return None;
            }
            None => {
                self.error("data.trigger.kind", "is required: 'manual', 'schedule' or 'webhook'");
                return None;
            }
        };
        Some(NodeKind::Trigger(TriggerData { settings, trigger: config }))
    }
}
