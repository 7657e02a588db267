//! How connectors get an integration of one organization: its settings from the store and its
//! secret from the vault, resolved when a node runs (so a replaced token is used at once), and
//! renewed credentials (Gmail's access token) written back. It remembers which integrations it
//! found marked ERROR, so that an action that then goes through mends the mark without reading the
//! store again (the usual case, an integration that works, costs nothing after the action).

use super::secret_name;
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_integrations::{BoxFuture, Connection, Connections, ConnectorError, ProviderConfig};
use neuroflow_store::table::integrations;
use neuroflow_types::{IntegrationId, IntegrationStatus, OrgId};
use neuroflow_vault::Secret;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// The integrations of one organization, for the integration executor and connection tests.
#[derive(Clone)]
pub(crate) struct OrgConnections {
    hub: Hub,
    org: OrgId,
    /// Integrations resolved while marked ERROR, until an action through them goes through.
    broken: Arc<Mutex<HashSet<IntegrationId>>>,
}

impl OrgConnections {
    pub fn new(hub: Hub, org: OrgId) -> Self {
        Self { hub, org, broken: Arc::default() }
    }

    /// Whether `id` was marked ERROR when it was resolved (forgotten once asked: the caller
    /// mends the mark).
    pub fn take_broken(&self, id: IntegrationId) -> bool {
        self.broken.lock().map(|mut set| set.remove(&id)).unwrap_or(false)
    }

    /// An integration ready to use; the error says why it cannot be (deleted, turned off, no secret
    /// store …).
    pub async fn resolve(&self, id: IntegrationId) -> AppResult<Connection> {
        let org = self.org;
        let open = self.hub.org(org).await?;
        let (integration, reference) = open
            .store
            .read_async(move |c| Ok((integrations::get(c, org, id)?, integrations::credential_ref(c, org, id)?)))
            .await
            .map_err(|e| match AppError::from(e) {
                e if e.code == neuroflow_types::ErrorCode::NotFound => {
                    AppError::not_found(format!("integration {id} does not exist (was it deleted?)"))
                }
                e => e,
            })?;
        if integration.status == IntegrationStatus::Error
            && let Ok(mut set) = self.broken.lock()
        {
            set.insert(id);
        }
        if !integration.is_active {
            return Err(AppError::invalid(format!(
                "integration '{}' is turned off; turn it on to use it",
                integration.name
            )));
        }
        let config = ProviderConfig::parse(integration.provider, &integration.config)
            .map_err(|e| AppError::invalid(format!("integration '{}': {e}", integration.name)))?;
        let secret = match reference {
            Some(name) => {
                let secret = self.hub.secret(org, name).await.map_err(|e| {
                    AppError::new(e.code, format!("the credentials of '{}' could not be read: {e}", integration.name))
                })?;
                if secret.is_none() {
                    return Err(AppError::new(
                        neuroflow_types::ErrorCode::Credential,
                        format!(
                            "the credentials of '{}' are missing from the {}; enter them again",
                            integration.name,
                            self.hub.vault_status().await.map(|s| s.name).unwrap_or_else(|_| "vault".into())
                        ),
                    ));
                }
                secret
            }
            None => None,
        };
        Ok(Connection { id: id.to_string(), name: integration.name, config, secret })
    }
}

fn parse_id(id: &str) -> Result<IntegrationId, ConnectorError> {
    id.parse().map_err(|_| ConnectorError::permanent(format!("'{id}' is not an integration id")))
}

impl Connections for OrgConnections {
    fn connection(&self, id: &str) -> BoxFuture<'static, Result<Connection, ConnectorError>> {
        let this = self.clone();
        let id = parse_id(id);
        Box::pin(async move { this.resolve(id?).await.map_err(|e| ConnectorError::permanent(e.message)) })
    }

    fn save_secret(&self, id: &str, secret: Secret) -> BoxFuture<'static, Result<(), ConnectorError>> {
        let (hub, org) = (self.hub.clone(), self.org);
        let id = parse_id(id);
        Box::pin(async move {
            hub.put_secret(org, secret_name(id?), secret).await.map_err(|e| ConnectorError::permanent(e.message))
        })
    }
}
