//! The four team structures as protocols: who is asked what, in which order, and what is recorded.
//! Members asked "at once" really are: their calls run concurrently, so a phase takes as long as its
//! slowest member, not the sum.

use super::{Member, Tally};
use crate::error::AgentError;
use crate::provider::AnswerFormat;
use futures_util::future::join_all;
use neuroflow_types::TeamRole;
use serde_json::{Value, json};

pub(super) async fn pipeline(t: &Tally<'_>, members: &[Member], task: &str) -> Result<Value, AgentError> {
    let mut previous: Option<(String, String)> = None;
    for (i, member) in members.iter().enumerate() {
        let prompt = match &previous {
            None => format!("Task: {task}"),
            Some((name, output)) => format!(
                "Task: {task}\n\nThe previous member of your team, {name}, produced:\n\n{output}\n\n\
                 Build on it and answer with your result."
            ),
        };
        let reply = t.ask(member, &format!("step {}", i + 1), prompt, AnswerFormat::Text).await?;
        previous = Some((member.agent.name.clone(), reply.text));
    }
    let (_, result) = previous.unwrap_or_default();
    Ok(json!({ "result": result }))
}

pub(super) async fn hierarchical(t: &Tally<'_>, members: &[Member], task: &str) -> Result<Value, AgentError> {
    let leader = members.iter().find(|m| m.role == TeamRole::Leader).expect("checked: a leader");
    let workers: Vec<&Member> = members.iter().filter(|m| m.role != TeamRole::Leader).collect();
    let roster = workers
        .iter()
        .map(|m| format!("- {} ({}): {}", m.agent.name, m.role.as_str().to_lowercase(), m.agent.description))
        .collect::<Vec<_>>()
        .join("\n");
    let names: Vec<&str> = workers.iter().map(|m| m.agent.name.as_str()).collect();
    let schema = json!({
        "type": "object", "required": ["subtasks"],
        "properties": { "subtasks": { "type": "array", "items": {
            "type": "object", "required": ["member", "task"],
            "properties": { "member": { "type": "string" }, "task": { "type": "string" } } } } }
    });
    let plan_prompt = format!(
        "You lead a team. The task:\n{task}\n\nYour team members:\n{roster}\n\n\
         Split the task into subtasks and assign each to one member by name ({}). Do not assign anything to yourself.",
        names.join(", ")
    );
    let plan = t.ask(leader, "plan", plan_prompt, AnswerFormat::Json(Some(schema))).await?;
    let mut assigned: Vec<(&Member, String)> = Vec::new();
    let mut refused = Vec::new();
    for item in plan.json.as_ref().and_then(|v| v["subtasks"].as_array()).into_iter().flatten() {
        let who = item["member"].as_str().unwrap_or("");
        let what = item["task"].as_str().unwrap_or("").trim().to_string();
        match workers.iter().find(|m| m.agent.name.eq_ignore_ascii_case(who.trim())) {
            Some(m) if !what.is_empty() => assigned.push((m, what)),
            _ => refused.push(item.clone()),
        }
    }
    let delegations: Vec<Value> = assigned
        .iter()
        .map(|(m, task)| json!({ "agentId": m.agent.id, "agentName": m.agent.name, "task": task }))
        .collect();
    t.note(
        json!({ "phase": "delegation", "agentId": leader.agent.id, "agentName": leader.agent.name,
                "delegations": delegations, "refused": refused }),
        Default::default(),
        0,
    );
    if assigned.is_empty() {
        return Err(AgentError::new(
            crate::ErrorKind::Schema,
            format!("the leader, {}, did not delegate any subtask to a member of the team", leader.agent.name),
        ));
    }
    let work = assigned.iter().map(|(m, subtask)| {
        let prompt = format!(
            "Your team leader, {}, asks you to do this, as part of the task \"{task}\":\n\n{subtask}",
            leader.agent.name
        );
        t.ask(m, "subtask", prompt, AnswerFormat::Text)
    });
    let results = join_all(work).await.into_iter().collect::<Result<Vec<_>, _>>()?;
    let report = assigned
        .iter()
        .zip(&results)
        .map(|((m, subtask), r)| format!("### {} — {subtask}\n{}", m.agent.name, r.text))
        .collect::<Vec<_>>()
        .join("\n\n");
    let combine =
        format!("The task:\n{task}\n\nYour team's results:\n\n{report}\n\nCombine them into the final answer.");
    let final_answer = t.ask(leader, "combine", combine, AnswerFormat::Text).await?;
    Ok(json!({ "result": final_answer.text, "delegations": delegations }))
}

pub(super) async fn collaborative(t: &Tally<'_>, members: &[Member], task: &str) -> Result<Value, AgentError> {
    let merger = members
        .iter()
        .find(|m| m.role == TeamRole::Coordinator)
        .or_else(|| members.iter().find(|m| m.role == TeamRole::Leader))
        .expect("checked: a coordinator or leader");
    let others: Vec<&Member> = members.iter().filter(|m| m.agent.id != merger.agent.id).collect();
    let answers = others.iter().map(|m| {
        let prompt = format!(
            "Task: {task}\n\nAnswer it. Other members of your team answer too, and {} will merge the answers.",
            merger.agent.name
        );
        t.ask(m, "answer", prompt, AnswerFormat::Text)
    });
    let answers = join_all(answers).await.into_iter().collect::<Result<Vec<_>, _>>()?;
    let listed = others
        .iter()
        .zip(&answers)
        .map(|(m, a)| format!("### {}\n{}", m.agent.name, a.text))
        .collect::<Vec<_>>()
        .join("\n\n");
    let prompt = format!(
        "The task:\n{task}\n\nYour team's answers:\n\n{listed}\n\n\
         Merge them into one answer: keep what is best, resolve where they disagree."
    );
    let merged = t.ask(merger, "merge", prompt, AnswerFormat::Text).await?;
    Ok(json!({ "result": merged.text, "mergedBy": merger.agent.name }))
}

pub(super) async fn democratic(t: &Tally<'_>, members: &[Member], task: &str) -> Result<Value, AgentError> {
    let proposals = members.iter().map(|m| {
        let prompt = format!("Task: {task}\n\nPropose your answer. The team will then vote on every proposal.");
        t.ask(m, "propose", prompt, AnswerFormat::Text)
    });
    let proposals = join_all(proposals).await.into_iter().collect::<Result<Vec<_>, _>>()?;
    let ballot = members
        .iter()
        .zip(&proposals)
        .enumerate()
        .map(|(i, (m, p))| format!("[{}] by {}:\n{}", i + 1, m.agent.name, p.text))
        .collect::<Vec<_>>()
        .join("\n\n");
    let n = proposals.len();
    let schema = json!({ "type": "object", "required": ["vote"], "properties": {
        "vote": { "type": "integer", "minimum": 1, "maximum": n }, "reason": { "type": "string" } } });
    let votes = members.iter().map(|m| {
        let prompt = format!("Task: {task}\n\nThe proposals:\n\n{ballot}\n\nVote for the best proposal by its number.");
        t.ask(m, "vote", prompt, AnswerFormat::Json(Some(schema.clone())))
    });
    let votes = join_all(votes).await.into_iter().collect::<Result<Vec<_>, _>>()?;
    let mut counts = vec![0usize; n];
    let mut record = Vec::new();
    for (voter, vote) in members.iter().zip(&votes) {
        let choice = vote.json.as_ref().and_then(|v| v["vote"].as_u64()).map(|v| v as usize);
        let valid = choice.filter(|c| (1..=n).contains(c));
        if let Some(c) = valid {
            counts[c - 1] += 1;
        }
        let reason = vote.json.as_ref().and_then(|v| v["reason"].as_str()).unwrap_or("");
        record.push(json!({
            "voter": voter.agent.name,
            "proposal": valid,
            "for": valid.map(|c| members[c - 1].agent.name.clone()),
            "reason": reason,
            "abstained": valid.is_none(),
        }));
    }
    // Members are in priority order, so the first proposal with the most votes is the tie's winner.
    let top = counts.iter().copied().max().unwrap_or(0);
    let winner = counts.iter().position(|&c| c == top).unwrap_or(0);
    let tied = counts.iter().filter(|&&c| c == top).count() > 1;
    t.note(
        json!({ "phase": "tally", "votes": record, "counts": counts, "winner": winner + 1,
                "winnerName": members[winner].agent.name, "tieBrokenByPriority": tied }),
        Default::default(),
        0,
    );
    Ok(json!({
        "result": proposals[winner].text,
        "winner": { "proposal": winner + 1, "agentName": members[winner].agent.name, "votes": top },
        "votes": record,
        "tieBrokenByPriority": tied,
    }))
}
