//! Validation of a workflow document against every rule of workflow-format.md, reporting all
//! problems at once. Each node is read into its typed kind (see [`crate::read`]); the graph rules
//! then run over those typed values. The same pass produces the [`Plan`] the scheduler runs, so a
//! document is read once and a valid document is never re-checked.

mod graph;

pub use graph::{Graph, Link};

use crate::read::{self, NodePolicy};
use neuroflow_types::{ActionSpec, NodeKind, OnError, ValidationIssue, ValidationReport, WorkflowDocument};
use std::collections::HashSet;

/// A node ready to run: its place in the document and what it does.
#[derive(Debug, Clone)]
pub struct PlanNode {
    pub id: String,
    pub name: String,
    pub kind: NodeKind,
    pub policy: NodePolicy,
}

impl PlanNode {
    /// The node's `type` (its kind's name).
    pub fn node_type(&self) -> &'static str {
        self.kind.type_name()
    }
}

/// A validated document, as the scheduler runs it.
#[derive(Debug, Clone)]
pub struct Plan {
    pub nodes: Vec<PlanNode>,
    pub graph: Graph,
    /// The indices of the trigger nodes.
    pub triggers: Vec<usize>,
}

/// Checks a document against the rules and the integration actions that exist; every error and
/// warning is in the report.
pub fn validate(doc: &WorkflowDocument, actions: &[ActionSpec]) -> ValidationReport {
    match check(doc, actions, false) {
        Ok((_, warnings)) => ValidationReport { errors: vec![], warnings },
        Err(report) => report,
    }
}

/// Checks a document and, when it has no errors, returns its plan and any warnings.
pub fn compile(
    doc: &WorkflowDocument,
    actions: &[ActionSpec],
) -> Result<(Plan, Vec<ValidationIssue>), ValidationReport> {
    check(doc, actions, true)
}

/// Checks a document; builds its plan only when asked (validation alone does not need one).
fn check(
    doc: &WorkflowDocument,
    actions: &[ActionSpec],
    build: bool,
) -> Result<(Plan, Vec<ValidationIssue>), ValidationReport> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    if doc.name.trim().is_empty() {
        errors.push(ValidationIssue::document("name", "is required"));
    }
    check_ids(doc, &mut errors);

    // Each node's data, read into its kind.
    let mut kinds = Vec::with_capacity(doc.nodes.len());
    for node in &doc.nodes {
        kinds.push(read::read_node(node, actions, &mut errors));
    }

    let graph = Graph::new(doc);
    let is_note = |i: usize| doc.nodes[i].node_type == "note";
    let triggers: Vec<usize> =
        doc.nodes.iter().enumerate().filter(|(_, n)| n.node_type == "trigger").map(|(i, _)| i).collect();
    if doc.nodes.iter().all(|n| n.node_type == "note") {
        errors.push(ValidationIssue::document("nodes", "the workflow has no nodes; add a trigger to start"));
    } else if triggers.is_empty() {
        errors.push(ValidationIssue::document("nodes", "a workflow needs at least one trigger node"));
    }

    check_edges(doc, &graph, &kinds, &mut errors);

    // Cycles, each named by the nodes on it.
    for cycle in graph.cycles() {
        let names: Vec<&str> = cycle.iter().map(|&i| doc.nodes[i].id.as_str()).collect();
        let on: Vec<&str> = names[..names.len() - 1].to_vec();
        errors.push(ValidationIssue {
            node_id: Some(names[0].to_string()),
            edge_id: None,
            field: "edges".into(),
            message: format!(
                "cycle: {} (a workflow must not loop back; nodes on the cycle: {})",
                names.join(" → "),
                on.join(", ")
            ),
        });
    }

    // Nodes no trigger reaches never run: a warning, not an error (notes never run by design).
    if !triggers.is_empty() {
        let reached = graph.reachable_from(&triggers);
        for (i, node) in doc.nodes.iter().enumerate() {
            if !reached[i] && !is_note(i) && graph.index.get(&node.id) == Some(&i) {
                warnings.push(ValidationIssue::node(&node.id, "", "no trigger reaches this node, so it never runs"));
            }
        }
    }

    if !errors.is_empty() {
        return Err(ValidationReport { errors, warnings });
    }
    if !build {
        return Ok((Plan { nodes: Vec::new(), graph: Graph::default(), triggers: Vec::new() }, warnings));
    }
    let nodes = doc
        .nodes
        .iter()
        .zip(kinds)
        .filter_map(|(n, k)| {
            k.map(|(kind, policy)| PlanNode { id: n.id.clone(), name: n.label().to_string(), kind, policy })
        })
        .collect();
    Ok((Plan { nodes, graph, triggers }, warnings))
}

/// Node and edge ids are unique and not empty; every edge joins existing nodes.
fn check_ids(doc: &WorkflowDocument, errors: &mut Vec<ValidationIssue>) {
    let mut node_ids = HashSet::with_capacity(doc.nodes.len());
    for node in &doc.nodes {
        if node.id.trim().is_empty() {
            errors.push(ValidationIssue::node(&node.id, "id", "must not be empty"));
        } else if !node_ids.insert(node.id.as_str()) {
            errors.push(ValidationIssue::node(&node.id, "id", "is used by more than one node"));
        }
    }
    let mut edge_ids = HashSet::with_capacity(doc.edges.len());
    for edge in &doc.edges {
        if edge.id.trim().is_empty() {
            errors.push(ValidationIssue::edge(&edge.id, "id", "must not be empty"));
        } else if !edge_ids.insert(edge.id.as_str()) {
            errors.push(ValidationIssue::edge(&edge.id, "id", "is used by more than one edge"));
        }
        for (field, end) in [("source", &edge.source), ("target", &edge.target)] {
            if !node_ids.contains(end.as_str()) {
                errors.push(ValidationIssue::edge(&edge.id, field, format!("node '{end}' does not exist")));
            }
        }
    }
}

/// No edge into a trigger or touching a note; handles that fit their source.
fn check_edges(
    doc: &WorkflowDocument,
    graph: &Graph,
    kinds: &[Option<(NodeKind, NodePolicy)>],
    errors: &mut Vec<ValidationIssue>,
) {
    for (i, node) in doc.nodes.iter().enumerate() {
        if graph.index.get(&node.id) != Some(&i) {
            continue; // a duplicate id, already reported
        }
        if node.node_type == "note" {
            for link in graph.incoming[i].iter().chain(&graph.outgoing[i]) {
                let edge = &doc.edges[link.edge];
                let field = if link.target == i { "target" } else { "source" };
                errors.push(ValidationIssue::edge(&edge.id, field, format!("note '{}' cannot be connected", node.id)));
            }
            continue;
        }
        if node.node_type == "trigger" {
            for link in &graph.incoming[i] {
                let edge = &doc.edges[link.edge];
                errors.push(ValidationIssue::edge(
                    &edge.id,
                    "target",
                    format!("trigger '{}' cannot have incoming edges", node.id),
                ));
            }
        }
        let branch = matches!(&kinds[i], Some((_, p)) if p.on_error == OnError::Branch);
        for link in &graph.outgoing[i] {
            let edge = &doc.edges[link.edge];
            let handle = link.handle.as_deref();
            if node.node_type == "condition" {
                match handle {
                    Some("true" | "false") => {}
                    Some("error") if branch => {}
                    _ => errors.push(ValidationIssue::edge(
                        &edge.id,
                        "sourceHandle",
                        format!(
                            "an edge out of condition '{}' must leave from the handle \"true\" or \"false\"{}",
                            node.id,
                            if branch { " (or \"error\")" } else { "" }
                        ),
                    )),
                }
            } else if handle == Some("error") && !branch {
                errors.push(ValidationIssue::edge(
                    &edge.id,
                    "sourceHandle",
                    format!("the \"error\" handle needs onError: \"branch\" on node '{}'", node.id),
                ));
            }
        }
    }
}
