//! The audit export: every run of a period, with its steps, as JSON Lines chained by SHA-256, so that
//! a brokerage can hand a file to a compliance reviewer and anyone can check that no record was
//! edited, removed, inserted or reordered since it was written.
//!
//! Line n is `{"seq": n, "kind": "header"|"run"|"end", "data": …, "prev": H(n-1), "hash": H(n)}` with
//! `H(n) = SHA-256(H(n-1) + "\n" + canonical JSON of {seq, kind, data})` (keys sorted, no spaces; H(-1)
//! is empty). The first line names the organization and the period; the last one counts the runs, so
//! cutting lines off the end shows too. Someone who rewrites the whole file can recompute the chain:
//! the export prints the last hash (the head) — keep it elsewhere, and `verify --expect HEAD` proves
//! the file is the one exported. SHA-256 comes from ring, which the app already uses for TLS.

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use neuroflow_store::table::{execution_steps, executions};
use neuroflow_types::{
    AuditExport, AuditProblem, AuditVerification, ErrorCode, OrgId, Timestamp, WorkflowExecution, format_timestamp, now,
};
use serde_json::{Map, Value, json};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

const FORMAT: &str = "neuroflow-audit";
/// Runs read per page while exporting.
const PAGE: u32 = 500;

/// A value as canonical JSON: object keys sorted, no whitespace.
fn canonical(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(o) => {
                let mut keys: Vec<&String> = o.keys().collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&o[k]))).collect::<Map<_, _>>())
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(v).to_string()
}

fn link(prev: &str, seq: i64, kind: &str, data: &Value) -> String {
    let body = canonical(&json!({ "seq": seq, "kind": kind, "data": data }));
    let digest = ring::digest::digest(&ring::digest::SHA256, format!("{prev}\n{body}").as_bytes());
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes chained lines.
struct Chain<W: Write> {
    out: W,
    seq: i64,
    head: String,
}

impl<W: Write> Chain<W> {
    fn push(&mut self, kind: &str, data: Value) -> std::io::Result<()> {
        let hash = link(&self.head, self.seq, kind, &data);
        let line = json!({ "seq": self.seq, "kind": kind, "data": data, "prev": self.head, "hash": hash });
        writeln!(self.out, "{line}")?;
        self.seq += 1;
        self.head = hash;
        Ok(())
    }
}

impl Hub {
    /// Exports the runs started in `[since, until)` to `path`, oldest first. Without `until`, every
    /// run started so far: the period ends one millisecond after now, as a run that started in this
    /// very millisecond (times are kept to the millisecond) belongs in it too.
    pub async fn audit_export(
        &self,
        org: OrgId,
        since: Timestamp,
        until: Option<Timestamp>,
        path: PathBuf,
    ) -> AppResult<AuditExport> {
        let until = until.unwrap_or_else(|| now() + chrono::Duration::milliseconds(1));
        if since >= until {
            return Err(AppError::invalid(format!(
                "the period is empty: it starts at {} and ends at {}",
                format_timestamp(&since),
                format_timestamp(&until)
            )));
        }
        let open = self.org(org).await?;
        let io = |e: std::io::Error| {
            AppError::new(ErrorCode::Io, format!("the audit file {} could not be written: {e}", path.display()))
        };
        let file = std::fs::File::create(&path).map_err(io)?;
        let mut chain = Chain { out: BufWriter::new(file), seq: 0, head: String::new() };
        let header = json!({
            "format": FORMAT, "version": 1, "organizationId": org.to_string(),
            "since": format_timestamp(&since), "until": format_timestamp(&until),
            "exportedAt": format_timestamp(&now()),
        });
        chain.push("header", header).map_err(io)?;
        let mut after: Option<WorkflowExecution> = None;
        let mut runs = 0;
        loop {
            let last = after.clone();
            let page = open
                .store
                .read_async(move |c| {
                    let page = executions::oldest_first(c, org, &since, &until, last.as_ref(), PAGE)?;
                    page.into_iter().map(|e| Ok((execution_steps::list(c, e.id)?, e))).collect::<Result<Vec<_>, _>>()
                })
                .await?;
            if page.is_empty() {
                break;
            }
            for (steps, e) in page {
                chain.push("run", json!({ "execution": e, "steps": steps })).map_err(io)?;
                runs += 1;
                after = Some(e);
            }
        }
        chain.push("end", json!({ "runs": runs })).map_err(io)?;
        chain.out.flush().map_err(io)?;
        chain.out.get_ref().sync_all().map_err(io)?;
        Ok(AuditExport { path: path.display().to_string(), records: runs, head: chain.head })
    }

    /// Checks an audit file's chain; with `expect`, also that its head is the one given at export.
    pub async fn audit_verify(&self, path: PathBuf, expect: Option<String>) -> AppResult<AuditVerification> {
        tokio::task::spawn_blocking(move || verify(&path, expect.as_deref())).await?
    }
}

fn verify(path: &Path, expect: Option<&str>) -> AppResult<AuditVerification> {
    let file = std::fs::File::open(path).map_err(|e| {
        AppError::new(ErrorCode::Io, format!("the audit file {} could not be read: {e}", path.display()))
    })?;
    let mut problems = Vec::new();
    let mut problem = |line: i64, kind: &str, message: String| {
        problems.push(AuditProblem { line, kind: kind.into(), message });
    };
    let (mut prev, mut expected_seq, mut runs, mut ended) = (String::new(), 0_i64, 0_i64, None::<i64>);
    let mut last_line = 0;
    for (i, text) in BufReader::new(file).lines().enumerate() {
        let line = i as i64 + 1;
        last_line = line;
        let text = text.map_err(|e| AppError::new(ErrorCode::Io, format!("line {line}: {e}")))?;
        let parsed: Option<(i64, String, Value, String, String)> =
            serde_json::from_str::<Value>(&text).ok().and_then(|v| {
                Some((
                    v.get("seq")?.as_i64()?,
                    v.get("kind")?.as_str()?.to_string(),
                    v.get("data")?.clone(),
                    v.get("prev")?.as_str()?.to_string(),
                    v.get("hash")?.as_str()?.to_string(),
                ))
            });
        let Some((seq, kind, data, line_prev, hash)) = parsed else {
            problem(line, "malformed", format!("line {line} is not a record of the chain"));
            continue;
        };
        if ended.is_some() {
            problem(line, "inserted", format!("line {line} comes after the end record"));
        }
        if line == 1 && (kind != "header" || data.get("format").and_then(Value::as_str) != Some(FORMAT)) {
            problem(line, "malformed", "the file does not start with a NeuroFlow audit header".into());
        }
        if link(&line_prev, seq, &kind, &data) != hash {
            problem(line, "edited", format!("record {seq} (line {line}) was changed after it was written"));
        }
        if seq != expected_seq {
            let (what, message) = if seq > expected_seq {
                ("removed", format!("records {expected_seq}–{} are missing before line {line}", seq - 1))
            } else {
                ("reordered", format!("record {seq} (line {line}) is out of order: record {expected_seq} was due"))
            };
            problem(line, what, message);
        } else if line_prev != prev {
            problem(line, "reordered", format!("record {seq} (line {line}) does not follow the record before it"));
        }
        match kind.as_str() {
            "run" => runs += 1,
            "end" => ended = Some(data.get("runs").and_then(Value::as_i64).unwrap_or(-1)),
            _ => {}
        }
        prev = hash;
        expected_seq = seq + 1;
    }
    match ended {
        None => problem(last_line + 1, "truncated", "the file ends without its end record: lines were cut off".into()),
        Some(n) if n != runs => {
            problem(last_line, "removed", format!("the end record counts {n} runs but the file holds {runs}"))
        }
        _ => {}
    }
    if let Some(expect) = expect
        && expect.trim() != prev
    {
        problem(last_line, "head", format!("the file's head is {prev}, not the {} given", expect.trim()));
    }
    Ok(AuditVerification { ok: problems.is_empty(), records: runs, head: (!prev.is_empty()).then_some(prev), problems })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_at_every_depth() {
        let a: Value = serde_json::from_str(r#"{"b": 1, "a": {"d": [1, {"z": 0, "y": 1}], "c": "x"}}"#).unwrap();
        assert_eq!(canonical(&a), r#"{"a":{"c":"x","d":[1,{"y":1,"z":0}]},"b":1}"#);
    }
}
