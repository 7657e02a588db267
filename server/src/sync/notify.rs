//! Waking the pulls that wait. Every commit that changes an organization's synced data notifies
//! the `neuroflow_sync` channel with the organization's id (a statement trigger, migration 0004),
//! on whichever instance it ran; each instance listens once and hands the ids to its waiting
//! pulls. A change made online thus reaches the other online desktops in one round trip, with no
//! polling. If the listening connection drops, every waiting pull is woken to look for itself.

use crate::error::Result;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use uuid::Uuid;

/// Organizations whose feed grew, as they commit (`Uuid::nil()`: look, whoever you are).
pub struct SyncNotifier {
    sender: broadcast::Sender<Uuid>,
}

impl std::fmt::Debug for SyncNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncNotifier")
    }
}

pub const CHANNEL: &str = "neuroflow_sync";

impl SyncNotifier {
    /// Listens on one connection of `pool` for as long as the process runs.
    pub async fn start(pool: &PgPool) -> Result<Arc<Self>> {
        let mut listener = PgListener::connect_with(pool).await?;
        listener.listen(CHANNEL).await?;
        let notifier = Arc::new(Self { sender: broadcast::channel(1024).0 });
        let sender = notifier.sender.clone();
        tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(n) => {
                        if let Ok(org) = Uuid::parse_str(n.payload()) {
                            let _ = sender.send(org);
                        }
                    }
                    Err(sqlx::Error::PoolClosed) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "the sync notification listener lost its connection; reconnecting");
                        let _ = sender.send(Uuid::nil());
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            }
        });
        Ok(notifier)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Uuid> {
        self.sender.subscribe()
    }
}

/// Waits until `org`'s feed may have grown, or `until`.
pub async fn wait_for(rx: &mut broadcast::Receiver<Uuid>, org: Uuid, until: tokio::time::Instant) {
    loop {
        match tokio::time::timeout_at(until, rx.recv()).await {
            Err(_) => return,
            Ok(Ok(id)) if id == org || id.is_nil() => return,
            Ok(Ok(_)) => {}
            // Missed some: one of them may have been ours.
            Ok(Err(broadcast::error::RecvError::Lagged(_))) => return,
            Ok(Err(broadcast::error::RecvError::Closed)) => {
                tokio::time::sleep_until(until).await;
                return;
            }
        }
    }
}
