//! Node-RED, the peer that answers one client at a time fastest: installed at a pinned version,
//! run as a deployment would run it (one `node` process, settings file, flows file, listening on
//! 127.0.0.1 only, editor and admin API off, telemetry and diagnostics off, logging at `warn`).
//! It keeps no record of its runs: nothing is persisted per request.

use super::flows;
use super::install::{NODE_RED_VERSION, npm_package, scratch};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Installs Node-RED if needed; returns its package folder.
pub fn install() -> Result<PathBuf, String> {
    npm_package(&scratch("node-red"), "node-red", NODE_RED_VERSION, (18, 5))
}

/// Writes settings.js and flows.json into `user_dir`.
pub fn prepare(user_dir: &Path, port: u16) -> std::io::Result<()> {
    std::fs::create_dir_all(user_dir)?;
    let settings = format!(
        r#"module.exports = {{
    uiHost: "127.0.0.1",
    uiPort: {port},
    flowFile: "flows.json",
    credentialSecret: false,
    httpAdminRoot: false,
    diagnostics: {{ enabled: false, ui: false }},
    runtimeState: {{ enabled: false, ui: false }},
    telemetry: {{ enabled: false }},
    externalModules: {{ autoInstall: false }},
    logging: {{ console: {{ level: "warn", metrics: false, audit: false }} }}
}};
"#
    );
    std::fs::write(user_dir.join("settings.js"), settings)?;
    std::fs::write(user_dir.join("flows.json"), flows::node_red_flows().to_string())
}

/// Starts Node-RED; its output goes to `node-red.log` in `user_dir`.
pub fn start(package: &Path, user_dir: &Path) -> std::io::Result<Child> {
    let log = std::fs::File::create(user_dir.join("node-red.log"))?;
    Command::new("node")
        .arg(package.join("red.js"))
        .arg("--userDir")
        .arg(user_dir)
        .arg("--settings")
        .arg(user_dir.join("settings.js"))
        .env("NODE_ENV", "production")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
}

/// The end of Node-RED's log, to show when it does not come up.
pub fn log_tail(user_dir: &Path) -> String {
    let text = std::fs::read_to_string(user_dir.join("node-red.log")).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}
