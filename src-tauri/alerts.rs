//! System notifications about runs: a run that fails (a budget stopping it included) tells its user
//! even while the window is closed, and per workflow the user chooses always, on failure (the
//! default) or never (Settings › Desktop; `DesktopSettings::run_notices`).
//!
//! A burst is one notification: the first run to end opens a short window ([`GROUP`]); every run
//! ending within it joins, and one notification then says it all ("3 runs failed: Lead intake (2),
//! Invoice sync"), so twenty schedules failing at once do not bury the desktop. Runs are followed
//! through the hub's run events, as the tray's counts are, so an idle app does nothing.

use neuroflow_app::Hub;
use neuroflow_app::desktop::{DesktopPrefs, RunNotice};
use neuroflow_types::{ExecutionId, ExecutionStatus, RunEvent, WorkflowId};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tokio::sync::broadcast::error::RecvError;

/// How long after the first run ends others may join its notification.
pub const GROUP: Duration = Duration::from_secs(2);

/// A run that ended and is to be told.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    pub workflow: String,
    pub failed: bool,
    pub error: Option<String>,
}

/// One notification for `runs` (not empty): its title and body.
pub fn compose(runs: &[Ended]) -> (String, String) {
    let failed: Vec<&Ended> = runs.iter().filter(|r| r.failed).collect();
    if let [only] = runs {
        let title =
            if only.failed { format!("{} failed", only.workflow) } else { format!("{} completed", only.workflow) };
        let body = match (&only.error, only.failed) {
            (Some(error), true) => error.clone(),
            (None, true) => "The run failed. Open NeuroFlow Hub to see where.".into(),
            (_, false) => "The run completed.".into(),
        };
        return (title, body);
    }
    let title = match failed.len() {
        0 => format!("{} runs completed", runs.len()),
        n if n == runs.len() => format!("{n} runs failed"),
        n => format!("{n} of {} runs failed", runs.len()),
    };
    let shown: Vec<&Ended> = if failed.is_empty() { runs.iter().collect() } else { failed };
    (title, count_by_workflow(&shown))
}

/// "Lead intake (2), Invoice sync", in order of first appearance.
fn count_by_workflow(runs: &[&Ended]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for run in runs {
        match counts.iter_mut().find(|(name, _)| *name == run.workflow) {
            Some((_, n)) => *n += 1,
            None => counts.push((&run.workflow, 1)),
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

/// Follows this app's runs and notifies as the settings say, until the app ends.
pub async fn follow<R: Runtime>(app: AppHandle<R>, hub: Hub, prefs: Arc<DesktopPrefs>) {
    let mut runs = hub.subscribe();
    let mut started: HashMap<ExecutionId, WorkflowId> = HashMap::new();
    let mut names: HashMap<WorkflowId, String> = HashMap::new();
    let mut pending: Vec<Ended> = Vec::new();
    let mut deadline: Option<tokio::time::Instant> = None;
    loop {
        let due = deadline;
        let flush = async move {
            match due {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            event = runs.recv() => match event {
                Ok(RunEvent::ExecutionStarted { execution_id, workflow_id, .. }) => {
                    started.insert(execution_id, workflow_id);
                }
                Ok(RunEvent::ExecutionFinished { execution_id, status, error, .. }) => {
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
                    pending.push(Ended { workflow: name, failed: status == ExecutionStatus::Failed, error });
                    deadline.get_or_insert_with(|| tokio::time::Instant::now() + GROUP);
                }
                Ok(_) => {}
                Err(RecvError::Lagged(n)) => tracing::warn!(missed = n, "run notifications missed some runs"),
                Err(RecvError::Closed) => return,
            },
            () = flush => {
                let (title, body) = compose(&pending);
                crate::notify::show(&app, &title, &body);
                pending.clear();
                deadline = None;
            }
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

    fn ended(workflow: &str, failed: bool) -> Ended {
        Ended { workflow: workflow.into(), failed, error: failed.then(|| "Slack answered 401".into()) }
    }

    #[test]
    fn one_run_says_what_failed_and_why() {
        assert_eq!(compose(&[ended("Lead intake", true)]), ("Lead intake failed".into(), "Slack answered 401".into()));
        assert_eq!(compose(&[ended("Lead intake", false)]).0, "Lead intake completed");
    }

    #[test]
    fn a_burst_is_one_notification_counting_by_workflow() {
        let burst = [ended("Lead intake", true), ended("Invoice sync", true), ended("Lead intake", true)];
        assert_eq!(compose(&burst), ("3 runs failed".into(), "Lead intake (2), Invoice sync".into()));
        let mixed = [ended("Lead intake", false), ended("Invoice sync", true)];
        assert_eq!(compose(&mixed), ("1 of 2 runs failed".into(), "Invoice sync".into()));
        let fine = [ended("Lead intake", false), ended("Lead intake", false)];
        assert_eq!(compose(&fine), ("2 runs completed".into(), "Lead intake (2)".into()));
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
