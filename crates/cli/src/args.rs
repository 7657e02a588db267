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
}

#[derive(Debug, Subcommand)]
pub enum WorkflowCommand {
    /// Import a workflow document from a file, or from standard input with `-`.
    Import { file: String },
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
    /// Delete a workflow with its history and runs.
    Delete {
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
