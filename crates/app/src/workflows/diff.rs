//! The difference between two documents, node by node and field by field: what the editor's
//! compare view marks on the canvas and lists, and what `neuroflow workflow diff` prints. Fields
//! are compared as leaves of their JSON (`data.params.url`), lists as a whole; positions count, so
//! a moved node shows as changed.

use neuroflow_types::{
    DiffChange, Edge, EdgeDiff, FieldChange, JsonMap, Node, NodeDiff, WorkflowDiff, WorkflowDocument,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// What differs from `before` to `after`.
pub fn diff_documents(before: &WorkflowDocument, after: &WorkflowDocument) -> WorkflowDiff {
    let mut settings = Vec::new();
    compare(&mut settings, "name", Some(&json!(before.name)), Some(&json!(after.name)));
    compare(&mut settings, "description", Some(&json!(before.description)), Some(&json!(after.description)));
    compare(&mut settings, "tags", Some(&json!(before.tags)), Some(&json!(after.tags)));
    leaves(
        &mut settings,
        "variables",
        &Value::Object(before.variables.clone()),
        &Value::Object(after.variables.clone()),
    );

    let old: BTreeMap<&str, &Node> = before.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let new: BTreeMap<&str, &Node> = after.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut nodes = Vec::new();
    for (id, node) in &new {
        match old.get(id) {
            None => nodes.push(NodeDiff {
                id: id.to_string(),
                label: node.label().into(),
                change: DiffChange::Added,
                fields: vec![],
            }),
            Some(was) => {
                let fields = node_fields(was, node);
                if !fields.is_empty() {
                    nodes.push(NodeDiff {
                        id: id.to_string(),
                        label: node.label().into(),
                        change: DiffChange::Changed,
                        fields,
                    });
                }
            }
        }
    }
    for (id, node) in &old {
        if !new.contains_key(id) {
            nodes.push(NodeDiff {
                id: id.to_string(),
                label: node.label().into(),
                change: DiffChange::Removed,
                fields: vec![],
            });
        }
    }

    let old: BTreeMap<&str, &Edge> = before.edges.iter().map(|e| (e.id.as_str(), e)).collect();
    let new: BTreeMap<&str, &Edge> = after.edges.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut edges = Vec::new();
    let entry =
        |e: &Edge, change| EdgeDiff { id: e.id.clone(), source: e.source.clone(), target: e.target.clone(), change };
    for (id, edge) in &new {
        match old.get(id) {
            None => edges.push(entry(edge, DiffChange::Added)),
            Some(was) if ends(was) != ends(edge) => edges.push(entry(edge, DiffChange::Changed)),
            Some(_) => {}
        }
    }
    for (id, edge) in &old {
        if !new.contains_key(id) {
            edges.push(entry(edge, DiffChange::Removed));
        }
    }
    WorkflowDiff { from: None, to: None, nodes, edges, settings }
}

fn ends(e: &Edge) -> (&str, &str, Option<&str>, Option<&str>) {
    (&e.source, &e.target, e.source_handle.as_deref(), e.target_handle.as_deref())
}

fn node_fields(was: &Node, now: &Node) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    compare(&mut fields, "type", Some(&json!(was.node_type)), Some(&json!(now.node_type)));
    compare(&mut fields, "position.x", Some(&json!(was.position.x)), Some(&json!(now.position.x)));
    compare(&mut fields, "position.y", Some(&json!(was.position.y)), Some(&json!(now.position.y)));
    leaves(&mut fields, "data", &Value::Object(was.data.clone()), &Value::Object(now.data.clone()));
    // Settings some documents keep on the node itself (retry, timeoutMs, onError …).
    let settings = |extra: &JsonMap| -> JsonMap {
        extra
            .iter()
            .filter(|(k, _)| ["retry", "timeoutMs", "onError"].contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    leaves(&mut fields, "", &Value::Object(settings(&was.extra)), &Value::Object(settings(&now.extra)));
    fields
}

/// Compares two values leaf by leaf under `path` (objects are walked; anything else compared whole).
fn leaves(out: &mut Vec<FieldChange>, path: &str, was: &Value, now: &Value) {
    match (was, now) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => leaves(out, &child, x, y),
                    (x, y) => compare(out, &child, x, y),
                }
            }
        }
        _ => compare(out, path, Some(was), Some(now)),
    }
}

fn compare(out: &mut Vec<FieldChange>, path: &str, was: Option<&Value>, now: Option<&Value>) {
    if was != now {
        out.push(FieldChange { path: path.to_string(), before: was.cloned(), after: now.cloned() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(v: Value) -> WorkflowDocument {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn nodes_edges_and_fields_that_differ_are_named() {
        let before = doc(json!({ "format": 1, "name": "Leads", "variables": { "threshold": 80 }, "nodes": [
            { "id": "t", "type": "trigger", "position": { "x": 0, "y": 0 }, "data": { "trigger": { "kind": "manual" } } },
            { "id": "a", "type": "transform", "position": { "x": 10, "y": 0 }, "data": { "output": { "x": 1, "y": 2 } } },
            { "id": "gone", "type": "delay", "data": { "ms": 5 } }
        ], "edges": [{ "id": "e1", "source": "t", "target": "a" }, { "id": "e2", "source": "a", "target": "gone" }] }));
        let after = doc(json!({ "format": 1, "name": "Leads", "variables": { "threshold": 90 }, "nodes": [
            { "id": "t", "type": "trigger", "position": { "x": 0, "y": 0 }, "data": { "trigger": { "kind": "manual" } } },
            { "id": "a", "type": "transform", "position": { "x": 40, "y": 0 }, "data": { "output": { "x": 1, "y": 3 } } },
            { "id": "new", "type": "delay", "data": { "ms": 5 } }
        ], "edges": [{ "id": "e1", "source": "t", "target": "a" }, { "id": "e3", "source": "a", "target": "new" }] }));
        let d = diff_documents(&before, &after);
        assert_eq!(
            d.settings,
            vec![FieldChange { path: "variables.threshold".into(), before: Some(json!(80)), after: Some(json!(90)) }]
        );
        let changed = d.nodes.iter().find(|n| n.id == "a").unwrap();
        assert_eq!(changed.change, DiffChange::Changed);
        let paths: Vec<&str> = changed.fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["position.x", "data.output.y"]);
        assert!(d.nodes.iter().any(|n| n.id == "new" && n.change == DiffChange::Added));
        assert!(d.nodes.iter().any(|n| n.id == "gone" && n.change == DiffChange::Removed));
        assert!(!d.nodes.iter().any(|n| n.id == "t"), "an unchanged node is not listed");
        let edges: Vec<(&str, DiffChange)> = d.edges.iter().map(|e| (e.id.as_str(), e.change)).collect();
        assert_eq!(edges, [("e3", DiffChange::Added), ("e2", DiffChange::Removed)]);
        assert!(diff_documents(&after, &after).is_empty());
    }
}
