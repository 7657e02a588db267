//! The built-in library: every shipped template reads, passes every check with no warning, can be
//! deployed by this app, and round-trips through the writer; the library covers every category and
//! difficulty. A reader's errors name the field, line and column.

use neuroflow_templates::{ReadError, Severity, check, compatibility, library, read_template, write_template};
use neuroflow_types::{DifficultyLevel, TemplateCategory};
use std::collections::BTreeSet;

fn actions() -> &'static [neuroflow_types::ActionSpec] {
    neuroflow_integrations::actions::catalog()
}

#[test]
fn every_built_in_template_reads_and_passes_every_check() {
    let lib = library();
    assert!(lib.unreadable.is_empty(), "unreadable templates: {:#?}", lib.unreadable);
    assert!(lib.templates.len() >= 18, "at least 18 templates ship (found {})", lib.templates.len());
    let mut problems = Vec::new();
    for t in &lib.templates {
        for p in check(t, actions()) {
            let kind = if p.severity == Severity::Error { "error" } else { "warning" };
            problems.push(format!("{}: {kind}: {p}", t.slug));
        }
        if let Some(why) = compatibility(t) {
            problems.push(format!("{}: this app cannot deploy it: {why}", t.slug));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_library_covers_every_category_and_difficulty() {
    let lib = library();
    let slugs: BTreeSet<&str> = lib.templates.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs.len(), lib.templates.len(), "slugs are unique");
    for c in TemplateCategory::ALL {
        assert!(lib.templates.iter().any(|t| t.category == *c), "no template in {c}");
    }
    for d in DifficultyLevel::ALL {
        assert!(lib.templates.iter().any(|t| t.difficulty == *d), "no template is {d}");
    }
    assert!(lib.templates.iter().any(|t| t.featured), "some templates are featured");
}

#[test]
fn a_template_round_trips_through_the_writer() {
    for t in &library().templates {
        assert_eq!(&read_template(&write_template(t)).unwrap(), t, "{} changed on the way", t.slug);
    }
}

#[test]
fn reading_names_what_is_wrong_and_where() {
    let text = write_template(&library().templates[0]);
    let typo = text.replacen("\"setupMinutes\"", "\"setupMinuets\"", 1);
    match read_template(&typo).unwrap_err() {
        ReadError::Field { path, message, line, .. } => {
            assert!(message.contains("setupMinuets"), "{message}");
            assert_eq!(path, "setupMinuets", "the path names the field");
            assert!(line > 1);
        }
        other => panic!("expected a field error, got {other}"),
    }
    let wrong = text.replacen("\"category\": \"", "\"category\": \"X", 1);
    let err = read_template(&wrong).unwrap_err().to_string();
    assert!(err.starts_with("category: unknown variant"), "{err}");
    let newer = text.replacen("\"template\": 1", "\"template\": 2", 1);
    assert!(read_template(&newer).unwrap_err().to_string().contains("update NeuroFlow Hub"));
    assert_eq!(read_template("{\"nodes\": []}").unwrap_err(), ReadError::NotATemplate);
    assert!(matches!(read_template("{nope").unwrap_err(), ReadError::NotJson(_)));
}

#[test]
fn a_template_for_a_newer_app_is_named_not_deployed() {
    let mut t = library().templates[0].clone();
    t.requires.app = ">=99.0.0".into();
    assert!(compatibility(&t).unwrap().contains("needs NeuroFlow Hub >=99.0.0"));
    t.requires.app = ">=0.1.0".into();
    t.requires.format = 7;
    assert!(compatibility(&t).unwrap().contains("needs workflow format 7"));
}

#[test]
fn checks_catch_what_deploy_would_trip_on() {
    let mut t = library().templates.iter().find(|t| t.slug == "speed-to-lead").unwrap().clone();
    t.requires.integrations.retain(|i| i.key != "slack");
    t.requires.variables.retain(|v| v.name != "leadsChannel");
    let node = t.document.nodes.iter_mut().find(|n| n.node_type == "aiAgent").unwrap();
    node.data.insert("agentId".into(), "0193a1b2-0000-7000-8000-000000000000".into());
    let problems: Vec<String> = check(&t, actions()).iter().map(|p| p.to_string()).collect();
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(has("'slack' is not declared in requires.integrations"), "{problems:#?}");
    assert!(has("the document reads vars.leadsChannel, which is not declared"), "{problems:#?}");
    assert!(has("holds an organization's id"), "{problems:#?}");
    assert!(has("requires.agents: 'qualifier' is declared but no step uses it"), "{problems:#?}");
}
