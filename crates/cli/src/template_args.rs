//! `neuroflow template …` as clap reads it. `deploy` takes every choice as an option, so a script can
//! deploy without a prompt: `--integration KEY=ID|NAME`, `--agent KEY=ID|NAME|new[:NAME]`,
//! `--team KEY=ID|NAME`, `--var NAME=VALUE` (VALUE read as JSON when it is JSON, else as text).

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// List the library (built-in, published and imported templates), featured first.
    List {
        #[command(flatten)]
        filters: TemplateFilters,
    },
    /// Search the library by words in names, descriptions, tags and integrations; with the count
    /// each filter value gives.
    Search {
        /// The words to find (every word must match; the last may be the start of a word).
        text: Vec<String>,
        #[command(flatten)]
        filters: TemplateFilters,
    },
    /// Show a template: what it does, what it needs and what this organization has of it, its
    /// variables, sample input, cost per run and deployments.
    Show {
        /// The template, by slug or id.
        template: String,
        /// Also print the workflow document.
        #[arg(long)]
        document: bool,
    },
    /// Deploy a template as a new workflow, switched off, with a checklist of what is left.
    Deploy {
        /// The template, by slug or id.
        template: String,
        /// The workflow's name (default: the template's).
        #[arg(long)]
        name: Option<String>,
        /// An integration for a requirement (repeatable): KEY=ID or KEY=NAME. A key left out uses
        /// the only integration of its provider, when there is exactly one.
        #[arg(long = "integration", value_name = "KEY=INTEGRATION")]
        integrations: Vec<String>,
        /// An agent for a requirement (repeatable): KEY=ID, KEY=NAME, KEY=new or KEY=new:NAME. A key
        /// left out gets a new agent made from the template's suggestion.
        #[arg(long = "agent", value_name = "KEY=AGENT")]
        agents: Vec<String>,
        /// A team for a requirement (repeatable): KEY=ID or KEY=NAME.
        #[arg(long = "team", value_name = "KEY=TEAM")]
        teams: Vec<String>,
        /// A variable (repeatable): NAME=VALUE.
        #[arg(long = "var", value_name = "NAME=VALUE")]
        vars: Vec<String>,
        /// Variables as a JSON object, or @FILE (applied before --var).
        #[arg(long, value_name = "JSON|@FILE")]
        vars_json: Option<String>,
        /// Test-run the new workflow once with the template's sample input.
        #[arg(long)]
        test_run: bool,
    },
    /// Publish one of the organization's workflows as a private template (its secrets, integration
    /// ids and personal details become requirements). Publishing it again makes the next version.
    Publish {
        /// The workflow, by id or name.
        workflow: String,
        #[arg(long, value_enum)]
        category: CategoryArg,
        #[arg(long, value_enum)]
        difficulty: DifficultyArg,
        /// The template's name (default: the workflow's).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// A tag (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Minutes to set it up (default: estimated from its requirements).
        #[arg(long)]
        setup_minutes: Option<u32>,
        /// Keep this text variable's value as its example (repeatable); other text values are left
        /// out, since they may hold personal details.
        #[arg(long = "keep-value", value_name = "VARIABLE")]
        keep_values: Vec<String>,
    },
    /// Write a template file (to standard output, or to --output).
    Export {
        /// The template, by slug or id.
        template: String,
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Import a template file (checked whole first; a newer version replaces the older one).
    Import {
        /// The file, or - for standard input.
        file: String,
    },
    /// Rate a template 1 to 5 (once one of your workflows made from it has run successfully).
    Rate {
        /// The template, by slug or id.
        template: String,
        stars: u8,
    },
    /// Delete a published or imported template (built-in ones stay). Deployed workflows keep working.
    Delete {
        /// The template, by slug or id.
        template: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Show a deployed workflow's template: its checklist and whether a newer version exists (with
    /// the difference); --take takes it.
    Update {
        /// The workflow, by id or name.
        workflow: String,
        #[arg(long)]
        take: bool,
        /// A variable for a requirement the new version adds (repeatable): NAME=VALUE.
        #[arg(long = "var", value_name = "NAME=VALUE")]
        vars: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct TemplateFilters {
    #[arg(long, value_enum)]
    pub category: Option<CategoryArg>,
    #[arg(long, value_enum)]
    pub difficulty: Option<DifficultyArg>,
    /// Only templates that use an integration of this provider.
    #[arg(long, value_enum)]
    pub integration: Option<crate::args::ProviderArg>,
    /// Only built-in, published (private) or imported templates.
    #[arg(long, value_enum)]
    pub source: Option<SourceArg>,
    /// Only private or imported templates unused for 180 days (offered for cleanup).
    #[arg(long)]
    pub stale: bool,
    /// relevance (default), featured, popular, top-rated or newest.
    #[arg(long, default_value = "relevance")]
    pub sort: String,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CategoryArg {
    Sales,
    Support,
    Marketing,
    DataProcessing,
    Automation,
    Analytics,
    Content,
    Communication,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DifficultyArg {
    Beginner,
    Intermediate,
    Advanced,
    Expert,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SourceArg {
    Builtin,
    Private,
    Imported,
}
