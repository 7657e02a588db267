//! Signing a Gmail integration in to Google: [`Hub::begin_sign_in`] listens on a loopback port and
//! answers with the consent page's address (the desktop app opens it in the browser, the CLI prints
//! it); [`Hub::finish_sign_in`] waits for the browser to come back, keeps the tokens in the vault and
//! tests the connection. A sign-in can be cancelled, and a new one replaces an unfinished one.

use super::{IntegrationTest, OrgConnections, secret_name};
use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_integrations::gmail::Tokens;
use neuroflow_integrations::oauth::{self, PendingAuthorization};
use neuroflow_integrations::{Connections, ProviderConfig};
use neuroflow_store::table::integrations;
use neuroflow_types::{ErrorCode, IntegrationId, OrgId};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How long a sign-in waits for the browser.
pub const SIGN_IN_WAIT: Duration = Duration::from_secs(300);

/// A sign-in under way.
struct SignIn {
    pending: Option<PendingAuthorization>,
    cancel: CancellationToken,
    serial: u64,
}

static SERIAL: AtomicU64 = AtomicU64::new(1);

/// The sign-ins under way in this process, by integration.
#[derive(Default)]
pub(crate) struct SignIns {
    open: Mutex<HashMap<IntegrationId, SignIn>>,
}

impl SignIns {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IntegrationId, SignIn>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a sign-in, cancelling an unfinished one of the same integration.
    fn start(&self, id: IntegrationId, pending: PendingAuthorization) {
        let sign_in = SignIn {
            pending: Some(pending),
            cancel: CancellationToken::new(),
            serial: SERIAL.fetch_add(1, Ordering::Relaxed),
        };
        if let Some(previous) = self.lock().insert(id, sign_in) {
            previous.cancel.cancel();
        }
    }

    /// Takes a started sign-in's pending authorization to complete it.
    fn take(&self, id: IntegrationId) -> AppResult<(PendingAuthorization, CancellationToken, u64)> {
        let mut open = self.lock();
        let entry =
            open.get_mut(&id).ok_or_else(|| AppError::invalid("no sign-in was started for this integration"))?;
        let pending =
            entry.pending.take().ok_or_else(|| AppError::invalid("this sign-in is already being completed"))?;
        Ok((pending, entry.cancel.clone(), entry.serial))
    }

    fn cancel(&self, id: IntegrationId) {
        if let Some(sign_in) = self.lock().remove(&id) {
            sign_in.cancel.cancel();
        }
    }

    /// Forgets a finished sign-in (unless a newer one took its place).
    fn forget(&self, id: IntegrationId, serial: u64) {
        let mut open = self.lock();
        if open.get(&id).is_some_and(|s| s.serial == serial) {
            open.remove(&id);
        }
    }
}

impl Hub {
    /// Starts signing a Gmail integration in; answers with the address to open in the browser.
    pub async fn begin_sign_in(&self, org: OrgId, id: IntegrationId) -> AppResult<String> {
        let integration = self.get_integration(org, id).await?;
        let config = ProviderConfig::parse(integration.provider, &integration.config).map_err(AppError::from)?;
        let ProviderConfig::Gmail(gmail) = config else {
            return Err(AppError::invalid(format!(
                "'{}' is a {} integration; only Gmail integrations sign in with Google",
                integration.name,
                integration.provider.as_str()
            )));
        };
        let pending = oauth::begin(&gmail).await.map_err(|e| AppError::new(ErrorCode::Provider, e.message))?;
        let url = pending.url.clone();
        self.inner.sign_ins.start(id, pending);
        Ok(url)
    }

    /// Waits (up to five minutes) for the browser to come back from the consent page, keeps the
    /// tokens, and tests the connection with them.
    pub async fn finish_sign_in(&self, org: OrgId, id: IntegrationId) -> AppResult<IntegrationTest> {
        let (pending, cancel, serial) = self.inner.sign_ins.take(id)?;
        let saved = match self.secret(org, secret_name(id)).await? {
            Some(secret) => Tokens::from_secret(&secret).unwrap_or_default(),
            None => Tokens::default(),
        };
        let http = self.inner.http.clone();
        let outcome = tokio::select! {
            tokens = pending.finish(&http, saved.client_secret, SIGN_IN_WAIT) => tokens,
            () = cancel.cancelled() => return Err(AppError::new(ErrorCode::Cancelled, "the sign-in was cancelled")),
        };
        self.inner.sign_ins.forget(id, serial);
        let tokens = outcome.map_err(|e| AppError::new(ErrorCode::Provider, e.message))?;
        OrgConnections::new(self.clone(), org)
            .save_secret(&id.to_string(), tokens.to_secret())
            .await
            .map_err(|e| AppError::new(ErrorCode::Credential, e.message))?;
        let open = self.org(org).await?;
        open.store.write(move |c| integrations::set_credential_ref(c, org, id, Some(&secret_name(id)))).await?;
        tracing::info!(org = %org, integration = %id, "signed in to Google");
        self.test_integration(org, id).await
    }

    /// Stops a sign-in that is waiting for the browser.
    pub fn cancel_sign_in(&self, id: IntegrationId) {
        self.inner.sign_ins.cancel(id);
    }
}
