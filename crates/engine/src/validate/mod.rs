//! Validation of a workflow document against every rule of workflow-format.md, reporting all
//! problems at once. The same pass produces the [`Plan`] the scheduler runs, so a document is read
//! once and a valid document is never re-checked.

mod graph;

pub use graph::{Graph, Link};

use crate::spec::{self, NodePolicy, NodeSpec, OnError};
use neuroflow_types::{ValidationIssue, ValidationReport, WorkflowDocument};
use std::collections::HashSet;

/// A node ready to run: its place in the document and what it does.
#[derive(Debug, Clone)]
pub struct PlanNode {
    pub id: String,
    pub name: String,
    pub node_type: String,
    pub spec: NodeSpec,
    pub policy: NodePolicy,
}

/// A validated document, as the scheduler runs it.
#[derive(Debug, Clone)]
pub struct Plan {
    pub nodes: Vec<PlanNode>,
    pub graph: Graph,
    /// The indices of the trigger nodes.
    pub triggers: Vec<usize>,
}

/// Checks a document; every error and warning is in the report.
pub fn validate(doc: &WorkflowDocument) -> ValidationReport {
    match check(doc, false) {
        Ok((_, warnings)) => ValidationReport { errors: vec![], warnings },
        Err(report) => report,
    }
}

/// Checks a document and, when it has no errors, returns its plan and any warnings.
pub fn compile(doc: &WorkflowDocument) -> Result<(Plan, Vec<ValidationIssue>), ValidationReport> {
    check(doc, true)
}

/// Checks a document; builds its plan only when asked (validation alone does not need one).
fn check(doc: &WorkflowDocument, build: bool) -> Result<(Plan, Vec<ValidationIssue>), ValidationReport> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    if doc.name.trim().is_empty() {
        errors.push(ValidationIssue::document("name", "is required"));
    }

    // Ids.
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

    // Each node's data.
    let mut specs = Vec::with_capacity(doc.nodes.len());
    for node in &doc.nodes {
        specs.push(spec::read_node(node, &mut errors));
    }

    let graph = Graph::new(doc);
    let triggers: Vec<usize> =
        doc.nodes.iter().enumerate().filter(|(_, n)| n.node_type == "trigger").map(|(i, _)| i).collect();
    if triggers.is_empty() && !doc.nodes.is_empty() {
        errors.push(ValidationIssue::document("nodes", "a workflow needs at least one trigger node"));
    } else if doc.nodes.is_empty() {
        errors.push(ValidationIssue::document("nodes", "the workflow has no nodes; add a trigger to start"));
    }

    // Edges: none into a trigger; handles that fit their source.
    for (i, node) in doc.nodes.iter().enumerate() {
        if graph.index.get(&node.id) != Some(&i) {
            continue; // a duplicate id, already reported
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
        let branch = matches!(&specs[i], Some((_, p)) if p.on_error == OnError::Branch);
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

    // Nodes no trigger reaches never run: a warning, not an error.
    if !triggers.is_empty() {
        let reached = graph.reachable_from(&triggers);
        for (i, node) in doc.nodes.iter().enumerate() {
            if !reached[i] && graph.index.get(&node.id) == Some(&i) {
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
        .zip(specs)
        .filter_map(|(n, s)| {
            s.map(|(spec, policy)| PlanNode {
                id: n.id.clone(),
                name: n.label().to_string(),
                node_type: n.node_type.clone(),
                spec,
                policy,
            })
        })
        .collect();
    Ok((Plan { nodes, graph, triggers }, warnings))
}
