//! Errors of the store. They name the table and the id or value at fault, never a secret.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{kind} '{id}' was not found")]
    NotFound { kind: &'static str, id: String },

    #[error("{0}")]
    Conflict(String),

    #[error("{0}")]
    Invalid(String),

    #[error("the database could not be opened at {path}: {reason}")]
    Open { path: String, reason: String },

    #[error("the database schema could not be brought up to date: {0}")]
    Migration(String),

    #[error("a stored value is damaged: {table}.{column}: {reason}")]
    Corrupt { table: &'static str, column: &'static str, reason: String },

    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),

    #[error("file error: {0}")]
    Io(std::io::Error),

    /// SQLite or the file system ran out of space. The transaction was rolled back whole.
    #[error("the disk is full: nothing was saved; free some space and try again")]
    DiskFull,

    #[error("the database writer has stopped")]
    WriterStopped,

    #[error("internal error in the store: {0}")]
    Internal(String),
}

impl StoreError {
    pub fn not_found(kind: &'static str, id: impl ToString) -> Self {
        Self::NotFound { kind, id: id.to_string() }
    }

    /// Whether SQLite refused the write because of a CHECK, UNIQUE or foreign-key constraint.
    pub fn is_constraint(&self) -> bool {
        matches!(
            self,
            Self::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation
        )
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull => Self::DiskFull,
            _ => Self::Sqlite(e),
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull { Self::DiskFull } else { Self::Io(e) }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
