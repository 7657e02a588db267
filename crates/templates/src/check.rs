//! The checks every template passes before it ships, is imported or is published: the manifest's
//! fields, placeholders against `requires` both ways (and each integration's provider against the
//! action that uses it), variables read against variables declared, one trigger, the document's
//! validation with its placeholders filled, and no secret anywhere in the file (`leaks`). Each problem
//! names the field it is about; errors refuse the template, warnings (a node no trigger reaches …)
//! are shown.
//!
//! The library's own compliance lint — fair-housing wording, the SMS consent gate, the review gate —
//! is `templates/check.py`, which reads the same files; this is what any template must satisfy.

use crate::slots::{Bindings, SlotKind, fill, slots};
use neuroflow_types::{ActionSpec, IntegrationProvider, TemplateFile, WORKFLOW_FORMAT, WorkflowDocument};
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The icons a template may use (the gallery draws these).
pub const ICONS: &[&str] = &[
    "bolt",
    "mail",
    "chart",
    "home",
    "calendar",
    "star",
    "key",
    "megaphone",
    "clock",
    "phone",
    "search",
    "clipboard",
    "gift",
    "sun",
];

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The template cannot be used as it is.
    Error,
    /// Worth fixing; the template still works.
    Warning,
}

/// One problem with a template, naming its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
    pub severity: Severity,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every problem of a template, errors first.
pub fn check(file: &TemplateFile, actions: &[ActionSpec]) -> Vec<Problem> {
    let mut p = Problems::default();
    manifest(file, &mut p);
    placeholders(file, actions, &mut p);
    variables(file, &mut p);
    document(file, actions, &mut p);
    for leak in crate::leaks::leaks_in(file) {
        p.error(leak.field.clone(), leak.message());
    }
    p.0.sort_by_key(|x| x.severity == Severity::Warning);
    p.0
}

/// The errors alone.
pub fn errors(file: &TemplateFile, actions: &[ActionSpec]) -> Vec<Problem> {
    check(file, actions).into_iter().filter(|p| p.severity == Severity::Error).collect()
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn error(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { field: field.into(), message: message.into(), severity: Severity::Error });
    }

    fn warning(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { field: field.into(), message: message.into(), severity: Severity::Warning });
    }
}

fn kebab() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^[a-z0-9]+(-[a-z0-9]+)*$").expect("a valid pattern"))
}

fn identifier() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*$").expect("a valid pattern"))
}

fn manifest(f: &TemplateFile, p: &mut Problems) {
    if !kebab().is_match(&f.slug) || f.slug.len() > 64 {
        p.error("slug", format!("'{}' must be kebab-case (a-z, 0-9, single dashes), at most 64 characters", f.slug));
    }
    if semver::Version::parse(&f.version).is_err() {
        p.error("version", format!("'{}' is not a version of the form x.y.z", f.version));
    }
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 90 {
        p.error("name", "a name of 1 to 90 characters is needed");
    }
    if f.description.trim().is_empty() || f.description.chars().count() > 700 {
        p.error("description", "a description of 1 to 700 characters is needed");
    }
    if !(1..=240).contains(&f.setup_minutes) {
        p.error("setupMinutes", format!("{} is not between 1 and 240", f.setup_minutes));
    }
    if !ICONS.contains(&f.icon.as_str()) {
        p.error("icon", format!("'{}' is not one of {}", f.icon, ICONS.join(", ")));
    }
    let mut seen = BTreeSet::new();
    for (i, tag) in f.tags.iter().enumerate() {
        if !kebab().is_match(tag) {
            p.error(format!("tags[{i}]"), format!("'{tag}' must be kebab-case"));
        }
        if !seen.insert(tag) {
            p.error(format!("tags[{i}]"), format!("'{tag}' appears twice"));
        }
    }
    if semver::VersionReq::parse(&f.requires.app).is_err() {
        p.error("requires.app", format!("'{}' is not a version requirement such as >=0.1.0", f.requires.app));
    }
    if f.requires.format == 0 {
        p.error("requires.format", "the document format must be 1 or more");
    }
    if f.document.name.trim().is_empty() {
        p.error("document.name", "the document needs a name");
    }
    if f.compliance.texts_people && f.compliance.consent_field.as_deref().is_none_or(|c| c.trim().is_empty()) {
        p.error("compliance.consentField", "a template that texts people names where recorded consent is read");
    }
    if !f.sample_input.is_object() {
        p.error("sampleInput", "the sample input must be a JSON object");
    }
    if !f.estimate.usd_per_run.is_finite() || f.estimate.usd_per_run < 0.0 {
        p.error("estimate.usdPerRun", "the cost estimate must be zero or more dollars");
    }
    let keys = |kind: &str, keys: Vec<&str>, p: &mut Problems| {
        let mut seen = BTreeSet::new();
        for (i, key) in keys.into_iter().enumerate() {
            if !identifier().is_match(key) {
                p.error(format!("requires.{kind}[{i}].key"), format!("'{key}' must be an identifier"));
            }
            if !seen.insert(key) {
                p.error(format!("requires.{kind}[{i}].key"), format!("'{key}' is declared twice"));
            }
        }
    };
    keys("integrations", f.requires.integrations.iter().map(|i| i.key.as_str()).collect(), p);
    keys("agents", f.requires.agents.iter().map(|a| a.key.as_str()).collect(), p);
    keys("teams", f.requires.teams.iter().map(|t| t.key.as_str()).collect(), p);
    keys("variables", f.requires.variables.iter().map(|v| v.name.as_str()).collect(), p);
    for (i, a) in f.requires.agents.iter().enumerate() {
        let m = &a.suggested.model_config;
        if m.provider.trim().is_empty() || m.model.trim().is_empty() {
            p.error(format!("requires.agents[{i}].suggested.modelConfig"), "a provider and a model are needed");
        }
    }
}

fn placeholders(f: &TemplateFile, actions: &[ActionSpec], p: &mut Problems) {
    let mut used: BTreeMap<SlotKind, BTreeSet<String>> = BTreeMap::new();
    for slot in slots(&f.document) {
        let at = format!("document.nodes['{}'].{}", slot.node, slot.field);
        let Some(key) = slot.key() else {
            p.error(
                at,
                format!("holds an organization's id; a template names a placeholder ({}<key>)", slot.kind.prefix()),
            );
            continue;
        };
        used.entry(slot.kind).or_default().insert(key.to_string());
        let declared = match slot.kind {
            SlotKind::Integration => f.requires.integrations.iter().find(|i| i.key == key).map(|i| Some(i.provider)),
            SlotKind::Agent => f.requires.agents.iter().find(|a| a.key == key).map(|_| None),
            SlotKind::Team => f.requires.teams.iter().find(|t| t.key == key).map(|_| None),
        };
        let Some(provider) = declared else {
            p.error(at, format!("'{key}' is not declared in requires.{}s", slot.kind.noun()));
            continue;
        };
        let wanted = match (&slot.action, slot.field) {
            (_, "data.trigger.integrationId") => Some(IntegrationProvider::Webhook),
            (Some(action), _) => actions.iter().find(|a| &a.name == action).map(|a| a.provider),
            (None, _) => None,
        };
        if let (Some(have), Some(wanted)) = (provider, wanted)
            && have != wanted
        {
            p.error(at, format!("'{key}' is a {have} integration, but this step needs {wanted}"));
        }
    }
    let unused = |kind: SlotKind, keys: Vec<&str>, p: &mut Problems| {
        for key in keys {
            if !used.get(&kind).is_some_and(|u| u.contains(key)) {
                p.error(format!("requires.{}s", kind.noun()), format!("'{key}' is declared but no step uses it"));
            }
        }
    };
    unused(SlotKind::Integration, f.requires.integrations.iter().map(|i| i.key.as_str()).collect(), p);
    unused(SlotKind::Agent, f.requires.agents.iter().map(|a| a.key.as_str()).collect(), p);
    unused(SlotKind::Team, f.requires.teams.iter().map(|t| t.key.as_str()).collect(), p);
    for node in &f.document.nodes {
        if node.node_type == "subWorkflow" {
            p.error(
                format!("document.nodes['{}']", node.id),
                "calls another workflow of the organization; templates cannot carry sub-workflows yet",
            );
        }
    }
}

/// The names the document reads as `vars.<name>` (or `vars["name"]`).
pub fn variables_read(doc: &WorkflowDocument) -> BTreeSet<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r#"\bvars\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*["']([^"']+)["']\s*\])"#).expect("a valid pattern")
    });
    let mut out = BTreeSet::new();
    let mut visit = |s: &str| {
        for c in re.captures_iter(s) {
            if let Some(m) = c.get(1).or_else(|| c.get(2)) {
                out.insert(m.as_str().to_string());
            }
        }
    };
    for node in &doc.nodes {
        strings(&Value::Object(node.data.clone()), &mut visit);
    }
    out
}

/// Calls `visit` with every string inside a JSON value.
pub(crate) fn strings(value: &Value, visit: &mut impl FnMut(&str)) {
    match value {
        Value::String(s) => visit(s),
        Value::Array(items) => items.iter().for_each(|v| strings(v, visit)),
        Value::Object(map) => map.values().for_each(|v| strings(v, visit)),
        _ => {}
    }
}

fn variables(f: &TemplateFile, p: &mut Problems) {
    let read = variables_read(&f.document);
    let declared: BTreeSet<&str> = f.requires.variables.iter().map(|v| v.name.as_str()).collect();
    for name in &read {
        if !declared.contains(name.as_str()) {
            p.error("requires.variables", format!("the document reads vars.{name}, which is not declared"));
        }
    }
    for (i, v) in f.requires.variables.iter().enumerate() {
        if !read.contains(&v.name) {
            p.error(
                format!("requires.variables[{i}]"),
                format!("'{}' is declared but the document never reads it", v.name),
            );
        }
        match f.document.variables.get(&v.name) {
            None => p.error(
                format!("document.variables.{}", v.name),
                "every declared variable has its example as the document's default",
            ),
            Some(value) if *value != v.example => {
                p.error(format!("document.variables.{}", v.name), "differs from the declared example")
            }
            Some(_) => {}
        }
    }
}

fn document(f: &TemplateFile, actions: &[ActionSpec], p: &mut Problems) {
    let triggers = f.document.nodes.iter().filter(|n| n.node_type == "trigger").count();
    if triggers != 1 {
        p.error("document.nodes", format!("a template has exactly one trigger (this one has {triggers})"));
    }
    if f.requires.format > WORKFLOW_FORMAT {
        // The document is in a format this build cannot read; validating it would mislead.
        return;
    }
    let mut bindings = Bindings::default();
    for i in &f.requires.integrations {
        bindings.integrations.insert(i.key.clone(), neuroflow_types::IntegrationId::new().to_string());
    }
    for a in &f.requires.agents {
        bindings.agents.insert(a.key.clone(), neuroflow_types::AgentId::new().to_string());
    }
    for t in &f.requires.teams {
        bindings.teams.insert(t.key.clone(), neuroflow_types::TeamId::new().to_string());
    }
    // Undeclared placeholders are reported above; fill what can be filled to validate the rest.
    let doc = match fill(&f.document, &bindings) {
        Ok(doc) => doc,
        Err(_) => return,
    };
    let report = neuroflow_engine::validate(&doc, actions);
    for issue in report.errors {
        p.error("document", issue.to_string());
    }
    for issue in report.warnings {
        p.warning("document", issue.to_string());
    }
}
