//! System notifications: a run that fails, a budget that stops a run and an integration that stops
//! working tell their user even while the window is closed. Per workflow the user chooses always, on
//! failure (the default) or never (Settings › Desktop; `DesktopSettings::run_notices`); a broken
//! integration is told whenever notifications are on, once per breakage (the hub tells it once).
//!
//! A burst is one notification: the first event opens a short window ([`GROUP`]); every one within
//! it joins, and one notification then says it all ("3 runs failed: Lead intake (2), Invoice sync"),
//! so twenty schedules failing at once do not bury the desktop. Runs are followed through the hub's
//! run events and its notices (which say a budget stopped a run, rather than its error text being
//! parsed for it), so an idle app does nothing.

use neuroflow_app::desktop::{DesktopPrefs, RunNotice};
use neuroflow_app::{Hub, Notice};
use neuroflow_types::{ExecutionId, ExecutionStatus, RunEvent, WorkflowId};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tokio::sync::broadcast::error::RecvError;

/// How long after the first event others may join its notification.
pub const GROUP: Duration = Duration::from_secs(2);

/// What happened, to be told.
#[derive(Debug, Clone, PartialEq)]
pub struct Told {
    /// The workflow's name, or the integration's.
    pub subject: String,
    pub what: What,
    pub error: Option<String>,
}

/// The kinds of things told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Completed,
    Failed,
    /// The run failed because a budget stopped it.
    BudgetStopped,
    /// An integration's credentials were refused.
    IntegrationStopped,
}

impl What {
    fn is_run(self) -> bool {
        self != Self::IntegrationStopped
    }
    fn is_failure(self) -> bool {
        matches!(self, Self::Failed | Self::BudgetStopped)
    }
}

/// One notification for `told` (not empty): its title and body.
pub fn compose(told: &[Told]) -> (String, String) {
    if let [only] = told {
        let title = match only.what {
            What::Completed => format!("{} completed", only.subject),
            What::Failed => format!("{} failed", only.subject),
            What::BudgetStopped => format!("A budget stopped {}", only.subject),
            What::IntegrationStopped => format!("{} stopped working", only.subject),
        };
        let body = match (&only.error, only.what) {
            (_, What::Completed) => "The run completed.".into(),
            (Some(error), What::IntegrationStopped) => {
                format!("{error}. Sign in again or replace its secret in Settings › Integrations.")
            }
            (None, What::IntegrationStopped) => {
                "Its credentials were refused. Sign in again or replace its secret in Settings › Integrations.".into()
            }
            (Some(error), _) => error.clone(),
            (None, _) => "The run failed. Open NeuroFlow Hub to see where.".into(),
        };
        return (title, body);
    }
    let runs: Vec<&Told> = told.iter().filter(|t| t.what.is_run()).collect();
    let failed: Vec<&Told> = runs.iter().copied().filter(|t| t.what.is_failure()).collect();
    let broken: Vec<&Told> = told.iter().filter(|t| !t.what.is_run()).collect();
    let mut title = Vec::new();
    let mut body = Vec::new();
    if !runs.is_empty() {
        let all = if runs.len() == 1 { "1 run".to_string() } else { format!("{} runs", runs.len()) };
        title.push(match failed.len() {
            0 => format!("{all} completed"),
            n if n == runs.len() => format!("{all} failed"),
            n => format!("{n} of {all} failed"),
        });
        let shown = if failed.is_empty() { &runs } else { &failed };
        body.push(count_by_subject(shown));
        let budgets = failed.iter().filter(|t| t.what == What::BudgetStopped).count();
        if budgets > 0 {
            body.push(format!("{budgets} stopped by a budget"));
        }
    }
    if !broken.is_empty() {
        title.push(match broken.len() {
            1 => "an integration stopped working".to_string(),
            n => format!("{n} integrations stopped working"),
        });
        body.push(format!("Stopped working: {}", count_by_subject(&broken)));
    }
    let mut title = title.join("; ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    (title, body.join(". "))
}

/// "Lead intake (2), Invoice sync", in order of first appearance.
fn count_by_subject(told: &[&Told]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in told {
        match counts.iter_mut().find(|(name, _)| *name == t.subject) {
            Some((_, n)) => *n += 1,
            None => counts.push((&t.subject, 1)),
        }
    }
    let parts: Vec<String> =
        counts.into_iter().map(|(name, n)| if n == 1 { name.to_string() } else { format!("{name} ({n})") }).collect();
    parts.join(", ")
}

/// Whether a run of a workflow set to `notice` that ended with `status` is told.
pub fn wanted(notice: RunNotice, status: ExecutionStatus) -> bool {
    match notice {
        RunNotice::Never => false,
        RunNotice::OnFailure => status == ExecutionStatus::Failed,
        RunNotice::Always => matches!(status, ExecutionStatus::Failed | ExecutionStatus::Completed),
    }
}

/// Follows this app's runs and notices and notifies as the settings say, until the app ends.
pub async fn follow<R: Runtime>(app: AppHandle<R>, hub: Hub, prefs: Arc<DesktopPrefs>) {
    let mut runs = hub.subscribe();
    let mut notices = hub.subscribe_notices();
    let mut started: HashMap<ExecutionId, WorkflowId> = HashMap::new();
    let mut budget_stopped: HashMap<ExecutionId, String> = HashMap::new();
    let mut names: HashMap<WorkflowId, String> = HashMap::new();
    let mut pending: Vec<Told> = Vec::new();
    let mut deadline: Option<tokio::time::Instant> = None;
    loop {
        let due = deadline;
        let flush = async move {
            match due {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let told = tokio::select! {
            // Notices first: a budget's notice is sent before its run's end, so it is read first.
            biased;
            notice = notices.recv() => match notice {
                Ok(Notice::BudgetStopped { execution_id, message, .. }) => {
                    // The run's end (which follows) is told as stopped by this budget.
                    budget_stopped.entry(execution_id).or_insert(message);
                    None
                }
                Ok(Notice::IntegrationStopped { name, error, .. }) => prefs.get().notifications.then_some(Told {
                    subject: name,
                    what: What::IntegrationStopped,
                    error: Some(error),
                }),
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "notifications missed some notices");
                    None
                }
                Err(RecvError::Closed) => return,
            },
            event = runs.recv() => match event {
                Ok(RunEvent::ExecutionStarted { execution_id, workflow_id, .. }) => {
                    started.insert(execution_id, workflow_id);
                    None
                }
                Ok(RunEvent::ExecutionFinished { execution_id, status, error, .. }) => {
                    let budget = budget_stopped.remove(&execution_id);
                    let Some(workflow) = started.remove(&execution_id) else { continue };
                    let settings = prefs.get();
                    if !settings.notifications || !wanted(settings.run_notice(&workflow.to_string()), status) {
                        continue;
                    }
                    let name = match names.get(&workflow) {
                        Some(name) => name.clone(),
                        None => {
                            let name = workflow_name(&hub, workflow).await;
                            names.insert(workflow, name.clone());
                            name
                        }
                    };
                    let what = match (status, &budget) {
                        (ExecutionStatus::Failed, Some(_)) => What::BudgetStopped,
                        (ExecutionStatus::Failed, None) => What::Failed,
                        _ => What::Completed,
                    };
                    Some(Told { subject: name, what, error: budget.or(error) })
                }
                Ok(_) => None,
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(missed = n, "run notifications missed some runs");
                    None
                }
                Err(RecvError::Closed) => return,
            },
            () = flush => {
                let (title, body) = compose(&pending);
                crate::notify::show(&app, &title, &body);
                pending.clear();
                deadline = None;
                None
            }
        };
        if let Some(told) = told {
            pending.push(told);
            deadline.get_or_insert_with(|| tokio::time::Instant::now() + GROUP);
        }
    }
}

/// The workflow's name, looked up in every organization of this data directory.
async fn workflow_name(hub: &Hub, workflow: WorkflowId) -> String {
    if let Ok(orgs) = hub.list_orgs().await {
        for org in orgs {
            if let Ok(found) = hub.get_workflow(org.id, workflow).await {
                return found.name;
            }
        }
    }
    "A workflow".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(workflow: &str, failed: bool) -> Told {
        Told {
            subject: workflow.into(),
            what: if failed { What::Failed } else { What::Completed },
            error: failed.then(|| "Slack answered 401".into()),
        }
    }

    fn told(subject: &str, what: What, error: &str) -> Told {
        Told { subject: subject.into(), what, error: Some(error.into()) }
    }

    #[test]
    fn one_run_says_what_failed_and_why() {
        assert_eq!(compose(&[run("Lead intake", true)]), ("Lead intake failed".into(), "Slack answered 401".into()));
        assert_eq!(compose(&[run("Lead intake", false)]).0, "Lead intake completed");
    }

    #[test]
    fn a_budget_stop_and_a_broken_integration_say_what_to_do() {
        let budget = "the workflow run reached its budget of 1000 tokens (1012 used); it was stopped";
        assert_eq!(
            compose(&[told("Lead intake", What::BudgetStopped, budget)]),
            ("A budget stopped Lead intake".into(), budget.into())
        );
        let (title, body) =
            compose(&[told("Office Slack", What::IntegrationStopped, "the Slack token is invalid or revoked")]);
        assert_eq!(title, "Office Slack stopped working");
        assert!(body.starts_with("the Slack token is invalid or revoked. Sign in again"), "{body}");
    }

    #[test]
    fn a_burst_is_one_notification_counting_by_workflow() {
        let burst = [run("Lead intake", true), run("Invoice sync", true), run("Lead intake", true)];
        assert_eq!(compose(&burst), ("3 runs failed".into(), "Lead intake (2), Invoice sync".into()));
        let mixed = [run("Lead intake", false), run("Invoice sync", true)];
        assert_eq!(compose(&mixed), ("1 of 2 runs failed".into(), "Invoice sync".into()));
        let fine = [run("Lead intake", false), run("Lead intake", false)];
        assert_eq!(compose(&fine), ("2 runs completed".into(), "Lead intake (2)".into()));
    }

    #[test]
    fn a_burst_of_everything_names_budgets_and_integrations_apart() {
        let burst = [
            run("Lead intake", true),
            told("Lead intake", What::BudgetStopped, "budget"),
            told("Office Slack", What::IntegrationStopped, "refused"),
            told("Gmail", What::IntegrationStopped, "refused"),
        ];
        assert_eq!(
            compose(&burst),
            (
                "2 runs failed; 2 integrations stopped working".into(),
                "Lead intake (2). 1 stopped by a budget. Stopped working: Office Slack, Gmail".into()
            )
        );
        let only_broken =
            [told("Office Slack", What::IntegrationStopped, "x"), told("Gmail", What::IntegrationStopped, "y")];
        assert_eq!(compose(&only_broken).0, "2 integrations stopped working");
        let one_of_each = [run("CRM sync", true), told("CRM", What::IntegrationStopped, "refused")];
        assert_eq!(
            compose(&one_of_each),
            ("1 run failed; an integration stopped working".into(), "CRM sync. Stopped working: CRM".into())
        );
    }

    #[test]
    fn each_setting_tells_what_it_says() {
        use ExecutionStatus::*;
        assert!(wanted(RunNotice::OnFailure, Failed) && !wanted(RunNotice::OnFailure, Completed));
        assert!(wanted(RunNotice::Always, Completed) && wanted(RunNotice::Always, Failed));
        assert!(!wanted(RunNotice::Always, Cancelled), "the user cancelled it: nothing to tell");
        assert!(!wanted(RunNotice::Never, Failed));
    }
}
