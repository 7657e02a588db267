//! Every shipped template, deployed through `Hub::deploy_template` into a fresh organization wired
//! to stand-ins on 127.0.0.1 (the fake model, Slack, Gmail signed in through its loopback flow, a
//! mail server, a webhook receiver, the CRM/MLS/SMS APIs), test-run with its sample input from its
//! trigger, and run to completion: the steps that must run did, those that must not did not, no step
//! failed, every API call carried the integration's credentials and every webhook was signed.
//!
//! Speed-to-lead waits five minutes before it checks whether an agent claimed the lead; the test
//! run caps delays at zero through `RunOptions::max_delay` (the template is not edited).

use crate::template_world;

use neuroflow_app::RunOptions;
use neuroflow_types::*;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use template_world::{answers, world};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_shipped_template_deploys_into_a_fresh_organization_and_runs_to_completion() {
    let w = world().await;
    let all = answers();
    let library = &neuroflow_templates::library().templates;
    assert!(library.len() >= 18);
    let mut failures = Vec::new();
    for file in library {
        let slug = file.slug.as_str();
        match deploy_and_run(&w, file, &all["templates"][slug]).await {
            Ok(summary) => println!("ok   {slug}: {summary}"),
            Err(why) => failures.push(format!("{slug}: {why}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} templates failed:\n{}", failures.len(), library.len(), failures.join("\n"));
}

async fn deploy_and_run(
    w: &template_world::World,
    file: &TemplateFile,
    expect: &serde_json::Value,
) -> Result<String, String> {
    let slug = file.slug.as_str();
    let org = w.org(&format!("Fresh {slug}")).await;
    let template = w.hub.find_template(org, slug).await.map_err(|e| e.message)?;
    assert_eq!(template.card.source, TemplateSource::Builtin);
    w.script(slug);
    let mut integrations = BTreeMap::new();
    for need in &file.requires.integrations {
        let made = w.integration(org, &format!("{slug} {}", need.key), need.provider).await;
        integrations.insert(need.key.clone(), made.id);
    }
    let request = DeployRequest { name: None, choices: w.choices(file, &integrations) };
    let deployed =
        w.hub.deploy_template(org, template.card.id, request).await.map_err(|e| format!("deploy: {}", e.message))?;
    let wf = &deployed.workflow;
    if wf.is_active {
        return Err("the workflow landed active".into());
    }
    if deployed.created_agents.len() != file.requires.agents.len() {
        return Err(format!(
            "{} agents created for {} required",
            deployed.created_agents.len(),
            file.requires.agents.len()
        ));
    }
    if deployed.created_agents.iter().any(|a| a.memory.window_turns != 0) {
        return Err("an agent was created with memory between runs".into());
    }
    let test_item = |origin: &TemplateOrigin| origin.checklist.iter().find(|i| i.id == "testRun").map(|i| i.done);
    if test_item(&deployed.origin) != Some(false) {
        return Err(format!("the checklist should ask for a test run: {:?}", deployed.origin.checklist));
    }
    if deployed.origin.checklist.iter().any(|i| i.id.starts_with("integration:") && !i.done) {
        return Err(format!("tested integrations show as not connected: {:?}", deployed.origin.checklist));
    }

    let options = RunOptions { max_delay: Some(Duration::ZERO), ..RunOptions::default() };
    let handle = w.hub.template_test_run(org, wf.id, options).await.map_err(|e| format!("test run: {}", e.message))?;
    let execution = handle.finish().await.map_err(|e| format!("test run: {}", e.message))?;
    let detail = w.hub.get_execution(org, execution.id).await.map_err(|e| e.message)?;
    let status_of = |s: StepStatus| detail.steps.iter().filter(move |x| x.status == s).map(|x| x.node_id.as_str());
    let completed: BTreeSet<&str> = status_of(StepStatus::Completed).collect();
    let failed: Vec<String> = detail
        .steps
        .iter()
        .filter(|s| s.status == StepStatus::Failed)
        .map(|s| format!("{} ({})", s.node_id, s.error.clone().unwrap_or_default()))
        .collect();
    if execution.status != ExecutionStatus::Completed || !failed.is_empty() {
        return Err(format!("the run ended {:?}: {:?}; failed steps: {failed:?}", execution.status, execution.error));
    }
    if !execution.test_run {
        return Err("the sample run is not marked as a test run".into());
    }
    let names = |key: &str| expect[key].as_array().cloned().unwrap_or_default();
    for step in names("mustRun") {
        if !completed.contains(step.as_str().unwrap()) {
            return Err(format!("step '{step}' did not complete (completed: {completed:?})"));
        }
    }
    for step in names("mustNotRun") {
        if completed.contains(step.as_str().unwrap()) {
            return Err(format!("step '{step}' ran but must not"));
        }
    }
    let calls = w.services.calls();
    if let Some(bad) = calls.iter().find(|c| !c.authorized) {
        return Err(format!("{} {} {} went without credentials or signature", bad.service, bad.method, bad.target));
    }
    let origin = w.hub.workflow_template(org, wf.id).await.map_err(|e| e.message)?.ok_or("no template link")?;
    if test_item(&origin) != Some(true) {
        return Err("the checklist's test run did not tick after a completed run".into());
    }
    let card = w.hub.rate_template(org, template.card.id, 5).await.map_err(|e| format!("rate: {}", e.message))?;
    if (card.usage_count, card.rating.sum, card.rating.count) != (1, 5, 1) {
        return Err(format!(
            "usage and rating after one deploy and one rating: {:?} {:?}",
            card.usage_count, card.rating
        ));
    }
    let mut kinds = BTreeMap::new();
    for c in &calls {
        *kinds.entry(c.service).or_insert(0) += 1;
    }
    let mails = w.smtp.mails().len();
    Ok(format!("{} steps completed; calls {kinds:?}; {mails} mail(s) by SMTP", completed.len()))
}
