//! Installs what the side-by-side benchmark needs, only when it is missing, so that a second run
//! goes straight to work: wrk and hey from Debian's packages (apt, as root or through sudo), and the
//! peers at pinned versions with npm into a scratch directory under `target/peers/` (never into the
//! project). When something cannot be installed, it says what is missing and how to install it,
//! and the benchmark measures what it can without it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Node-RED's version, pinned so that figures from different days compare (5.x needs Node 22).
pub const NODE_RED_VERSION: &str = "4.1.8";

fn found(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Installs the Debian packages of the load tools that are missing; returns the tools available,
/// with a line for each that is not.
pub fn load_tools(problems: &mut Vec<String>) -> Vec<&'static str> {
    let wanted = ["wrk", "hey"];
    let missing: Vec<&str> = wanted.iter().copied().filter(|t| !found(t)).collect();
    if !missing.is_empty() {
        eprintln!("==> Installing {} (Debian packages)", missing.join(" and "));
        if let Err(e) = apt_install(&missing) {
            problems.push(format!(
                "{} missing and could not be installed ({e}); install with: sudo apt-get install {}",
                missing.join(" and "),
                missing.join(" ")
            ));
        }
    }
    wanted.into_iter().filter(|t| found(t)).collect()
}

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    let sudo = !root && found("sudo");
    if !root && !sudo {
        return Err("installing Debian packages needs root or sudo".into());
    }
    let apt = |args: &[&str]| -> Result<(), String> {
        let mut cmd = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
        if sudo {
            cmd.args(["-n", "apt-get"]);
        }
        let out = cmd
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .output()
            .map_err(|e| format!("apt-get: {e}"))?;
        if out.status.success() { Ok(()) } else { Err(last_line(&out.stderr)) }
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend_from_slice(packages);
    // An archive fetch sometimes fails midway; repairing and trying once more fixes it.
    apt(&install).or_else(|_| apt(&["-f", "install", "-y", "-qq"]).and_then(|_| apt(&install)))
}

/// Where the peers are installed: `target/peers/<name>` beside this binary's `release/` folder.
pub fn scratch(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let target = exe.parent().and_then(Path::parent).unwrap_or(Path::new("."));
    target.join("peers").join(name)
}

/// Installs `package@version` with npm into `dir` unless that version is already there; returns
/// the package's folder.
pub fn npm_package(dir: &Path, package: &str, version: &str, min_node: (u32, u32)) -> Result<PathBuf, String> {
    let installed = dir.join("node_modules").join(package);
    let have = std::fs::read_to_string(installed.join("package.json"))
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string));
    if have.as_deref() == Some(version) {
        return Ok(installed);
    }
    let node = node_version().ok_or_else(|| {
        format!(
            "{package} needs Node.js {}.{} or newer and npm; none found (Debian: apt-get install nodejs npm)",
            min_node.0, min_node.1
        )
    })?;
    if node < min_node {
        return Err(format!(
            "{package} {version} needs Node.js {}.{} or newer; this machine has {}.{}",
            min_node.0, min_node.1, node.0, node.1
        ));
    }
    if !found("npm") {
        return Err(format!("{package} is installed with npm, which is missing (Debian: apt-get install npm)"));
    }
    eprintln!("==> Installing {package} {version} with npm into {}", dir.display());
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let manifest =
        serde_json::json!({ "name": "neuroflow-bench-peer", "private": true, "dependencies": { package: version } });
    std::fs::write(dir.join("package.json"), manifest.to_string()).map_err(|e| e.to_string())?;
    let out = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--save-exact"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("npm: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "npm could not install {package}@{version} (is the npm registry reachable?): {}",
            last_line(&out.stderr)
        ));
    }
    Ok(installed)
}

/// Node's (major, minor), if `node` runs.
pub fn node_version() -> Option<(u32, u32)> {
    let out = Command::new("node").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.trim().trim_start_matches('v').split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim().to_string()
}
