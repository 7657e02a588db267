//! Times are UTC instants with millisecond precision. They cross IPC and JSON as RFC 3339 strings
//! ending in `Z`, and are stored as TEXT in the same fixed-width form, so that text order is time order
//! and range filters can use the indexes.

use chrono::{DateTime, SubsecRound, Utc};

/// A UTC instant, always truncated to milliseconds.
pub type Timestamp = DateTime<Utc>;

/// The current time, truncated to milliseconds so that what is stored is what is returned.
pub fn now() -> Timestamp {
    Utc::now().trunc_subsecs(3)
}

/// The stored form: `2026-11-22T08:15:30.123Z`.
pub fn format_timestamp(t: &Timestamp) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Reads the stored form (or any RFC 3339 time, converted to UTC).
pub fn parse_timestamp(s: &str) -> Result<Timestamp, chrono::ParseError> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc).trunc_subsecs(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_round_trips_and_sorts_as_text() {
        let a = now();
        let text = format_timestamp(&a);
        assert_eq!(text.len(), 24);
        assert_eq!(parse_timestamp(&text).unwrap(), a);
        let earlier = parse_timestamp("2026-01-02T03:04:05.006Z").unwrap();
        assert!(format_timestamp(&earlier) < text);
    }
}
