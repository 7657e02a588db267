//! The files people hand the fronts — a workflow document, a run's `--input @FILE`, standard
//! input — read with their size limit enforced while reading (never the whole file first: a
//! `/dev/zero` stops at the limit), and files written whole or not at all (a temporary file beside
//! the target, renamed over it, so a crash or a full disk never leaves half a file).

use crate::error::{AppError, AppResult};
use neuroflow_types::{ErrorCode, WorkflowDocument};
use std::io::Read;
use std::path::Path;

pub use neuroflow_engine::MAX_DOCUMENT_BYTES;

/// Reads UTF-8 text from a file, or from standard input for `-`, refusing more than `limit` bytes.
pub fn read_text(source: &str, limit: usize) -> AppResult<String> {
    let mut bytes = Vec::new();
    let cap = limit as u64 + 1;
    let read = if source == "-" {
        std::io::stdin().lock().take(cap).read_to_end(&mut bytes)
    } else {
        let file =
            std::fs::File::open(source).map_err(|e| AppError::invalid(format!("cannot read '{source}': {e}")))?;
        file.take(cap).read_to_end(&mut bytes)
    };
    read.map_err(|e| AppError::invalid(format!("cannot read '{source}': {e}")))?;
    if bytes.len() > limit {
        let what = if source == "-" { "standard input".to_string() } else { format!("'{source}'") };
        return Err(AppError::new(ErrorCode::Limit, format!("{what} is larger than the limit of {limit} bytes")));
    }
    String::from_utf8(bytes).map_err(|e| {
        AppError::invalid(format!(
            "'{source}' is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Reads a workflow document's text (a file, or `-` for standard input), within the document limit.
pub fn read_document_text(source: &str) -> AppResult<String> {
    read_text(source, MAX_DOCUMENT_BYTES)
}

/// Reads and parses a workflow document (its rules are checked on import, not here).
pub fn read_document(source: &str) -> AppResult<WorkflowDocument> {
    Ok(neuroflow_engine::parse_document(&read_document_text(source)?)?)
}

/// A JSON argument given inline or as `@FILE` (at most `limit` bytes); errors name the flag and
/// the position.
pub fn json_argument(flag: &str, text: &str, limit: usize) -> AppResult<serde_json::Value> {
    let (source, json) = match text.strip_prefix('@') {
        Some(path) => (
            format!("{flag} file '{path}'"),
            read_text(path, limit).map_err(|e| AppError { message: format!("{flag}: {}", e.message), ..e })?,
        ),
        None if text.len() > limit => {
            return Err(AppError::new(ErrorCode::Limit, format!("{flag} is larger than the limit of {limit} bytes")));
        }
        None => (flag.to_string(), text.to_string()),
    };
    serde_json::from_str(&json).map_err(|e| {
        AppError::invalid(format!("{source}: not valid JSON at line {}, column {}: {e}", e.line(), e.column()))
    })
}

/// Writes a file whole or not at all: to a temporary file beside it, then renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> AppResult<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| AppError::invalid(format!("'{}' is not a file path", path.display())))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        let code = if e.kind() == std::io::ErrorKind::StorageFull { ErrorCode::DiskFull } else { ErrorCode::Io };
        let why = if code == ErrorCode::DiskFull { "the disk is full".to_string() } else { e.to_string() };
        AppError::new(code, format!("cannot write '{}': {why}; nothing was written", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stop_at_the_limit_and_say_so() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; 2048]).unwrap();
        let err = read_text(big.to_str().unwrap(), 1024).unwrap_err();
        assert_eq!(err.code, ErrorCode::Limit);
        assert!(err.message.contains("larger than the limit of 1024 bytes"), "{}", err.message);
        // A device that never ends is read up to the limit only.
        let err = json_argument("--input", "@/dev/zero", 4096).unwrap_err();
        assert_eq!(err.code, ErrorCode::Limit, "{}", err.message);
        assert!(err.message.starts_with("--input: '/dev/zero' is larger"), "{}", err.message);
    }

    #[test]
    fn writes_are_whole_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomically(&path, b"{}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let err = write_atomically(&dir.path().join("missing/out.json"), b"{}").unwrap_err();
        assert_eq!(err.code, ErrorCode::Io);
        assert!(err.message.contains("nothing was written"), "{}", err.message);
    }
}
