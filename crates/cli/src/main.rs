//! `neuroflow`: NeuroFlow Hub without a window. It drives the same command surface
//! (`neuroflow_app::Hub`) as the desktop app, over the same data directory.
//!
//! Exit codes: 0 success, 2 bad input (the message names what and where), 1 any other failure.

mod agent_args;
mod analytics_args;
mod args;
mod commands;
mod interrupt;
mod output;
mod prompt;
mod template_args;
mod workspace_args;

use args::{Cli, Command, WorkflowCommand};
use clap::Parser;
use neuroflow_app::{AppResult, Hub, paths};
use output::Out;
use std::process::ExitCode;

/// mimalloc: several times faster than the system allocator on the engine's many small, short-lived
/// allocations (documents, JSON values, template contexts), and it returns freed memory to the OS.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let out = Out { json: cli.json };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(run(cli, out));
    // Do not wait for background work (a runner's heartbeat, an idle HTTP connection) to end.
    runtime.shutdown_background();
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            out.error(&err);
            ExitCode::from(if err.code.is_bad_input() { 2 } else { 1 })
        }
    }
}

async fn run(cli: Cli, out: Out) -> AppResult<u8> {
    let kind = if matches!(cli.command, Command::Serve(_)) { "serve" } else { "cli" };
    let hub = Hub::open_as(paths::data_dir(cli.data_dir), kind)?;
    let org_ref = cli.org.as_deref();
    commands::vault::ask_for_passphrase(&hub, matches!(cli.command, Command::Serve(_))).await?;
    match cli.command {
        Command::Org(command) => commands::org::run(&hub, out, command).await.map(|()| 0),
        Command::Workflow(WorkflowCommand::Validate { target }) => {
            commands::workflow::validate(&hub, out, org_ref, &target).await.map(|()| 0)
        }
        Command::Workflow(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::workflow::run(&hub, out, org, command).await.map(|()| 0)
        }
        Command::Run(args) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::run::run(&hub, out, org, args).await
        }
        Command::Executions(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::executions::run(&hub, out, org, command).await
        }
        Command::Serve(args) => commands::serve::run(hub, out, args).await,
        Command::Integration(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::integration::run(&hub, out, org, command).await
        }
        Command::Vault(command) => commands::vault::run(&hub, out, command).await,
        Command::Agent(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::agent::run(&hub, out, org, *command).await
        }
        Command::Team(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::team::run(&hub, out, org, command).await
        }
        Command::Provider(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::provider::run(&hub, out, org, command).await
        }
        Command::Template(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::template::run(&hub, out, org, command).await
        }
        Command::Analytics(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::analytics::run(&hub, out, org, command).await
        }
        Command::Retention(command) => {
            let org = hub.resolve_org(org_ref).await?.id;
            commands::retention::run(&hub, out, org, command).await
        }
        Command::Workspace(command) => commands::workspace::run(&hub, out, org_ref, command).await,
    }
}

/// Diagnostics go to stderr, quiet unless `NEUROFLOW_LOG` asks (e.g. `NEUROFLOW_LOG=debug`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEUROFLOW_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).try_init();
}
