//! Turning one of an organization's workflows into a template of its own: every integration, agent
//! and team id becomes a placeholder declared in `requires` (an integration by its provider, an agent
//! with its personality and model as the suggestion), secrets, email addresses, phone numbers and ids
//! found in the steps' text become variables the person deploying fills in, text variables lose their
//! values unless the person chose to keep them, and the sample input keeps its shape with neutral
//! values. What was stripped is listed, so the person publishing sees it.

use crate::check::variables_read;
use crate::scrub::{self, Finding};
use crate::slots::{SlotKind, map_slots};
use neuroflow_types::{
    AiAgent, DifficultyLevel, Integration, IntegrationProvider, JsonMap, MemoryConfig, RequiredAgent,
    RequiredIntegration, RequiredTeam, RequiredVariable, SuggestedAgent, TEMPLATE_FORMAT, TemplateCategory,
    TemplateCompliance, TemplateEstimate, TemplateFile, TemplateRequirements, WORKFLOW_FORMAT, WorkflowDocument,
};
use serde_json::Value;
use std::collections::BTreeMap;

mod text;

/// What publishing needs: the workflow, what the person said about the template, and the
/// organization's integrations, agents and teams the workflow's ids point at.
#[derive(Debug, Clone)]
pub struct PublishInput<'a> {
    pub document: &'a WorkflowDocument,
    pub slug: String,
    pub version: String,
    pub name: String,
    pub description: String,
    pub category: TemplateCategory,
    pub difficulty: DifficultyLevel,
    pub setup_minutes: u32,
    pub icon: String,
    pub tags: Vec<String>,
    pub estimate: TemplateEstimate,
    pub sample_input: Option<&'a Value>,
    /// Text variables whose values are kept (still cleared of secrets and personal data).
    pub keep_values: &'a [String],
    pub integrations: &'a [Integration],
    pub agents: &'a [AiAgent],
    /// (id, name) of the organization's teams.
    pub teams: &'a [(String, String)],
}

/// A template made from a workflow, and what was stripped or left out on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub file: TemplateFile,
    pub notes: Vec<String>,
}

/// Makes the template, or names every step it cannot make a requirement of.
pub fn publish(input: &PublishInput) -> Result<Published, Vec<String>> {
    let mut doc = input.document.clone();
    let mut notes = Vec::new();
    let mut errors = Vec::new();
    let mut reqs = Requirements::default();
    let labels: BTreeMap<String, String> = doc.nodes.iter().map(|n| (n.id.clone(), n.label().to_string())).collect();
    let actions: BTreeMap<String, String> =
        doc.nodes.iter().filter_map(|n| Some((n.id.clone(), n.data.get("action")?.as_str()?.to_string()))).collect();
    map_slots(&mut doc, |node, kind, id| {
        let label = labels.get(node).cloned().unwrap_or_default();
        match kind {
            SlotKind::Integration => {
                let provider = input
                    .integrations
                    .iter()
                    .find(|i| i.id.to_string() == id)
                    .map(|i| i.provider)
                    .or_else(|| provider_of(actions.get(node).map(String::as_str)));
                let Some(provider) = provider else {
                    errors.push(format!("step '{label}' names an integration that no longer exists"));
                    return None;
                };
                Some(format!("{}{}", kind.prefix(), reqs.integration(id, provider, &label)))
            }
            SlotKind::Agent => match input.agents.iter().find(|a| a.id.to_string() == id) {
                Some(agent) => Some(format!("{}{}", kind.prefix(), reqs.agent(agent))),
                None => {
                    errors.push(format!("step '{label}' uses an agent that no longer exists; choose one first"));
                    None
                }
            },
            SlotKind::Team => match input.teams.iter().find(|(tid, _)| tid == id) {
                Some((_, name)) => Some(format!("{}{}", kind.prefix(), reqs.team(id, name, &label))),
                None => {
                    errors.push(format!("step '{label}' uses a team that no longer exists; choose one first"));
                    None
                }
            },
        }
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    let found = text::scrub_nodes(&mut doc);
    for f in &found {
        notes.push(format!("{} in step '{}' became the variable '{}'", f.kind.noun(), f.label, f.variable));
    }
    let variables = variables(input, &mut doc, &found, &mut notes);
    doc.name = input.name.trim().to_string();
    doc.description = input.description.trim().to_string();
    doc.tags = input.tags.clone();
    doc.format = WORKFLOW_FORMAT;
    let sample_input = match input.sample_input {
        Some(v) => neutral_sample(v, ""),
        None => Value::Object(JsonMap::new()),
    };
    if reqs.dropped_notes {
        notes.push("agents' pinned notes were left out (they may hold personal details)".into());
    }
    let file = TemplateFile {
        template: TEMPLATE_FORMAT,
        slug: input.slug.clone(),
        version: input.version.clone(),
        name: doc.name.clone(),
        description: doc.description.clone(),
        category: input.category,
        difficulty: input.difficulty,
        setup_minutes: input.setup_minutes,
        icon: input.icon.clone(),
        tags: input.tags.clone(),
        featured: false,
        requires: TemplateRequirements {
            app: format!(">={}", crate::APP_VERSION),
            format: WORKFLOW_FORMAT,
            integrations: {
                let mut by_order: Vec<(usize, RequiredIntegration)> = reqs.integrations.into_values().collect();
                by_order.sort_by_key(|(order, _)| *order);
                by_order.into_iter().map(|(_, r)| r).collect()
            },
            agents: reqs.agents.into_values().collect(),
            teams: reqs.teams.into_values().collect(),
            variables,
        },
        sample_input,
        estimate: input.estimate.clone(),
        compliance: TemplateCompliance::default(),
        document: doc,
    };
    Ok(Published { file, notes })
}

/// The provider an integration step runs with, from its action; a trigger's is a signed webhook.
fn provider_of(action: Option<&str>) -> Option<IntegrationProvider> {
    let Some(action) = action else { return Some(IntegrationProvider::Webhook) };
    match action.split('.').next()? {
        "slack" => Some(IntegrationProvider::Slack),
        "gmail" => Some(IntegrationProvider::Gmail),
        "email" | "smtp" => Some(IntegrationProvider::Smtp),
        "webhook" => Some(IntegrationProvider::Webhook),
        "http" => Some(IntegrationProvider::Http),
        _ => None,
    }
}

/// The requirements gathered from the document's ids, keyed by the id they replace.
#[derive(Default)]
struct Requirements {
    /// id → (order, requirement); order keeps the document's order.
    integrations: BTreeMap<String, (usize, RequiredIntegration)>,
    agents: BTreeMap<String, RequiredAgent>,
    teams: BTreeMap<String, RequiredTeam>,
    dropped_notes: bool,
}

impl Requirements {
    fn taken(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.integrations.values().map(|(_, r)| r.key.clone()).collect();
        keys.extend(self.agents.values().map(|a| a.key.clone()));
        keys.extend(self.teams.values().map(|t| t.key.clone()));
        keys
    }

    fn integration(&mut self, id: &str, provider: IntegrationProvider, label: &str) -> String {
        if let Some((_, r)) = self.integrations.get_mut(id) {
            r.purpose.push_str(&format!(", '{label}'"));
            return r.key.clone();
        }
        let key = unique(&provider.as_str().to_lowercase(), &self.taken());
        let order = self.integrations.len();
        let purpose = format!("used by the step '{label}'");
        self.integrations.insert(id.to_string(), (order, RequiredIntegration { key: key.clone(), provider, purpose }));
        key
    }

    fn agent(&mut self, agent: &AiAgent) -> String {
        let id = agent.id.to_string();
        if let Some(r) = self.agents.get(&id) {
            return r.key.clone();
        }
        let key = unique(&identifier(&agent.name, "agent"), &self.taken());
        self.dropped_notes |= !agent.memory.pinned_notes.is_empty();
        let mut personality = agent.personality.clone();
        personality.instructions = scrub::neutralize(&personality.instructions);
        personality.tone = scrub::neutralize(&personality.tone);
        personality.style = scrub::neutralize(&personality.style);
        let suggested = SuggestedAgent {
            personality,
            model_config: agent.model_config.clone(),
            memory: Some(MemoryConfig { window_turns: agent.memory.window_turns, pinned_notes: Vec::new() }),
        };
        let description = scrub::neutralize(&agent.description);
        self.agents.insert(id, RequiredAgent { key: key.clone(), role: agent.name.clone(), description, suggested });
        key
    }

    fn team(&mut self, id: &str, name: &str, label: &str) -> String {
        if let Some(r) = self.teams.get(id) {
            return r.key.clone();
        }
        let key = unique(&identifier(name, "team"), &self.taken());
        let purpose = format!("{name}: runs the step '{label}'");
        self.teams.insert(id.to_string(), RequiredTeam { key: key.clone(), purpose });
        key
    }
}

/// `stem`, or `stem2`, `stem3` … whichever is free.
pub(crate) fn unique(stem: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == stem) {
        return stem.to_string();
    }
    (2..).map(|n| format!("{stem}{n}")).find(|k| !taken.contains(k)).unwrap_or_else(|| stem.to_string())
}

/// A camelCase identifier from a name ("Lead qualifier" → `leadQualifier`).
fn identifier(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for (i, word) in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).enumerate() {
        let word = word.to_lowercase();
        if i == 0 {
            out.push_str(&word);
        } else {
            let mut chars = word.chars();
            out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) { fallback.to_string() } else { out }
}

/// The variables the template declares: those the document reads, with their values kept only where
/// the person chose to and cleared of what [`scrub`] finds; plus one per find in the steps' text.
fn variables(
    input: &PublishInput,
    doc: &mut WorkflowDocument,
    found: &[text::Found],
    notes: &mut Vec<String>,
) -> Vec<RequiredVariable> {
    let read = variables_read(doc);
    let mut out = Vec::new();
    let mut values = JsonMap::new();
    for name in read {
        if let Some(f) = found.iter().find(|f| f.variable == name) {
            let example = Value::String(f.kind.example().to_string());
            let description =
                format!("Replaces {} that was in the step '{}' when it was published", f.kind.noun(), f.label);
            values.insert(name.clone(), example.clone());
            out.push(RequiredVariable { name, description, example, required: true });
            continue;
        }
        let (example, required, description) = match doc.variables.get(&name) {
            None => (Value::String(String::new()), true, "Read by the workflow; it had no value when published".into()),
            Some(v @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => {
                (v.clone(), false, format!("Kept from the published workflow ({v})"))
            }
            Some(v) if input.keep_values.contains(&name) => {
                let cleaned = neutral_value(v);
                if cleaned != *v {
                    notes.push(format!("the value of '{name}' was kept without its secrets and personal details"));
                }
                (cleaned, false, "Kept from the published workflow".to_string())
            }
            Some(v) => {
                notes.push(format!("the value of '{name}' was left out: the person deploying fills it in"));
                (empty_like(v), true, "Filled in when the template is deployed".to_string())
            }
        };
        values.insert(name.clone(), example.clone());
        out.push(RequiredVariable { name, description, example, required });
    }
    doc.variables = values;
    out
}

fn empty_like(v: &Value) -> Value {
    match v {
        Value::Array(_) => Value::Array(Vec::new()),
        Value::Object(_) => Value::Object(JsonMap::new()),
        _ => Value::String(String::new()),
    }
}

/// A value with every string cleared of what [`scrub`] finds.
fn neutral_value(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(scrub::neutralize(s)),
        Value::Array(items) => Value::Array(items.iter().map(neutral_value).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), neutral_value(v))).collect()),
        other => other.clone(),
    }
}

/// A sample input of the same shape with neutral text: an address or number becomes an example of
/// its kind, any other text "Example <field>".
fn neutral_sample(v: &Value, key: &str) -> Value {
    match v {
        Value::String(s) => {
            let kinds: Vec<Finding> = scrub::find(s).into_iter().map(|f| f.kind).collect();
            let text = match kinds.first() {
                Some(kind) if !kind.example().is_empty() => kind.example().to_string(),
                _ if s.is_empty() => String::new(),
                _ => format!("Example {}", if key.is_empty() { "text" } else { key }),
            };
            Value::String(text)
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| neutral_sample(i, key)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), neutral_sample(v, k))).collect()),
        other => other.clone(),
    }
}
