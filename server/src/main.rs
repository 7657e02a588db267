//! `neuroflow-server`: migrate the database, serve the API, or bootstrap users and organizations.
//! Every option also reads a `NEUROFLOW_SERVER_*` environment variable, so a container or a
//! service unit configures it without arguments.

use clap::{Parser, Subcommand};
use neuroflow_server::auth::sessions::AuthConfig;
use neuroflow_server::permissions::Plan;
use neuroflow_server::serve::{self, ServeOptions};
use neuroflow_server::{Result, admin, db};
use std::process::ExitCode;
use std::time::Duration;
use uuid::Uuid;

#[derive(Parser)]
#[command(name = "neuroflow-server", version, about = "NeuroFlow Hub's hosted workspace service")]
struct Cli {
    /// Log as JSON lines (for log collectors) instead of text.
    #[arg(long, global = true, env = "NEUROFLOW_SERVER_LOG_JSON")]
    log_json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, as the role that owns the schema (never the service's role).
    Migrate {
        #[arg(long, env = "NEUROFLOW_SERVER_MIGRATE_DATABASE_URL")]
        database_url: String,
        /// Also set the password of the service's role, neuroflow_app.
        #[arg(long, env = "NEUROFLOW_SERVER_APP_PASSWORD", hide_env_values = true)]
        app_password: Option<String>,
    },
    /// Serve the API, connected as neuroflow_app (refuses an owner, a superuser or BYPASSRLS).
    Serve {
        #[arg(long, env = "NEUROFLOW_SERVER_DATABASE_URL", hide_env_values = true)]
        database_url: String,
        #[arg(long, env = "NEUROFLOW_SERVER_LISTEN", default_value = "127.0.0.1:8787")]
        listen: String,
        /// Database connections of this instance.
        #[arg(long, env = "NEUROFLOW_SERVER_MAX_CONNECTIONS", default_value_t = 16)]
        max_connections: u32,
        /// Access token lifetime, in seconds.
        #[arg(long, env = "NEUROFLOW_SERVER_ACCESS_TTL", default_value_t = 900)]
        access_ttl: u64,
        /// Refresh token lifetime, in seconds.
        #[arg(long, env = "NEUROFLOW_SERVER_REFRESH_TTL", default_value_t = 30 * 24 * 3600)]
        refresh_ttl: u64,
        /// Failed sign-ins allowed per email and address in the window.
        #[arg(long, env = "NEUROFLOW_SERVER_MAX_SIGN_IN_FAILURES", default_value_t = 5)]
        max_sign_in_failures: i64,
        /// The window for failed sign-ins, in seconds.
        #[arg(long, env = "NEUROFLOW_SERVER_SIGN_IN_WINDOW", default_value_t = 900)]
        sign_in_window: u64,
    },
    /// Bootstrap without a UI, as the owner role.
    Admin {
        #[arg(long, env = "NEUROFLOW_SERVER_MIGRATE_DATABASE_URL", hide_env_values = true)]
        database_url: String,
        #[command(subcommand)]
        action: AdminAction,
    },
}

#[derive(Subcommand)]
enum AdminAction {
    /// Create a user; the password is read from NEUROFLOW_SERVER_NEW_PASSWORD or standard input.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Create an organization owned by an existing user.
    CreateOrg {
        #[arg(long)]
        name: String,
        #[arg(long)]
        owner_email: String,
    },
    /// Forget sync tombstones older than DAYS days (run it daily); desktops that last synced before
    /// the newest forgotten one sync again from the start.
    CompactSync {
        #[arg(long, default_value_t = 90)]
        days: i64,
    },
    /// Set an organization's plan: FREE, STARTER, GROWTH, ELITE or ENTERPRISE.
    SetPlan {
        #[arg(long)]
        org: Uuid,
        #[arg(long)]
        plan: String,
    },
}

fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEUROFLOW_SERVER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json { builder.json().flatten_event(true).init() } else { builder.init() }
}

fn read_password() -> Result<String> {
    if let Ok(p) = std::env::var("NEUROFLOW_SERVER_NEW_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Migrate { database_url, app_password } => {
            db::migrate(&database_url, app_password.as_deref()).await?;
            tracing::info!("migrations applied");
        }
        Command::Serve {
            database_url,
            listen,
            max_connections,
            access_ttl,
            refresh_ttl,
            max_sign_in_failures,
            sign_in_window,
        } => {
            let options = ServeOptions {
                database_url,
                max_connections,
                auth: AuthConfig {
                    access_ttl: Duration::from_secs(access_ttl),
                    refresh_ttl: Duration::from_secs(refresh_ttl),
                    max_failures: max_sign_in_failures,
                    failure_window: Duration::from_secs(sign_in_window),
                },
            };
            let state = serve::prepare(&options).await?;
            let listener = tokio::net::TcpListener::bind(&listen).await?;
            tracing::info!(listen = %listener.local_addr()?, "serving");
            serve::run(listener, state, serve::shutdown_signal()).await?;
        }
        Command::Admin { database_url, action } => {
            let pool = db::connect(&database_url, 2).await?;
            match action {
                AdminAction::CreateUser { email, name } => {
                    let id = admin::create_user(&pool, &email, &read_password()?, &name).await?;
                    println!("{id}");
                }
                AdminAction::CreateOrg { name, owner_email } => {
                    println!("{}", admin::create_org(&pool, &name, &owner_email).await?)
                }
                AdminAction::CompactSync { days } => {
                    let removed = neuroflow_server::sync::session::compact(&pool, days).await?;
                    println!("{removed} tombstones forgotten");
                }
                AdminAction::SetPlan { org, plan } => {
                    let plan: Plan = plan.parse()?;
                    admin::set_plan(&pool, org, plan).await?;
                    println!("{org} {plan}");
                }
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "failed");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
