//! An encrypted file, for machines with no keychain to use: never plaintext, and only when the user
//! chose it.
//!
//! The key is derived from the user's passphrase with PBKDF2-HMAC-SHA256 (600,000 iterations, a random
//! 16-byte salt per file). Each entry is sealed with AES-256-GCM under its own random 96-bit nonce,
//! with the entry's name as associated data, so an entry moved under another name fails to open. A
//! sealed check value tells a wrong passphrase from a damaged file. Every change re-reads the file
//! under a lock (so the desktop app and the CLI can share it) and replaces it atomically.

use crate::error::{Result, VaultError};
use crate::secret::Secret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use zeroize::Zeroizing;

/// PBKDF2 iterations for new files (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 600_000;
/// The shortest passphrase accepted for a new file.
pub const MIN_PASSPHRASE: usize = 8;
const CHECK_PLAINTEXT: &[u8] = b"neuroflow-vault-check";
const CHECK_AAD: &[u8] = b"neuroflow-vault-check";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileFormat {
    format: u32,
    kdf: Kdf,
    check: Sealed,
    entries: BTreeMap<String, Sealed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kdf {
    algorithm: String,
    iterations: u32,
    salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Sealed {
    nonce: String,
    data: String,
}

/// An encrypted vault file, locked until its passphrase is given.
pub(crate) struct FileStore {
    path: PathBuf,
    key: Mutex<Option<LessSafeKey>>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileStore").field("path", &self.path).finish()
    }
}

impl FileStore {
    pub fn new(path: &Path) -> Self {
        Self { path: path.to_path_buf(), key: Mutex::new(None) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    pub fn is_locked(&self) -> bool {
        self.key.lock().map(|k| k.is_none()).unwrap_or(true)
    }

    /// Opens the file with its passphrase, or creates it with this passphrase if there is none.
    pub fn unlock(&self, passphrase: &Secret) -> Result<()> {
        let key = if self.exists() {
            let file = self.read()?;
            let key = derive(passphrase, &file.kdf)?;
            open(&key, &file.check, CHECK_AAD).map_err(|_| VaultError::WrongPassphrase)?;
            key
        } else {
            if passphrase.expose().chars().count() < MIN_PASSPHRASE {
                return Err(VaultError::WeakPassphrase(MIN_PASSPHRASE));
            }
            let mut salt = [0u8; 16];
            SystemRandom::new().fill(&mut salt).map_err(|_| crypto_failure())?;
            let kdf = Kdf { algorithm: "PBKDF2-HMAC-SHA256".into(), iterations: ITERATIONS, salt: B64.encode(salt) };
            let key = derive(passphrase, &kdf)?;
            let check = seal(&key, CHECK_PLAINTEXT, CHECK_AAD)?;
            self.write(&FileFormat { format: 1, kdf, check, entries: BTreeMap::new() })?;
            key
        };
        *self.key.lock().map_err(|_| poisoned())? = Some(key);
        Ok(())
    }

    pub fn lock(&self) {
        if let Ok(mut key) = self.key.lock() {
            *key = None;
        }
    }

    pub fn put(&self, name: &str, secret: &Secret) -> Result<()> {
        self.change(|key, file| {
            file.entries.insert(name.to_string(), seal(key, secret.expose().as_bytes(), name.as_bytes())?);
            Ok(())
        })
    }

    pub fn get(&self, name: &str) -> Result<Option<Secret>> {
        let guard = self.key.lock().map_err(|_| poisoned())?;
        let key = guard.as_ref().ok_or(VaultError::Locked)?;
        let file = self.read()?;
        let Some(sealed) = file.entries.get(name) else { return Ok(None) };
        let plain = open(key, sealed, name.as_bytes()).map_err(|_| VaultError::Tampered(format!("entry '{name}'")))?;
        let text = String::from_utf8(plain.to_vec()).map_err(|_| VaultError::Tampered(format!("entry '{name}'")))?;
        Ok(Some(Secret::new(text)))
    }

    pub fn delete(&self, name: &str) -> Result<()> {
        self.change(|_, file| {
            file.entries.remove(name);
            Ok(())
        })
    }

    /// Removes every entry whose name starts with `prefix` (an organization's, say).
    pub fn delete_prefix(&self, prefix: &str) -> Result<usize> {
        let mut removed = 0;
        self.change(|_, file| {
            let before = file.entries.len();
            file.entries.retain(|name, _| !name.starts_with(prefix));
            removed = before - file.entries.len();
            Ok(())
        })?;
        Ok(removed)
    }

    /// Re-reads the file under an exclusive lock, applies `f`, and replaces the file atomically.
    fn change(&self, f: impl FnOnce(&LessSafeKey, &mut FileFormat) -> Result<()>) -> Result<()> {
        let guard = self.key.lock().map_err(|_| poisoned())?;
        let key = guard.as_ref().ok_or(VaultError::Locked)?;
        let lock =
            OpenOptions::new().create(true).truncate(false).write(true).open(self.path.with_extension("lock"))?;
        lock.lock()?;
        let mut file = self.read()?;
        // Another process may have re-keyed the file: refuse rather than mix keys.
        open(key, &file.check, CHECK_AAD).map_err(|_| VaultError::WrongPassphrase)?;
        f(key, &mut file)?;
        let written = self.write(&file);
        let _ = lock.unlock();
        written
    }

    fn read(&self) -> Result<FileFormat> {
        let text = std::fs::read_to_string(&self.path)?;
        let file: FileFormat =
            serde_json::from_str(&text).map_err(|e| VaultError::Tampered(format!("not a vault file: {e}")))?;
        if file.format != 1 || file.kdf.algorithm != "PBKDF2-HMAC-SHA256" {
            return Err(VaultError::Tampered(format!("unknown format {} / {}", file.format, file.kdf.algorithm)));
        }
        Ok(file)
    }

    fn write(&self, file: &FileFormat) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = self.path.with_extension("tmp");
        let text = serde_json::to_vec_pretty(file).map_err(|e| VaultError::Io(std::io::Error::other(e)))?;
        {
            let mut options = OpenOptions::new();
            options.create(true).truncate(true).write(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut out = options.open(&tmp)?;
            out.write_all(&text)?;
            out.sync_all()?;
        }
        std::fs::rename(&tmp, &self.path)?;
        Ok(())
    }
}

fn derive(passphrase: &Secret, kdf: &Kdf) -> Result<LessSafeKey> {
    let salt = B64.decode(&kdf.salt).map_err(|_| VaultError::Tampered("salt".into()))?;
    let iterations = NonZeroU32::new(kdf.iterations).ok_or_else(|| VaultError::Tampered("iterations".into()))?;
    let mut bytes = Zeroizing::new([0u8; 32]);
    ring::pbkdf2::derive(
        ring::pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        &salt,
        passphrase.expose().as_bytes(),
        &mut *bytes,
    );
    let key = UnboundKey::new(&AES_256_GCM, &*bytes).map_err(|_| crypto_failure())?;
    Ok(LessSafeKey::new(key))
}

fn seal(key: &LessSafeKey, plain: &[u8], aad: &[u8]) -> Result<Sealed> {
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new().fill(&mut nonce).map_err(|_| crypto_failure())?;
    let mut data = plain.to_vec();
    key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(aad), &mut data)
        .map_err(|_| crypto_failure())?;
    Ok(Sealed { nonce: B64.encode(nonce), data: B64.encode(data) })
}

fn open(key: &LessSafeKey, sealed: &Sealed, aad: &[u8]) -> std::result::Result<Zeroizing<Vec<u8>>, ()> {
    let nonce: [u8; NONCE_LEN] = B64.decode(&sealed.nonce).map_err(|_| ())?.try_into().map_err(|_| ())?;
    let mut data = Zeroizing::new(B64.decode(&sealed.data).map_err(|_| ())?);
    let plain = key.open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(aad), &mut data).map_err(|_| ())?;
    Ok(Zeroizing::new(plain.to_vec()))
}

fn crypto_failure() -> VaultError {
    VaultError::Backend { store: "encrypted vault file", reason: "the system's random number generator failed".into() }
}

fn poisoned() -> VaultError {
    VaultError::Backend { store: "encrypted vault file", reason: "internal lock poisoned".into() }
}
