//! Hostile templates: a file from elsewhere, or a workflow about to be shared, that tries to be too
//! big, too deep, to carry a secret, or to have its text evaluated where it should be data. Each is
//! refused whole with the field named and nothing written, or, for text, deployed and run with the
//! text arriving as the literal characters typed.

use crate::template_world;

use neuroflow_app::{PublishRequest, RunOptions};
use neuroflow_types::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use template_world::world;

const SECRET: &str = "sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

/// A small template that is fine as it is: a manual trigger, then one POST to an API whose body
/// carries a variable, the run's input and a placeholder written as plain text.
fn echo_template() -> Value {
    json!({
        "template": 1, "slug": "echo-note", "version": "1.0.0", "name": "Echo a note",
        "description": "Posts the note it is given to an API.", "category": "AUTOMATION", "difficulty": "BEGINNER",
        "setupMinutes": 5, "icon": "bolt", "tags": ["echo"],
        "requires": {
            "app": ">=0.1.0", "format": 1,
            "integrations": [{"key": "api", "provider": "HTTP", "purpose": "receives the note"}],
            "agents": [], "teams": [],
            "variables": [
                {"name": "apiUrl", "description": "Where the API is", "example": "https://api.example.com", "required": true},
                {"name": "greeting", "description": "Said before the note", "example": "Hello", "required": false}
            ]
        },
        "sampleInput": {"note": "The sellers accepted."},
        "estimate": {"tokensPerRun": 0, "usdPerRun": 0.0, "note": "no AI step"},
        "compliance": {"fairHousing": false, "textsPeople": false, "consentField": null},
        "document": {
            "format": 1, "name": "Echo a note", "variables": {"apiUrl": "https://api.example.com", "greeting": "Hello"},
            "nodes": [
                {"id": "start", "type": "trigger", "position": {"x": 0, "y": 0}, "data": {"label": "A note", "trigger": {"kind": "manual"}}},
                {"id": "post", "type": "integration", "position": {"x": 260, "y": 0}, "data": {"label": "Post it",
                    "integrationId": "$integration:api", "action": "http.request",
                    "params": {"method": "POST", "url": "{{ vars.apiUrl }}/echo",
                        "body": {"greeting": "{{ vars.greeting }}", "note": "{{ input.note }}", "raw": "$integration:api"}}}}
            ],
            "edges": [{"id": "e1", "source": "start", "target": "post"}]
        }
    })
}

#[tokio::test]
async fn hostile_files_are_refused_whole_on_import_naming_the_field_and_nothing_is_written() {
    let w = world().await;
    let org = w.org("Careful Realty").await;
    let base = echo_template();
    let import = |v: &Value| v.to_string();
    let refused = |text: String| {
        let hub = w.hub.clone();
        async move { hub.import_template(org, &text).await.expect_err("a hostile file is refused") }
    };

    // Huge: refused by its size before it is parsed.
    let mut huge = base.clone();
    huge["sampleInput"]["note"] = json!("x".repeat(9 * 1024 * 1024));
    let err = refused(import(&huge)).await;
    assert!(err.message.contains("a template file may be at most 8388608 bytes"), "{}", err.message);

    // Deeply nested: ten thousand brackets end in a refusal, not in a stack overflow.
    let deep = import(&base).replacen(
        "\"The sellers accepted.\"",
        &format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)),
        1,
    );
    let err = refused(deep).await;
    assert!(err.message.contains("recursion limit exceeded"), "{}", err.message);

    // Secrets, anywhere: a step's header, the description, even a key's name. Named, never echoed.
    let mut leaky = base.clone();
    leaky["description"] = json!(format!("Posts notes. Our key: {SECRET}"));
    leaky["document"]["nodes"][1]["data"]["params"]["headers"] =
        json!({"Authorization": "Bearer 9f8e7d6c5b4a3928170", "X-Trace": "ok"});
    leaky["sampleInput"]["ghp_0123456789abcdefghijABCDEFGHIJ"] = json!(1);
    let err = refused(import(&leaky)).await;
    for field in [
        "description: holds what looks like a secret",
        "document.nodes[1].data.params.headers.Authorization: holds what looks like a secret",
        "sampleInput.ghp_",
    ] {
        assert!(err.message.contains(field), "'{field}' missing from: {}", err.message);
    }
    for secret in [SECRET, "9f8e7d6c5b4a3928170", "ghp_0123456789"] {
        assert!(!err.message.contains(secret), "'{secret}' echoed in: {}", err.message);
    }

    // Another organization's id where a placeholder belongs.
    let mut foreign = base.clone();
    foreign["document"]["nodes"][1]["data"]["integrationId"] = json!(IntegrationId::new().to_string());
    let err = refused(import(&foreign)).await;
    assert!(err.message.contains("holds an organization's id"), "{}", err.message);

    // An expression built to exhaust the parser: refused by its shape, naming the step.
    let mut nested = base.clone();
    let bomb = format!("{{{{ {}1{} }}}}", "(".repeat(200), ")".repeat(200));
    nested["document"]["nodes"][1]["data"]["params"]["body"]["note"] = json!(bomb);
    let err = refused(import(&nested)).await;
    assert!(err.message.contains("node 'post' data.params.body.note"), "the step is named: {}", err.message);

    let mine = TemplateQuery { source: Some(TemplateSource::Imported), ..Default::default() };
    assert_eq!(w.hub.search_templates(org, mine.clone()).await.unwrap().page.total, 0, "nothing was written");
    w.hub.import_template(org, &import(&base)).await.expect("the same file, clean, imports");
    assert_eq!(w.hub.search_templates(org, mine).await.unwrap().page.total, 1);
}

#[tokio::test]
async fn template_text_is_data_never_evaluated_and_placeholders_fill_only_id_fields() {
    let w = world().await;
    let org = w.org("Literal Realty").await;
    let mut file = echo_template();
    file["name"] = json!("Echo {{ 7 * 7 }}");
    file["document"]["name"] = json!("Echo {{ 7 * 7 }}");
    let imported = w.hub.import_template(org, &file.to_string()).await.unwrap();
    let api = w.integration(org, "Echo API", IntegrationProvider::Http).await;
    let mut choices = w.choices(&imported.file, &BTreeMap::from([("api".to_string(), api.id)]));
    let payload = "{{ 6 * 7 }}{% include '/etc/passwd' %}{{ ''.__class__.__mro__ }}{{ env }}";
    choices.variables.insert("apiUrl".into(), json!(w.services.api("echo")));
    choices.variables.insert("greeting".into(), json!(payload));
    let deployed = w.hub.deploy_template(org, imported.card.id, DeployRequest { name: None, choices }).await.unwrap();
    assert_eq!(deployed.workflow.name, "Echo {{ 7 * 7 }}", "a template's name is text");
    w.services.answer(vec![neuroflow_testkit::Answer::json("POST", "echo", "/echo", json!({"ok": true}))]);
    let input = json!({"note": "{{ 5 * 5 }} {% for x in range(99999999) %}x{% endfor %}"});
    let run =
        w.hub.run_workflow(org, deployed.workflow.id, RunOptions { input, ..RunOptions::default() }).await.unwrap();
    assert_eq!(run.status, ExecutionStatus::Completed, "{:?}", run.error);
    let calls = w.services.calls();
    let call = calls.iter().find(|c| c.service == "api").expect("the API was called");
    assert_eq!(call.body["greeting"], json!(payload), "a variable's value is sent as typed");
    assert_eq!(call.body["note"], json!("{{ 5 * 5 }} {% for x in range(99999999) %}x{% endfor %}"));
    assert_eq!(call.body["raw"], json!("$integration:api"), "only id fields take the chosen id");
    assert!(!call.body.to_string().contains(&api.id.to_string()), "the integration's id stays out of the data");
    assert!(call.authorized, "the id field itself was filled");
}

#[tokio::test]
async fn publishing_refuses_a_secret_it_cannot_strip_and_a_workflow_too_big_or_deep_to_import() {
    let w = world().await;
    let org = w.org("Sharing Realty").await;
    let request = |description: &str| PublishRequest {
        name: None,
        description: Some(description.into()),
        category: TemplateCategory::Automation,
        difficulty: DifficultyLevel::Beginner,
        setup_minutes: None,
        tags: vec![],
        icon: None,
        keep_values: vec![],
    };
    let doc = |name: &str, extra: Value| {
        json!({"format": 1, "name": name, "nodes": [
            {"id": "start", "type": "trigger", "position": {"x": 0, "y": 0}, "data": {"label": "Start", "trigger": {"kind": "manual"}}},
            extra
        ], "edges": []})
        .to_string()
    };
    let note = |text: Value| json!({"id": "n", "type": "note", "position": {"x": 0, "y": 200}, "data": {"text": text, "extra": "NEST"}});

    // A secret in what the person types about the template is refused, named and not echoed.
    let small = w.hub.import_workflow(org, &doc("Small", note(json!("hi")))).await.unwrap().workflow;
    let err = w.hub.publish_template(org, small.id, request(&format!("Uses {SECRET}"))).await.unwrap_err();
    assert!(err.message.contains("description: holds what looks like a secret"), "{}", err.message);
    assert!(!err.message.contains(SECRET), "{}", err.message);

    // Too big: a workflow within the document limit (16 MiB) but over a template file's (8 MiB).
    let nodes: Vec<Value> = (0..150)
        .map(|i| json!({"id": format!("n{i}"), "type": "note", "position": {"x": 0, "y": 100 * i}, "data": {"text": "Open house notes. ".repeat(3500)}}))
        .collect();
    let mut big: Value = serde_json::from_str(&doc("Big", note(json!("")))).unwrap();
    big["nodes"].as_array_mut().unwrap().extend(nodes);
    let big = w.hub.import_workflow(org, &big.to_string()).await.unwrap().workflow;
    let err = w.hub.publish_template(org, big.id, request("Big notes")).await.unwrap_err();
    assert!(err.message.contains("could not be imported anywhere"), "{}", err.message);
    assert!(err.message.contains("at most 8388608 bytes"), "{}", err.message);

    // Deep: whatever nesting a workflow may have, publishing either refuses it or makes a file
    // that imports elsewhere — never a template nobody can read.
    let elsewhere = w.org("Elsewhere Realty").await;
    let (mut refused, mut stored) = (0, 0);
    for depth in 118..=127 {
        let nest = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let text = doc(&format!("Deep {depth}"), note(json!("deep"))).replacen("\"NEST\"", &nest, 1);
        let Ok(saved) = w.hub.import_workflow(org, &text).await else { continue };
        match w.hub.publish_template(org, saved.workflow.id, request("Deep")).await {
            Ok(published) => {
                let file = w.hub.export_template(org, published.template.card.id).await.unwrap();
                w.hub
                    .import_template(elsewhere, &file)
                    .await
                    .unwrap_or_else(|e| panic!("depth {depth}: {}", e.message));
                stored += 1;
            }
            Err(e) => {
                assert!(e.message.contains("could not be imported anywhere"), "depth {depth}: {}", e.message);
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "some depth a workflow accepts is too deep for a template");
    let mine = TemplateQuery { source: Some(TemplateSource::Private), ..Default::default() };
    assert_eq!(w.hub.search_templates(org, mine).await.unwrap().page.total, stored, "the refused ones were not stored");
}

#[tokio::test]
async fn a_stored_template_holding_a_secret_is_not_exported() {
    let w = world().await;
    let org = w.org("Old Realty").await;
    let imported = w.hub.import_template(org, &echo_template().to_string()).await.unwrap();
    assert!(w.hub.export_template(org, imported.card.id).await.is_ok());
    // As a template stored before secrets were refused might be.
    let db = neuroflow_store::Layout::new(w._dir.path().join("data")).org_db(org);
    let conn = neuroflow_store::open_connection(&db).unwrap();
    let leaky = format!("Posts notes with Bearer {SECRET}");
    let changed = conn
        .execute(
            "UPDATE workflow_templates SET manifest = json_set(manifest, '$.description', ?1) WHERE slug = 'echo-note'",
            [&leaky],
        )
        .unwrap();
    assert_eq!(changed, 1);
    let err = w.hub.export_template(org, imported.card.id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("'Echo a note' is not exported: description: holds what looks like a secret"),
        "{}",
        err.message
    );
    assert!(!err.message.contains(SECRET), "{}", err.message);
}
