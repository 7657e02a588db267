//! Starting the service: refuse a database role that row-level security would not bind, refuse a
//! schema older than the binary, then serve on the listener until Ctrl-C or SIGTERM, finishing the
//! requests in flight.

use crate::api::{AppState, router};
use crate::auth::sessions::AuthConfig;
use crate::db;
use crate::error::Result;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub database_url: String,
    pub max_connections: u32,
    pub auth: AuthConfig,
}

/// Connects and checks; the state to serve with.
pub async fn prepare(options: &ServeOptions) -> Result<AppState> {
    let pool = db::connect(&options.database_url, options.max_connections).await?;
    db::check_service_role(&pool).await?;
    db::check_migrations(&pool).await?;
    let sync = crate::sync::notify::SyncNotifier::start(&pool).await?;
    Ok(AppState { pool, auth: Arc::new(options.auth.clone()), sync })
}

/// Serves `state` on `listener` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
