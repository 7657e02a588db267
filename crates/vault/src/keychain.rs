//! The OS keychain, through the keyring crate: Secret Service (GNOME Keyring, KWallet) on Linux
//! desktops, the Keychain on macOS, the Credential Manager on Windows — or, on a Linux box without a
//! desktop session, the kernel's keyutils session keyring (which lasts until logout).

use crate::error::{Result, VaultError};
use crate::secret::Secret;
use keyring::Entry;

/// The service name every entry is filed under.
pub const SERVICE: &str = "NeuroFlow Hub";

/// Which OS store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeychainKind {
    /// The platform's keychain: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
    Platform,
    /// The Linux kernel's session keyring (keyutils): no desktop needed, gone at logout.
    KernelKeyring,
}

impl KeychainKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Platform if cfg!(target_os = "macos") => "macOS Keychain",
            Self::Platform if cfg!(windows) => "Windows Credential Manager",
            Self::Platform => "system keychain (Secret Service)",
            Self::KernelKeyring => "kernel session keyring (keyutils)",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct KeychainStore {
    pub kind: KeychainKind,
}

impl KeychainStore {
    fn entry(&self, user: &str) -> Result<Entry> {
        let store = self.kind.name();
        let backend = |e: keyring::Error| classify(store, e);
        match self.kind {
            #[cfg(target_os = "linux")]
            KeychainKind::Platform => Ok(Entry::new_with_credential(Box::new(
                keyring::secret_service::SsCredential::new_with_target(None, SERVICE, user).map_err(backend)?,
            ))),
            #[cfg(not(target_os = "linux"))]
            KeychainKind::Platform => Entry::new(SERVICE, user).map_err(backend),
            #[cfg(target_os = "linux")]
            KeychainKind::KernelKeyring => Ok(Entry::new_with_credential(Box::new(
                keyring::keyutils::KeyutilsCredential::new_with_target(None, SERVICE, user).map_err(backend)?,
            ))),
            #[cfg(not(target_os = "linux"))]
            KeychainKind::KernelKeyring => {
                Err(VaultError::Unavailable { store, reason: "keyutils exists only on Linux".into() })
            }
        }
    }

    pub fn put(&self, user: &str, secret: &Secret) -> Result<()> {
        self.entry(user)?.set_password(secret.expose()).map_err(|e| classify(self.kind.name(), e))
    }

    pub fn get(&self, user: &str) -> Result<Option<Secret>> {
        match self.entry(user)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(self.kind.name(), e)),
        }
    }

    pub fn delete(&self, user: &str) -> Result<()> {
        match self.entry(user)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(self.kind.name(), e)),
        }
    }

    /// Why the store cannot be reached now, or `None` when it can: looks up an entry that does not
    /// exist, which answers "no entry" when the store works (and never prompts the user).
    pub fn unavailable_because(&self) -> Option<String> {
        match self.get("__neuroflow_probe__") {
            Ok(_) => None,
            Err(VaultError::Unavailable { reason, .. } | VaultError::Backend { reason, .. }) => Some(reason),
            Err(e) => Some(e.to_string()),
        }
    }
}

/// A keyring error in the vault's terms: unreachable store, or a refusal.
fn classify(store: &'static str, e: keyring::Error) -> VaultError {
    match e {
        keyring::Error::NoStorageAccess(inner) => VaultError::Unavailable { store, reason: inner.to_string() },
        keyring::Error::PlatformFailure(inner) => {
            let reason = inner.to_string();
            let unreachable =
                ["dbus", "D-Bus", "autolaunch", "org.freedesktop.secrets", "No such file", "not provided by any"]
                    .iter()
                    .any(|needle| reason.contains(needle));
            if unreachable { VaultError::Unavailable { store, reason } } else { VaultError::Backend { store, reason } }
        }
        other => VaultError::Backend { store, reason: other.to_string() },
    }
}
