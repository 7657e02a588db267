//! Servers for tests and benchmarks, real ones on 127.0.0.1: they stand in for the outside world
//! (here, LLM providers), never for our own code.

pub mod llm;
mod llm_wire;

pub use llm::{Behavior, FakeLlm, Seen};
pub use llm_wire::{Wire, input_tokens, words};
