//! Random tokens and password hashes. Tokens are 256 random bits, shown to the client once and
//! stored only as their SHA-256: a copy of the database holds nothing that signs anyone in.
//! Passwords are argon2id with the crate's recommended parameters, hashed off the async threads.

use crate::error::{Error, Result};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

/// A new random token with a prefix that says what it is (`nfa_` access, `nfr_` refresh, …).
pub fn new_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// PKCE S256: base64url(SHA-256(verifier)).
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::PasswordHash(e.to_string()))
    })
    .await
    .map_err(|e| Error::PasswordHash(e.to_string()))?
}

/// Whether `password` matches `hash`. With no hash (no such user) a dummy hash is verified, so
/// that the answer takes as long whether or not the email exists.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let stored = match hash {
            Some(hash) => hash,
            None => dummy_hash()?.to_string(),
        };
        let parsed = PasswordHash::new(&stored).map_err(|e| Error::PasswordHash(e.to_string()))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|e| Error::PasswordHash(e.to_string()))?
}

/// argon2id of a random password nobody knows, with the same parameters as real hashes.
fn dummy_hash() -> Result<&'static str> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(new_token("").as_bytes(), &salt)
        .map_err(|e| Error::PasswordHash(e.to_string()))?
        .to_string();
    Ok(DUMMY.get_or_init(|| hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse".into(), Some(hash.clone())).await.unwrap());
        assert!(!verify_password("wrong horse".into(), Some(hash)).await.unwrap());
        assert!(!verify_password("anything".into(), None).await.unwrap());
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let (a, b) = (new_token("nfa_"), new_token("nfa_"));
        assert_ne!(a, b);
        assert!(a.starts_with("nfa_") && a.len() > 40);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_eq!(token_hash(&a).len(), 64);
        // RFC 7636 appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
