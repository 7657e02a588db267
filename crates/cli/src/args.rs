//! The command line, as clap reads it.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// NeuroFlow Hub, headless: organizations, workflows and their runs, from the terminal.
#[derive(Debug, Parser)]
#[command(name = "neuroflow", version, about, propagate_version = true)]
pub struct Cli {
    /// The data directory (default: the desktop app's; or $NEUROFLOW_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// The organization, by id or name (optional when there is only one).
    #[arg(long, global = true, value_name = "ORG", env = "NEUROFLOW_ORG")]
    pub org: Option<String>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create, list, rename and delete organizations.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Import, export, list, show, validate and delete workflows.
    #[command(subcommand)]
    Workflow(WorkflowCommand),
    /// Run a workflow (a stored one, or a document file, which is imported first).
    Run(RunArgs),
    /// List and inspect past runs, and re-run one from a node.
    #[command(subcommand)]
    Executions(ExecutionsCommand),
    /// Run webhook and schedule triggers until stopped.
    Serve(ServeArgs),
    /// Connections to Slack, Gmail, mail servers, webhooks and HTTP APIs; secrets go to the vault.
    #[command(subcommand)]
    Integration(IntegrationCommand),
    /// Where secrets are kept: the OS keychain, the kernel keyring, or an encrypted file.
    #[command(subcommand)]
    Vault(VaultCommand),
    /// AI agents: create, configure, ask (the answer streams), and their recorded calls.
    #[command(subcommand)]
    Agent(Box<crate::agent_args::AgentCommand>),
    /// Teams of agents: members with roles, and runs in any of the four structures.
    #[command(subcommand)]
    Team(crate::agent_args::TeamCommand),
    /// LLM providers (addresses and keys) and model prices.
    #[command(subcommand)]
    Provider(crate::agent_args::ProviderCommand),
    /// The template library: search, show, deploy (choices as options), publish, export, import, rate.
    #[command(subcommand)]
    Template(crate::template_args::TemplateCommand),
    /// What works, what fails and what it costs: summaries, breakdowns, errors and the runs behind them.
    #[command(subcommand)]
    Analytics(crate::analytics_args::AnalyticsCommand),
    /// How long runs are kept.
    #[command(subcommand)]
    Retention(crate::analytics_args::RetentionCommand),
    /// The organization's workspace: sign in, connect or download organizations, sync and status.
    #[command(subcommand)]
    Workspace(crate::workspace_args::WorkspaceCommand),
}

#[derive(Debug, Subcommand)]
pub enum IntegrationCommand {
    /// Add an integration. Its secret is asked for (or read from standard input), never taken from
    /// an argument.
    Create {
        #[arg(value_enum)]
        provider: ProviderArg,
        /// A name to refer to it by.
        name: String,
        #[command(flatten)]
        config: ConfigArgs,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// List the organization's integrations with their status.
    List {
        #[arg(long, value_enum)]
        provider: Option<ProviderArg>,
        /// Only integrations whose name contains this text.
        #[arg(long)]
        search: Option<String>,
    },
    /// Show an integration (its secret is never shown, only whether one is saved).
    Show {
        /// The integration, by id or name.
        integration: String,
    },
    /// Change an integration's name, settings or on/off switch, or replace its secret.
    Update {
        /// The integration, by id or name.
        integration: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        config: ConfigArgs,
        /// Turn it on or off (workflows cannot use an integration that is off).
        #[arg(long)]
        active: Option<bool>,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// Delete an integration and its secret.
    Delete {
        /// The integration, by id or name.
        integration: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Test the connection and record the result.
    Test {
        /// The integration, by id or name.
        integration: String,
    },
    /// Sign a Gmail integration in to Google (opens the consent page's address in your browser).
    SignIn {
        /// The integration, by id or name.
        integration: String,
        /// Only print the address; do not open a browser.
        #[arg(long)]
        no_browser: bool,
    },
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Settings as a JSON object, or @FILE (e.g. {"host": "smtp.example.com", "port": 587}).
    #[arg(long, value_name = "JSON|@FILE")]
    pub config: Option<String>,
    /// One setting (repeatable), e.g. --set defaultChannel=#leads. Applied after --config.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SecretArgs {
    /// Read the secret (token, password, signing key …): asked for without echo on a terminal,
    /// otherwise read from standard input.
    #[arg(long)]
    pub secret: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProviderArg {
    Slack,
    Gmail,
    Smtp,
    Webhook,
    Http,
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Which store holds the secrets, whether it can be used now, and why.
    Status,
    /// Switch to another store, moving the saved secrets into it. The encrypted file asks for its
    /// passphrase (or reads NEUROFLOW_VAULT_PASSPHRASE), here and whenever a command needs a secret.
    Use {
        #[arg(value_enum)]
        store: StoreArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StoreArg {
    /// The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager).
    Keychain,
    /// The Linux kernel keyring (lives until logout).
    KernelKeyring,
    /// A file encrypted with a passphrase, for machines with no keychain.
    EncryptedFile,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// A workflow id or name, or a document file.
    pub target: String,
    /// The run's input: JSON, or @FILE to read it from a file.
    #[arg(long, value_name = "JSON|@FILE")]
    pub input: Option<String>,
    /// The trigger node to start at (by default the manual trigger).
    #[arg(long, value_name = "NODE")]
    pub trigger: Option<String>,
    /// A cap on what the run's agents may spend; reaching it stops the run.
    #[command(flatten)]
    pub budget: crate::agent_args::BudgetArgs,
    /// For trying a workflow out: the longest any delay node waits, in milliseconds (0: not at
    /// all). The workflow is unchanged; only this run's waits are shortened.
    #[arg(long, value_name = "MS")]
    pub max_delay_ms: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum ExecutionsCommand {
    /// List runs, newest first.
    List {
        /// Only runs of this workflow (id or name).
        #[arg(long)]
        workflow: Option<String>,
        /// Only runs with this status (pending, running, completed, failed, cancelled).
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
    /// Show a run: every step's input, output, status and timing, and the log.
    Show {
        /// The execution id (or a unique prefix of it), or `last`.
        id: String,
    },
    /// Run a past execution again from a node, reusing the recorded outputs before it.
    Rerun {
        /// The execution id (or a unique prefix of it), or `last`.
        id: String,
        /// The node to run again (it and everything after it run; the rest is reused).
        #[arg(long, value_name = "NODE")]
        from: String,
    },
    /// Remove runs past their retention (see `neuroflow retention`), old log lines, and free the space.
    Prune(crate::analytics_args::PruneArgs),
    /// Write the runs of a period, with their steps, to an audit file with a hash chain.
    Export(crate::analytics_args::ExportArgs),
    /// Check an audit file's hash chain: any edited, removed or reordered record is named.
    Verify {
        file: std::path::PathBuf,
        /// The head printed at export: also prove the file is the one exported.
        #[arg(long, value_name = "HEAD")]
        expect: Option<String>,
    },
    /// Read an archive written by a prune back into the organization.
    ImportArchive { file: std::path::PathBuf },
    /// Keep a run past retention.
    Pin {
        /// The execution id (or a unique prefix of it), or `last`.
        id: String,
    },
    /// Let retention remove a pinned run again.
    Unpin {
        /// The execution id (or a unique prefix of it), or `last`.
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address the webhook listener binds to.
    #[arg(long, default_value = "127.0.0.1", env = "NEUROFLOW_BIND")]
    pub bind: std::net::IpAddr,
    /// The webhook listener's port.
    #[arg(long, default_value_t = 8790, env = "NEUROFLOW_PORT")]
    pub port: u16,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Create an organization.
    Create { name: String },
    /// List the organizations on this machine.
    List,
    /// Rename an organization.
    Rename {
        /// The organization, by id or name.
        org: String,
        name: String,
    },
    /// Delete an organization and all of its data.
    Delete {
        /// The organization, by id or name.
        org: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Show (or change) what an organization's runs may do: how large a node's output may be.
    Limits {
        /// The organization, by id or name (optional when there is only one).
        org: Option<String>,
        /// The largest node output, in megabytes (default 10).
        #[arg(long, value_name = "MB")]
        node_output_mb: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkflowCommand {
    /// Import a workflow document from a file, or from standard input with `-`.
    Import { file: String },
    /// Replace a workflow's document with a file's (a new version; the old one stays in the history).
    Update {
        /// The workflow, by id or name.
        workflow: String,
        /// The new document: a file, or `-` for standard input.
        file: String,
    },
    /// Write a workflow's document to standard output, or to a file.
    Export {
        /// The workflow, by id or name.
        workflow: String,
        #[arg(long, short, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// List the organization's workflows.
    List(ListArgs),
    /// Show a workflow: its details, nodes and edges.
    Show {
        /// The workflow, by id or name.
        workflow: String,
    },
    /// Delete a workflow: it stops running and leaves every list; `workflow undelete ID` brings it
    /// back, with its history and runs, for 30 days.
    Delete {
        /// The workflow, by id or name.
        workflow: String,
    },
    /// Bring back a deleted workflow (switched off).
    Undelete {
        /// The deleted workflow's id (as `workflow delete` printed it).
        id: String,
    },
    /// Rename a workflow.
    Rename {
        /// The workflow, by id or name.
        workflow: String,
        name: String,
    },
    /// List a workflow's saved versions, newest first, and which one is published.
    Versions {
        /// The workflow, by id or name.
        workflow: String,
    },
    /// Show what differs between two versions of a workflow.
    Diff {
        /// The workflow, by id or name.
        workflow: String,
        from: i64,
        to: i64,
    },
    /// Save an old version's document again, as the newest version (publish it to run it).
    Restore {
        /// The workflow, by id or name.
        workflow: String,
        #[arg(value_name = "VERSION")]
        number: i64,
    },
    /// Make a version the one that triggers and `neuroflow run` use.
    Publish {
        /// The workflow, by id or name.
        workflow: String,
        #[arg(value_name = "VERSION")]
        number: i64,
    },
    /// Turn a workflow's webhook and schedule triggers on.
    Activate {
        /// The workflow, by id or name.
        workflow: String,
    },
    /// Turn a workflow's webhook and schedule triggers off.
    Deactivate {
        /// The workflow, by id or name.
        workflow: String,
    },
    /// Copy a workflow into a new one named "… (copy)".
    Duplicate {
        /// The workflow, by id or name.
        workflow: String,
    },
    /// Check a document file (or `-` for standard input) or a stored workflow against the format's rules.
    Validate {
        /// A file, `-`, or a workflow id or name.
        target: String,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only workflows whose name, description or tags contain this text.
    #[arg(long)]
    pub search: Option<String>,
    /// Only workflows with this tag.
    #[arg(long)]
    pub tag: Option<String>,
    /// Only active (or, with --active=false, inactive) workflows.
    #[arg(long)]
    pub active: Option<bool>,
    #[arg(long, value_enum, default_value_t = SortArg::Updated)]
    pub sort: SortArg,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Updated,
    Name,
    NameDesc,
    Created,
    LastRun,
    Runs,
}

/// A JSON argument given inline or as `@FILE` (read up to the run input limit); errors name the
/// flag and the position.
pub fn json_value(flag: &str, text: &str) -> neuroflow_app::AppResult<serde_json::Value> {
    neuroflow_app::files::json_argument(flag, text, neuroflow_app::MAX_INPUT_BYTES)
}

#[cfg(test)]
mod tests {
    /// clap checks every subcommand's definition (unique names, valid defaults) here, not only
    /// when someone happens to run that subcommand.
    #[test]
    fn every_command_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
