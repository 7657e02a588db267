//! Where credentials live: the OS keychain, and nowhere else — or, on a machine without one and only
//! if the user chooses it, a file encrypted with a key derived from their passphrase.
//!
//! Secrets are filed per organization (`<org-id>/<name>`, e.g. `…/integration/<id>`,
//! `…/provider/openai`). The database keeps only these names. Nothing here logs or prints a secret.

mod error;
mod file;
mod keychain;
mod secret;

pub use error::{Result, VaultError};
pub use file::{ITERATIONS, MIN_PASSPHRASE};
pub use keychain::{KeychainKind, SERVICE};
pub use secret::Secret;

use file::FileStore;
use keychain::KeychainStore;
use neuroflow_types::OrgId;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which kind of store holds the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum StoreKind {
    /// The platform keychain (Secret Service, macOS Keychain, Windows Credential Manager).
    Keychain,
    /// The Linux kernel session keyring.
    KernelKeyring,
    /// A file encrypted with a passphrase.
    EncryptedFile,
}

/// What the app tells the user about where their secrets are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    pub kind: StoreKind,
    /// The store's name, for people ("GNOME Keyring via Secret Service" …).
    pub name: String,
    /// Whether secrets can be saved and read now.
    pub available: bool,
    /// For the encrypted file: whether it waits for its passphrase.
    pub locked: bool,
    /// Why it is not available, if it is not.
    pub reason: Option<String>,
}

/// A secret's place in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretKey {
    pub org: OrgId,
    /// `integration/<id>`, `provider/<id>` …
    pub name: String,
}

impl SecretKey {
    pub fn new(org: OrgId, name: impl Into<String>) -> Self {
        Self { org, name: name.into() }
    }

    /// The entry's name in the store (not a secret: the database keeps it too).
    pub fn entry(&self) -> String {
        format!("{}/{}", self.org, self.name)
    }
}

enum Store {
    Keychain(KeychainStore),
    File(Box<FileStore>),
}

/// The vault of this machine.
pub struct Vault {
    store: Store,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("kind", &self.kind()).finish()
    }
}

impl Vault {
    /// The platform keychain.
    pub fn keychain() -> Self {
        Self { store: Store::Keychain(KeychainStore { kind: KeychainKind::Platform }) }
    }

    /// The Linux kernel session keyring.
    pub fn kernel_keyring() -> Self {
        Self { store: Store::Keychain(KeychainStore { kind: KeychainKind::KernelKeyring }) }
    }

    /// An encrypted file (locked until [`Vault::unlock`]; created on first unlock if absent).
    pub fn encrypted_file(path: &Path) -> Self {
        Self { store: Store::File(Box::new(FileStore::new(path))) }
    }

    pub fn kind(&self) -> StoreKind {
        match &self.store {
            Store::Keychain(k) if k.kind == KeychainKind::KernelKeyring => StoreKind::KernelKeyring,
            Store::Keychain(_) => StoreKind::Keychain,
            Store::File(_) => StoreKind::EncryptedFile,
        }
    }

    /// Where the secrets are and whether they can be used now (probes the keychain).
    pub fn status(&self) -> VaultStatus {
        match &self.store {
            Store::Keychain(k) => {
                let reason = k.unavailable_because();
                VaultStatus {
                    kind: self.kind(),
                    name: k.kind.name().to_string(),
                    available: reason.is_none(),
                    locked: false,
                    reason,
                }
            }
            Store::File(f) => {
                let locked = f.is_locked();
                VaultStatus {
                    kind: StoreKind::EncryptedFile,
                    name: format!("encrypted file {}", f.path().display()),
                    available: !locked,
                    locked,
                    reason: locked.then(|| {
                        if f.exists() {
                            "it is locked until its passphrase is given".into()
                        } else {
                            "it has no passphrase yet".into()
                        }
                    }),
                }
            }
        }
    }

    /// Opens the encrypted file with its passphrase (creating it with this passphrase if it does not
    /// exist yet). The keychain needs no unlocking here.
    pub fn unlock(&self, passphrase: &Secret) -> Result<()> {
        match &self.store {
            Store::File(f) => f.unlock(passphrase),
            Store::Keychain(_) => Ok(()),
        }
    }

    pub fn lock(&self) {
        if let Store::File(f) = &self.store {
            f.lock();
        }
    }

    pub fn put(&self, key: &SecretKey, secret: &Secret) -> Result<()> {
        match &self.store {
            Store::Keychain(k) => k.put(&key.entry(), secret),
            Store::File(f) => f.put(&key.entry(), secret),
        }
    }

    pub fn get(&self, key: &SecretKey) -> Result<Option<Secret>> {
        match &self.store {
            Store::Keychain(k) => k.get(&key.entry()),
            Store::File(f) => f.get(&key.entry()),
        }
    }

    /// Removes a secret; removing one that is not there is not an error.
    pub fn delete(&self, key: &SecretKey) -> Result<()> {
        match &self.store {
            Store::Keychain(k) => k.delete(&key.entry()),
            Store::File(f) => f.delete(&key.entry()),
        }
    }

    /// Removes an organization's secrets: the named ones (the keychain cannot be searched), and in an
    /// encrypted file every entry of the organization.
    pub fn delete_org(&self, org: OrgId, names: &[String]) -> Result<()> {
        for name in names {
            self.delete(&SecretKey::new(org, name.clone()))?;
        }
        if let Store::File(f) = &self.store {
            f.delete_prefix(&format!("{org}/"))?;
        }
        Ok(())
    }
}
