//! Finding what must not leave an organization inside a template's text: secrets (API keys, bearer
//! tokens, signing secrets, passwords in URLs), personal data (email addresses, phone numbers) and
//! the organization's ids (UUIDs). Publishing turns each find in a step's text into a variable the
//! person deploying fills in, and replaces finds elsewhere (a sample input, an agent's instructions)
//! with neutral examples.
//!
//! Patterns, not understanding: a person's name in free text is not recognised. That is why
//! publishing also drops every text variable's value unless the person chose to keep it.

use regex::Regex;
use std::sync::OnceLock;

/// What a find is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Finding {
    Secret,
    Email,
    Phone,
    Id,
}

impl Finding {
    /// A neutral example of the same kind, safe to publish.
    pub fn example(self) -> &'static str {
        match self {
            Self::Secret => "",
            Self::Email => "name@example.com",
            Self::Phone => "+15555550100",
            Self::Id => "",
        }
    }

    /// The stem of the variable a find becomes (`contactEmail`, `contactEmail2` …).
    pub fn variable_stem(self) -> &'static str {
        match self {
            Self::Secret => "secretValue",
            Self::Email => "contactEmail",
            Self::Phone => "phoneNumber",
            Self::Id => "recordId",
        }
    }

    /// What the find was, for a variable's description.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Secret => "a secret (a key, token or password)",
            Self::Email => "an email address",
            Self::Phone => "a phone number",
            Self::Id => "an id of the organization's own records",
        }
    }
}

/// One find: where it is in the text and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Find {
    pub start: usize,
    pub end: usize,
    pub kind: Finding,
}

fn patterns() -> &'static [(Finding, Regex)] {
    static P: OnceLock<Vec<(Finding, Regex)>> = OnceLock::new();
    P.get_or_init(|| {
        let secret = [
            r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}",
            r"(?i)\bbasic\s+[A-Za-z0-9+/=]{12,}",
            r"\b(?:sk|pk|rk)[-_](?:live[-_]|test[-_]|proj[-_])?[A-Za-z0-9_-]{16,}",
            r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
            r"\bgh[pousr]_[A-Za-z0-9]{20,}",
            r"\bgithub_pat_[A-Za-z0-9_]{20,}",
            r"\bAKIA[0-9A-Z]{16}\b",
            r"\bAIza[0-9A-Za-z_-]{30,}",
            r"\bya29\.[0-9A-Za-z_-]{10,}",
            r"\bwhsec_[A-Za-z0-9+/=_-]{8,}",
            r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----",
            // Credentials inside a URL: user:password@, and key-like query parameters.
            r"(?i)(?:https?|ftp|smtp)://[^\s/:@]+:[^\s/@]+@",
            r"(?i)[?&](?:api[_-]?key|key|token|access[_-]?token|secret|password|passwd|sig|signature|auth)=[^&\s#]{6,}",
            // Long opaque strings mixing letters and digits, the shape of generated keys.
            r"\b(?:[A-Za-z]+[0-9]+|[0-9]+[A-Za-z]+)[A-Za-z0-9_-]{28,}\b",
        ];
        let mut out: Vec<(Finding, Regex)> =
            secret.iter().map(|p| (Finding::Secret, Regex::new(p).expect("a valid pattern"))).collect();
        out.push((
            Finding::Id,
            Regex::new(r"(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
                .expect("a valid pattern"),
        ));
        out.push((
            Finding::Email,
            Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}").expect("a valid pattern"),
        ));
        out.push((Finding::Phone, Regex::new(r"\+?\(?\d[\d\s().-]{8,}\d").expect("a valid pattern")));
        out
    })
}

/// Every find in `text`, in order, without overlaps (a secret wins over what it contains).
pub fn find(text: &str) -> Vec<Find> {
    let mut finds: Vec<Find> = Vec::new();
    for (kind, re) in patterns() {
        for m in re.find_iter(text) {
            if *kind == Finding::Phone && m.as_str().chars().filter(char::is_ascii_digit).count() < 10 {
                continue;
            }
            if finds.iter().any(|f| m.start() < f.end && f.start < m.end()) {
                continue;
            }
            finds.push(Find { start: m.start(), end: m.end(), kind: *kind });
        }
    }
    finds.sort_by_key(|f| f.start);
    finds
}

/// `text` with every find replaced by its neutral example (or by `[removed]` where the example is
/// empty, so the reader sees something was there).
pub fn neutralize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in find(text) {
        out.push_str(&text[at..f.start]);
        let example = f.kind.example();
        out.push_str(if example.is_empty() { "[removed]" } else { example });
        at = f.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether a text holds nothing [`find`] would report.
pub fn is_clean(text: &str) -> bool {
    find(text).is_empty()
}
