//! The system prompt: who the agent is (personality: traits, tone, style, instructions), the notes it
//! keeps pinned, what the calling node adds, and — for a JSON answer — the shape wanted.

use neuroflow_types::AiAgent;
use serde_json::Value;

/// The system prompt of one call.
pub fn system_prompt(agent: &AiAgent, extra: Option<&str>, json_schema: Option<Option<&Value>>) -> String {
    let mut parts = Vec::new();
    let mut who = format!("You are {}", agent.name.trim());
    if !agent.description.trim().is_empty() {
        who.push_str(&format!(", {}", agent.description.trim().trim_end_matches('.')));
    }
    who.push('.');
    parts.push(who);
    let p = &agent.personality;
    let mut manner = Vec::new();
    let traits: Vec<&str> = p.traits.iter().map(|t| t.trim()).filter(|t| !t.is_empty()).collect();
    if !traits.is_empty() {
        manner.push(format!("You are {}.", traits.join(", ")));
    }
    if !p.tone.trim().is_empty() {
        manner.push(format!("Your tone is {}.", p.tone.trim().trim_end_matches('.')));
    }
    if !p.style.trim().is_empty() {
        manner.push(format!("Your style is {}.", p.style.trim().trim_end_matches('.')));
    }
    if !manner.is_empty() {
        parts.push(manner.join(" "));
    }
    if !p.instructions.trim().is_empty() {
        parts.push(p.instructions.trim().to_string());
    }
    let notes: Vec<&str> = agent.memory.pinned_notes.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
    if !notes.is_empty() {
        parts.push(format!(
            "Keep these notes in mind:\n{}",
            notes.iter().map(|n| format!("- {n}")).collect::<Vec<_>>().join("\n")
        ));
    }
    if let Some(extra) = extra.map(str::trim).filter(|e| !e.is_empty()) {
        parts.push(extra.to_string());
    }
    match json_schema {
        Some(Some(schema)) => parts.push(format!(
            "Answer with a single JSON value that matches this JSON Schema, and nothing else:\n{}",
            serde_json::to_string(schema).unwrap_or_default()
        )),
        Some(None) => parts.push("Answer with a single JSON object, and nothing else.".into()),
        None => {}
    }
    parts.join("\n\n")
}
