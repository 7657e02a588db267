//! Reading a workflow document from text, with errors that say where the text is wrong: the line
//! and column of a syntax error, or the path of a field of the wrong type (`nodes[2].position.x`).

pub use crate::error::DocumentError;
use neuroflow_types::{WORKFLOW_FORMAT, WorkflowDocument};

/// The largest document accepted (16 MiB): far beyond any real workflow, small enough to parse safely.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// Parses a workflow document. Structural rules (ids, edges, cycles …) are checked by
/// [`crate::validate`], which reports every problem at once.
pub fn parse_document(text: &str) -> Result<WorkflowDocument, DocumentError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge { size: text.len(), limit: MAX_DOCUMENT_BYTES });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(DocumentError::Empty);
    }
    if !text.trim_start().starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        return Err(DocumentError::Shape {
            path: "(document)".into(),
            reason: "must be a JSON object with format, name, nodes and edges".into(),
        });
    }
    // The fast path reads the document in one pass; only when that fails is it read again with path
    // tracking, to say where: a syntax error by line and column, a field of the wrong shape by path.
    let doc: WorkflowDocument = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(_) => return Err(explain(text)),
    };
    if doc.format > WORKFLOW_FORMAT {
        return Err(DocumentError::NewerFormat { found: doc.format, supported: WORKFLOW_FORMAT });
    }
    if doc.format == 0 {
        return Err(DocumentError::ZeroFormat { supported: WORKFLOW_FORMAT });
    }
    Ok(doc)
}

/// Reads a document that failed to parse again, with path tracking, to say what is wrong and where.
fn explain(text: &str) -> DocumentError {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let result: Result<WorkflowDocument, _> = serde_path_to_error::deserialize(&mut deserializer);
    let e = match result {
        Ok(_) => match deserializer.end() {
            Ok(()) => return DocumentError::Shape { path: "(document)".into(), reason: "could not be read".into() },
            Err(e) => {
                return DocumentError::Syntax {
                    line: e.line(),
                    column: e.column(),
                    reason: strip_position(&e.to_string()),
                };
            }
        },
        Err(e) => e,
    };
    let path = e.path().to_string();
    let inner = e.into_inner();
    if inner.is_syntax() || inner.is_eof() {
        return DocumentError::Syntax {
            line: inner.line(),
            column: inner.column(),
            reason: strip_position(&inner.to_string()),
        };
    }
    DocumentError::Shape {
        path: if path == "." { "(document)".into() } else { path },
        reason: strip_position(&inner.to_string()),
    }
}

/// Writes a document as export does: pretty JSON with a final newline.
pub fn write_document(doc: &WorkflowDocument) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_give_line_and_column() {
        let err = parse_document("{\n  \"format\": 1,\n  \"name\": \"x\"\n  \"nodes\": []\n}").unwrap_err();
        assert_eq!(err.to_string(), "not valid JSON at line 4, column 3: expected `,` or `}`");
    }

    #[test]
    fn type_errors_give_the_path() {
        let text =
            r#"{"format":1,"name":"x","nodes":[{"id":"a","type":"trigger","position":{"x":"left","y":0}}],"edges":[]}"#;
        let err = parse_document(text).unwrap_err();
        assert_eq!(err.to_string(), "nodes[0].position.x: invalid type: string \"left\", expected f64");
        let missing = parse_document(r#"{"format":1,"nodes":[],"edges":[]}"#).unwrap_err();
        assert_eq!(missing.to_string(), "(document): missing field `name`");
    }

    #[test]
    fn wrong_top_level_size_and_format_are_named() {
        assert!(parse_document("[1,2]").unwrap_err().to_string().contains("must be a JSON object"));
        assert_eq!(parse_document("  ").unwrap_err(), DocumentError::Empty);
        let big = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        assert!(matches!(parse_document(&big), Err(DocumentError::TooLarge { .. })));
        let newer = parse_document(r#"{"format":2,"name":"x","nodes":[],"edges":[]}"#).unwrap_err();
        assert!(newer.to_string().starts_with("format: this document uses format 2"));
    }

    #[test]
    fn canvas_fields_survive_a_round_trip() {
        let text = r#"{"format":1,"name":"x","nodes":[{"id":"a","type":"trigger","position":{"x":1.5,"y":2},"data":{"label":"A","trigger":{"kind":"manual"}},"width":150,"selected":true}],"edges":[{"id":"e","source":"a","target":"a","animated":true}]}"#;
        let doc = parse_document(text).unwrap();
        let again = parse_document(&write_document(&doc)).unwrap();
        assert_eq!(doc, again);
        let value: serde_json::Value = serde_json::from_str(&write_document(&doc)).unwrap();
        assert_eq!(value["nodes"][0]["width"], 150);
        assert_eq!(value["edges"][0]["animated"], true);
    }
}
