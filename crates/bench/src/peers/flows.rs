//! The workflows measured, written once per server so that each does the same work and gives the
//! same answer to the same request (checked before any load, see `expected`).
//!
//! - `five`: Webhook → Set → IF → Code → Respond, answering `{ok, reply, tier}`. Ours is the
//!   benchmark's `five_nodes`; in Node-RED: http in → change → switch → function → change → http
//!   response (its answer needs an "http response" node of its own, so its Respond is two nodes).
//! - `set10`: Webhook → 10 Set nodes → answer, each setting `step` to its position.
//! - `code10`: Webhook → 10 Code nodes → answer, each adding one to `score`. Node-RED runs
//!   JavaScript in its function nodes; we have no code node, so ours are templated transforms
//!   (`{{ prev.score + 1 }}`), our way of computing a value.
//!
//! Each peer's nodes are written the way its users write them (one rule per Set, one line of
//! JavaScript per function), never made slower on purpose; where the idioms differ, ours does at
//! least as much (our Set builds a new object, Node-RED's sets one property).

use serde_json::{Value, json};

/// The request every server gets.
pub const BODY: &str = r#"{"name":"Ada","score":91}"#;

/// The measured workflows, in the order they are measured.
pub const ALL: [Flow; 3] = [Flow::Five, Flow::Set10, Flow::Code10];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flow {
    Five,
    Set10,
    Code10,
}

impl Flow {
    /// Its webhook path (after `/webhook/`), also its organization's name on our side.
    pub fn path(self) -> &'static str {
        match self {
            Flow::Five => "five",
            Flow::Set10 => "set10",
            Flow::Code10 => "code10",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Flow::Five => "5 nodes: webhook → set → if → code → respond",
            Flow::Set10 => "10-node chain of Set nodes",
            Flow::Code10 => "10-node chain of Code nodes",
        }
    }

    /// The answer each server must give to `BODY`.
    pub fn expected(self) -> Value {
        match self {
            Flow::Five => json!({ "ok": true, "reply": "Hi Ada", "tier": "hot" }),
            Flow::Set10 => json!({ "name": "Ada", "score": 91, "step": 10 }),
            Flow::Code10 => json!({ "name": "Ada", "score": 101 }),
        }
    }

    /// Our workflow document (`neuroflow workflow import`).
    pub fn ours(self) -> Value {
        let trigger = json!({ "kind": "webhook", "path": self.path(), "method": "POST" });
        match self {
            Flow::Five => five_nodes(trigger),
            Flow::Set10 => chain("Bench set10", trigger, |i| {
                let from = if i == 1 { "input.body" } else { "prev" };
                json!({ "name": format!("{{{{ {from}.name }}}}"), "score": format!("{{{{ {from}.score }}}}"), "step": i })
            }),
            Flow::Code10 => chain("Bench code10", trigger, |i| {
                let from = if i == 1 { "input.body" } else { "prev" };
                json!({ "name": format!("{{{{ {from}.name }}}}"), "score": format!("{{{{ {from}.score + 1 }}}}") })
            }),
        }
    }

    /// Node-RED's nodes for this workflow, on the tab `tab` (a flows.json holds them all).
    pub fn node_red(self, tab: &str) -> Vec<Value> {
        let p = self.path();
        let id = |name: &str| format!("{p}-{name}");
        let mut nodes = vec![];
        let mut middle: Vec<Value> = match self {
            Flow::Five => vec![
                change(
                    "Set",
                    vec![set_msg("out.name", "payload.name"), set_msg("out.score", "payload.score"), move_out()],
                ),
                json!({ "type": "switch", "name": "IF", "property": "payload.score", "propertyType": "msg",
                        "rules": [{ "t": "gte", "v": "80", "vt": "num" }], "checkall": "true", "repair": false, "outputs": 1 }),
                function("Code", "msg.payload = { greeting: 'Hi ' + msg.payload.name, tier: 'hot' };\nreturn msg;"),
                change(
                    "Respond",
                    vec![
                        json!({ "t": "set", "p": "out.ok", "pt": "msg", "to": "true", "tot": "bool" }),
                        set_msg("out.reply", "payload.greeting"),
                        set_msg("out.tier", "payload.tier"),
                        move_out(),
                    ],
                ),
            ],
            Flow::Set10 => (1..=10)
                .map(|i| {
                    change(
                        &format!("Set {i}"),
                        vec![
                            json!({ "t": "set", "p": "payload.step", "pt": "msg", "to": i.to_string(), "tot": "num" }),
                        ],
                    )
                })
                .collect(),
            Flow::Code10 => {
                (1..=10).map(|i| function(&format!("Code {i}"), "msg.payload.score += 1;\nreturn msg;")).collect()
            }
        };
        nodes.push(json!({ "id": id("in"), "type": "http in", "name": "Webhook", "url": format!("/webhook/{p}"),
                           "method": "post", "upload": false, "swaggerDoc": "" }));
        nodes.append(&mut middle);
        nodes.push(
            json!({ "id": id("out"), "type": "http response", "name": "Answer", "statusCode": "", "headers": {} }),
        );
        let count = nodes.len();
        for (i, node) in nodes.iter_mut().enumerate() {
            if node.get("id").is_none() {
                node["id"] = json!(id(&format!("n{i}")));
            }
            node["z"] = json!(tab);
            node["x"] = json!(100 + 160 * i);
            node["y"] = json!(100);
        }
        let ids: Vec<Value> = nodes.iter().map(|n| n["id"].clone()).collect();
        for (i, node) in nodes.iter_mut().enumerate() {
            node["wires"] = if i + 1 < count { json!([[ids[i + 1]]]) } else { json!([]) };
        }
        nodes
    }
}

/// Node-RED's flows.json: one tab with every workflow.
pub fn node_red_flows() -> Value {
    let mut all = vec![json!({ "id": "bench", "type": "tab", "label": "NeuroFlow benchmark", "disabled": false })];
    for flow in ALL {
        all.extend(flow.node_red("bench"));
    }
    Value::Array(all)
}

/// Webhook → Set → IF → Code → Respond: the same document as the speed benchmark's (`../main.rs`).
fn five_nodes(trigger: Value) -> Value {
    json!({
        "format": 1, "name": "Bench five",
        "nodes": [
            { "id": "in", "type": "trigger", "data": { "label": "Webhook", "trigger": trigger } },
            { "id": "set", "type": "transform", "data": { "label": "Set", "output": { "name": "{{ input.body.name }}", "score": "{{ input.body.score }}" } } },
            { "id": "if", "type": "condition", "data": { "label": "IF", "expression": "prev.score >= 80" } },
            { "id": "code", "type": "transform", "data": { "label": "Code", "output": { "greeting": "Hi {{ prev.name }}", "tier": "hot" } } },
            { "id": "respond", "type": "transform", "data": { "label": "Respond", "output": { "ok": true, "reply": "{{ prev.greeting }}", "tier": "{{ prev.tier }}" } } }
        ],
        "edges": [
            { "id": "e1", "source": "in", "target": "set" },
            { "id": "e2", "source": "set", "target": "if" },
            { "id": "e3", "source": "if", "sourceHandle": "true", "target": "code" },
            { "id": "e4", "source": "code", "target": "respond" }
        ]
    })
}

/// Trigger → 10 transforms, `output(i)` for the i-th (1-based).
fn chain(name: &str, trigger: Value, output: impl Fn(usize) -> Value) -> Value {
    let mut nodes = vec![json!({ "id": "in", "type": "trigger", "data": { "label": "Webhook", "trigger": trigger } })];
    let mut edges = vec![];
    for i in 1..=10 {
        nodes.push(json!({ "id": format!("n{i}"), "type": "transform", "data": { "label": format!("Step {i}"), "output": output(i) } }));
        let source = if i == 1 { "in".to_string() } else { format!("n{}", i - 1) };
        edges.push(json!({ "id": format!("e{i}"), "source": source, "target": format!("n{i}") }));
    }
    json!({ "format": 1, "name": name, "nodes": nodes, "edges": edges })
}

fn change(name: &str, rules: Vec<Value>) -> Value {
    json!({ "type": "change", "name": name, "rules": rules, "action": "", "property": "", "from": "", "to": "", "reg": false })
}

fn set_msg(to: &str, from: &str) -> Value {
    json!({ "t": "set", "p": to, "pt": "msg", "to": from, "tot": "msg" })
}

fn move_out() -> Value {
    json!({ "t": "move", "p": "out", "pt": "msg", "to": "payload", "tot": "msg" })
}

fn function(name: &str, body: &str) -> Value {
    json!({ "type": "function", "name": name, "func": body, "outputs": 1, "timeout": 0, "noerr": 0,
            "initialize": "", "finalize": "", "libs": [] })
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuroflow_engine::parse_document;

    #[test]
    fn our_workflows_are_valid() {
        for flow in ALL {
            let doc = parse_document(&flow.ours().to_string()).expect("parses");
            let report = neuroflow_engine::validate(&doc, neuroflow_integrations::actions::catalog());
            assert!(report.is_valid(), "{flow:?}: {report:?}");
        }
    }

    /// Our documents, run by the engine itself (recording nothing), give the expected answers.
    #[tokio::test]
    async fn our_workflows_give_the_expected_answers() {
        use neuroflow_engine::run::{Durable, Executors, Record, RunHooks, RunRequest, run};
        use neuroflow_types::{ExecutionId, RunEvent, WorkflowId, now};
        use std::sync::Arc;
        struct Discard;
        impl RunHooks for Discard {
            fn listening(&self) -> bool {
                false
            }
            fn emit(&self, _: RunEvent) {}
            fn record(&self, _: Record) -> Durable {
                Box::pin(async { Ok(()) })
            }
        }
        for flow in ALL {
            let doc = parse_document(&flow.ours().to_string()).expect("parses");
            let (plan, _) =
                neuroflow_engine::validate::compile(&doc, neuroflow_integrations::actions::catalog()).expect("valid");
            let body: Value = serde_json::from_str(BODY).unwrap();
            let request = RunRequest {
                execution_id: ExecutionId::new(),
                workflow_id: WorkflowId::new(),
                started_at: now(),
                input: json!({ "body": body, "headers": {}, "query": {} }),
                variables: Default::default(),
                trigger: "in".into(),
                rerun_from: None,
                up_to: None,
                pinned: Default::default(),
                reuse: Default::default(),
                rerun_of: None,
                max_concurrency: 16,
                max_output_bytes: neuroflow_engine::run::DEFAULT_MAX_OUTPUT_BYTES,
            };
            let executors = Executors::builtin();
            let outcome = run(Arc::new(plan), &executors, Arc::new(Discard), request, Default::default()).await;
            assert_eq!(outcome.output, Some(flow.expected()), "{flow:?}: {:?}", outcome.error);
        }
    }

    #[test]
    fn node_red_flows_are_chains_from_http_in_to_http_response() {
        for flow in ALL {
            let nodes = flow.node_red("t");
            assert_eq!(nodes.first().unwrap()["type"], "http in");
            assert_eq!(nodes.last().unwrap()["type"], "http response");
            for pair in nodes.windows(2) {
                assert_eq!(pair[0]["wires"], json!([[pair[1]["id"]]]));
            }
            let expected = match flow {
                Flow::Five => 6,
                Flow::Set10 | Flow::Code10 => 12,
            };
            assert_eq!(nodes.len(), expected, "{flow:?}");
        }
        let all = node_red_flows();
        let ids: std::collections::HashSet<_> = all.as_array().unwrap().iter().map(|n| n["id"].to_string()).collect();
        assert_eq!(ids.len(), all.as_array().unwrap().len(), "node ids are unique");
    }
}
