//! The integrations' tests, one binary: connectors against HTTP servers on 127.0.0.1.

mod connectors;
mod http;
