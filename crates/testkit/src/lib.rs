//! Servers for tests and benchmarks, real ones on 127.0.0.1: they stand in for the outside world
//! (LLM providers; Slack, Gmail, webhook receivers and JSON APIs; a mail server), never for our own
//! code.

pub mod llm;
mod llm_wire;
pub mod schema_answer;
pub mod services;
pub mod smtp;

pub use llm::{Behavior, FakeLlm, Seen};
pub use llm_wire::{Wire, input_tokens, words};
pub use services::{Answer, Call, FakeServices};
pub use smtp::{FakeSmtp, Mail};
