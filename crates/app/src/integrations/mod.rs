//! Integrations: create, list, show, update, delete and test connections to Slack, Gmail, SMTP,
//! webhooks and HTTP APIs. The store keeps the name, provider, non-secret config and status; the
//! secret goes to the vault under `integration/<id>` and never comes back out through here — once
//! saved it can be replaced, not read. Every change either happens whole or not at all.

mod connections;
mod health;
mod references;
mod sign_in;

pub(crate) use connections::OrgConnections;
pub use sign_in::SIGN_IN_WAIT;
pub(crate) use sign_in::SignIns;

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_integrations::ProviderConfig;
use neuroflow_store::table::integrations;
use neuroflow_types::{
    ErrorCode, Integration, IntegrationFilter, IntegrationId, IntegrationPatch, IntegrationProvider, IntegrationStatus,
    NewIntegration, OrgId, Page, PageRequest, now,
};
use neuroflow_vault::Secret;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The longest integration name accepted.
const MAX_NAME: usize = 100;
/// The largest secret accepted (a token set, a PEM key … never more).
pub const MAX_SECRET_BYTES: usize = 16 * 1024;
/// How long a connection test may take.
const TEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The outcome of a connection test, with the integration as it now is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationTest {
    pub integration: Integration,
    pub ok: bool,
    /// What was found ("signed in to Gmail as …") or what went wrong, in plain words.
    pub message: String,
}

/// The vault entry of an integration's secret.
pub(crate) fn secret_name(id: IntegrationId) -> String {
    format!("integration/{id}")
}

impl Hub {
    /// Creates an integration; `secret` (a token, a password, a signing key …) goes to the vault.
    pub async fn create_integration(
        &self,
        org: OrgId,
        new: NewIntegration,
        secret: Option<Secret>,
    ) -> AppResult<Integration> {
        self.require(org, crate::sync::Permission::ManageIntegrations).await?;
        let name = integration_name(&new.name)?;
        ProviderConfig::parse(new.provider, &new.config).map_err(AppError::from)?;
        let secret = secret.map(|s| checked_secret(new.provider, s)).transpose()?;
        self.ensure_unique_name(org, &name, None).await?;
        let open = self.org(org).await?;
        let t = now();
        let integration = Integration {
            id: IntegrationId::new(),
            organization_id: org,
            name,
            provider: new.provider,
            config: new.config,
            has_secret: secret.is_some(),
            status: IntegrationStatus::Disconnected,
            last_tested: None,
            last_error: None,
            is_active: true,
            created_by: open.owner,
            created_at: t,
            updated_at: t,
        };
        let reference = secret.as_ref().map(|_| secret_name(integration.id));
        if let (Some(secret), Some(name)) = (secret, reference.clone()) {
            self.put_secret(org, name, secret).await?;
        }
        let row = integration.clone();
        let stored_ref = reference.clone();
        if let Err(e) = open.store.write(move |c| integrations::insert(c, &row, stored_ref.as_deref())).await {
            if let Some(name) = reference {
                let _ = self.delete_secret(org, name).await;
            }
            return Err(e.into());
        }
        tracing::info!(org = %org, integration = %integration.id, provider = ?integration.provider, "created integration");
        Ok(integration)
    }

    pub async fn list_integrations(&self, org: OrgId, filter: IntegrationFilter) -> AppResult<Page<Integration>> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| integrations::list(c, org, &filter)).await?)
    }

    pub async fn get_integration(&self, org: OrgId, id: IntegrationId) -> AppResult<Integration> {
        let open = self.org(org).await?;
        Ok(open.store.read_async(move |c| integrations::get(c, org, id)).await?)
    }

    /// Finds an integration by id or (case-insensitive) name.
    pub async fn find_integration(&self, org: OrgId, reference: &str) -> AppResult<Integration> {
        let reference = reference.trim();
        if let Ok(id) = reference.parse::<IntegrationId>() {
            return self.get_integration(org, id).await;
        }
        let filter =
            IntegrationFilter { page: PageRequest::new(neuroflow_types::MAX_PAGE_SIZE, 0), ..Default::default() };
        let all = self.list_integrations(org, filter).await?;
        all.items
            .into_iter()
            .find(|i| i.name.eq_ignore_ascii_case(reference))
            .ok_or_else(|| AppError::not_found(format!("no integration has the id or name '{reference}'")))
    }

    /// Changes an integration's name, config or on/off switch, and replaces its secret when one is
    /// given. A changed config or secret makes the last test stale: the status returns to
    /// DISCONNECTED until the next test.
    pub async fn update_integration(
        &self,
        org: OrgId,
        id: IntegrationId,
        patch: IntegrationPatch,
        secret: Option<Secret>,
    ) -> AppResult<Integration> {
        self.require(org, crate::sync::Permission::ManageIntegrations).await?;
        let current = self.get_integration(org, id).await?;
        if let Some(name) = &patch.name {
            let name = integration_name(name)?;
            self.ensure_unique_name(org, &name, Some(id)).await?;
        }
        if let Some(config) = &patch.config {
            ProviderConfig::parse(current.provider, config).map_err(AppError::from)?;
        }
        let secret = match secret.map(|s| checked_secret(current.provider, s)).transpose()? {
            Some(given) if current.provider == IntegrationProvider::Gmail => {
                Some(self.keep_gmail_tokens(org, id, given).await?)
            }
            other => other,
        };
        let stale = patch.config.as_ref().is_some_and(|c| *c != current.config) || secret.is_some();
        let replaced = secret.is_some();
        if let Some(secret) = secret {
            self.put_secret(org, secret_name(id), secret).await?;
        }
        let open = self.org(org).await?;
        let patch = IntegrationPatch { name: patch.name.map(|n| n.trim().to_string()), ..patch };
        let updated = open
            .store
            .write(move |c| {
                if replaced {
                    integrations::set_credential_ref(c, org, id, Some(&secret_name(id)))?;
                }
                if stale {
                    integrations::set_status(c, org, id, IntegrationStatus::Disconnected, None, None)?;
                }
                integrations::update(c, org, id, &patch)
            })
            .await?;
        Ok(updated)
    }

    /// Deletes an integration and its secret. Workflows that use it fail with a clear message until
    /// they are pointed at another one.
    pub async fn delete_integration(&self, org: OrgId, id: IntegrationId) -> AppResult<()> {
        self.require(org, crate::sync::Permission::ManageIntegrations).await?;
        let open = self.org(org).await?;
        let reference = open.store.read_async(move |c| integrations::credential_ref(c, org, id)).await?;
        if let Some(name) = reference {
            self.delete_secret(org, name).await.map_err(|e| {
                AppError::new(e.code, format!("the integration was not deleted: its secret could not be removed: {e}"))
            })?;
        }
        open.store.write(move |c| integrations::delete(c, org, id)).await?;
        self.cancel_sign_in(id);
        tracing::info!(org = %org, integration = %id, "deleted integration");
        Ok(())
    }

    /// Tests the connection (TESTING while it runs), and records the outcome: CONNECTED or ERROR,
    /// the time, and the reason.
    pub async fn test_integration(&self, org: OrgId, id: IntegrationId) -> AppResult<IntegrationTest> {
        let open = self.org(org).await?;
        open.store.write(move |c| integrations::set_status(c, org, id, IntegrationStatus::Testing, None, None)).await?;
        let connections = OrgConnections::new(self.clone(), org);
        let outcome = match connections.resolve(id).await {
            Ok(conn) => {
                let http = self.inner.http.clone();
                let check = neuroflow_integrations::check(&http, &conn, &connections);
                match tokio::time::timeout(TEST_TIMEOUT, check).await {
                    Ok(Ok(found)) => Ok(found),
                    Ok(Err(e)) => Err(match e.status {
                        Some(status) if status >= 400 && !e.message.contains(&status.to_string()) => {
                            format!("{} (HTTP {status})", e.message)
                        }
                        _ => e.message,
                    }),
                    Err(_) => Err(format!("no answer within {} seconds", TEST_TIMEOUT.as_secs())),
                }
            }
            Err(e) => Err(e.message),
        };
        let (status, message, error) = match outcome {
            Ok(found) => (IntegrationStatus::Connected, found, None),
            Err(reason) => (IntegrationStatus::Error, reason.clone(), Some(reason)),
        };
        let tested = now();
        let integration = open
            .store
            .write(move |c| {
                integrations::set_status(c, org, id, status, Some(&tested), error.as_deref())?;
                integrations::get(c, org, id)
            })
            .await?;
        tracing::info!(org = %org, integration = %id, status = ?status, "tested integration");
        Ok(IntegrationTest { ok: status == IntegrationStatus::Connected, integration, message })
    }

    /// The signing key of a webhook integration, for the webhook trigger that requires signatures.
    pub(crate) async fn webhook_signing_key(&self, org: OrgId, reference: &str) -> AppResult<Secret> {
        let id: IntegrationId =
            reference.parse().map_err(|_| AppError::invalid(format!("'{reference}' is not an integration id")))?;
        let conn = OrgConnections::new(self.clone(), org).resolve(id).await?;
        if !matches!(conn.config, ProviderConfig::Webhook(_)) {
            return Err(AppError::invalid(format!("'{}' is not a webhook integration", conn.name)));
        }
        conn.secret
            .ok_or_else(|| AppError::new(ErrorCode::Credential, format!("'{}' has no signing key saved", conn.name)))
    }

    /// A new Gmail client secret keeps the tokens of the last sign-in.
    async fn keep_gmail_tokens(&self, org: OrgId, id: IntegrationId, given: Secret) -> AppResult<Secret> {
        use neuroflow_integrations::gmail::Tokens;
        let given = Tokens::from_secret(&given).map_err(|e| AppError::internal(e.message))?;
        let mut tokens = match self.secret(org, secret_name(id)).await? {
            Some(saved) => Tokens::from_secret(&saved).unwrap_or_default(),
            None => Tokens::default(),
        };
        tokens.client_secret = given.client_secret;
        Ok(tokens.to_secret())
    }

    async fn ensure_unique_name(&self, org: OrgId, name: &str, except: Option<IntegrationId>) -> AppResult<()> {
        let filter = IntegrationFilter {
            search: Some(name.to_string()),
            page: PageRequest::new(neuroflow_types::MAX_PAGE_SIZE, 0),
            ..Default::default()
        };
        let taken = self
            .list_integrations(org, filter)
            .await?
            .items
            .iter()
            .any(|i| i.name.eq_ignore_ascii_case(name) && Some(i.id) != except);
        if taken {
            return Err(AppError::new(ErrorCode::Conflict, format!("an integration named '{name}' already exists")));
        }
        Ok(())
    }
}

fn integration_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name: an integration needs a name"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(AppError::invalid(format!("name: longer than {MAX_NAME} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid("name: contains control characters"));
    }
    Ok(name.to_string())
}

/// Checks a secret's size; for Gmail, the secret given is the OAuth client secret, kept in the token
/// set that signing in completes.
fn checked_secret(provider: IntegrationProvider, secret: Secret) -> AppResult<Secret> {
    if secret.is_empty() {
        return Err(AppError::invalid("secret: is empty"));
    }
    if secret.expose().len() > MAX_SECRET_BYTES {
        return Err(AppError::invalid(format!("secret: larger than {MAX_SECRET_BYTES} bytes")));
    }
    if secret.expose().contains(['\r', '\n']) && provider != IntegrationProvider::Gmail {
        return Err(AppError::invalid("secret: contains a line break (was more than the secret pasted?)"));
    }
    Ok(match provider {
        IntegrationProvider::Gmail => neuroflow_integrations::gmail::Tokens {
            client_secret: Some(secret.expose().trim().to_string()),
            ..Default::default()
        }
        .to_secret(),
        _ => Secret::new(secret.expose().trim()),
    })
}
