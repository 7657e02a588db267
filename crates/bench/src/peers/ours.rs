//! Our side: a fresh data directory with one organization per workflow (so that each workflow's
//! executions, steps and bytes are in a database of their own and can be counted apart), set up
//! with the CLI as a user would, served by one release `neuroflow serve`.
//!
//! After the load the server is stopped, each organization's SQLite file is checkpointed, and we
//! count the rows it persisted and the bytes it grew by.

use super::flows::{ALL, Flow};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct Ours {
    cli: PathBuf,
    data: PathBuf,
    /// Each workflow's organization database and its size before any execution.
    dbs: Vec<(Flow, PathBuf, u64)>,
}

/// What one organization's database kept.
pub struct Stored {
    pub flow: Flow,
    pub executions: i64,
    /// `None` if the store keeps no separate step rows any more.
    pub steps: Option<i64>,
    pub bytes_before: u64,
    pub bytes_after: u64,
}

impl Stored {
    pub fn bytes_per_execution(&self) -> Option<f64> {
        (self.executions > 0)
            .then(|| self.bytes_after.saturating_sub(self.bytes_before) as f64 / self.executions as f64)
    }
}

impl Ours {
    /// Creates the organizations and imports and activates each workflow with the CLI.
    pub fn setup(cli: &Path, data: &Path) -> Result<Self, String> {
        if !cli.exists() {
            return Err(format!(
                "{} is missing: build it with `cargo build --release -p neuroflow-cli` (./dev.sh bench does)",
                cli.display()
            ));
        }
        let run = |args: &[&str]| -> Result<(), String> {
            let out = Command::new(cli).arg("--data-dir").arg(data).args(args).output().map_err(|e| e.to_string())?;
            if out.status.success() {
                Ok(())
            } else {
                Err(format!("neuroflow {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()))
            }
        };
        for flow in ALL {
            let org = flow.path();
            run(&["org", "create", org])?;
            let file = data.with_file_name(format!("{org}.json"));
            std::fs::write(&file, flow.ours().to_string()).map_err(|e| e.to_string())?;
            let name = flow.ours()["name"].as_str().unwrap_or_default().to_string();
            run(&["--org", org, "workflow", "import", file.to_str().unwrap_or_default()])?;
            run(&["--org", org, "workflow", "activate", &name])?;
        }
        let registry = Connection::open(data.join("registry.sqlite")).map_err(|e| e.to_string())?;
        let mut dbs = Vec::new();
        for flow in ALL {
            let id: String = registry
                .query_row("SELECT id FROM organizations WHERE name = ?1", [flow.path()], |r| r.get(0))
                .map_err(|e| format!("organization {} not in the registry: {e}", flow.path()))?;
            let db = data.join("orgs").join(id).join("org.sqlite");
            let before = checkpointed_size(&db)?;
            dbs.push((flow, db, before));
        }
        Ok(Self { cli: cli.to_path_buf(), data: data.to_path_buf(), dbs })
    }

    pub fn start(&self, port: u16) -> std::io::Result<Child> {
        Command::new(&self.cli)
            .arg("--data-dir")
            .arg(&self.data)
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
    }

    /// Counts what each organization persisted (call after the server stopped).
    pub fn stored(&self) -> Vec<Result<Stored, String>> {
        self.dbs
            .iter()
            .map(|(flow, db, before)| {
                let bytes_after = checkpointed_size(db)?;
                let conn = Connection::open(db).map_err(|e| e.to_string())?;
                let count = |table: &str| conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0));
                let executions = count("workflow_executions").map_err(|e| format!("counting executions: {e}"))?;
                let steps = count("execution_steps").ok();
                Ok(Stored { flow: *flow, executions, steps, bytes_before: *before, bytes_after })
            })
            .collect()
    }
}

/// The database's size with its write-ahead log folded in (and anything left in it counted).
fn checkpointed_size(db: &Path) -> Result<u64, String> {
    let conn = Connection::open(db).map_err(|e| format!("{}: {e}", db.display()))?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).map_err(|e| format!("checkpoint: {e}"))?;
    drop(conn);
    let size = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    Ok(size(db.to_path_buf()) + size(PathBuf::from(wal)))
}
