//! `neuroflow team …`

use super::agent::budget_of;
use crate::agent_args::{RoleArg, StructureArg, TeamCommand};
use crate::interrupt::Interrupt;
use crate::output::{Out, dollars, table, when};
use crate::prompt;
use neuroflow_app::{AppError, AppResult, Hub, TeamDetail, TeamRunOptions};
use neuroflow_types::{
    Budget, ErrorCode, ExecutionStatus, NewTeam, OrgId, PageRequest, TeamEvent, TeamExecution, TeamExecutionFilter,
    TeamFilter, TeamRole, TeamStructure,
};
use std::io::Write;
use std::sync::Arc;

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: TeamCommand) -> AppResult<u8> {
    match command {
        TeamCommand::Create { name, structure, description, budget } => {
            let structure = match structure {
                StructureArg::Pipeline => TeamStructure::Pipeline,
                StructureArg::Hierarchical => TeamStructure::Hierarchical,
                StructureArg::Collaborative => TeamStructure::Collaborative,
                StructureArg::Democratic => TeamStructure::Democratic,
            };
            let budget = budget_of(&budget)?.unwrap_or_default();
            let team = hub.create_team(org, NewTeam { name, description, structure, budget }).await?;
            out.show(&team, |t| {
                format!(
                    "Created team '{}' ({}); add members with: neuroflow team add-member '{}' AGENT",
                    t.name, t.id, t.name
                )
            });
        }
        TeamCommand::List => {
            let page = hub.list_teams(org, TeamFilter { page: PageRequest::new(500, 0), ..Default::default() }).await?;
            out.show(&page, |p| {
                if p.items.is_empty() {
                    return "No teams yet. Create one with: neuroflow team create NAME --structure pipeline".into();
                }
                let rows = p
                    .items
                    .iter()
                    .map(|t| {
                        vec![
                            t.name.clone(),
                            t.structure.as_str().to_lowercase(),
                            t.member_count.to_string(),
                            t.execution_count.to_string(),
                            t.id.to_string(),
                        ]
                    })
                    .collect();
                table(&["NAME", "STRUCTURE", "MEMBERS", "RUNS", "ID"], rows)
            });
        }
        TeamCommand::Show { team } => {
            let detail = hub.find_team(org, &team).await?;
            out.show(&detail, describe);
        }
        TeamCommand::AddMember { team, agent, role, priority } => {
            let (team, agent) = (hub.find_team(org, &team).await?, hub.find_agent(org, &agent).await?);
            let role = match role {
                RoleArg::Leader => TeamRole::Leader,
                RoleArg::Worker => TeamRole::Worker,
                RoleArg::Coordinator => TeamRole::Coordinator,
                RoleArg::Specialist => TeamRole::Specialist,
            };
            let detail = hub.set_team_member(org, team.team.id, agent.id, role, priority).await?;
            out.show(&detail, describe);
        }
        TeamCommand::RemoveMember { team, agent } => {
            let (team, agent) = (hub.find_team(org, &team).await?, hub.find_agent(org, &agent).await?);
            let detail = hub.remove_team_member(org, team.team.id, agent.id).await?;
            out.show(&detail, describe);
        }
        TeamCommand::Run { team, task, budget } => {
            let detail = hub.find_team(org, &team).await?;
            let interrupt = Interrupt::new();
            let options = TeamRunOptions {
                on_event: Some(printer(out)),
                budget: budget_of(&budget)?,
                cancel: Some(interrupt.token()),
                ..Default::default()
            };
            let run = hub.run_team(org, detail.team.id, &task, options).await?;
            if !out.json {
                finish(&run);
            }
            return Ok(super::run::exit_code(run.status));
        }
        TeamCommand::Runs { team, limit } => {
            let detail = hub.find_team(org, &team).await?;
            let filter = TeamExecutionFilter {
                team_id: Some(detail.team.id),
                page: PageRequest::new(limit, 0),
                ..Default::default()
            };
            let page = hub.list_team_executions(org, filter).await?;
            out.show(&page, |p| {
                let rows = p
                    .items
                    .iter()
                    .map(|r| {
                        vec![
                            when(&r.started_at),
                            r.status.as_str().to_lowercase(),
                            r.task.chars().take(50).collect(),
                            format!("{}", r.tokens_used),
                            format!("${}", dollars(r.cost_micros)),
                            r.duration_ms.map(|d| format!("{d} ms")).unwrap_or_default(),
                        ]
                    })
                    .collect();
                table(&["STARTED", "STATUS", "TASK", "TOKENS", "COST", "TIME"], rows)
            });
        }
        TeamCommand::Delete { team, yes } => {
            let detail = hub.find_team(org, &team).await?;
            if !yes && prompt::interactive() && !prompt::confirm(&format!("Delete team '{}'?", detail.team.name))? {
                return Err(AppError::new(ErrorCode::Cancelled, "nothing was deleted"));
            }
            hub.delete_team(org, detail.team.id).await?;
            out.show(&serde_json::json!({ "deleted": detail.team.id }), |_| {
                format!("Deleted team '{}'", detail.team.name)
            });
        }
    }
    Ok(0)
}

fn printer(out: Out) -> Arc<dyn Fn(TeamEvent) + Send + Sync> {
    Arc::new(move |event| {
        let mut stdout = std::io::stdout().lock();
        if out.json {
            let _ = writeln!(stdout, "{}", serde_json::to_string(&event).unwrap_or_default());
            return;
        }
        match event {
            TeamEvent::MemberStarted { agent_name, phase, .. } => {
                let _ = writeln!(stdout, "… {agent_name} ({phase})");
            }
            TeamEvent::Contribution { entry } => {
                let who = entry["agentName"].as_str().unwrap_or("the team");
                let phase = entry["phase"].as_str().unwrap_or("");
                let line = match phase {
                    "delegation" => {
                        let to: Vec<String> = entry["delegations"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|d| {
                                format!(
                                    "{}: {}",
                                    d["agentName"].as_str().unwrap_or("?"),
                                    d["task"].as_str().unwrap_or("")
                                )
                            })
                            .collect();
                        format!("{who} delegated:\n  {}", to.join("\n  "))
                    }
                    "tally" => format!(
                        "The vote: proposal {} by {} wins",
                        entry["winner"],
                        entry["winnerName"].as_str().unwrap_or("?")
                    ),
                    _ => match entry["error"].as_str() {
                        Some(e) => format!("{who} ({phase}) failed: {e}"),
                        None => format!("{who} ({phase}):\n{}\n", entry["output"].as_str().unwrap_or("")),
                    },
                };
                let _ = writeln!(stdout, "{line}");
            }
            _ => {}
        }
    })
}

fn finish(run: &TeamExecution) {
    let spent =
        format!("{} tokens · ${} · {} ms", run.tokens_used, dollars(run.cost_micros), run.duration_ms.unwrap_or(0));
    match run.status {
        ExecutionStatus::Completed => {
            let result = run.output.as_ref().and_then(|o| o["result"].as_str()).unwrap_or("");
            println!("\nResult:\n{result}");
            eprintln!("— {} · {spent}", run.pattern.as_str().to_lowercase());
        }
        _ => eprintln!("error: {} ({spent})", run.error.as_deref().unwrap_or("the team run failed")),
    }
}

fn describe(d: &TeamDetail) -> String {
    let t = &d.team;
    let mut lines =
        vec![format!("{} ({}), {} — {} runs", t.name, t.id, t.structure.as_str().to_lowercase(), t.execution_count)];
    if d.members.is_empty() {
        lines.push("  no members yet".into());
    }
    for m in &d.members {
        lines.push(format!("  {:<3} {:<12} {}", m.priority, m.role.as_str().to_lowercase(), m.agent_name));
    }
    let Budget { max_tokens, max_cost_micros } = t.budget;
    if let Some(tok) = max_tokens {
        lines.push(format!("  budget {tok} tokens per run"));
    }
    if let Some(c) = max_cost_micros {
        lines.push(format!("  budget ${} per run", dollars(c)));
    }
    lines.join("\n")
}
