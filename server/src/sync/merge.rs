//! Merging two edits of a workflow, node by node and edge by edge, against the version both started
//! from (a three-way merge, as git merges lines). What only one side changed is taken; what both
//! changed the same way is taken once; when both changed the same node differently the service's
//! side (the first to arrive) stays in the workflow and the node is reported as a conflict — the
//! caller keeps the other side's whole document as a conflict copy, so nothing is lost. A node's
//! position is merged apart from its content: moving a node on one desktop while editing it on
//! another is not a conflict.

use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The merged nodes and edges, and what could not be merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub nodes: Vec<Value>,
    pub edges: Vec<Value>,
    /// Ids of the nodes both sides changed differently (or one changed and the other removed).
    pub node_conflicts: Vec<String>,
    /// Ids of the edges likewise, and of edges dropped because their node is gone.
    pub edge_conflicts: Vec<String>,
}

impl Merged {
    pub fn has_conflicts(&self) -> bool {
        !self.node_conflicts.is_empty() || !self.edge_conflicts.is_empty()
    }
}

fn id_of(item: &Value) -> Option<String> {
    match item.get("id")? {
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn by_id(items: &[Value]) -> HashMap<String, &Value> {
    items.iter().filter_map(|i| Some((id_of(i)?, i))).collect()
}

fn without_position(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut m: Map<String, Value> = map.clone();
            m.remove("position");
            Value::Object(m)
        }
        other => other.clone(),
    }
}

/// One item present on both sides and in the base: the merged value, or `None` on a conflict.
fn merge_item(base: &Value, ours: &Value, theirs: &Value, positional: bool) -> Option<Value> {
    if ours == theirs || theirs == base {
        return Some(ours.clone());
    }
    if ours == base {
        return Some(theirs.clone());
    }
    if !positional {
        return None;
    }
    // Both changed: fine if one changed only the position and the other only the content (or the
    // same content).
    let (b, o, t) = (without_position(base), without_position(ours), without_position(theirs));
    let content = if o == t || t == b {
        o
    } else if o == b {
        t
    } else {
        return None;
    };
    let position = {
        let (bp, op, tp) = (base.get("position"), ours.get("position"), theirs.get("position"));
        if op == bp { tp.cloned() } else { op.cloned() }
    };
    let mut merged = content;
    if let (Value::Object(m), Some(p)) = (&mut merged, position) {
        m.insert("position".into(), p);
    }
    Some(merged)
}

/// Merges one list (nodes or edges); returns the list and the ids in conflict.
fn merge_list(base: &[Value], ours: &[Value], theirs: &[Value], positional: bool) -> (Vec<Value>, Vec<String>) {
    let (b, o, t) = (by_id(base), by_id(ours), by_id(theirs));
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut conflicts = Vec::new();
    // Ours first, in our order; then what only theirs added, in their order.
    for item in ours {
        let Some(id) = id_of(item) else {
            out.push(item.clone());
            continue;
        };
        match (b.get(&id), t.get(&id)) {
            (Some(base_item), Some(their_item)) => match merge_item(base_item, item, their_item, positional) {
                Some(v) => out.push(v),
                None => {
                    conflicts.push(id);
                    out.push(item.clone());
                }
            },
            // They removed it: gone, unless we changed it meanwhile.
            (Some(base_item), None) => {
                if *base_item != item {
                    conflicts.push(id);
                    out.push(item.clone());
                }
            }
            // We added it; they may have added one of the same id.
            (None, Some(their_item)) => {
                if *their_item != item {
                    conflicts.push(id);
                }
                out.push(item.clone());
            }
            (None, None) => out.push(item.clone()),
        }
    }
    for item in theirs {
        let Some(id) = id_of(item) else {
            out.push(item.clone());
            continue;
        };
        if o.contains_key(&id) {
            continue;
        }
        match b.get(&id) {
            // We removed it: gone, unless they changed it meanwhile (then it stays gone here, and
            // their version is in the conflict copy).
            Some(base_item) => {
                if *base_item != item {
                    conflicts.push(id);
                }
            }
            None => out.push(item.clone()),
        }
    }
    (out, conflicts)
}

/// Merges `theirs` (the incoming edit) into `ours` (the service's current document), both edited
/// from `base`.
pub fn merge(base: (&[Value], &[Value]), ours: (&[Value], &[Value]), theirs: (&[Value], &[Value])) -> Merged {
    let (nodes, node_conflicts) = merge_list(base.0, ours.0, theirs.0, true);
    let (mut edges, mut edge_conflicts) = merge_list(base.1, ours.1, theirs.1, false);
    // An edge whose node is gone cannot stay.
    let present: HashSet<String> = nodes.iter().filter_map(id_of).collect();
    edges.retain(|e| {
        let ends = [e.get("source"), e.get("target")];
        let ok = ends.iter().all(|end| match end {
            Some(Value::String(n)) => present.contains(n),
            _ => true,
        });
        if !ok && let Some(id) = id_of(e) {
            edge_conflicts.push(id);
        }
        ok
    });
    Merged { nodes, edges, node_conflicts, edge_conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(id: &str, label: &str, x: i64) -> Value {
        json!({ "id": id, "type": "transform", "position": { "x": x, "y": 0 }, "data": { "label": label } })
    }
    fn edge(id: &str, s: &str, t: &str) -> Value {
        json!({ "id": id, "source": s, "target": t })
    }

    #[test]
    fn changes_to_different_nodes_both_land() {
        let base = vec![node("a", "A", 0), node("b", "B", 0)];
        let ours = vec![node("a", "A2", 0), node("b", "B", 0)];
        let theirs = vec![node("a", "A", 0), node("b", "B2", 0), node("c", "C", 0)];
        let m = merge((&base, &[]), (&ours, &[]), (&theirs, &[]));
        assert_eq!(m.nodes, vec![node("a", "A2", 0), node("b", "B2", 0), node("c", "C", 0)]);
        assert!(!m.has_conflicts());
    }

    #[test]
    fn the_same_node_changed_twice_is_a_conflict_and_ours_stays() {
        let base = vec![node("a", "A", 0)];
        let m = merge((&base, &[]), (&[node("a", "Ours", 0)], &[]), (&[node("a", "Theirs", 0)], &[]));
        assert_eq!(m.nodes, vec![node("a", "Ours", 0)]);
        assert_eq!(m.node_conflicts, ["a"]);
        // The same change on both sides is no conflict.
        let m = merge((&base, &[]), (&[node("a", "Same", 0)], &[]), (&[node("a", "Same", 0)], &[]));
        assert!(!m.has_conflicts());
    }

    #[test]
    fn a_move_and_an_edit_of_one_node_merge() {
        let base = vec![node("a", "A", 0)];
        let m = merge((&base, &[]), (&[node("a", "A", 100)], &[]), (&[node("a", "Edited", 0)], &[]));
        assert_eq!(m.nodes, vec![node("a", "Edited", 100)]);
        assert!(!m.has_conflicts());
    }

    #[test]
    fn removals_merge_unless_the_other_side_changed_the_node() {
        let base = vec![node("a", "A", 0), node("b", "B", 0)];
        let edges = vec![edge("e", "a", "b")];
        // They removed b (and its edge); we did not touch it.
        let m = merge((&base, &edges), (&base, &edges), (&[node("a", "A", 0)], &[]));
        assert_eq!(m.nodes, vec![node("a", "A", 0)]);
        assert!(m.edges.is_empty() && !m.has_conflicts());
        // They removed b, we changed it: ours stays, reported.
        let ours = vec![node("a", "A", 0), node("b", "B2", 0)];
        let m = merge((&base, &edges), (&ours, &edges), (&[node("a", "A", 0)], &[]));
        assert_eq!(m.nodes, ours);
        assert_eq!(m.node_conflicts, ["b"]);
        // We removed b, they changed it and added an edge to it: b stays gone, the edge goes too.
        let theirs = vec![node("a", "A", 0), node("b", "B3", 0)];
        let their_edges = vec![edge("e", "a", "b"), edge("f", "b", "a")];
        let m = merge((&base, &edges), (&[node("a", "A", 0)], &[]), (&theirs, &their_edges));
        assert_eq!(m.nodes, vec![node("a", "A", 0)]);
        assert_eq!(m.node_conflicts, ["b"]);
        assert!(m.edges.is_empty());
        assert_eq!(m.edge_conflicts, ["f"]);
    }

    #[test]
    fn nodes_added_on_both_sides_are_all_kept() {
        let m = merge((&[], &[]), (&[node("x", "X", 0)], &[]), (&[node("y", "Y", 0)], &[edge("e", "y", "y")]));
        assert_eq!(m.nodes, vec![node("x", "X", 0), node("y", "Y", 0)]);
        assert_eq!(m.edges, vec![edge("e", "y", "y")]);
        assert!(!m.has_conflicts());
    }
}
