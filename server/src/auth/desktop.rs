//! The desktop signs in through the system browser (RFC 8252, as Gmail sign-in does): it opens
//! `/api/v1/auth/desktop/authorize` with a PKCE S256 challenge, a state and a loopback
//! `redirect_uri` (http://127.0.0.1:PORT/… or http://[::1]:PORT/…, nothing else); the person signs
//! in on that page; the browser is sent to the loopback address with a one-time code, which the
//! desktop exchanges, with its verifier, for tokens. The code lives five minutes and works once.

use crate::auth::secret::{new_token, pkce_challenge, token_hash};
use crate::error::{Error, ErrorCode, Result};
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use url::{Host, Url};
use uuid::Uuid;

/// Accepts only http://127.0.0.1:PORT/… or http://[::1]:PORT/…: the code must never be sent to a
/// web address that someone else could own.
pub fn check_redirect(uri: &str) -> Result<Url> {
    let url = Url::parse(uri).map_err(|e| Error::bad_request(format!("redirect_uri is not a URL: {e}")))?;
    let loopback = match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        _ => false,
    };
    if url.scheme() != "http" || !loopback || url.port().is_none() || url.fragment().is_some() {
        return Err(Error::bad_request(
            "redirect_uri must be a loopback address with a port, such as http://127.0.0.1:49152/callback",
        ));
    }
    Ok(url)
}

/// Checks a PKCE challenge's shape (base64url of a SHA-256: 43 characters).
pub fn check_challenge(challenge: &str, method: &str) -> Result<()> {
    if method != "S256" {
        return Err(Error::bad_request("code_challenge_method must be S256"));
    }
    let ok = challenge.len() == 43 && challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(Error::bad_request("code_challenge must be base64url(SHA-256(verifier)), 43 characters"));
    }
    Ok(())
}

/// A one-time code for `user`, bound to the challenge and the redirect; returns where to send the
/// browser.
pub async fn grant(pool: &PgPool, user: Uuid, challenge: &str, redirect: &Url, state: &str) -> Result<Url> {
    let code = new_token("nfc_");
    sqlx::query(
        "INSERT INTO desktop_grants (code_hash, user_id, code_challenge, redirect_uri, expires_at)
         VALUES ($1, $2, $3, $4, now() + interval '5 minutes')",
    )
    .bind(token_hash(&code))
    .bind(user)
    .bind(challenge)
    .bind(redirect.as_str())
    .execute(pool)
    .await?;
    let mut to = redirect.clone();
    to.query_pairs_mut().append_pair("code", &code).append_pair("state", state);
    Ok(to)
}

#[derive(sqlx::FromRow)]
struct Grant {
    user_id: Uuid,
    code_challenge: String,
    redirect_uri: String,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
}

/// Spends a code: the user it was granted to, when the verifier and redirect match.
pub async fn redeem(pool: &PgPool, code: &str, verifier: &str, redirect_uri: &str) -> Result<Uuid> {
    let invalid = || Error::api(ErrorCode::Unauthorized, "the sign-in code is invalid, expired or already used");
    let mut tx = pool.begin().await?;
    let row: Option<Grant> = sqlx::query_as(
        "SELECT user_id, code_challenge, redirect_uri, expires_at, used_at FROM desktop_grants
         WHERE code_hash = $1 FOR UPDATE",
    )
    .bind(token_hash(code))
    .fetch_optional(&mut *tx)
    .await?;
    let Grant { user_id: user, code_challenge: challenge, redirect_uri: redirect, expires_at, used_at } =
        row.ok_or_else(invalid)?;
    if used_at.is_some() || expires_at <= Utc::now() {
        return Err(invalid());
    }
    // Spent whatever follows: a wrong verifier must not leave the code for another try.
    sqlx::query("UPDATE desktop_grants SET used_at = now() WHERE code_hash = $1")
        .bind(token_hash(code))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let redirect_matches = Url::parse(redirect_uri).map(|u| u.as_str() == redirect).unwrap_or(false);
    if pkce_challenge(verifier) != challenge || !redirect_matches {
        return Err(Error::api(ErrorCode::Unauthorized, "the code verifier or redirect_uri does not match"));
    }
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_redirects() {
        assert!(check_redirect("http://127.0.0.1:49152/callback").is_ok());
        assert!(check_redirect("http://[::1]:8080/cb").is_ok());
        for bad in [
            "https://127.0.0.1:1/x",
            "http://localhost:8080/cb",
            "http://evil.example:80/cb",
            "http://127.0.0.1/cb",
            "http://127.0.0.1:9/cb#frag",
            "http://10.0.0.1:9/cb",
            "not a url",
        ] {
            assert!(check_redirect(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn challenges_are_s256_base64url() {
        assert!(check_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256").is_ok());
        assert!(check_challenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "plain").is_err());
        assert!(check_challenge("short", "S256").is_err());
    }
}
