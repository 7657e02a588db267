//! Time ranges as the Analytics page and `neuroflow analytics --range` name them, and their
//! resolution to whole hours (the rollups' grain) with the period before for comparison. Apart from
//! the figures so that the parsing and rounding rules, which both fronts share, read on their own.

use crate::{Timestamp, parse_timestamp};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Which stretch of time to look at. Ranges end with the current hour and are whole hours; the
/// previous period is the same length just before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum TimeRange {
    Last24Hours,
    Last7Days,
    Last30Days,
    Last90Days,
    /// From one time to another, widened to whole hours.
    Custom {
        from: Timestamp,
        to: Timestamp,
    },
}

impl TimeRange {
    /// The preset's length in hours (`None` for a custom range).
    pub fn hours(self) -> Option<i64> {
        match self {
            Self::Last24Hours => Some(24),
            Self::Last7Days => Some(7 * 24),
            Self::Last30Days => Some(30 * 24),
            Self::Last90Days => Some(90 * 24),
            Self::Custom { .. } => None,
        }
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Last24Hours => f.write_str("24h"),
            Self::Last7Days => f.write_str("7d"),
            Self::Last30Days => f.write_str("30d"),
            Self::Last90Days => f.write_str("90d"),
            Self::Custom { from, to } => write!(f, "{}..{}", from.to_rfc3339(), to.to_rfc3339()),
        }
    }
}

/// `24h`, `7d`, `30d`, `90d`, or `FROM..TO` with dates (`2026-11-01`, UTC midnight) or RFC 3339 times.
impl FromStr for TimeRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "24h" | "1d" => return Ok(Self::Last24Hours),
            "7d" => return Ok(Self::Last7Days),
            "30d" => return Ok(Self::Last30Days),
            "90d" => return Ok(Self::Last90Days),
            _ => {}
        }
        let Some((from, to)) = s.split_once("..") else {
            return Err(format!("'{s}' is not a range: use 24h, 7d, 30d, 90d or FROM..TO (dates like 2026-11-01)"));
        };
        let (from, to) = (parse_instant(from)?, parse_instant(to)?);
        if from >= to {
            return Err(format!("the range '{s}' ends before it starts"));
        }
        Ok(Self::Custom { from, to })
    }
}

/// A date (UTC midnight) or an RFC 3339 time.
pub fn parse_instant(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)));
    }
    parse_timestamp(text).map_err(|_| format!("'{text}' is not a date (2026-11-01) or a time (2026-11-01T08:00:00Z)"))
}

/// How points over time are bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Granularity {
    Hour,
    /// UTC days.
    Day,
}

/// A range resolved: `[from, to)` in whole hours, the previous period `[previousFrom, from)`, and
/// the bucket of its points over time (hours up to 7 days, UTC days beyond).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AnalyticsWindow {
    pub from: Timestamp,
    pub to: Timestamp,
    pub previous_from: Timestamp,
    pub granularity: Granularity,
}

impl AnalyticsWindow {
    /// Resolves a range at `now`: presets end at the end of the current hour.
    pub fn resolve(range: TimeRange, now: Timestamp) -> Self {
        let hour = Duration::hours(1);
        let floor = |t: Timestamp| Utc.timestamp_opt(t.timestamp().div_euclid(3600) * 3600, 0).single().unwrap_or(t);
        let ceil = |t: Timestamp| {
            let f = floor(t);
            if f == t { f } else { f + hour }
        };
        let (from, to) = match (range, range.hours()) {
            (TimeRange::Custom { from, to }, _) => (floor(from), ceil(to).max(floor(from) + hour)),
            (_, Some(hours)) => {
                let to = floor(now) + hour;
                (to - Duration::hours(hours), to)
            }
            (_, None) => (floor(now), floor(now) + hour),
        };
        let length = to - from;
        let granularity = if length > Duration::days(7) { Granularity::Day } else { Granularity::Hour };
        Self { from, to, previous_from: from - length, granularity }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_from_the_cli_forms() {
        assert_eq!("7d".parse::<TimeRange>(), Ok(TimeRange::Last7Days));
        assert_eq!("24H".parse::<TimeRange>(), Ok(TimeRange::Last24Hours));
        let custom: TimeRange = "2026-11-01..2026-11-03T12:00:00Z".parse().unwrap();
        assert_eq!(
            custom,
            TimeRange::Custom {
                from: parse_timestamp("2026-11-01T00:00:00Z").unwrap(),
                to: parse_timestamp("2026-11-03T12:00:00Z").unwrap()
            }
        );
        assert!("2026-11-03..2026-11-01".parse::<TimeRange>().unwrap_err().contains("ends before"));
        assert!("week".parse::<TimeRange>().unwrap_err().contains("24h, 7d"));
    }

    #[test]
    fn windows_are_whole_hours_ending_with_the_current_one() {
        let now = parse_timestamp("2026-11-22T08:15:30.123Z").unwrap();
        let w = AnalyticsWindow::resolve(TimeRange::Last24Hours, now);
        assert_eq!(w.to, parse_timestamp("2026-11-22T09:00:00Z").unwrap());
        assert_eq!(w.from, parse_timestamp("2026-11-21T09:00:00Z").unwrap());
        assert_eq!(w.previous_from, parse_timestamp("2026-11-20T09:00:00Z").unwrap());
        assert_eq!(w.granularity, Granularity::Hour);
        assert_eq!(AnalyticsWindow::resolve(TimeRange::Last30Days, now).granularity, Granularity::Day);
        let custom = TimeRange::Custom {
            from: parse_timestamp("2026-11-01T10:30:00Z").unwrap(),
            to: parse_timestamp("2026-11-01T10:45:00Z").unwrap(),
        };
        let w = AnalyticsWindow::resolve(custom, now);
        assert_eq!(
            (w.from.to_rfc3339(), w.to.to_rfc3339()),
            ("2026-11-01T10:00:00+00:00".to_string(), "2026-11-01T11:00:00+00:00".to_string())
        );
    }
}
