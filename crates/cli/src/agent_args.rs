//! The command line of agents, teams, providers and prices, as clap reads it.

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Create an agent.
    Create {
        name: String,
        #[command(flatten)]
        settings: AgentSettings,
    },
    /// List the agents with their status and metrics.
    List,
    /// Show an agent: its settings and metrics.
    Show { agent: String },
    /// Change an agent's settings (only those given).
    Update {
        agent: String,
        #[arg(long)]
        rename: Option<String>,
        /// Turn the agent on or off.
        #[arg(long)]
        active: Option<bool>,
        #[command(flatten)]
        settings: AgentSettings,
    },
    /// Delete an agent and the record of its calls.
    Delete {
        agent: String,
        #[arg(long, short)]
        yes: bool,
    },
    /// Ask an agent something; its answer streams as it is written.
    Ask {
        agent: String,
        prompt: String,
        /// Answer in JSON matching this JSON Schema (inline or @FILE), or any JSON object with `{}`.
        #[arg(long, value_name = "SCHEMA|@FILE")]
        schema: Option<String>,
        /// Do not send the agent's memory of past conversations.
        #[arg(long)]
        forget: bool,
        #[command(flatten)]
        budget: BudgetArgs,
    },
    /// The agent's recent calls.
    Calls {
        agent: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

#[derive(Debug, Args, Default)]
pub struct AgentSettings {
    /// A provider id from `neuroflow provider list` (openai, anthropic, gemini, ollama …).
    #[arg(long)]
    pub provider: Option<String>,
    #[arg(long)]
    pub model: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// A personality trait (repeatable).
    #[arg(long = "trait", value_name = "TRAIT")]
    pub traits: Vec<String>,
    #[arg(long)]
    pub tone: Option<String>,
    #[arg(long)]
    pub style: Option<String>,
    /// Instructions added to the system prompt.
    #[arg(long)]
    pub instructions: Option<String>,
    #[arg(long)]
    pub temperature: Option<f64>,
    /// The most tokens per answer.
    #[arg(long)]
    pub max_tokens: Option<u32>,
    #[arg(long)]
    pub top_p: Option<f64>,
    /// A tool the agent may use (repeatable): fetch_url, current_time, run_workflow, use_integration.
    #[arg(long = "tool", value_name = "TOOL")]
    pub tools: Vec<String>,
    /// How many past conversations the agent remembers (0: none).
    #[arg(long, value_name = "TURNS")]
    pub memory: Option<u32>,
    /// A note the agent always keeps in mind (repeatable).
    #[arg(long = "note", value_name = "NOTE")]
    pub notes: Vec<String>,
    #[command(flatten)]
    pub budget: BudgetArgs,
}

/// A cap on spending.
#[derive(Debug, Args, Default, Clone)]
pub struct BudgetArgs {
    /// Stop after this many tokens.
    #[arg(long, value_name = "TOKENS")]
    pub budget_tokens: Option<i64>,
    /// Stop after spending this many dollars (e.g. 0.50).
    #[arg(long, value_name = "USD")]
    pub budget_usd: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Create a team.
    Create {
        name: String,
        #[arg(long, value_enum)]
        structure: StructureArg,
        #[arg(long, default_value = "")]
        description: String,
        #[command(flatten)]
        budget: BudgetArgs,
    },
    List,
    /// Show a team and its members.
    Show {
        team: String,
    },
    /// Add an agent to a team (or change its role and priority).
    AddMember {
        team: String,
        agent: String,
        #[arg(long, value_enum, default_value_t = RoleArg::Worker)]
        role: RoleArg,
        /// Lower goes first in a pipeline and wins ties in a vote.
        #[arg(long, default_value_t = 0)]
        priority: i32,
    },
    RemoveMember {
        team: String,
        agent: String,
    },
    /// Run the team on a task; each member's contribution is shown as it arrives.
    Run {
        team: String,
        task: String,
        #[command(flatten)]
        budget: BudgetArgs,
    },
    /// The team's recent runs: status, tokens, cost, duration.
    Runs {
        team: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    Delete {
        team: String,
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StructureArg {
    Pipeline,
    Hierarchical,
    Collaborative,
    Democratic,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Leader,
    Worker,
    Coordinator,
    Specialist,
}

#[derive(Debug, Subcommand)]
pub enum ProviderCommand {
    /// The providers, their addresses, and whether a key is saved.
    List,
    /// Add or change a provider; `--key` asks for its API key (or reads standard input).
    Set {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        #[arg(long)]
        base_url: Option<String>,
        /// The provider runs on this machine and needs no key.
        #[arg(long)]
        no_key: bool,
        /// Ask for the API key (never given as an argument).
        #[arg(long)]
        key: bool,
    },
    /// Forget a provider's key (and remove a provider that is not a preset).
    Remove { id: String },
    /// Model prices, in dollars per million tokens.
    Prices,
    /// Set a model's price, in dollars per million tokens.
    SetPrice {
        provider: String,
        model: String,
        #[arg(long, value_name = "USD")]
        input: String,
        #[arg(long, value_name = "USD")]
        output: String,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    /// OpenAI chat completions and every compatible server.
    Openai,
    Anthropic,
    Gemini,
}
