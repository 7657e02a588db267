//! The workspace service's tests, one binary, against a real PostgreSQL (server/scripts.sh check).

mod accounts;
mod common;
mod instances;
mod isolation;
mod openapi;
mod people_and_plans;
mod sync;
mod sync_batches;
mod sync_feed;
mod workflows;
