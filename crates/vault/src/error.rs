//! Errors of the vault. They say what failed and where, and never include a secret.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum VaultError {
    /// The chosen store cannot be reached (no keychain service, no D-Bus session …).
    #[error("the {store} is not available: {reason}")]
    Unavailable { store: &'static str, reason: String },

    #[error("the encrypted vault file is locked; unlock it with its passphrase first")]
    Locked,

    #[error("the passphrase does not open the encrypted vault file")]
    WrongPassphrase,

    #[error("the encrypted vault file is damaged or was tampered with ({0}); it was not read")]
    Tampered(String),

    #[error("the passphrase must be at least {0} characters long")]
    WeakPassphrase(usize),

    #[error("the {store} refused the request: {reason}")]
    Backend { store: &'static str, reason: String },

    #[error("the encrypted vault file could not be read or written: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, VaultError>;
