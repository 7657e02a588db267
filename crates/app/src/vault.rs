//! The vault as the app uses it: which store holds this machine's secrets, and saying so. The OS
//! keychain is the default; the user may choose the kernel keyring or an encrypted file instead (in
//! Settings, `neuroflow vault use`, or `NEUROFLOW_VAULT`), and the choice is kept in `vault.json`.
//! Nothing falls back silently: an unreachable keychain is reported with the reason and the way out.
//! Switching stores moves the secrets across. Every vault call runs on the blocking pool (the
//! keychain speaks D-Bus; the file derives keys).

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::Layout;
use neuroflow_types::{ErrorCode, OrgId};
use neuroflow_vault::{Secret, SecretKey, StoreKind, Vault, VaultError};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, RwLock};

/// Chooses the store, overriding Settings: `keychain`, `kernel-keyring` or `encrypted-file`.
pub const VAULT_ENV: &str = "NEUROFLOW_VAULT";
/// The encrypted file's passphrase, for unattended use (a server, CI); otherwise the app asks.
pub const PASSPHRASE_ENV: &str = "NEUROFLOW_VAULT_PASSPHRASE";

/// Who chose the store in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum VaultChoice {
    /// Nobody: the OS keychain, the default.
    Default,
    /// The user, in Settings or with `neuroflow vault use`.
    Settings,
    /// The `NEUROFLOW_VAULT` environment variable.
    Environment,
}

/// Where this machine's secrets are, whether they can be used now, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VaultInfo {
    pub kind: StoreKind,
    /// The store, for people ("Secret Service (GNOME Keyring, KWallet …)", "encrypted file …").
    pub name: String,
    pub available: bool,
    /// For the encrypted file: whether it waits for its passphrase.
    pub locked: bool,
    /// Why it cannot be used, and what to do about it.
    pub reason: Option<String>,
    pub chosen_by: VaultChoice,
}

#[derive(Debug, Serialize, Deserialize)]
struct ChoiceFile {
    store: StoreKind,
}

/// Asks for the encrypted file's passphrase.
pub(crate) type PassphraseSource = Arc<dyn Fn() -> Option<Secret> + Send + Sync>;

/// The vault in use and who chose it.
struct VaultSlot {
    vault: Arc<Vault>,
    chosen_by: VaultChoice,
}

/// The vault feature's state: the store in use, who chose it, and who is asked for the encrypted
/// file's passphrase.
pub(crate) struct VaultState {
    slot: RwLock<VaultSlot>,
    passphrase: RwLock<Option<PassphraseSource>>,
}

impl VaultState {
    /// Opens the store chosen for this data directory.
    pub fn open(layout: &Layout) -> AppResult<Self> {
        Ok(Self { slot: RwLock::new(open_vault(layout)?), passphrase: RwLock::new(None) })
    }

    fn vault(&self) -> Arc<Vault> {
        Arc::clone(&self.slot.read().unwrap_or_else(|e| e.into_inner()).vault)
    }

    fn chosen_by(&self) -> VaultChoice {
        self.slot.read().unwrap_or_else(|e| e.into_inner()).chosen_by
    }

    fn replace(&self, vault: Vault, chosen_by: VaultChoice) {
        *self.slot.write().unwrap_or_else(|e| e.into_inner()) = VaultSlot { vault: Arc::new(vault), chosen_by };
    }

    fn passphrase_source(&self) -> Option<PassphraseSource> {
        self.passphrase.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Opens the store chosen for this data directory.
fn open_vault(layout: &Layout) -> AppResult<VaultSlot> {
    if let Ok(value) = std::env::var(VAULT_ENV)
        && !value.trim().is_empty()
    {
        let kind = parse_kind(value.trim()).map_err(|e| AppError::invalid(format!("{VAULT_ENV}: {}", e.message)))?;
        return Ok(VaultSlot { vault: Arc::new(make(layout, kind)), chosen_by: VaultChoice::Environment });
    }
    let path = layout.vault_choice();
    match std::fs::read(&path) {
        Ok(bytes) => {
            let choice: ChoiceFile = serde_json::from_slice(&bytes).map_err(|e| {
                AppError::invalid(format!(
                    "{} is not a valid vault choice ({e}); choose the store again",
                    path.display()
                ))
            })?;
            Ok(VaultSlot { vault: Arc::new(make(layout, choice.store)), chosen_by: VaultChoice::Settings })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(VaultSlot { vault: Arc::new(Vault::keychain()), chosen_by: VaultChoice::Default })
        }
        Err(e) => Err(AppError::from(e)),
    }
}

fn make(layout: &Layout, kind: StoreKind) -> Vault {
    match kind {
        StoreKind::Keychain => Vault::keychain(),
        StoreKind::KernelKeyring => Vault::kernel_keyring(),
        StoreKind::EncryptedFile => Vault::encrypted_file(&layout.vault_file()),
    }
}

/// `keychain`, `kernel-keyring` or `encrypted-file`.
pub fn parse_kind(text: &str) -> AppResult<StoreKind> {
    match text {
        "keychain" => Ok(StoreKind::Keychain),
        "kernel-keyring" => Ok(StoreKind::KernelKeyring),
        "encrypted-file" => Ok(StoreKind::EncryptedFile),
        other => {
            Err(AppError::invalid(format!("'{other}' is not a store; use keychain, kernel-keyring or encrypted-file")))
        }
    }
}

impl From<VaultError> for AppError {
    fn from(e: VaultError) -> Self {
        let code = match e {
            VaultError::WeakPassphrase(_) => ErrorCode::InvalidInput,
            _ => ErrorCode::Credential,
        };
        let hint = match e {
            VaultError::Unavailable { .. } => {
                "; choose another store in Settings › Secrets (or: neuroflow vault use encrypted-file)"
            }
            _ => "",
        };
        AppError::new(code, format!("{e}{hint}"))
    }
}

impl Hub {
    /// The store in use.
    pub(crate) fn vault(&self) -> AppResult<Arc<Vault>> {
        Ok(self.inner.vault.vault())
    }

    /// Runs a vault call on the blocking pool, unlocking the encrypted file first with
    /// `NEUROFLOW_VAULT_PASSPHRASE` when that is set.
    pub(crate) async fn vault_call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Vault) -> neuroflow_vault::Result<T> + Send + 'static,
    ) -> AppResult<T> {
        let vault = self.vault()?;
        let ask = self.inner.vault.passphrase_source();
        Ok(tokio::task::spawn_blocking(move || {
            if vault.kind() == StoreKind::EncryptedFile && vault.status().locked {
                // One question at a time; whoever waited finds the file open.
                static UNLOCKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
                let _turn = UNLOCKING.lock().unwrap_or_else(|e| e.into_inner());
                if vault.status().locked {
                    let given =
                        std::env::var(PASSPHRASE_ENV).ok().map(Secret::new).or_else(|| ask.and_then(|ask| ask()));
                    if let Some(passphrase) = given {
                        vault.unlock(&passphrase)?;
                    }
                }
            }
            f(&vault)
        })
        .await??)
    }

    pub(crate) async fn secret(&self, org: OrgId, name: String) -> AppResult<Option<Secret>> {
        self.vault_call(move |v| v.get(&SecretKey::new(org, name))).await
    }

    pub(crate) async fn put_secret(&self, org: OrgId, name: String, secret: Secret) -> AppResult<()> {
        self.vault_call(move |v| v.put(&SecretKey::new(org, name), &secret)).await
    }

    pub(crate) async fn delete_secret(&self, org: OrgId, name: String) -> AppResult<()> {
        self.vault_call(move |v| v.delete(&SecretKey::new(org, name))).await
    }

    /// Where the secrets are, whether they can be used now, and who chose the store.
    pub async fn vault_status(&self) -> AppResult<VaultInfo> {
        let (vault, chosen_by) = (self.inner.vault.vault(), self.inner.vault.chosen_by());
        let status = tokio::task::spawn_blocking(move || vault.status()).await?;
        let reason = status.reason.map(|r| match status.kind {
            StoreKind::EncryptedFile => r,
            _ => format!("{r}; choose another store in Settings › Secrets (or: neuroflow vault use encrypted-file)"),
        });
        Ok(VaultInfo {
            kind: status.kind,
            name: status.name,
            available: status.available,
            locked: status.locked,
            reason,
            chosen_by,
        })
    }

    /// Sets who is asked for the encrypted file's passphrase when a secret is first needed and
    /// `NEUROFLOW_VAULT_PASSPHRASE` is not set (the CLI asks at the terminal). Called on a blocking
    /// thread.
    pub fn set_passphrase_source(&self, ask: impl Fn() -> Option<Secret> + Send + Sync + 'static) -> AppResult<()> {
        *self.inner.vault.passphrase.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(ask));
        Ok(())
    }

    /// Whether the encrypted file is in use and waits for a passphrase that no environment variable
    /// supplies (cheap: the keychain is not probed).
    pub fn vault_needs_passphrase(&self) -> bool {
        self.vault().is_ok_and(|v| {
            v.kind() == StoreKind::EncryptedFile && v.status().locked && std::env::var_os(PASSPHRASE_ENV).is_none()
        })
    }

    /// Opens the encrypted file with its passphrase (creating it, the first time, with this one).
    pub async fn unlock_vault(&self, passphrase: Secret) -> AppResult<VaultInfo> {
        let vault = self.vault()?;
        tokio::task::spawn_blocking(move || vault.unlock(&passphrase)).await??;
        self.vault_status().await
    }

    /// Forgets the encrypted file's key until it is unlocked again.
    pub async fn lock_vault(&self) -> AppResult<VaultInfo> {
        self.vault()?.lock();
        self.vault_status().await
    }

    /// Switches to another store, moving every saved secret into it; `passphrase` opens (or creates)
    /// the encrypted file. Nothing changes if any secret cannot be moved.
    pub async fn choose_vault(&self, kind: StoreKind, passphrase: Option<Secret>) -> AppResult<VaultInfo> {
        let chosen_by = self.inner.vault.chosen_by();
        if chosen_by == VaultChoice::Environment {
            return Err(AppError::invalid(format!(
                "{VAULT_ENV} chooses the store for this process; unset it to choose in Settings"
            )));
        }
        let old = self.vault()?;
        let names = self.all_secret_names().await?;
        let layout = self.inner.layout.clone();
        let moved = names.len();
        let new = tokio::task::spawn_blocking(move || -> AppResult<Vault> {
            let new = make(&layout, kind);
            if kind == StoreKind::EncryptedFile {
                let passphrase = passphrase.ok_or_else(|| {
                    AppError::invalid("the encrypted file needs a passphrase (at least 8 characters)")
                })?;
                new.unlock(&passphrase)?;
            }
            let status = new.status();
            if !status.available {
                let why = status.reason.unwrap_or_default();
                return Err(AppError::new(ErrorCode::Credential, format!("the {} cannot be used: {why}", status.name)));
            }
            if old.kind() != kind {
                move_secrets(&old, &new, &names)?;
            }
            let text = serde_json::to_vec_pretty(&ChoiceFile { store: kind })
                .map_err(|e| AppError::internal(e.to_string()))?;
            let path = layout.vault_choice();
            let tmp = path.with_extension("json.tmp");
            std::fs::write(&tmp, text)?;
            std::fs::rename(&tmp, &path)?;
            Ok(new)
        })
        .await??;
        tracing::info!(store = ?kind, moved, "chose the secret store");
        self.inner.vault.replace(new, VaultChoice::Settings);
        self.vault_status().await
    }

    /// The names of every secret saved on this machine, across organizations.
    async fn all_secret_names(&self) -> AppResult<Vec<SecretKey>> {
        let mut all = Vec::new();
        for org in self.list_orgs().await? {
            for name in self.org_secret_names(org.id).await? {
                all.push(SecretKey::new(org.id, name));
            }
        }
        // The workspace sign-in's tokens, when signed in.
        if self.workspace_account().await?.is_some() {
            all.push(SecretKey::new(crate::sync::account_vault_org(), crate::sync::TOKENS_SECRET));
        }
        Ok(all)
    }

    /// The names of an organization's secrets (integrations and LLM providers).
    pub(crate) async fn org_secret_names(&self, org: OrgId) -> AppResult<Vec<String>> {
        let open = self.org(org).await?;
        let mut names =
            open.store.read_async(move |c| neuroflow_store::table::integrations::all_credential_refs(c, org)).await?;
        names.extend(self.provider_key_names(org).await?);
        Ok(names)
    }
}

/// Copies every secret into the new store, then removes it from the old one; on a failure, what was
/// copied is removed again and the old store keeps everything.
fn move_secrets(old: &Vault, new: &Vault, names: &[SecretKey]) -> AppResult<()> {
    if names.is_empty() {
        return Ok(());
    }
    let status = old.status();
    if !status.available {
        return Err(AppError::new(
            ErrorCode::Credential,
            format!(
                "the saved secrets cannot be moved: the {} is not available ({}); make it available or unlock it first",
                status.name,
                status.reason.unwrap_or_default()
            ),
        ));
    }
    let mut copied = Vec::new();
    for key in names {
        let outcome = old.get(key).and_then(|secret| match secret {
            Some(secret) => new.put(key, &secret).map(|()| true),
            None => Ok(false),
        });
        match outcome {
            Ok(true) => copied.push(key),
            Ok(false) => {}
            Err(e) => {
                for done in copied {
                    let _ = new.delete(done);
                }
                return Err(AppError::new(ErrorCode::Credential, format!("the secrets were not moved: {e}")));
            }
        }
    }
    for key in copied {
        if let Err(e) = old.delete(key) {
            tracing::warn!(entry = %key.entry(), error = %e, "a moved secret could not be removed from the old store");
        }
    }
    Ok(())
}
