//! `neuroflow serve`: webhook and schedule triggers until stopped (Ctrl-C or SIGTERM), and the
//! background sync of organizations connected to a workspace.

use crate::args::ServeArgs;
use crate::output::Out;
use neuroflow_app::triggers::ServeConfig;
use neuroflow_app::{AppResult, Hub};
use std::io::Write;
use std::time::Duration;

pub async fn run(hub: Hub, out: Out, args: ServeArgs) -> AppResult<u8> {
    let config = ServeConfig { bind: args.bind, port: args.port, ..ServeConfig::default() };
    let service = hub.serve_triggers(config).await?;
    // Old runs are pruned in the background while serving (paced, so webhooks never wait on it).
    let _retention = hub.start_retention(Duration::from_secs(60), Duration::from_secs(3_600));
    // Connected organizations sync in the background while serving (nothing happens for local ones).
    let _sync = hub.start_sync_service();
    let status = service.status();
    {
        let mut stdout = std::io::stdout().lock();
        if out.json {
            let _ = writeln!(
                stdout,
                "{}",
                serde_json::json!({ "listening": format!("http://{}", service.addr()), "status": status })
            );
        } else {
            let _ = writeln!(stdout, "Listening on http://{}", service.addr());
            for w in &status.webhooks {
                let _ = writeln!(stdout, "  webhook  {:<6} {}  → {}", w.method, w.url, w.workflow);
            }
            for s in &status.schedules {
                let tz = s.timezone.as_deref().unwrap_or("local time");
                let _ = writeln!(stdout, "  schedule {} ({tz})  → {}", s.cron, s.workflow);
            }
            for c in &status.conflicts {
                let _ = writeln!(stdout, "  warning: {c}");
            }
        }
        let _ = stdout.flush();
    }
    stopped().await;
    service.stop().await;
    Ok(0)
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn stopped() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
