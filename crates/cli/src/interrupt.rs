//! Ctrl-C for the commands that run something (a workflow, an agent call, a team run): the press
//! cancels the work instead of killing the process, so the work ends CANCELLED and is recorded as
//! such — nothing is left RUNNING — and the command then exits 130.

use neuroflow_app::CancellationToken;

/// Listens for Ctrl-C while it lives.
pub struct Interrupt {
    token: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Interrupt {
    /// Starts listening; a press cancels [`Interrupt::token`] (or the token given).
    pub fn cancelling(token: CancellationToken) -> Self {
        let cancel = token.clone();
        let task = tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("Cancelling…");
                cancel.cancel();
            }
        });
        Self { token, task }
    }

    pub fn new() -> Self {
        Self::cancelling(CancellationToken::new())
    }

    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }
}

impl Drop for Interrupt {
    fn drop(&mut self) {
        self.task.abort();
    }
}
