//! The archive a prune may write before it removes runs, and reading it back.
//!
//! An archive is JSON Lines compressed with gzip (flate2, the Rust ecosystem's standard gzip, here
//! on its pure-Rust backend): a header line naming the format and the organization, then one line
//! per run with everything that hangs off it (`neuroflow_store::table::records::RunRecord`). Each
//! batch is written as a gzip member of its own and synced to disk *before* the batch is removed, so
//! a prune cut short leaves an archive that holds every run it removed and reads back whole
//! (`gunzip` and `zcat` read concatenated members too).

use crate::error::{AppError, AppResult};
use crate::hub::Hub;
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use neuroflow_store::table::records::{self, RunRecord};
use neuroflow_types::{ArchiveImport, ErrorCode, OrgId, now};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// The header's format name.
const FORMAT: &str = "neuroflow-archive";
/// Runs written back per write when importing.
const IMPORT_BATCH: usize = 200;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    format: String,
    version: u32,
    organization_id: String,
    created_at: String,
}

/// An archive being written.
pub(crate) struct ArchiveWriter {
    file: File,
    path: PathBuf,
}

fn member(lines: impl IntoIterator<Item = String>) -> std::io::Result<Vec<u8>> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    for line in lines {
        gz.write_all(line.as_bytes())?;
        gz.write_all(b"\n")?;
    }
    gz.finish()
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Io, format!("the archive {} could not be written: {e}", path.display()))
}

impl ArchiveWriter {
    /// Creates the file (never overwriting one) and writes its header.
    pub async fn create(path: PathBuf, org: OrgId) -> AppResult<Self> {
        tokio::task::spawn_blocking(move || {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io_error(&path, e))?;
            }
            let mut file = File::options().write(true).create_new(true).open(&path).map_err(|e| io_error(&path, e))?;
            let header = Header {
                format: FORMAT.into(),
                version: 1,
                organization_id: org.to_string(),
                created_at: neuroflow_types::format_timestamp(&now()),
            };
            let line = serde_json::to_string(&header).map_err(|e| io_error(&path, e))?;
            file.write_all(&member([line]).map_err(|e| io_error(&path, e))?).map_err(|e| io_error(&path, e))?;
            file.sync_data().map_err(|e| io_error(&path, e))?;
            Ok(Self { file, path })
        })
        .await?
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends runs as one gzip member and syncs it to disk.
    pub async fn append(mut self, runs: Vec<RunRecord>) -> AppResult<Self> {
        tokio::task::spawn_blocking(move || {
            let lines = runs.iter().map(serde_json::to_string).collect::<Result<Vec<_>, _>>();
            let lines = lines.map_err(|e| io_error(&self.path, e))?;
            let bytes = member(lines).map_err(|e| io_error(&self.path, e))?;
            self.file.write_all(&bytes).map_err(|e| io_error(&self.path, e))?;
            self.file.sync_data().map_err(|e| io_error(&self.path, e))?;
            Ok(self)
        })
        .await?
    }
}

/// Reads an archive: its header's organization and its runs. Errors name the file and the line.
fn read(path: &Path) -> AppResult<(String, Vec<RunRecord>)> {
    let bad = |line: usize, what: String| {
        AppError::invalid(format!("{} is not a NeuroFlow archive (line {line}): {what}", path.display()))
    };
    let file = File::open(path)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("the archive {} could not be read: {e}", path.display())))?;
    let mut lines = BufReader::new(MultiGzDecoder::new(file)).lines();
    let first = lines.next().ok_or_else(|| bad(1, "it is empty".into()))?.map_err(|e| bad(1, e.to_string()))?;
    let header: Header = serde_json::from_str(&first).map_err(|e| bad(1, e.to_string()))?;
    if header.format != FORMAT || header.version != 1 {
        return Err(bad(1, format!("format '{}' version {}", header.format, header.version)));
    }
    let mut runs = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line.map_err(|e| bad(i + 2, e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        runs.push(serde_json::from_str(&line).map_err(|e| bad(i + 2, e.to_string()))?);
    }
    Ok((header.organization_id, runs))
}

impl Hub {
    /// Reads an archive back into the organization it was made from: runs already there are left as
    /// they are, runs of workflows deleted since are left out (and counted). Analytics are unchanged:
    /// they counted these runs when they ran.
    pub async fn import_archive(&self, org: OrgId, path: PathBuf) -> AppResult<ArchiveImport> {
        let (archive_org, runs) = tokio::task::spawn_blocking(move || read(&path)).await??;
        if archive_org != org.to_string() {
            return Err(AppError::invalid(format!(
                "this archive is of organization {archive_org}; import it into that organization"
            )));
        }
        let open = self.org(org).await?;
        let mut total = ArchiveImport::default();
        let oid = org.to_string();
        for chunk in runs.chunks(IMPORT_BATCH) {
            let (o, chunk) = (oid.clone(), chunk.to_vec());
            let n = open.store.write(move |c| records::insert_runs(c, &o, &chunk)).await?;
            total.executions += n.executions;
            total.steps += n.steps;
            total.log_lines += n.log_lines;
            total.agent_calls += n.agent_calls;
            total.team_runs += n.team_runs;
            total.already_present += n.already_present;
            total.workflow_missing += n.workflow_missing;
        }
        Ok(total)
    }
}
