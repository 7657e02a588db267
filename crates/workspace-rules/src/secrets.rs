//! Which configuration keys name a secret. Secrets live in each desktop's keychain and never travel;
//! an integration's or a setting's configuration is free-form JSON, so a key that names a secret
//! (`password`, `apiToken`, `client_secret`, `API-Key` …) is kept out of the workspace: the service
//! refuses it and the app drops it from what it pushes.
//!
//! A key that names *where* or *which* secret — `tokenUrl`, `tokenEndpoint`, `secretName`,
//! `apiKeyHeader` — holds no secret, and dropping it would lose that setting on every other desktop
//! (a Gmail integration's `tokenUrl` did), so a key whose last word is such a word is not a secret.
//! Anything else that mentions a secret word, even run together (`mytoken`), is one.

/// The words that name a secret, lower case; a word that contains one counts (`accesstoken`).
const SECRET_WORDS: [&str; 8] =
    ["password", "passwd", "passphrase", "secret", "token", "credential", "apikey", "privatekey"];

/// Two words that together name a secret (`api_key`, `privateKey`).
const SECRET_PAIRS: [(&str, &str); 3] = [("api", "key"), ("private", "key"), ("access", "key")];

/// Last words that make a key name a place or a label rather than hold a secret.
const NOT_A_VALUE: [&str; 12] =
    ["url", "uri", "endpoint", "host", "path", "name", "id", "type", "header", "param", "expiry", "expires"];

/// Whether a configuration key names a secret (see the module's description).
pub fn names_a_secret(key: &str) -> bool {
    let words = words(key);
    let secret = words.iter().any(|w| SECRET_WORDS.iter().any(|s| w.contains(s)))
        || words.windows(2).any(|p| SECRET_PAIRS.contains(&(p[0].as_str(), p[1].as_str())));
    secret && !words.last().is_some_and(|last| NOT_A_VALUE.contains(&last.as_str()))
}

/// The key's words, lower case: split at anything not a letter or digit and where camel case
/// starts a word (`apiKeyHeader` → api, key, header; `APIKey` → api, key).
fn words(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        let starts_word = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            });
        if starts_word && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_hold_a_secret() {
        for key in [
            "password",
            "smtpPassword",
            "smtp_password",
            "token",
            "accessToken",
            "refresh_token",
            "tokens",
            "apiKey",
            "api_key",
            "API-Key",
            "x-api-key",
            "APIKey",
            "apikey",
            "clientSecret",
            "client_secret",
            "privateKey",
            "private-key",
            "credentials",
            "aws_access_key",
            "mytoken",
            "secretValue",
            "passphrase",
            "tokenurl",
        ] {
            assert!(names_a_secret(key), "{key} holds a secret");
        }
    }

    #[test]
    fn keys_that_name_where_or_which_secret_or_nothing_secret() {
        for key in [
            "tokenUrl",
            "token_url",
            "tokenEndpoint",
            "authUrl",
            "apiBaseUrl",
            "secretName",
            "apiKeyHeader",
            "api_key_param",
            "clientId",
            "host",
            "username",
            "from",
            "caCertificate",
            "defaultChannel",
            "auth",
            "header",
            "param",
            "testPath",
            "baseUrl",
            "mode",
            "security",
            "port",
            "url",
            "keyboard",
            "monkey",
        ] {
            assert!(!names_a_secret(key), "{key} holds no secret");
        }
    }

    #[test]
    fn words_split_at_separators_and_camel_case() {
        assert_eq!(words("apiKeyHeader"), ["api", "key", "header"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("x-api_key.v2"), ["x", "api", "key", "v2"]);
        assert_eq!(words("OAuth2TokenURL"), ["o", "auth2", "token", "url"]);
        assert_eq!(words(""), Vec::<String>::new());
    }
}
