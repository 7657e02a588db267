//! `neuroflow agent …`

use crate::agent_args::{AgentCommand, AgentSettings, BudgetArgs};
use crate::interrupt::Interrupt;
use crate::output::{Out, dollars, table, when};
use crate::prompt;
use neuroflow_app::AnswerFormat;
use neuroflow_app::{AppError, AppResult, AskOptions, Hub};
use neuroflow_types::{
    AgentEvent, AgentExecution, AgentExecutionFilter, AgentFilter, AgentPatch, AiAgent, Budget, ErrorCode,
    ExecutionStatus, ModelConfig, NewAgent, OrgId, PageRequest,
};
use std::io::Write;
use std::sync::Arc;

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: AgentCommand) -> AppResult<u8> {
    match command {
        AgentCommand::Create { name, settings } => {
            let mut new = NewAgent { name, ..Default::default() };
            let mut model = ModelConfig::default();
            apply(
                &settings,
                &mut new.description,
                &mut new.personality,
                &mut model,
                &mut new.capabilities,
                &mut new.memory,
                &mut new.budget,
            )?;
            new.model_config = model;
            let agent = hub.create_agent(org, new).await?;
            out.show(&agent, |a| format!("Created agent '{}' ({})", a.name, a.id));
        }
        AgentCommand::List => {
            let page =
                hub.list_agents(org, AgentFilter { page: PageRequest::new(500, 0), ..Default::default() }).await?;
            out.show(&page, |p| {
                if p.items.is_empty() {
                    return "No agents yet. Create one with: neuroflow agent create NAME --provider openai --model gpt-4o-mini".into();
                }
                let rows = p.items.iter().map(|a| vec![
                    a.name.clone(),
                    format!("{}/{}", a.model_config.provider, a.model_config.model),
                    a.status.as_str().to_lowercase() + if a.is_active { "" } else { " (off)" },
                    a.execution_count.to_string(),
                    format!("{:.0}%", a.success_rate * 100.0),
                    format!("{} ms", a.avg_response_time_ms),
                    format!("${}", dollars(a.cost_micros)),
                ]).collect();
                table(&["NAME", "MODEL", "STATUS", "CALLS", "SUCCESS", "AVG TIME", "COST"], rows)
            });
        }
        AgentCommand::Show { agent } => {
            let agent = hub.find_agent(org, &agent).await?;
            out.show(&agent, describe);
        }
        AgentCommand::Update { agent, rename, active, settings } => {
            let current = hub.find_agent(org, &agent).await?;
            let (mut description, mut personality, mut model, mut tools, mut memory, mut budget) = (
                current.description.clone(),
                current.personality.clone(),
                current.model_config.clone(),
                current.capabilities.clone(),
                current.memory.clone(),
                current.budget,
            );
            apply(&settings, &mut description, &mut personality, &mut model, &mut tools, &mut memory, &mut budget)?;
            let patch = AgentPatch {
                name: rename,
                description: Some(description),
                personality: Some(personality),
                model_config: Some(model),
                capabilities: Some(tools),
                memory: Some(memory),
                budget: Some(budget),
                is_active: active,
                ..Default::default()
            };
            let agent = hub.update_agent(org, current.id, patch).await?;
            out.show(&agent, |a| format!("Updated agent '{}'", a.name));
        }
        AgentCommand::Delete { agent, yes } => {
            let agent = hub.find_agent(org, &agent).await?;
            if !yes
                && prompt::interactive()
                && !prompt::confirm(&format!("Delete agent '{}' and the record of its calls?", agent.name))?
            {
                return Err(AppError::new(ErrorCode::Cancelled, "nothing was deleted"));
            }
            hub.delete_agent(org, agent.id).await?;
            out.show(&serde_json::json!({ "deleted": agent.id }), |_| format!("Deleted agent '{}'", agent.name));
        }
        AgentCommand::Ask { agent, prompt, schema, forget, budget } => {
            let agent = hub.find_agent(org, &agent).await?;
            let format = match schema.as_deref() {
                None => AnswerFormat::Text,
                Some("{}") => AnswerFormat::Json(None),
                Some(text) => AnswerFormat::Json(Some(crate::args::json_value("--schema", text)?)),
            };
            let interrupt = Interrupt::new();
            let options = AskOptions {
                format,
                forget,
                budget: budget_of(&budget)?,
                on_event: Some(printer(out)),
                cancel: Some(interrupt.token()),
                ..Default::default()
            };
            let call = hub.ask_agent(org, agent.id, &prompt, options).await?;
            if !out.json {
                summary(&call);
            }
            return Ok(super::run::exit_code(call.status));
        }
        AgentCommand::Calls { agent, limit } => {
            let agent = hub.find_agent(org, &agent).await?;
            let filter = AgentExecutionFilter {
                agent_id: Some(agent.id),
                page: PageRequest::new(limit, 0),
                ..Default::default()
            };
            let page = hub.list_agent_executions(org, filter).await?;
            out.show(&page, |p| {
                let rows = p
                    .items
                    .iter()
                    .map(|c| {
                        vec![
                            when(&c.started_at),
                            c.status.as_str().to_lowercase(),
                            c.task.chars().take(50).collect(),
                            format!("{}", c.tokens_used),
                            format!("${}", dollars(c.cost_micros)),
                        ]
                    })
                    .collect();
                table(&["STARTED", "STATUS", "TASK", "TOKENS", "COST"], rows)
            });
        }
    }
    Ok(0)
}

/// Streams an answer: the text as it comes (or each event as a JSON line with --json).
fn printer(out: Out) -> Arc<dyn Fn(AgentEvent) + Send + Sync> {
    Arc::new(move |event| {
        let mut stdout = std::io::stdout().lock();
        if out.json {
            let _ = writeln!(stdout, "{}", serde_json::to_string(&event).unwrap_or_default());
            return;
        }
        match event {
            AgentEvent::Token { text } => {
                let _ = write!(stdout, "{text}");
                let _ = stdout.flush();
            }
            AgentEvent::ToolCalled { tool, arguments } => eprintln!("\n[calling {tool} {arguments}]"),
            AgentEvent::ToolFinished { tool, ok, duration_ms } => {
                eprintln!("[{tool} {} in {duration_ms} ms]", if ok { "answered" } else { "failed" })
            }
            _ => {}
        }
    })
}

/// The line after an answer: model, tokens, cost, time — or why it failed.
fn summary(call: &AgentExecution) {
    println!();
    let spent = format!(
        "{} via {} · {} in / {} out tokens · ${} · {} ms",
        call.model,
        call.provider,
        call.tokens_in,
        call.tokens_out,
        dollars(call.cost_micros),
        call.duration_ms.unwrap_or(0)
    );
    match call.status {
        ExecutionStatus::Completed => eprintln!("— {spent}"),
        _ => eprintln!("error: {} ({spent})", call.error.as_deref().unwrap_or("the call failed")),
    }
}

/// Dollars as exact micro-dollars: "0.50" → 500000.
pub fn usd(flag: &str, text: &str) -> AppResult<i64> {
    let bad = || AppError::invalid(format!("{flag}: '{text}' is not an amount of dollars (e.g. 0.50)"));
    let t = text.trim().trim_start_matches('$');
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && frac.is_empty()
        || frac.len() > 6
        || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let frac: i64 = format!("{frac:0<6}").parse().map_err(|_| bad())?;
    whole.checked_mul(1_000_000).and_then(|w| w.checked_add(frac)).ok_or_else(bad)
}

pub fn budget_of(args: &BudgetArgs) -> AppResult<Option<Budget>> {
    let cost = args.budget_usd.as_deref().map(|t| usd("--budget-usd", t)).transpose()?;
    Ok((args.budget_tokens.is_some() || cost.is_some())
        .then_some(Budget { max_tokens: args.budget_tokens, max_cost_micros: cost }))
}

#[allow(clippy::too_many_arguments)]
fn apply(
    s: &AgentSettings,
    description: &mut String,
    personality: &mut neuroflow_types::Personality,
    model: &mut ModelConfig,
    tools: &mut Vec<String>,
    memory: &mut neuroflow_types::MemoryConfig,
    budget: &mut Budget,
) -> AppResult<()> {
    if let Some(v) = &s.description {
        *description = v.clone();
    }
    if !s.traits.is_empty() {
        personality.traits = s.traits.clone();
    }
    if let Some(v) = &s.tone {
        personality.tone = v.clone();
    }
    if let Some(v) = &s.style {
        personality.style = v.clone();
    }
    if let Some(v) = &s.instructions {
        personality.instructions = v.clone();
    }
    if let Some(v) = &s.provider {
        model.provider = v.clone();
    }
    if let Some(v) = &s.model {
        model.model = v.clone();
    }
    model.temperature = s.temperature.or(model.temperature);
    model.max_tokens = s.max_tokens.or(model.max_tokens);
    model.top_p = s.top_p.or(model.top_p);
    if !s.tools.is_empty() {
        *tools = s.tools.clone();
    }
    if let Some(v) = s.memory {
        memory.window_turns = v;
    }
    if !s.notes.is_empty() {
        memory.pinned_notes = s.notes.clone();
    }
    if let Some(b) = budget_of(&s.budget)? {
        *budget = b;
    }
    Ok(())
}

fn describe(a: &AiAgent) -> String {
    let mut lines = vec![
        format!("{} ({})", a.name, a.id),
        format!("  model        {}/{}", a.model_config.provider, a.model_config.model),
        format!(
            "  status       {}{}",
            a.status.as_str().to_lowercase(),
            if a.is_active { "" } else { " (turned off)" }
        ),
        format!(
            "  calls        {} ({:.0}% succeeded, {} ms on average)",
            a.execution_count,
            a.success_rate * 100.0,
            a.avg_response_time_ms
        ),
        format!("  spent        {} tokens, ${}", a.tokens_used, dollars(a.cost_micros)),
    ];
    if !a.description.is_empty() {
        lines.push(format!("  description  {}", a.description));
    }
    if !a.personality.traits.is_empty() {
        lines.push(format!("  traits       {}", a.personality.traits.join(", ")));
    }
    if !a.capabilities.is_empty() {
        lines.push(format!("  tools        {}", a.capabilities.join(", ")));
    }
    lines.push(format!(
        "  memory       {} past conversations, {} notes",
        a.memory.window_turns,
        a.memory.pinned_notes.len()
    ));
    if let Some(t) = a.budget.max_tokens {
        lines.push(format!("  budget       {t} tokens per task"));
    }
    if let Some(c) = a.budget.max_cost_micros {
        lines.push(format!("  budget       ${} per task", dollars(c)));
    }
    lines.join("\n")
}
