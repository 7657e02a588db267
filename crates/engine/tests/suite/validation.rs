//! Every validation rule of workflow-format.md, on small documents.

use neuroflow_engine::{parse_document, validate};
use neuroflow_types::{ValidationIssue, ValidationReport};
use serde_json::{Value, json};

fn check(doc: Value) -> ValidationReport {
    validate(
        &parse_document(&doc.to_string()).expect("the test document parses"),
        neuroflow_integrations::actions::catalog(),
    )
}

fn doc(nodes: Value, edges: Value) -> Value {
    json!({"format": 1, "name": "t", "nodes": nodes, "edges": edges})
}

fn trigger(id: &str) -> Value {
    json!({"id": id, "type": "trigger", "position": {"x": 0, "y": 0}, "data": {"label": id, "trigger": {"kind": "manual"}}})
}

fn transform(id: &str, output: Value) -> Value {
    json!({"id": id, "type": "transform", "position": {"x": 0, "y": 0}, "data": {"output": output}})
}

fn edge(id: &str, s: &str, t: &str) -> Value {
    json!({"id": id, "source": s, "target": t})
}

fn has(issues: &[ValidationIssue], node: Option<&str>, edge: Option<&str>, field: &str, text: &str) -> bool {
    issues.iter().any(|i| {
        i.node_id.as_deref() == node && i.edge_id.as_deref() == edge && i.field == field && i.message.contains(text)
    })
}

#[track_caller]
fn assert_error(r: &ValidationReport, node: Option<&str>, edge: Option<&str>, field: &str, text: &str) {
    assert!(
        has(&r.errors, node, edge, field, text),
        "expected error {node:?}/{edge:?} {field} ~ {text:?} in {:#?}",
        r.errors
    );
}

#[test]
fn the_example_of_the_format_is_valid() {
    let r = check(json!({
      "format": 1, "name": "New lead follow-up", "tags": ["leads"], "variables": {"threshold": 80},
      "nodes": [
        {"id": "start", "type": "trigger", "position": {"x": 0, "y": 0}, "data": {"label": "New lead", "trigger": {"kind": "manual"}}},
        {"id": "hot", "type": "condition", "position": {"x": 250, "y": 0}, "data": {"label": "Hot lead?", "expression": "input.score >= vars.threshold"}},
        {"id": "draft", "type": "aiAgent", "position": {"x": 500, "y": -80}, "data": {"label": "Draft reply", "agentId": "a1", "prompt": "Write a two-line reply to {{ input.name }} about {{ input.listing }}."}},
        {"id": "notify", "type": "integration", "position": {"x": 750, "y": -80}, "data": {"label": "Tell the team", "integrationId": "i1", "action": "slack.postMessage", "params": {"channel": "#leads", "text": "{{ nodes.draft.output.text }}"}}},
        {"id": "cold", "type": "transform", "position": {"x": 500, "y": 80}, "data": {"label": "Archive", "output": {"name": "{{ input.name }}", "status": "nurture"}}}
      ],
      "edges": [
        {"id": "e1", "source": "start", "target": "hot"},
        {"id": "e2", "source": "hot", "sourceHandle": "true", "target": "draft"},
        {"id": "e3", "source": "draft", "target": "notify"},
        {"id": "e4", "source": "hot", "sourceHandle": "false", "target": "cold"}
      ]
    }));
    assert_eq!(r, ValidationReport::default());
}

#[test]
fn ids_must_be_unique_and_edges_must_join_existing_nodes() {
    let r = check(doc(
        json!([trigger("a"), transform("b", json!(1)), transform("b", json!(2))]),
        json!([edge("e1", "a", "b"), edge("e1", "a", "ghost"), edge("e3", "nowhere", "b")]),
    ));
    assert_error(&r, Some("b"), None, "id", "more than one node");
    assert_error(&r, None, Some("e1"), "id", "more than one edge");
    assert_error(&r, None, Some("e1"), "target", "node 'ghost' does not exist");
    assert_error(&r, None, Some("e3"), "source", "node 'nowhere' does not exist");
}

#[test]
fn a_workflow_needs_a_trigger_and_nothing_flows_into_one() {
    let r = check(doc(json!([transform("a", json!(1))]), json!([])));
    assert_error(&r, None, None, "nodes", "at least one trigger");
    let r = check(doc(
        json!([trigger("t"), transform("a", json!(1)), trigger("t2")]),
        json!([edge("e1", "t", "a"), edge("e2", "a", "t2")]),
    ));
    assert_error(&r, None, Some("e2"), "target", "trigger 't2' cannot have incoming edges");
    let r = check(doc(json!([]), json!([])));
    assert_error(&r, None, None, "nodes", "no nodes");
}

#[test]
fn a_cycle_is_named_by_the_nodes_on_it() {
    let r = check(doc(
        json!([
            trigger("t"),
            transform("a", json!(1)),
            transform("b", json!(1)),
            transform("c", json!(1)),
            transform("d", json!(1))
        ]),
        json!([
            edge("e1", "t", "a"),
            edge("e2", "a", "b"),
            edge("e3", "b", "c"),
            edge("e4", "c", "a"),
            edge("e5", "c", "d")
        ]),
    ));
    let cycle = r.errors.iter().find(|i| i.message.starts_with("cycle")).expect("a cycle error");
    assert_eq!(cycle.message, "cycle: a → b → c → a (a workflow must not loop back; nodes on the cycle: a, b, c)");
    assert_eq!(cycle.node_id.as_deref(), Some("a"));
    assert_eq!(r.errors.len(), 1, "d, downstream of the cycle, is not itself reported: {:#?}", r.errors);

    let self_loop = check(doc(
        json!([trigger("t"), transform("a", json!(1))]),
        json!([edge("e1", "t", "a"), edge("e2", "a", "a")]),
    ));
    assert_error(&self_loop, Some("a"), None, "edges", "cycle: a → a");
}

#[test]
fn condition_edges_carry_true_false_or_error_with_branch() {
    let cond = |on_error: Option<&str>| {
        let mut c = json!({"id": "c", "type": "condition", "data": {"expression": "input.x > 1"}});
        if let Some(o) = on_error {
            c["data"]["onError"] = json!(o);
        }
        c
    };
    let edges = json!([
        edge("e1", "t", "c"),
        {"id": "e2", "source": "c", "sourceHandle": "true", "target": "a"},
        {"id": "e3", "source": "c", "target": "b"},
        {"id": "e4", "source": "c", "sourceHandle": "error", "target": "b"}
    ]);
    let r = check(doc(
        json!([trigger("t"), cond(None), transform("a", json!(1)), transform("b", json!(1))]),
        edges.clone(),
    ));
    assert_error(&r, None, Some("e3"), "sourceHandle", "\"true\" or \"false\"");
    assert_error(&r, None, Some("e4"), "sourceHandle", "\"true\" or \"false\"");
    assert!(!has(&r.errors, None, Some("e2"), "sourceHandle", ""));

    let r = check(doc(
        json!([trigger("t"), cond(Some("branch")), transform("a", json!(1)), transform("b", json!(1))]),
        edges,
    ));
    assert!(!has(&r.errors, None, Some("e4"), "sourceHandle", ""), "error is allowed with branch: {:#?}", r.errors);
    assert_error(&r, None, Some("e3"), "sourceHandle", "(or \"error\")");

    let r = check(doc(
        json!([trigger("t"), transform("a", json!(1)), transform("b", json!(1))]),
        json!([edge("e1", "t", "a"), {"id": "e2", "source": "a", "sourceHandle": "error", "target": "b"}]),
    ));
    assert_error(&r, None, Some("e2"), "sourceHandle", "needs onError: \"branch\" on node 'a'");
}

#[test]
fn each_node_type_needs_its_data() {
    let nodes = json!([
        trigger("t"),
        {"id": "agent", "type": "aiAgent", "data": {"prompt": "hi"}},
        {"id": "team", "type": "agentTeam", "data": {"teamId": "x"}},
        {"id": "slack", "type": "integration", "data": {"action": "slack.postMessage", "params": {}}},
        {"id": "http", "type": "integration", "data": {"action": "http.request", "params": {"method": "FETCH"}}},
        {"id": "odd", "type": "integration", "data": {"action": "fax.send"}},
        {"id": "cond", "type": "condition", "data": {}},
        {"id": "tr", "type": "transform", "data": {}},
        {"id": "wait", "type": "delay", "data": {"ms": "soon"}},
        {"id": "sub", "type": "subWorkflow", "data": {"input": {}, "concurrency": 0}},
        {"id": "what", "type": "spreadsheet", "data": {}},
        {"id": "sched", "type": "trigger", "data": {"trigger": {"kind": "schedule", "cron": "every day"}}},
        {"id": "tz", "type": "trigger", "data": {"trigger": {"kind": "schedule", "cron": "0 9 * * 1-5", "timezone": "Mars/Olympus"}}},
        {"id": "hook", "type": "trigger", "data": {"trigger": {"kind": "webhook", "path": "new lead!"}}},
        {"id": "none", "type": "trigger", "data": {}}
    ]);
    let r = check(doc(nodes, json!([])));
    assert_error(&r, Some("agent"), None, "data.agentId", "is required");
    assert_error(&r, Some("team"), None, "data.task", "is required");
    assert_error(&r, Some("slack"), None, "data.integrationId", "is required");
    assert_error(&r, Some("http"), None, "data.params.url", "is required for http.request");
    assert_error(&r, Some("http"), None, "data.params.method", "must be one of GET");
    assert_error(&r, Some("odd"), None, "data.action", "unknown action 'fax.send'");
    assert_error(&r, Some("cond"), None, "data.expression", "is required");
    assert_error(&r, Some("tr"), None, "data.output", "is required");
    assert_error(&r, Some("wait"), None, "data.ms", "whole number of milliseconds");
    assert_error(&r, Some("sub"), None, "data.workflowId", "is required");
    assert_error(&r, Some("sub"), None, "data.concurrency", "from 1 to 64");
    assert_error(&r, Some("what"), None, "type", "unknown node type 'spreadsheet'");
    assert_error(&r, Some("sched"), None, "data.trigger.cron", "'every day' is not a valid cron expression");
    assert_error(&r, Some("tz"), None, "data.trigger.timezone", "'Mars/Olympus' is not a known time zone");
    assert_error(&r, Some("hook"), None, "data.trigger.path", "may use only letters");
    assert_error(&r, Some("none"), None, "data.trigger", "is required");
}

#[test]
fn every_expression_and_template_must_parse() {
    let nodes = json!([
        trigger("t"),
        {"id": "cond", "type": "condition", "data": {"expression": "input.score >="}},
        transform("tr", json!({"deep": ["ok", {"name": "{{ input.name "}]})),
        {"id": "agent", "type": "aiAgent", "data": {"agentId": "a", "prompt": "{% if %}"}},
        {"id": "http", "type": "integration", "data": {"action": "http.request", "params": {"url": "https://x/{{ }}"}}}
    ]);
    let r = check(doc(nodes, json!([edge("e1", "t", "cond")])));
    assert_error(&r, Some("cond"), None, "data.expression", "syntax error");
    assert_error(&r, Some("tr"), None, "data.output.deep[1].name", "syntax error");
    assert_error(&r, Some("agent"), None, "data.prompt", "syntax error");
    assert_error(&r, Some("http"), None, "data.params.url", "syntax error");
}

#[test]
fn retry_timeout_and_on_error_are_checked() {
    let mut a = transform("a", json!(1));
    a["data"]["retry"] = json!({"maxAttempts": 0});
    a["data"]["timeoutMs"] = json!(-5);
    a["data"]["onError"] = json!("ignore");
    let mut b = transform("b", json!(1));
    b["retry"] = json!({"maxAttempts": 3, "backoffMs": 10});
    b["onError"] = json!("continue");
    let r = check(doc(json!([trigger("t"), a, b]), json!([edge("e1", "t", "a"), edge("e2", "t", "b")])));
    assert_error(&r, Some("a"), None, "data.retry.maxAttempts", "from 1 to 100");
    assert_error(&r, Some("a"), None, "data.timeoutMs", "> 0");
    assert_error(&r, Some("a"), None, "data.onError", "\"fail\", \"continue\" or \"branch\"");
    assert!(
        !r.errors.iter().any(|i| i.node_id.as_deref() == Some("b")),
        "node-level settings are read too: {:#?}",
        r.errors
    );
}

#[test]
fn an_unreachable_node_is_a_warning_not_an_error() {
    let r = check(doc(
        json!([trigger("t"), transform("a", json!(1)), transform("island", json!(1))]),
        json!([edge("e1", "t", "a")]),
    ));
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].node_id.as_deref(), Some("island"));
    assert!(r.warnings[0].message.contains("no trigger reaches"));
}

#[test]
fn all_problems_are_reported_at_once() {
    let r = check(json!({"format": 1, "name": " ", "nodes": [
        {"id": "x", "type": "condition", "data": {}}, {"id": "y", "type": "delay", "data": {}}], "edges": [edge("e", "x", "zz")]}));
    assert!(r.errors.len() >= 5, "{:#?}", r.errors);
    assert_error(&r, None, None, "name", "is required");
}

#[test]
fn a_ten_thousand_node_chain_validates() {
    let mut nodes = vec![trigger("n0")];
    let mut edges = Vec::new();
    for i in 1..10_000 {
        nodes.push(transform(&format!("n{i}"), json!({"v": "{{ prev.v }}"})));
        edges.push(edge(&format!("e{i}"), &format!("n{}", i - 1), &format!("n{i}")));
    }
    let r = check(doc(Value::Array(nodes.clone()), Value::Array(edges.clone())));
    assert_eq!(r, ValidationReport::default());
    // Closing the chain into a loop is found and named, without overflowing the stack.
    edges.push(edge("back", "n9999", "n1"));
    let r = check(doc(Value::Array(nodes), Value::Array(edges)));
    assert_eq!(r.errors.len(), 1);
    assert!(r.errors[0].message.starts_with("cycle: n1 → n2 → n3"), "{}", &r.errors[0].message[..80]);
}
