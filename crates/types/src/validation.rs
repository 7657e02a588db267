//! The result of validating a workflow document: every problem at once, each naming the node or edge,
//! the field and the reason, so the canvas can mark the node and the CLI can print a precise line.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ValidationIssue {
    /// The node at fault, if the problem is on a node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    /// The edge at fault, if the problem is on an edge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge_id: Option<String>,
    /// The field at fault, as a path within the node, edge or document (`data.expression`, `source`, `format`).
    pub field: String,
    pub message: String,
}

impl ValidationIssue {
    pub fn document(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { node_id: None, edge_id: None, field: field.into(), message: message.into() }
    }

    pub fn node(node: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { node_id: Some(node.to_string()), edge_id: None, field: field.into(), message: message.into() }
    }

    pub fn edge(edge: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { node_id: None, edge_id: Some(edge.to_string()), field: field.into(), message: message.into() }
    }
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.node_id, &self.edge_id) {
            (Some(n), _) => write!(f, "node '{n}'")?,
            (None, Some(e)) => write!(f, "edge '{e}'")?,
            (None, None) => write!(f, "document")?,
        }
        if !self.field.is_empty() {
            write!(f, " {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a document. Errors block saving and running; warnings do not.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ValidationReport {
    pub errors: Vec<ValidationIssue>,
    pub warnings: Vec<ValidationIssue>,
}

impl ValidationReport {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}
