//! Signing a Gmail integration in to Google: [`Hub::begin_sign_in`] listens on a loopback port and
//! answers with the consent page's address (the desktop app opens it in the browser, the CLI prints
//! it); [`Hub::finish_sign_in`] waits for the browser to come back, keeps the tokens in the vault and
//! tests the connection. A sign-in can be cancelled, and a new one replaces an unfinished one.

use super::{IntegrationTest, OrgConnections, secret_name};
use crate::error::{AppError, AppResult};
use crate::hub::{Hub, poisoned};
use neuroflow_integrations::gmail::Tokens;
use neuroflow_integrations::oauth::{self, PendingAuthorization};
use neuroflow_integrations::{Connections, ProviderConfig};
use neuroflow_store::table::integrations;
use neuroflow_types::{ErrorCode, IntegrationId, OrgId};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How long a sign-in waits for the browser.
pub const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

/// A sign-in under way.
pub(crate) struct SignIn {
    pending: Option<PendingAuthorization>,
    cancel: CancellationToken,
    serial: u64,
}

static SERIAL: AtomicU64 = AtomicU64::new(1);

impl Hub {
    /// Starts signing a Gmail integration in; answers with the address to open in the browser.
    pub async fn begin_sign_in(&self, org: OrgId, id: IntegrationId) -> AppResult<String> {
        let integration = self.get_integration(org, id).await?;
        let config = ProviderConfig::parse(integration.provider, &integration.config).map_err(AppError::invalid)?;
        let ProviderConfig::Gmail(gmail) = config else {
            return Err(AppError::invalid(format!(
                "'{}' is a {} integration; only Gmail integrations sign in with Google",
                integration.name,
                integration.provider.as_str()
            )));
        };
        let pending = oauth::begin(&gmail).await.map_err(|e| AppError::new(ErrorCode::Provider, e.message))?;
        let url = pending.url.clone();
        let previous = self.inner.sign_ins.lock().map_err(|_| poisoned())?.insert(
            id,
            SignIn {
                pending: Some(pending),
                cancel: CancellationToken::new(),
                serial: SERIAL.fetch_add(1, Ordering::Relaxed),
            },
        );
        if let Some(previous) = previous {
            previous.cancel.cancel();
        }
        Ok(url)
    }

    /// Waits (up to five minutes) for the browser to come back from the consent page, keeps the
    /// tokens, and tests the connection with them.
    pub async fn finish_sign_in(&self, org: OrgId, id: IntegrationId) -> AppResult<IntegrationTest> {
        let (pending, cancel, serial) = {
            let mut sign_ins = self.inner.sign_ins.lock().map_err(|_| poisoned())?;
            let entry = sign_ins
                .get_mut(&id)
                .ok_or_else(|| AppError::invalid("no sign-in was started for this integration"))?;
            let pending =
                entry.pending.take().ok_or_else(|| AppError::invalid("this sign-in is already being completed"))?;
            (pending, entry.cancel.clone(), entry.serial)
        };
        let saved = match self.secret(org, secret_name(id)).await? {
            Some(secret) => Tokens::from_secret(&secret).unwrap_or_default(),
            None => Tokens::default(),
        };
        let http = self.inner.integrations.http().clone();
        let outcome = tokio::select! {
            tokens = pending.finish(&http, saved.client_secret, SIGN_IN_WAIT) => tokens,
            () = cancel.cancelled() => return Err(AppError::new(ErrorCode::Cancelled, "the sign-in was cancelled")),
        };
        self.forget_sign_in(id, serial);
        let tokens = outcome.map_err(|e| AppError::new(ErrorCode::Provider, e.message))?;
        OrgConnections::new(self.clone(), org)
            .save_secret(&id.to_string(), tokens.to_secret())
            .await
            .map_err(|e| AppError::new(ErrorCode::Credential, e))?;
        let open = self.org(org).await?;
        open.store.write(move |c| integrations::set_credential_ref(c, org, id, Some(&secret_name(id)))).await?;
        tracing::info!(org = %org, integration = %id, "signed in to Google");
        self.test_integration(org, id).await
    }

    /// Stops a sign-in that is waiting for the browser.
    pub fn cancel_sign_in(&self, id: IntegrationId) {
        if let Ok(mut sign_ins) = self.inner.sign_ins.lock()
            && let Some(sign_in) = sign_ins.remove(&id)
        {
            sign_in.cancel.cancel();
        }
    }

    /// Forgets a finished sign-in (unless a newer one took its place).
    fn forget_sign_in(&self, id: IntegrationId, serial: u64) {
        if let Ok(mut sign_ins) = self.inner.sign_ins.lock()
            && sign_ins.get(&id).is_some_and(|s| s.serial == serial)
        {
            sign_ins.remove(&id);
        }
    }
}
