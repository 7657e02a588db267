//! The last gate before a template is stored or leaves the app: no string anywhere in the file —
//! manifest, requirements, sample input, document, node ids and object keys included — may hold
//! what [`scrub`] recognises as a secret (an API key, a bearer token, a signing secret, a password
//! in a URL, a private key).
//!
//! Why a separate, whole-file pass: publishing strips secrets from the places it knows (steps' text,
//! variables, agents' instructions), but a person can type a key into a template's name or
//! description, and an imported file can put one anywhere. Publishing, importing and exporting all
//! refuse such a file and name the field, without echoing the secret (the message may be shown,
//! logged or sent on). Personal data is not refused here: built-in templates carry example
//! addresses on purpose, and publishing already replaces the organization's own.

use crate::scrub::{self, Finding};
use serde_json::Value;

/// One string that holds a secret: its path in the file, and a hint of what it starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    /// `document.nodes[2].data.params.headers.Authorization`, `description`, `sampleInput.key` …
    pub field: String,
    /// The first characters of the find and its length ("sk-l… (40 characters)"), never all of it.
    pub hint: String,
}

impl Leak {
    /// What is wrong, without the field.
    pub fn message(&self) -> String {
        format!("holds what looks like a secret ({}); remove it or use a variable", self.hint)
    }
}

impl std::fmt::Display for Leak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message())
    }
}

/// Every secret in a template file (given as its JSON value), in document order.
pub fn leaks(file: &Value) -> Vec<Leak> {
    let mut out = Vec::new();
    walk(file, &mut String::new(), &mut out);
    out
}

/// The leaks of a template, by serializing it first.
pub fn leaks_in(file: &neuroflow_types::TemplateFile) -> Vec<Leak> {
    serde_json::to_value(file).map(|v| leaks(&v)).unwrap_or_default()
}

fn walk(value: &Value, path: &mut String, out: &mut Vec<Leak>) {
    match value {
        Value::String(s) => check(s, path, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, out);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                // A key is text too: a hostile file may hide a token in a header's name. The path
                // then shows the key shortened, so that naming the field does not leak it.
                let secret_key = scrub::find(key).iter().any(|f| f.kind == Finding::Secret);
                if secret_key {
                    path.push_str(&format!("{}…", key.chars().take(4).collect::<String>()));
                } else {
                    path.push_str(key);
                }
                check(key, path, out);
                walk(item, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

fn check(text: &str, path: &str, out: &mut Vec<Leak>) {
    for find in scrub::find(text) {
        if find.kind != Finding::Secret {
            continue;
        }
        let secret = &text[find.start..find.end];
        let shown: String = secret.chars().take(4).collect();
        let hint = format!("{shown}… ({} characters)", secret.chars().count());
        let field = if path.is_empty() { "(the file)".to_string() } else { path.to_string() };
        if !out.iter().any(|l| l.field == field && l.hint == hint) {
            out.push(Leak { field, hint });
        }
    }
}
