//! Notices: things that went wrong and need the user, told as they happen so the desktop can
//! notify even while its window is closed — a budget stopped a run, an integration stopped working.
//! A run's failure already reaches listeners as a run event; a notice says *why* in terms the user
//! acts on (raise the budget, sign in again), which the run's error text alone must not be parsed for.
//! Nobody listening costs nothing: a notice without receivers is dropped.

use crate::hub::Hub;
use neuroflow_types::{ExecutionId, IntegrationId, IntegrationProvider, OrgId};
use tokio::sync::broadcast;

/// How many notices are kept for a slow listener.
pub(crate) const CAPACITY: usize = 256;

/// Something the user should hear about.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A budget (the run's, a team's or an agent's) stopped an AI call of the workflow execution
    /// `execution_id`; `message` names the budget and what was spent.
    BudgetStopped { org: OrgId, execution_id: ExecutionId, message: String },
    /// A service refused an integration's credentials, so it stopped working until its user signs in
    /// again or replaces its secret. Told once when it goes from working to not.
    IntegrationStopped {
        org: OrgId,
        integration_id: IntegrationId,
        name: String,
        provider: IntegrationProvider,
        error: String,
    },
}

impl Hub {
    /// Every notice of this process, live (for the desktop's notifications).
    pub fn subscribe_notices(&self) -> broadcast::Receiver<Notice> {
        self.inner.notices.subscribe()
    }

    /// Tells the notice to whoever listens.
    pub(crate) fn tell(&self, notice: Notice) {
        // No receiver is not an error: the CLI does not listen.
        let _ = self.inner.notices.send(notice);
    }
}
