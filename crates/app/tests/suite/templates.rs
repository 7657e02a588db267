//! The template use cases beyond the happy path: searching the built-in library through the hub;
//! deploy refusing with every missing piece named and nothing written; a newer version shown as an
//! update with its difference and taken; ratings only after a successful run; publishing a workflow
//! with its secrets, ids and personal data turned into requirements, exported, imported into another
//! organization and deployed there; import refusals.

use crate::template_world;

use neuroflow_app::{PublishRequest, RunOptions};
use neuroflow_types::*;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;
use template_world::world;

#[tokio::test]
async fn the_built_in_library_is_searchable_in_a_new_organization() {
    let w = world().await;
    let org = w.org("Search Realty").await;
    let all = w.hub.search_templates(org, TemplateQuery::default()).await.unwrap();
    assert_eq!(all.page.total, neuroflow_templates::library().templates.len() as i64);
    assert!(all.page.items[0].featured, "featured first by default");
    let hits = w
        .hub
        .search_templates(org, TemplateQuery { text: Some("speed lead".into()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(hits.page.items[0].slug, "speed-to-lead");
    let sms =
        w.hub.search_templates(org, TemplateQuery { text: Some("sms".into()), ..Default::default() }).await.unwrap();
    let mut texting: Vec<&str> = sms.page.items.iter().take(3).map(|c| c.slug.as_str()).collect();
    texting.sort();
    assert_eq!(
        texting,
        ["after-hours-triage", "showing-confirmation", "speed-to-lead"],
        "the templates that text people first"
    );
    let sales = all.facets.categories.iter().find(|f| f.value == "SALES").unwrap().count;
    assert!(sales >= 3);
    let t = w.hub.find_template(org, "cma-home-value").await.unwrap();
    assert_eq!(t.card.estimate_cost_micros, t.file.estimate.cost_micros());
    let err = w.hub.delete_template(org, t.card.id).await.unwrap_err();
    assert!(err.message.contains("ships with the app"), "{}", err.message);
}

#[tokio::test]
async fn deploy_refuses_naming_every_missing_piece_and_writes_nothing() {
    let w = world().await;
    let org = w.org("Empty Realty").await;
    let t = w.hub.find_template(org, "speed-to-lead").await.unwrap();
    let gmail = w.integration(org, "Office Gmail", IntegrationProvider::Gmail).await;
    let mut request = DeployRequest::default();
    request.choices.integrations.insert("slack".into(), gmail.id);
    request.choices.variables.insert("hotThreshold".into(), json!("very"));
    request.choices.variables.insert("nope".into(), json!(1));
    let err = w.hub.deploy_template(org, t.card.id, request).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    let m = &err.message;
    for needle in [
        "the SLACK integration 'slack'",
        "is not a SLACK integration of this organization",
        "the HTTP integration 'crm'",
        "this organization has no HTTP integration; create one",
        "the variable 'crmBaseUrl'",
        "needs a value",
        "the variable 'hotThreshold' (Score (0-100) from which a lead is flagged hot in Slack) must be a number",
        "the template has no variable 'nope'",
    ] {
        assert!(m.contains(needle), "'{needle}' missing from: {m}");
    }
    assert!(!m.contains("'mail'"), "the only Gmail integration is chosen for 'mail': {m}");
    let problems = err.details.as_ref().unwrap()["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| p["kind"] == "integration" && p["key"] == "sms"), "{problems:?}");
    let workflows = w.hub.list_workflows(org, WorkflowFilter::default()).await.unwrap();
    let agents = w.hub.list_agents(org, AgentFilter::default()).await.unwrap();
    assert_eq!((workflows.total, agents.total), (0, 0), "nothing was written");
    assert_eq!(w.hub.get_template(org, t.card.id).await.unwrap().card.usage_count, 0);
}

#[tokio::test]
async fn ratings_come_only_from_an_organization_whose_copy_ran() {
    let w = world().await;
    let org = w.org("Rating Realty").await;
    let t = w.hub.find_template(org, "listing-description-writer").await.unwrap();
    let slack = w.integration(org, "Team Slack", IntegrationProvider::Slack).await;
    w.script("listing-description-writer");
    let err = w.hub.rate_template(org, t.card.id, 4).await.unwrap_err();
    assert!(err.message.contains("once a workflow deployed from it has run successfully"), "{}", err.message);
    let choices = w.choices(&t.file, &BTreeMap::from([("slack".to_string(), slack.id)]));
    let deployed = w.hub.deploy_template(org, t.card.id, DeployRequest { name: None, choices }).await.unwrap();
    assert!(w.hub.rate_template(org, t.card.id, 4).await.is_err(), "deployed is not enough: it must have run");
    let run = w.hub.template_test_run(org, deployed.workflow.id, RunOptions::default()).await.unwrap();
    assert_eq!(run.finish().await.unwrap().status, ExecutionStatus::Completed);
    assert!(w.hub.rate_template(org, t.card.id, 0).await.is_err(), "zero stars are refused");
    w.hub.rate_template(org, t.card.id, 4).await.unwrap();
    let card = w.hub.rate_template(org, t.card.id, 2).await.unwrap();
    assert_eq!((card.rating.sum, card.rating.count), (2, 1), "rating again replaces the organization's rating");
    let detail = w.hub.template_detail(org, t.card.id).await.unwrap();
    assert_eq!((detail.can_rate, detail.my_rating, detail.deployments.len()), (true, Some(2), 1));
}

#[tokio::test]
async fn a_newer_version_is_offered_with_its_difference_and_can_be_taken() {
    let w = world().await;
    let org = w.org("Update Realty").await;
    let builtin = w.hub.find_template(org, "listing-description-writer").await.unwrap();
    let mut v1 = builtin.file.clone();
    v1.slug = "our-listing-writer".into();
    v1.version = "1.0.0".into();
    let imported = w.hub.import_template(org, &neuroflow_templates::write_template(&v1)).await.unwrap();
    assert_eq!(imported.card.source, TemplateSource::Imported);
    let slack = w.integration(org, "Team Slack", IntegrationProvider::Slack).await;
    let choices = w.choices(&v1, &BTreeMap::from([("slack".to_string(), slack.id)]));
    let deployed = w.hub.deploy_template(org, imported.card.id, DeployRequest { name: None, choices }).await.unwrap();
    let wf = deployed.workflow.id;
    assert_eq!(w.hub.template_update(org, wf).await.unwrap(), None);

    let mut v2 = v1.clone();
    v2.version = "1.1.0".into();
    let node = v2.document.nodes.iter_mut().find(|n| n.node_type == "aiAgent").unwrap();
    node.data.insert("label".into(), json!("Write the listing copy (v2)"));
    v2.requires.variables.push(RequiredVariable {
        name: "brokerageLicense".into(),
        description: "The brokerage's license number, printed under the copy".into(),
        example: json!("RE-123"),
        required: true,
    });
    v2.document.variables.insert("brokerageLicense".into(), json!("RE-123"));
    let prompt = node_prompt(&mut v2);
    prompt.push_str(" License: {{ vars.brokerageLicense }}.");
    let older = w.hub.import_template(org, &neuroflow_templates::write_template(&v1)).await.unwrap_err();
    assert_eq!(older.code, ErrorCode::Conflict, "the same version again is refused: {}", older.message);
    w.hub.import_template(org, &neuroflow_templates::write_template(&v2)).await.unwrap();

    let origin = w.hub.workflow_template(org, wf).await.unwrap().unwrap();
    assert_eq!(origin.update_available.as_deref(), Some("1.1.0"));
    let update = w.hub.template_update(org, wf).await.unwrap().expect("an update");
    assert_eq!((update.from_version.as_str(), update.to_version.as_str()), ("1.0.0", "1.1.0"));
    assert!(!update.diff.nodes.is_empty(), "the changed step shows in the difference");
    assert_eq!(update.missing.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(), ["brokerageLicense"]);
    let refused = w.hub.take_template_update(org, wf, TemplateChoices::default()).await.unwrap_err();
    assert!(refused.message.contains("the variable 'brokerageLicense'"), "{}", refused.message);
    let mut extra = TemplateChoices::default();
    extra.variables.insert("brokerageLicense".into(), json!("RE-98765"));
    let taken = w.hub.take_template_update(org, wf, extra).await.unwrap();
    assert_eq!(taken.workflow.version, 2, "the update is the workflow's next version");
    assert_eq!(taken.workflow.variables["brokerageLicense"], json!("RE-98765"));
    let label = taken.workflow.nodes.iter().find(|n| n.node_type == "aiAgent").unwrap().label().to_string();
    assert_eq!(label, "Write the listing copy (v2)");
    let origin = w.hub.workflow_template(org, wf).await.unwrap().unwrap();
    assert_eq!((origin.version.as_str(), origin.update_available), ("1.1.0", None));
}

fn node_prompt(file: &mut TemplateFile) -> &mut String {
    let node = file.document.nodes.iter_mut().find(|n| n.node_type == "aiAgent").unwrap();
    match node.data.get_mut("prompt") {
        Some(serde_json::Value::String(s)) => s,
        _ => panic!("an AI step has a prompt"),
    }
}

#[tokio::test]
async fn publishing_strips_secrets_ids_and_personal_data_and_the_file_deploys_elsewhere() {
    let w = world().await;
    let org = w.org("Publisher Realty").await;
    let slack = w.integration(org, "Team Slack", IntegrationProvider::Slack).await;
    let crm = w.integration(org, "Our CRM", IntegrationProvider::Http).await;
    let agent = w
        .hub
        .create_agent(
            org,
            NewAgent {
                name: "Lead writer".into(),
                description: "Writes to leads; escalates to dana.brooks@harbor.example".into(),
                model_config: ModelConfig {
                    provider: "openai".into(),
                    model: "gpt-4o-mini".into(),
                    ..Default::default()
                },
                memory: MemoryConfig { window_turns: 0, pinned_notes: vec!["Dana's cell is +1 207 555 0199".into()] },
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let secret = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";
    let doc = json!({
        "format": 1, "name": "Our hot-lead alert", "variables": {"crmUrl": "https://crm.harbor.example/api?token=abc123secret", "threshold": 70, "office": "Harbor Realty"},
        "nodes": [
            {"id": "in", "type": "trigger", "position": {"x": 0, "y": 0}, "data": {"label": "Lead", "trigger": {"kind": "manual"}}},
            {"id": "write", "type": "aiAgent", "position": {"x": 200, "y": 0}, "data": {"label": "Write", "agentId": agent.id.to_string(),
                "prompt": "Greet {{ input.name }} for {{ vars.office }}. Our line: +1 (207) 555-0123."}},
            {"id": "vip", "type": "condition", "position": {"x": 400, "y": 0}, "data": {"label": "VIP?", "expression": "input.email == 'ceo@bigclient.example'"}},
            {"id": "crm", "type": "integration", "position": {"x": 600, "y": 0}, "data": {"label": "Record", "integrationId": crm.id.to_string(),
                "action": "http.request", "params": {"method": "POST", "url": "{{ vars.crmUrl }}/leads",
                "headers": {"Authorization": format!("Bearer {secret}"), "X-Api-Key": "plain-looking-key"}, "body": {"score": "{{ vars.threshold }}"}}}},
            {"id": "tell", "type": "integration", "position": {"x": 800, "y": 0}, "data": {"label": "Tell Dana", "integrationId": slack.id.to_string(),
                "action": "slack.postMessage", "params": {"channel": "#leads", "text": "New lead for dana.brooks@harbor.example ({{ nodes.write.output.text }})"}}}
        ],
        "edges": [{"id": "a", "source": "in", "target": "write"}, {"id": "b", "source": "write", "target": "vip"},
                  {"id": "c", "source": "vip", "sourceHandle": "true", "target": "crm"}, {"id": "d", "source": "crm", "target": "tell"}]
    });
    let saved = w.hub.import_workflow(org, &doc.to_string()).await.unwrap().workflow;
    let request = PublishRequest {
        name: Some("Hot-lead alert".into()),
        description: Some("Writes to a new lead, records VIPs and tells the team.".into()),
        category: TemplateCategory::Sales,
        difficulty: DifficultyLevel::Beginner,
        setup_minutes: None,
        tags: vec!["Leads".into(), "slack".into()],
        icon: None,
        keep_values: vec!["crmUrl".into()],
    };
    let published = w.hub.publish_template(org, saved.id, request.clone()).await.unwrap();
    let t = &published.template;
    assert_eq!(
        (t.card.source, t.card.version.as_str(), t.card.slug.as_str()),
        (TemplateSource::Private, "1.0.0", "hot-lead-alert")
    );
    let text = w.hub.export_template(org, t.card.id).await.unwrap();
    for leak in [
        secret,
        "plain-looking-key",
        "abc123secret",
        "dana.brooks@harbor.example",
        "ceo@bigclient.example",
        "555-0123",
        "555 0199",
        &slack.id.to_string(),
        &crm.id.to_string(),
        &agent.id.to_string(),
        &org.to_string(),
        "Harbor Realty",
    ] {
        assert!(!text.contains(leak), "the exported template still holds '{leak}':\n{text}");
    }
    let r = &t.file.requires;
    assert_eq!(
        r.integrations.iter().map(|i| (i.key.as_str(), i.provider)).collect::<Vec<_>>(),
        [("http", IntegrationProvider::Http), ("slack", IntegrationProvider::Slack)]
    );
    assert_eq!(r.agents[0].role, "Lead writer");
    assert!(r.agents[0].suggested.memory.as_ref().unwrap().pinned_notes.is_empty(), "pinned notes are left out");
    let names: Vec<&str> = r.variables.iter().map(|v| v.name.as_str()).collect();
    assert!(
        names.contains(&"contactEmail") && names.contains(&"phoneNumber") && names.contains(&"secretValue"),
        "{names:?}"
    );
    assert_eq!(t.file.document.variables["threshold"], json!(70), "numbers are kept");
    assert_eq!(t.file.document.variables["office"], json!(""), "text values are left out unless kept");
    assert_eq!(
        t.file.document.variables["crmUrl"],
        json!("https://crm.harbor.example/api[removed]"),
        "a kept value loses its secret"
    );
    assert!(published.notes.iter().any(|n| n.contains("'office' was left out")), "{:?}", published.notes);
    assert!(neuroflow_templates::errors(&t.file, neuroflow_integrations::actions::catalog()).is_empty());
    assert_eq!(t.card.tags, ["leads", "slack"]);

    let again = w.hub.publish_template(org, saved.id, request).await.unwrap();
    assert_eq!(
        (again.template.card.id, again.template.card.version.as_str()),
        (t.card.id, "1.1.0"),
        "republishing makes the next version"
    );

    let other = w.org("Elsewhere Realty").await;
    let imported = w.hub.import_template(other, &text).await.unwrap();
    assert_eq!(imported.card.source, TemplateSource::Imported);
    let their_slack = w.integration(other, "Slack", IntegrationProvider::Slack).await;
    let their_crm = w.integration(other, "CRM", IntegrationProvider::Http).await;
    let mut choices =
        w.choices(&imported.file, &BTreeMap::from([("slack".into(), their_slack.id), ("http".into(), their_crm.id)]));
    choices.variables.insert("crmUrl".into(), json!(w.services.api("crm")));
    choices.variables.insert("office".into(), json!("Elsewhere Realty"));
    choices.variables.insert("secretValue".into(), json!("their-own-token"));
    choices.variables.insert("secretValue2".into(), json!("their-own-key"));
    let deployed = w.hub.deploy_template(other, imported.card.id, DeployRequest { name: None, choices }).await.unwrap();
    assert_eq!(deployed.created_agents[0].name, "Lead writer");
    w.services.answer(vec![neuroflow_testkit::Answer::json("POST", "crm", "/leads", json!({"ok": true}))]);
    let input = json!({"name": "Ada", "email": "name@example.com"});
    let options = RunOptions { input, max_delay: Some(Duration::ZERO), ..RunOptions::default() };
    let run = w.hub.run_workflow(other, deployed.workflow.id, options).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
}

#[tokio::test]
async fn imports_are_checked_whole_and_never_replace_a_built_in() {
    let w = world().await;
    let org = w.org("Import Realty").await;
    let err = w.hub.import_template(org, "{\"template\": 1, \"slug\": \"x\"}").await.unwrap_err();
    assert!(err.message.starts_with("the template file cannot be read: "), "{}", err.message);
    let builtin = neuroflow_templates::library().templates[0].clone();
    let same = w.hub.import_template(org, &neuroflow_templates::write_template(&builtin)).await.unwrap_err();
    assert_eq!(same.code, ErrorCode::Conflict);
    assert!(same.message.contains("built-in library already has"), "{}", same.message);
    let mut broken = builtin.clone();
    broken.slug = "broken-copy".into();
    broken.requires.variables.clear();
    let err = w.hub.import_template(org, &neuroflow_templates::write_template(&broken)).await.unwrap_err();
    assert!(err.message.contains("which is not declared"), "{}", err.message);
    assert!(w.hub.find_template(org, "broken-copy").await.is_err(), "nothing was written");
}
