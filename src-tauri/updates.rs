//! Signed updates through tauri-plugin-updater, on the user's terms.
//!
//! Nothing here calls out unasked: the app checks only when the user presses "Check now" or has
//! turned on automatic checks in Settings › Desktop (off by default; then at start and daily).
//! The update feed's address is the user's choice too (default: the one this build was made with).
//!
//! Every artifact is verified against the public key built into the app (minisign, the Tauri
//! signer's format) and must carry the version it was signed for, so a feed cannot pair a new
//! version number with an older signed build. A bad signature, a tampered file, a feed with no
//! build for this platform or a broken download is refused with a message saying what happened,
//! and nothing is installed: the running version keeps working. Only a fully downloaded and
//! verified file replaces the app, which then restarts.
//!
//! Keys: release builds take the public key from `NEUROFLOW_UPDATE_PUBKEY` at compile time
//! (`./dev.sh release`); a build made without one cannot install updates and says so. Debug builds
//! also read it at run time, so tests can use a throwaway key.

use neuroflow_app::AppError;
use neuroflow_app::desktop::DesktopPrefs;
use neuroflow_app::desktop::UpdateSettings;
use neuroflow_types::ErrorCode;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Runtime, Url};
use tauri_plugin_updater::{Error as UpdaterError, Update, UpdaterBuilder, UpdaterExt};

/// How long a request to the feed may take before the check gives up.
const TIMEOUT: Duration = Duration::from_secs(120);

/// Automatic checks: at start (once turned on) and then this often.
const EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// A newer version the feed offers.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOffer {
    pub version: String,
    /// Release notes, as the feed gives them.
    pub notes: Option<String>,
    /// When it was published (RFC 3339), if the feed says.
    pub date: Option<String>,
}

/// The answer of a check: the running version and, if there is one, what is newer.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    pub current_version: String,
    pub offer: Option<UpdateOffer>,
    /// The feed that was asked.
    pub endpoint: String,
}

/// The app's update machinery: its key, its default feed, and the update last found.
pub struct Updates {
    pubkey: Option<String>,
    built_in_endpoint: Option<String>,
    executable: Option<PathBuf>,
    pending: Mutex<Option<Update>>,
    last: Mutex<Option<UpdateCheck>>,
    app: OnceLock<Attached>,
}

/// What the app gives [`Updates::attach`]: kept type-erased so the commands need no runtime
/// parameter (tauri-specta cannot list generic commands for every runtime).
struct Attached {
    version: String,
    updater: Box<dyn Fn() -> UpdaterBuilder + Send + Sync>,
    restart: Box<dyn Fn() + Send + Sync>,
}

impl std::fmt::Debug for Updates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Updates").field("has_key", &self.pubkey.is_some()).finish()
    }
}

impl Updates {
    /// The key and feed this build was made with (see the module's documentation).
    pub fn from_build() -> Self {
        let runtime = |name: &str| if cfg!(debug_assertions) { std::env::var(name).ok() } else { None };
        let pubkey = runtime("NEUROFLOW_UPDATE_PUBKEY").or(option_env!("NEUROFLOW_UPDATE_PUBKEY").map(String::from));
        let endpoint =
            runtime("NEUROFLOW_UPDATE_ENDPOINT").or(option_env!("NEUROFLOW_UPDATE_ENDPOINT").map(String::from));
        Self::new(pubkey, endpoint)
    }

    /// Updates verified with `pubkey` (the Tauri signer's base64 public key), from `endpoint`
    /// unless the user names another feed.
    pub fn new(pubkey: Option<String>, endpoint: Option<String>) -> Self {
        let pubkey = pubkey.filter(|k| !k.trim().is_empty());
        let built_in_endpoint = endpoint.filter(|e| !e.trim().is_empty());
        Self {
            pubkey,
            built_in_endpoint,
            executable: None,
            pending: Mutex::new(None),
            last: Mutex::new(None),
            app: OnceLock::new(),
        }
    }

    /// Installs into `path` instead of the running executable (tests install into a copy).
    pub fn installing_into(mut self, path: PathBuf) -> Self {
        self.executable = Some(path);
        self
    }

    /// Ties this to the running app (its version, its updater, its restart); once, at setup.
    pub fn attach<R: Runtime>(&self, app: &AppHandle<R>) {
        let (for_updater, for_restart) = (app.clone(), app.clone());
        let attached = Attached {
            version: app.package_info().version.to_string(),
            updater: Box::new(move || for_updater.updater_builder()),
            restart: Box::new(move || for_restart.request_restart()),
        };
        if self.app.set(attached).is_err() {
            tracing::warn!("the updater was attached twice; keeping the first app");
        }
    }

    fn attached(&self) -> Result<&Attached, AppError> {
        self.app.get().ok_or_else(|| AppError::internal("the updater is not attached to the app"))
    }

    /// Restarts the app (after [`Self::install`]), once the current command has answered.
    pub fn restart(&self) {
        if let Ok(app) = self.attached() {
            (app.restart)();
        }
    }

    /// The updater plugin, with this build's key.
    pub fn plugin<R: Runtime>(&self) -> TauriPlugin<R, tauri_plugin_updater::Config> {
        let builder = tauri_plugin_updater::Builder::new();
        match &self.pubkey {
            Some(key) => builder.pubkey(key.clone()).build(),
            None => builder.build(),
        }
    }

    /// The feed to ask: the user's, else this build's.
    pub fn endpoint(&self, settings: &UpdateSettings) -> Option<String> {
        settings.endpoint.clone().filter(|e| !e.trim().is_empty()).or_else(|| self.built_in_endpoint.clone())
    }

    /// Asks the feed whether a newer version exists, and remembers it for [`Self::install`].
    pub async fn check(&self, settings: &UpdateSettings) -> Result<UpdateCheck, AppError> {
        if self.pubkey.is_none() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "this build of NeuroFlow Hub was made without an update key, so it cannot verify updates; \
                 install new versions from your package manager or the download page",
            ));
        }
        let endpoint = self.endpoint(settings).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                "no update address is set: enter the address of an update feed in Settings › Desktop",
            )
        })?;
        let app = self.attached()?;
        let current_version = app.version.clone();
        let url = Url::parse(&endpoint).map_err(|e| {
            AppError::new(ErrorCode::InvalidInput, format!("the update address {endpoint:?} is not a URL: {e}"))
        })?;
        let mut builder =
            (app.updater)().endpoints(vec![url]).map_err(|e| refusal(&endpoint, &current_version, e))?.timeout(TIMEOUT);
        if let Some(path) = &self.executable {
            builder = builder.executable_path(path);
        }
        let refused = |e: UpdaterError| refusal(&endpoint, &current_version, e);
        let updater = builder.build().map_err(refused)?;
        tracing::info!(%endpoint, "checking for updates");
        let found = updater.check().await.map_err(refused)?;
        let offer = found.as_ref().map(|u| UpdateOffer {
            version: u.version.clone(),
            notes: u.body.clone(),
            date: u.date.and_then(|d| chrono::DateTime::from_timestamp(d.unix_timestamp(), 0)).map(|d| d.to_rfc3339()),
        });
        tracing::info!(%endpoint, offered = ?offer.as_ref().map(|o| &o.version), "update check done");
        *self.pending.lock().unwrap_or_else(|e| e.into_inner()) = found;
        let check = UpdateCheck { current_version, offer, endpoint };
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(check.clone());
        Ok(check)
    }

    /// What the last check found, if any ran since the app started.
    pub fn last_check(&self) -> Option<UpdateCheck> {
        self.last.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Downloads the update found by the last check, verifies it and replaces the app with it.
    /// Returns the installed version; the caller restarts the app. On any error nothing was
    /// replaced.
    pub async fn install(&self) -> Result<String, AppError> {
        let update = self.pending.lock().unwrap_or_else(|e| e.into_inner()).clone().ok_or_else(|| {
            AppError::new(ErrorCode::NotFound, "there is no update to install: check for updates first")
        })?;
        let version = update.version.clone();
        tracing::info!(%version, url = %update.download_url, "downloading the update");
        let bytes = update
            .download(|_, _| {}, || {})
            .await
            .map_err(|e| install_refusal(&update.current_version, &version, e))?;
        update.install(&bytes).map_err(|e| install_refusal(&update.current_version, &version, e))?;
        tracing::info!(%version, "update installed; restarting");
        Ok(version)
    }
}

/// A failed check, said plainly.
fn refusal(endpoint: &str, running: &str, e: UpdaterError) -> AppError {
    let message = match &e {
        UpdaterError::TargetsNotFound(targets) => {
            format!("the update feed has no build for this computer ({}); nothing was installed", targets.join(" or "))
        }
        UpdaterError::TargetNotFound(target) => {
            format!("the update feed has no build for this computer ({target}); nothing was installed")
        }
        UpdaterError::InsecureTransportProtocol => format!("the update address {endpoint} must use https"),
        UpdaterError::Reqwest(_) | UpdaterError::Network(_) => {
            format!("could not reach the update feed at {endpoint}: {e}; version {running} keeps running")
        }
        UpdaterError::ReleaseNotFound | UpdaterError::Serialization(_) | UpdaterError::Semver(_) => {
            format!("the update feed at {endpoint} did not answer with a valid update manifest: {e}")
        }
        _ => format!("could not check for updates at {endpoint}: {e}"),
    };
    tracing::warn!(%endpoint, error = %e, "update check failed");
    AppError::new(ErrorCode::Provider, message)
}

/// A failed download or install, said plainly: the running version is untouched.
fn install_refusal(running: &str, version: &str, e: UpdaterError) -> AppError {
    let (code, what) = match &e {
        UpdaterError::Minisign(_) | UpdaterError::SignedVersionMismatch { .. } | UpdaterError::MissingSignedVersion => {
            (
                ErrorCode::Unauthorized,
                format!(
                    "the download of version {version} does not match its signature ({e}): it may have been tampered with, so it was not installed"
                ),
            )
        }
        UpdaterError::Reqwest(_) | UpdaterError::Network(_) => (
            ErrorCode::Provider,
            format!("the download of version {version} was interrupted ({e}); nothing was installed"),
        ),
        UpdaterError::InvalidUpdaterFormat => (
            ErrorCode::InvalidInput,
            format!(
                "the download of version {version} is not a package this installation can use; nothing was installed"
            ),
        ),
        _ => (ErrorCode::Io, format!("could not install version {version}: {e}")),
    };
    tracing::warn!(%version, error = %e, "update not installed");
    AppError::new(code, format!("{what}; version {running} keeps running"))
}

/// Automatic checks, while the user has them on: one at once, then one a day; an update found is
/// announced by a system notification and shown in Settings. Off (the default), this task only
/// waits for the setting to change and sends nothing anywhere.
pub async fn check_automatically<R: Runtime>(app: AppHandle<R>, updates: Arc<Updates>, prefs: Arc<DesktopPrefs>) {
    let mut changes = prefs.subscribe();
    loop {
        let settings = prefs.get().updates;
        let wait = if settings.check_automatically {
            match updates.check(&settings).await {
                Ok(UpdateCheck { offer: Some(offer), .. }) => crate::notify::show(
                    &app,
                    &format!("NeuroFlow Hub {} is available", offer.version),
                    "Settings › Desktop installs it and restarts the app.",
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e.message, "automatic update check failed"),
            }
            Some(EVERY)
        } else {
            None
        };
        let next_day = async {
            match wait {
                Some(wait) => tokio::time::sleep(wait).await,
                None => std::future::pending().await,
            }
        };
        // Wake on the next day's check, or when the settings change (turned on, another feed).
        let changed = async {
            loop {
                match changes.recv().await {
                    Ok(next) if next.updates != settings => return true,
                    Ok(_) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return true,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return false,
                }
            }
        };
        tokio::select! {
            _ = next_day => {}
            still_open = changed => if !still_open { return },
        }
    }
}
