//! Running a validated workflow: the scheduler, the executor interface every node type plugs into,
//! the built-in executors, and the scope templates are evaluated in.

mod attempt;
mod builtin;
mod executor;
mod request;
mod scheduler;
mod scope;

pub use crate::error::{FailureKind, NodeError, field_error};
pub use builtin::Delay;
pub use executor::{BoxFuture, Executor, Executors, NodeCall, NodeOutput, missing_executor};
pub use request::{
    DEFAULT_CONCURRENCY, DEFAULT_MAX_OUTPUT_BYTES, Durable, Record, Reused, RunHooks, RunOutcome, RunRequest,
};
pub use scheduler::run;
pub use scope::Scope;
