//! `neuroflow analytics summary|series|breakdown|errors|runs`: the Analytics page's figures, from the
//! same use cases, as text for people or JSON with `--json`.

use crate::analytics_args::{AnalyticsCommand, RangeArgs};
use crate::output::{Out, dollars, table, when};
use neuroflow_app::{AppError, AppResult, Hub};
use neuroflow_types::{
    AnalyticsQuery, AnalyticsWindow, BreakdownBy, DrillDown, ExecutionStatus, OrgId, PageRequest, TimeRange,
};

async fn query(hub: &Hub, org: OrgId, args: &RangeArgs) -> AppResult<AnalyticsQuery> {
    let range: TimeRange = args.range.parse().map_err(|e: String| AppError::invalid(format!("--range: {e}")))?;
    let workflow_id = match &args.workflow {
        Some(w) => Some(hub.find_workflow(org, w).await?.id),
        None => None,
    };
    Ok(AnalyticsQuery { range, workflow_id })
}

pub async fn run(hub: &Hub, out: Out, org: OrgId, command: AnalyticsCommand) -> AppResult<u8> {
    match command {
        AnalyticsCommand::Summary(args) => {
            let s = hub.analytics_summary(org, query(hub, org, &args).await?).await?;
            out.show(&s, |s| {
                let (c, p) = (&s.current, &s.previous);
                let lines = [
                    format!("{} · against the period before", window(&s.window)),
                    figure("runs", count(c.runs), change(c.runs as f64, p.runs as f64)),
                    figure("completed", count(c.completed), String::new()),
                    figure("failed", count(c.failed), change(c.failed as f64, p.failed as f64)),
                    figure("success rate", rate(c.success_rate), points(c.success_rate, p.success_rate)),
                    figure("p50", ms(c.p50_ms), String::new()),
                    figure("p95", ms(c.p95_ms), format!("(±{:.1}%)", s.percentile_error * 100.0)),
                    figure("p99", ms(c.p99_ms), String::new()),
                    figure("AI calls", count(c.agent_calls), String::new()),
                    figure("tokens", count(c.tokens), change(c.tokens as f64, p.tokens as f64)),
                    figure(
                        "cost",
                        format!("${}", dollars(c.cost_micros)),
                        change(c.cost_micros as f64, p.cost_micros as f64),
                    ),
                ];
                lines.join("\n")
            });
        }
        AnalyticsCommand::Series(args) => {
            let s = hub.analytics_series(org, query(hub, org, &args).await?).await?;
            out.show(&s, |s| {
                let rows = s
                    .points
                    .iter()
                    .map(|p| {
                        vec![
                            when(&p.at),
                            count(p.runs),
                            count(p.failed),
                            ms(p.p50_ms),
                            ms(p.p95_ms),
                            count(p.tokens),
                            format!("${}", dollars(p.cost_micros)),
                        ]
                    })
                    .collect();
                format!(
                    "{}\n{}",
                    window(&s.window),
                    table(&["AT", "RUNS", "FAILED", "P50", "P95", "TOKENS", "COST"], rows)
                )
            });
        }
        AnalyticsCommand::Breakdown { range, by } => {
            let by: BreakdownBy = by.parse().map_err(|e: String| AppError::invalid(format!("--by: {e}")))?;
            let b = hub.analytics_breakdown(org, query(hub, org, &range).await?, by).await?;
            out.show(&b, |b| {
                if b.rows.is_empty() {
                    return format!("{}\nNothing ran in this period.", window(&b.window));
                }
                let rows = b
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.label.clone(),
                            count(r.runs),
                            count(r.failed),
                            rate(r.failure_rate),
                            ms(r.p50_ms),
                            ms(r.p95_ms),
                            count(r.tokens),
                            format!("${}", dollars(r.cost_micros)),
                            r.cost_per_success_micros.map(|c| format!("${}", dollars(c))).unwrap_or_else(|| "–".into()),
                        ]
                    })
                    .collect();
                let head = [
                    by.as_str().to_uppercase(),
                    "RUNS".into(),
                    "FAILED".into(),
                    "FAIL %".into(),
                    "P50".into(),
                    "P95".into(),
                    "TOKENS".into(),
                    "COST".into(),
                    "PER SUCCESS".into(),
                ];
                let head: Vec<&str> = head.iter().map(String::as_str).collect();
                format!("{}\n{}", window(&b.window), table(&head, rows))
            });
        }
        AnalyticsCommand::Errors(args) => {
            let e = hub.analytics_errors(org, query(hub, org, &args).await?).await?;
            out.show(&e, |e| {
                if e.groups.is_empty() {
                    return format!("{}\nNo failures in this period.", window(&e.window));
                }
                let rows = e
                    .groups
                    .iter()
                    .map(|g| {
                        vec![
                            g.id.clone(),
                            count(g.failures),
                            g.workflow_name.clone(),
                            g.node_name.clone().or(g.node_id.clone()).unwrap_or_else(|| "(the run)".into()),
                            g.message.clone(),
                            when(&g.last_seen),
                        ]
                    })
                    .collect();
                format!(
                    "{} · {} failures\n{}",
                    window(&e.window),
                    count(e.failures),
                    table(&["GROUP", "FAILURES", "WORKFLOW", "NODE", "MESSAGE", "LAST SEEN"], rows)
                )
            });
        }
        AnalyticsCommand::Runs { range, status, error_group, agent, provider, model, action, limit, offset } => {
            let q = query(hub, org, &range).await?;
            let w = AnalyticsWindow::resolve(q.range, neuroflow_types::now());
            let status = status
                .map(|s| s.parse::<ExecutionStatus>().map_err(|e| AppError::invalid(format!("--status: {e}"))))
                .transpose()?;
            let agent_id = match agent {
                Some(a) => Some(hub.find_agent(org, &a).await?.id),
                None => None,
            };
            let drill = DrillDown {
                from: Some(w.from),
                to: Some(w.to),
                workflow_id: q.workflow_id,
                status,
                error_group,
                agent_id,
                provider,
                model,
                action,
                top_level: q.workflow_id.is_none(),
                page: PageRequest::new(limit, offset),
                ..DrillDown::default()
            };
            let page = hub.analytics_runs(org, drill).await?;
            out.show(&page, |page| {
                if page.items.is_empty() {
                    return "No runs match (runs removed by retention are still counted in the figures).".into();
                }
                let rows = page
                    .items
                    .iter()
                    .map(|e| {
                        vec![
                            e.id.to_string(),
                            e.workflow_name.clone(),
                            e.status.as_str().to_string(),
                            when(&e.started_at),
                            ms(e.duration_ms),
                            format!("${}", dollars(e.cost_micros)),
                        ]
                    })
                    .collect();
                format!(
                    "{} of {} runs\n{}",
                    page.items.len(),
                    page.total,
                    table(&["ID", "WORKFLOW", "STATUS", "STARTED", "DURATION", "COST"], rows)
                )
            });
        }
    }
    Ok(0)
}

fn window(w: &AnalyticsWindow) -> String {
    format!("{} – {} UTC", w.from.format("%Y-%m-%d %H:%M"), w.to.format("%Y-%m-%d %H:%M"))
}

fn figure(name: &str, value: String, note: String) -> String {
    format!("  {name:<13} {value:>14}  {note}").trim_end().to_string()
}

/// 1234567 → "1,234,567".
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn rate(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_else(|| "–".into())
}

/// Milliseconds as people read them: 850 ms, 1.25 s, 3.5 min.
pub fn ms(v: Option<i64>) -> String {
    match v {
        None => "–".into(),
        Some(v) if v < 1_000 => format!("{v} ms"),
        Some(v) if v < 60_000 => format!("{:.2} s", v as f64 / 1_000.0),
        Some(v) => format!("{:.1} min", v as f64 / 60_000.0),
    }
}

fn change(now: f64, before: f64) -> String {
    if before == 0.0 {
        return if now == 0.0 { String::new() } else { "(new)".into() };
    }
    format!("({:+.0}%)", (now - before) / before * 100.0)
}

fn points(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(n), Some(b)) => format!("({:+.1} pts)", (n - b) * 100.0),
        _ => String::new(),
    }
}
