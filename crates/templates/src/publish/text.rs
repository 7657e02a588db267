//! Clearing the text of a workflow's steps for publishing: every secret, email address, phone number
//! and id that [`scrub`] finds in a step's data becomes a variable, written so the template still
//! works — `{{ vars.contactEmail }}` in plain text, `vars.contactEmail` inside an expression (where a
//! quoted literal loses its quotes). A literal value of a credential header (`Authorization`,
//! `X-Api-Key` …) is a secret whatever it looks like. The same find in several places is one variable.

use crate::scrub::{self, Find, Finding};
use neuroflow_types::WorkflowDocument;
use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

/// A find that became a variable.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub kind: Finding,
    /// The step it was found in (the first, when in several).
    pub label: String,
    pub variable: String,
    text: String,
}

/// Replaces the finds in every step's data; returns them, one per distinct text.
pub(crate) fn scrub_nodes(doc: &mut WorkflowDocument) -> Vec<Found> {
    let mut taken: Vec<String> = doc.variables.keys().cloned().collect();
    let mut found: Vec<Found> = Vec::new();
    for node in &mut doc.nodes {
        let label = node.label().to_string();
        let condition = node.node_type == "condition";
        for (key, value) in node.data.iter_mut() {
            let whole_expression = condition && key == "expression";
            scrub_value(value, key, false, whole_expression, &label, &mut taken, &mut found);
        }
    }
    found
}

fn credential_header() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^(authorization|proxy-authorization|cookie|set-cookie|.*api[-_]?key.*|.*token.*|.*secret.*|.*password.*|.*signature.*)$")
            .expect("a valid pattern")
    })
}

fn scrub_value(
    value: &mut Value,
    key: &str,
    in_headers: bool,
    whole_expression: bool,
    label: &str,
    taken: &mut Vec<String>,
    found: &mut Vec<Found>,
) {
    match value {
        Value::String(s) => {
            let mut finds = scrub::find(s);
            if in_headers && credential_header().is_match(key) && !s.contains("{{") && !s.trim().is_empty() {
                finds = vec![Find { start: 0, end: s.len(), kind: Finding::Secret }];
            }
            if !finds.is_empty() {
                *s = rewrite(s, &finds, whole_expression, label, taken, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                scrub_value(item, key, false, whole_expression, label, taken, found);
            }
        }
        Value::Object(map) => {
            let headers = key == "headers";
            for (k, v) in map.iter_mut() {
                scrub_value(v, k, headers, whole_expression, label, taken, found);
            }
        }
        _ => {}
    }
}

fn rewrite(
    s: &str,
    finds: &[Find],
    whole_expression: bool,
    label: &str,
    taken: &mut Vec<String>,
    found: &mut Vec<Found>,
) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    for f in finds {
        if f.start < at {
            continue;
        }
        let text = &s[f.start..f.end];
        let variable = match found.iter().find(|x| x.kind == f.kind && x.text == text) {
            Some(x) => x.variable.clone(),
            None => {
                let variable = super::unique(f.kind.variable_stem(), taken);
                taken.push(variable.clone());
                found.push(Found {
                    kind: f.kind,
                    label: label.to_string(),
                    variable: variable.clone(),
                    text: text.into(),
                });
                variable
            }
        };
        let (mut start, mut end) = (f.start, f.end);
        if whole_expression || inside_block(s, f.start) {
            let bytes = s.as_bytes();
            if start > 0 && end < s.len() && matches!(bytes[start - 1], b'"' | b'\'') && bytes[end] == bytes[start - 1]
            {
                start -= 1;
                end += 1;
            }
            out.push_str(&s[at..start]);
            out.push_str(&format!("vars.{variable}"));
        } else {
            out.push_str(&s[at..start]);
            out.push_str(&format!("{{{{ vars.{variable} }}}}"));
        }
        at = end;
    }
    out.push_str(&s[at..]);
    out
}

/// Whether `pos` lies inside a `{{ … }}` or `{% … %}` block of a template.
fn inside_block(s: &str, pos: usize) -> bool {
    let before = &s[..pos];
    let open = before.rfind("{{").into_iter().chain(before.rfind("{%")).max();
    let close = before.rfind("}}").into_iter().chain(before.rfind("%}")).max();
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str, whole_expression: bool) -> (String, Vec<Found>) {
        let mut taken = Vec::new();
        let mut found = Vec::new();
        let finds = scrub::find(s);
        (rewrite(s, &finds, whole_expression, "Step", &mut taken, &mut found), found)
    }

    #[test]
    fn finds_become_variables_written_for_their_context() {
        let (text, found) = one("Write to ada@acme.test or call +1 (207) 555-0123.", false);
        assert_eq!(text, "Write to {{ vars.contactEmail }} or call {{ vars.phoneNumber }}.");
        assert_eq!(found.iter().map(|f| f.kind).collect::<Vec<_>>(), [Finding::Email, Finding::Phone]);
        let (expr, _) = one(r#"{% if input.email == "ada@acme.test" %}VIP{% endif %}"#, false);
        assert_eq!(expr, "{% if input.email == vars.contactEmail %}VIP{% endif %}");
        let (cond, _) = one("input.body.email == 'ada@acme.test'", true);
        assert_eq!(cond, "input.body.email == vars.contactEmail");
    }

    #[test]
    fn one_find_in_several_places_is_one_variable() {
        let mut taken = vec!["contactEmail".to_string()];
        let mut found = Vec::new();
        let s = "ada@acme.test, ada@acme.test, bob@acme.test";
        let text = rewrite(s, &scrub::find(s), false, "Step", &mut taken, &mut found);
        assert_eq!(text, "{{ vars.contactEmail2 }}, {{ vars.contactEmail2 }}, {{ vars.contactEmail3 }}");
    }
}
