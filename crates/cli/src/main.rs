//! `neuroflow`: NeuroFlow Hub without a window. It drives the same command surface
//! (`neuroflow_app::Hub`) as the desktop app, over the same data directory.
//!
//! Exit codes: 0 success, 2 bad input (the message names what and where), 1 any other failure.

mod args;
mod commands;
mod output;

use args::{Cli, Command, WorkflowCommand};
use clap::Parser;
use neuroflow_app::{AppResult, Hub, paths};
use output::Out;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let out = Out { json: cli.json };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli, out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            out.error(&err);
            ExitCode::from(if err.code.is_bad_input() { 2 } else { 1 })
        }
    }
}

async fn run(cli: Cli, out: Out) -> AppResult<()> {
    let hub = Hub::open(paths::data_dir(cli.data_dir))?;
    let org_ref = cli.org.as_deref();
    match cli.command {
        Command::Org(command) => commands::org::run(&hub, out, command).await,
        Command::Workflow(WorkflowCommand::Validate { target }) => {
            commands::workflow::validate(&hub, out, org_ref, &target).await
        }
        Command::Workflow(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::workflow::run(&hub, out, org, command).await
        }
    }
}

/// Diagnostics go to stderr, quiet unless `NEUROFLOW_LOG` asks (e.g. `NEUROFLOW_LOG=debug`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEUROFLOW_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
