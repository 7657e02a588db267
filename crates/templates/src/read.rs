//! Reading a template file's text: its size bounded first, the format number read before anything
//! else (so a file from a newer app says "update the app", not "unknown field"), then every field,
//! with an error that names the field's path and the line and column.

use neuroflow_types::{TEMPLATE_FORMAT, TemplateFile};

/// The largest template file read (a workflow of thousands of nodes fits well within it).
pub const MAX_TEMPLATE_BYTES: usize = 8 * 1024 * 1024;

/// Why a text is not a template this app can read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is {size} bytes; a template file may be at most {MAX_TEMPLATE_BYTES} bytes")]
    TooLarge { size: usize },
    #[error("the file is not JSON: {0}")]
    NotJson(String),
    #[error("the file is not a NeuroFlow template (it has no `template` format number)")]
    NotATemplate,
    #[error("the template is in format {0}; this app reads format {TEMPLATE_FORMAT}: update NeuroFlow Hub to use it")]
    NewerFormat(u64),
    #[error("{path}: {message} (line {line}, column {column})")]
    Field { path: String, message: String, line: usize, column: usize },
}

/// Reads a template file.
pub fn read_template(text: &str) -> Result<TemplateFile, ReadError> {
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(ReadError::TooLarge { size: text.len() });
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ReadError::NotJson(e.to_string()))?;
    match value.get("template").and_then(|v| v.as_u64()) {
        None => return Err(ReadError::NotATemplate),
        Some(n) if n != u64::from(TEMPLATE_FORMAT) => return Err(ReadError::NewerFormat(n)),
        Some(_) => {}
    }
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let message = inner.to_string();
        // serde_json appends " at line L column C"; keep the reason alone, the position is separate.
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        ReadError::Field { path, message, line: inner.line(), column: inner.column() }
    })
}

/// Writes a template file as people read it: two-space indentation, fields in the documented order.
pub fn write_template(file: &TemplateFile) -> String {
    let mut text = serde_json::to_string_pretty(file).unwrap_or_default();
    text.push('\n');
    text
}
