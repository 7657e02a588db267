//! The closed set of error codes — errors cross IPC and leave the CLI as `{code, message, details?}`
//! (see `neuroflow_app::AppError`); callers branch on the code and never on the message text — and
//! the errors of reading ids and enum values from text.

use serde::{Deserialize, Serialize};

/// What kind of failure happened; the UI and the CLI decide what to do from this alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// An argument or document is malformed; the message names what and where.
    InvalidInput,
    /// A well-formed workflow breaks the format's rules; `details` lists every issue.
    Validation,
    /// An id or name matches nothing.
    NotFound,
    /// The request collides with existing data (a duplicate name, a stale version).
    Conflict,
    /// The database could not be read or written.
    Storage,
    /// A file could not be read or written.
    Io,
    /// The credential store could not be reached or refused the request.
    Credential,
    /// An LLM provider or an integration answered with an error.
    Provider,
    /// A token or dollar budget was reached.
    Budget,
    /// The operation was cancelled.
    Cancelled,
    /// A bound on size, depth, count or time was reached; the message names the limit.
    Limit,
    /// The organization's plan does not allow it: a limit of the plan is used up (workflows, agents,
    /// executions this month) or the plan does not include it; the message names the plan and the
    /// limit, `details` says which (the workspace's own `PLAN_LIMIT`).
    PlanLimit,
    /// The disk is full: nothing was written; free some space and try again.
    DiskFull,
    /// A request's credentials or signature were refused.
    Unauthorized,
    /// A workflow run ended FAILED (a webhook caller's answer; the message says why).
    RunFailed,
    /// A bug: something that should not happen did.
    Internal,
}

impl ErrorCode {
    /// Whether the caller's input is at fault (the CLI exits 2 for these, 1 otherwise).
    pub fn is_bad_input(self) -> bool {
        matches!(
            self,
            Self::InvalidInput | Self::Validation | Self::NotFound | Self::Conflict | Self::Limit | Self::PlanLimit
        )
    }
}

/// A string that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not a valid {kind} (expected one of {})", allowed.join(", "))]
pub struct EnumParseError {
    pub kind: &'static str,
    pub text: String,
    pub allowed: Vec<&'static str>,
}

/// A string that should have been an id and is not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not a valid {kind} id (expected a UUID)")]
pub struct IdParseError {
    pub kind: &'static str,
    pub text: String,
}
