//! error_groups and error_rollups: failed runs grouped by workflow, node and message, so the errors
//! view says "this node failed 212 times with this message since Tuesday" rather than listing 212
//! runs. A failure is grouped when its run is closed FAILED (in `executions::finish` and recovery),
//! in the same transaction; the run row keeps its group's id for the drill-down.
//!
//! The message is reduced to a signature first — ids, long numbers, times and hex strings replaced by
//! placeholders — so that "timed out after 30012 ms" and "timed out after 30450 ms" are one group while
//! "HTTP 404" and "HTTP 500" stay two. The group's id is a stable hash (FNV-1a, 64 bits) of workflow,
//! node and signature: no lookup is needed to find it, and the same failure gets the same id in every
//! process and version.

use crate::error::Result;
use crate::sql;
use crate::table::rollups::Periods;
use rusqlite::{Connection, params};

/// The longest signature kept (longer messages are cut at a character boundary).
const MAX_SIGNATURE: usize = 300;

/// A message with its variable parts replaced: UUIDs by `{id}`, ISO times by `{time}`, runs of 4 or
/// more digits (and decimals) by `{n}`, hex strings of 12 or more characters by `{hex}`; whitespace
/// collapsed.
pub fn signature(message: &str) -> String {
    let chars: Vec<char> = message.trim().chars().collect();
    let mut out = String::with_capacity(message.len().min(MAX_SIGNATURE));
    let mut i = 0;
    let mut last_space = false;
    while i < chars.len() && out.len() < MAX_SIGNATURE {
        let c = chars[i];
        let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            i += 1;
            continue;
        }
        last_space = false;
        if boundary && let Some(len) = uuid_at(&chars[i..]) {
            out.push_str("{id}");
            i += len;
        } else if boundary && let Some(len) = iso_time_at(&chars[i..]) {
            out.push_str("{time}");
            i += len;
        } else if boundary && let Some(len) = word_at(&chars[i..]) {
            let word = &chars[i..i + len];
            let digits = word.iter().filter(|c| c.is_ascii_digit()).count();
            if word.iter().all(|c| c.is_ascii_digit() || *c == '.') && digits >= 4 {
                out.push_str("{n}");
            } else if len >= 12 && word.iter().all(char::is_ascii_hexdigit) && digits > 0 {
                out.push_str("{hex}");
            } else if word.iter().all(|c| c.is_ascii_digit() || *c == '.') && word.contains(&'.') && digits > 1 {
                out.push_str("{n}");
            } else {
                out.extend(word);
            }
            i += len;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The length of the word (letters, digits, dots between digits) starting here.
fn word_at(chars: &[char]) -> Option<usize> {
    let mut len = 0;
    while len < chars.len() {
        let c = chars[len];
        let dot_in_number = c == '.'
            && len > 0
            && chars[len - 1].is_ascii_digit()
            && chars.get(len + 1).is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() || dot_in_number {
            len += 1;
        } else {
            break;
        }
    }
    (len > 0).then_some(len)
}

fn uuid_at(chars: &[char]) -> Option<usize> {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let mut at = 0;
    for (n, group) in GROUPS.iter().enumerate() {
        if chars.len() < at + group || !chars[at..at + group].iter().all(char::is_ascii_hexdigit) {
            return None;
        }
        at += group;
        if n < 4 {
            if chars.get(at) != Some(&'-') {
                return None;
            }
            at += 1;
        }
    }
    let ends = chars.get(at).is_none_or(|c| !c.is_alphanumeric());
    ends.then_some(at)
}

/// `2026-11-22T08:15:30.123Z` and shorter forms (`2026-11-22 08:15`, a date alone).
fn iso_time_at(chars: &[char]) -> Option<usize> {
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let is = |i: usize, c: char| chars.get(i) == Some(&c);
    if !((0..4).all(digit) && is(4, '-') && digit(5) && digit(6) && is(7, '-') && digit(8) && digit(9)) {
        return None;
    }
    let mut len = 10;
    if (is(10, 'T') || is(10, ' ')) && digit(11) && digit(12) && is(13, ':') && digit(14) && digit(15) {
        len = 16;
        while chars.get(len).is_some_and(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z' | '+')) {
            len += 1;
        }
    }
    Some(len)
}

/// The id of a group: FNV-1a (64 bits) of workflow, node and signature, in hex.
pub fn group_id(workflow: &str, node: Option<&str>, signature: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [workflow, "\u{1f}", node.unwrap_or(""), "\u{1f}", signature] {
        for byte in part.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// A failed run, as grouped.
#[derive(Debug, Clone)]
pub struct Failure<'a> {
    pub org: &'a str,
    pub execution: &'a str,
    pub workflow: &'a str,
    pub started_at: &'a str,
    pub completed_at: &'a str,
    /// The run's own error, used when no step failed.
    pub run_error: Option<&'a str>,
}

/// Groups a failed run: finds the node that failed it (the first failed step without an output, or
/// any failed step), upserts its group and the hour's and day's counts, and marks the run.
pub(crate) fn record(conn: &Connection, f: &Failure) -> Result<()> {
    let step = sql::one(
        conn,
        "SELECT node_id, node_name, error FROM execution_steps WHERE execution_id = ? AND status = 'FAILED'
         ORDER BY output IS NOT NULL, ordinal LIMIT 1",
        [f.execution],
        |row| {
            Ok((
                sql::get::<String>(row, "execution_steps", "node_id")?,
                sql::get::<String>(row, "execution_steps", "node_name")?,
                sql::get::<Option<String>>(row, "execution_steps", "error")?,
            ))
        },
    )?;
    let (node, node_name, message) = match step {
        Some((id, name, error)) => (Some(id), Some(name), error.or_else(|| f.run_error.map(str::to_string))),
        None => (None, None, f.run_error.map(str::to_string)),
    };
    let message = message.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| "failed (no message)".into());
    let signature = signature(&message);
    let id = group_id(f.workflow, node.as_deref(), &signature);
    sql::exec(
        conn,
        "INSERT INTO error_groups (id, organization_id, workflow_id, node_id, node_name, signature, sample,
            sample_execution_id, failures, first_seen, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9)
         ON CONFLICT (id) DO UPDATE SET failures = failures + 1, node_name = excluded.node_name,
            sample = CASE WHEN excluded.last_seen >= last_seen THEN excluded.sample ELSE sample END,
            sample_execution_id = CASE WHEN excluded.last_seen >= last_seen
                                       THEN excluded.sample_execution_id ELSE sample_execution_id END,
            first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)",
        params![id, f.org, f.workflow, node, node_name, signature, message, f.execution, f.completed_at],
    )?;
    for (grain, period) in [("hour", Periods::of(f.started_at)?.hour), ("day", Periods::of(f.started_at)?.day)] {
        sql::exec(
            conn,
            "INSERT INTO error_rollups (organization_id, grain, period, group_id, failures) VALUES (?, ?, ?, ?, 1)
             ON CONFLICT (organization_id, grain, period, group_id) DO UPDATE SET failures = failures + 1",
            params![f.org, grain, period, id],
        )?;
    }
    sql::exec(conn, "UPDATE workflow_executions SET error_group = ? WHERE id = ?", params![id, f.execution])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_keep_the_words_and_drop_the_variable_parts() {
        assert_eq!(signature("timed out after 30012 ms"), "timed out after {n} ms");
        assert_eq!(signature("timed out after 30450 ms"), "timed out after {n} ms");
        assert_eq!(signature("HTTP 404 from api"), "HTTP 404 from api");
        assert_eq!(signature("HTTP 500 from api"), "HTTP 500 from api");
        assert_eq!(
            signature("execution 0196f6a2-3b4c-7d8e-9f00-112233445566 failed at 2026-11-22T08:15:30.123Z"),
            "execution {id} failed at {time}"
        );
        assert_eq!(signature("took 1.25 s,  request  abcdef0123456789"), "took {n} s, request {hex}");
        assert_eq!(signature("node v2 failed"), "node v2 failed");
        assert_eq!(signature("deadbeefcafe is a word"), "deadbeefcafe is a word");
    }

    #[test]
    fn group_ids_are_stable_and_distinct() {
        let a = group_id("wf", Some("http"), "HTTP 500");
        assert_eq!(a, group_id("wf", Some("http"), "HTTP 500"));
        assert_eq!(a.len(), 16);
        assert_ne!(a, group_id("wf", Some("http"), "HTTP 404"));
        assert_ne!(a, group_id("wf", None, "HTTP 500"));
        assert_ne!(group_id("ab", Some("c"), "x"), group_id("a", Some("bc"), "x"));
    }
}
