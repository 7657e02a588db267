//! Whether an integration works, as runs find out. A service that refuses an integration's
//! credentials during a run marks it ERROR with the reason (as a failed connection test does) and,
//! the first time, tells a notice — so Settings › Integrations shows what broke and the desktop
//! notifies once per breakage, not once per run. The next action that goes through marks it
//! CONNECTED again. Neither may fail the run: the run's own failure is already recorded.

use crate::hub::Hub;
use crate::notices::Notice;
use neuroflow_store::table::integrations;
use neuroflow_types::{IntegrationId, OrgId};

impl Hub {
    /// A run's action found the integration's credentials refused (`error` says how, in words that
    /// never carry the secret).
    pub(crate) async fn integration_refused(&self, org: OrgId, id: IntegrationId, error: &str) {
        let Ok(open) = self.org(org).await else { return };
        let reason = error.to_string();
        let broke = open
            .store
            .write(move |c| {
                if integrations::mark_broken(c, org, id, &reason)? {
                    Ok(Some(integrations::get(c, org, id)?))
                } else {
                    Ok(None)
                }
            })
            .await;
        match broke {
            Ok(Some(found)) => {
                tracing::warn!(org = %org, integration = %id, "an integration stopped working: its credentials were refused");
                self.tell(Notice::IntegrationStopped {
                    org,
                    integration_id: id,
                    name: found.name,
                    provider: found.provider,
                    error: error.to_string(),
                });
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(org = %org, integration = %id, error = %e, "could not record an integration's failure")
            }
        }
    }

    /// A run's action went through an integration that was marked ERROR when it was resolved
    /// (`OrgConnections::take_broken`): it works again.
    pub(crate) async fn integration_worked(&self, org: OrgId, id: IntegrationId) {
        let Ok(open) = self.org(org).await else { return };
        if let Err(e) = open.store.write(move |c| integrations::mark_working(c, org, id)).await {
            tracing::warn!(org = %org, integration = %id, error = %e, "could not record that an integration works again");
        }
    }
}
