//! Every action an integration node can perform, declared once: its name, what it needs, its
//! parameters and its output. The engine validates nodes against this list, the editor builds forms
//! and completions from it, and [`crate::perform`] dispatches on the same names — adding an action
//! means adding it here and there, nowhere else.

use neuroflow_types::{ActionSpec, FieldSpec, HTTP_METHODS, IntegrationProvider, ParamKind, ParamSpec};
use serde_json::json;
use std::sync::OnceLock;

/// Every action, in the order the editor's palette lists them.
pub fn catalog() -> &'static [ActionSpec] {
    static CATALOG: OnceLock<Vec<ActionSpec>> = OnceLock::new();
    CATALOG.get_or_init(build)
}

/// The declaration of one action.
pub fn find(name: &str) -> Option<&'static ActionSpec> {
    catalog().iter().find(|a| a.name == name)
}

fn param(name: &str, label: &str, kind: ParamKind, required: bool, description: &str) -> ParamSpec {
    ParamSpec {
        name: name.into(),
        label: label.into(),
        description: description.into(),
        kind,
        required,
        choices: Vec::new(),
        example: None,
    }
}

fn example(mut p: ParamSpec, value: serde_json::Value) -> ParamSpec {
    p.example = Some(value);
    p
}

fn mail_params() -> Vec<ParamSpec> {
    vec![
        example(
            param(
                "to",
                "To",
                ParamKind::Email,
                false,
                "Needed to send: one address, several separated by commas, or a list.",
            ),
            json!("{{ input.email }}"),
        ),
        param("cc", "Cc", ParamKind::Email, false, ""),
        param("bcc", "Bcc", ParamKind::Email, false, ""),
        param("replyTo", "Reply to", ParamKind::Email, false, ""),
        example(param("subject", "Subject", ParamKind::Text, false, ""), json!("Your showing on {{ input.date }}")),
        param(
            "text",
            "Text",
            ParamKind::LongText,
            false,
            "Needed to send (unless html is given): the plain-text body.",
        ),
        param("html", "HTML", ParamKind::LongText, false, "An HTML version of the body."),
    ]
}

fn build() -> Vec<ActionSpec> {
    let mut method = param("method", "Method", ParamKind::Choice, false, "GET when absent.");
    method.choices = HTTP_METHODS.iter().map(|m| m.to_string()).collect();
    vec![
        ActionSpec {
            name: "slack.postMessage".into(),
            title: "Post a Slack message".into(),
            description: "Posts a message to a Slack channel (a bot token or an incoming webhook): alerts, \
                          hand-offs and approvals for the team."
                .into(),
            provider: IntegrationProvider::Slack,
            integration_optional: false,
            params: vec![
                example(
                    param(
                        "channel",
                        "Channel",
                        ParamKind::Text,
                        false,
                        "The integration's default channel when empty.",
                    ),
                    json!("#leads"),
                ),
                example(
                    param("text", "Text", ParamKind::LongText, false, "Needed to post (unless blocks are given)."),
                    json!("New lead: {{ input.name }}"),
                ),
                param("blocks", "Blocks", ParamKind::Json, false, "Slack Block Kit blocks, for rich messages."),
                param("thread_ts", "Thread", ParamKind::Text, false, "Reply in the thread of this message (its ts)."),
            ],
            output: vec![
                FieldSpec::new("ok", "true when Slack accepted the message"),
                FieldSpec::new("channel", "the channel's id (bot mode)"),
                FieldSpec::new("ts", "the message's timestamp, to reply in its thread (bot mode)"),
            ],
        },
        ActionSpec {
            name: "gmail.send".into(),
            title: "Send an email with Gmail".into(),
            description: "Sends an email from the signed-in Gmail account: replies to leads, client updates, \
                          reminders."
                .into(),
            provider: IntegrationProvider::Gmail,
            integration_optional: false,
            params: mail_params(),
            output: vec![
                FieldSpec::new("id", "Gmail's id of the sent message"),
                FieldSpec::new("threadId", "the conversation it belongs to"),
            ],
        },
        ActionSpec {
            name: "email.send".into(),
            title: "Send an email (SMTP)".into(),
            description: "Sends an email through any mail server over SMTP: newsletters, reports, notices.".into(),
            provider: IntegrationProvider::Smtp,
            integration_optional: false,
            params: {
                let mut p = mail_params();
                p.insert(0, param("from", "From", ParamKind::Email, false, "The integration's sender when empty."));
                p
            },
            output: vec![
                FieldSpec::new("accepted", "the recipients the server accepted"),
                FieldSpec::new("response", "the server's answer"),
            ],
        },
        ActionSpec {
            name: "webhook.send".into(),
            title: "Call a signed webhook".into(),
            description: "Sends JSON to another system's webhook, signed with the integration's key (HMAC-SHA256), \
                          so the receiver can trust it came from you."
                .into(),
            provider: IntegrationProvider::Webhook,
            integration_optional: false,
            params: vec![example(
                param("payload", "Payload", ParamKind::Json, false, "The JSON sent (null when empty)."),
                json!({ "lead": "{{ input.name }}" }),
            )],
            output: vec![
                FieldSpec::new("status", "the HTTP status the receiver answered"),
                FieldSpec::new("body", "its answer, parsed when it is JSON"),
            ],
        },
        ActionSpec {
            name: "http.request".into(),
            title: "HTTP request".into(),
            description: "Calls any web API: GET, POST and the rest, with headers, query and a JSON or text body. \
                          With an HTTP integration, its base URL and credentials apply."
                .into(),
            provider: IntegrationProvider::Http,
            integration_optional: true,
            params: vec![
                method,
                example(
                    param(
                        "url",
                        "URL",
                        ParamKind::Url,
                        true,
                        "An absolute URL, or a path under the integration's base URL.",
                    ),
                    json!("https://api.example.com/listings/{{ input.id }}"),
                ),
                param("headers", "Headers", ParamKind::StringMap, false, ""),
                param("query", "Query", ParamKind::StringMap, false, "Added to the URL's query string."),
                param("body", "Body", ParamKind::Json, false, "JSON, or text."),
            ],
            output: vec![
                FieldSpec::new("status", "the HTTP status (400 or more fails the node)"),
                FieldSpec::new("headers", "the response headers"),
                FieldSpec::new("body", "the response body, parsed when it is JSON"),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_provider_has_an_action() {
        let names: std::collections::BTreeSet<&str> = catalog().iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names.len(), catalog().len());
        for provider in IntegrationProvider::ALL {
            assert!(catalog().iter().any(|a| a.provider == *provider), "{provider} has no action");
        }
        assert!(
            find("http.request").is_some_and(|a| a.integration_optional && a.param("url").is_some_and(|p| p.required))
        );
    }
}
