//! Printing results: JSON with `--json`, otherwise short aligned text for people.

use neuroflow_app::AppError;
use neuroflow_types::ValidationReport;
use serde::Serialize;
use std::io::Write;

/// Where results go, and in which form.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub json: bool,
}

impl Out {
    /// Prints a result: as JSON, or through `text` for people.
    pub fn show<T: Serialize>(&self, value: &T, text: impl FnOnce(&T) -> String) {
        let body = if self.json {
            serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        } else {
            text(value)
        };
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{}", body.trim_end());
    }

    /// Prints an error: as `{"error": {code, message, details}}` on stdout with `--json` (so one
    /// stream carries every answer), otherwise as a line on stderr.
    pub fn error(&self, err: &AppError) {
        if self.json {
            let body = serde_json::json!({ "error": err });
            println!("{}", serde_json::to_string_pretty(&body).unwrap_or_default());
        } else if let Some(report) =
            err.details.as_ref().and_then(|d| serde_json::from_value::<ValidationReport>(d.clone()).ok())
        {
            // A validation error lists every problem, one per line.
            let headline = err.message.split(": ").next().unwrap_or(&err.message);
            eprintln!("error: {headline}:");
            for issue in &report.errors {
                eprintln!("  {issue}");
            }
            for issue in &report.warnings {
                eprintln!("warning: {issue}");
            }
        } else {
            eprintln!("error: {}", err.message);
        }
    }
}

/// Lays out rows in columns under a header.
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string()
    };
    let mut out = vec![line(header.iter().map(|h| h.to_string()).collect())];
    out.extend(rows.into_iter().map(line));
    out.join("\n")
}

/// A time as people read it in a table: `2026-11-22 08:15`.
pub fn when(t: &neuroflow_types::Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Micro-dollars as dollars with up to six decimals: 1_234_567 → "1.234567", 1_500_000 → "1.50".
pub fn dollars(micros: i64) -> String {
    let whole = micros / 1_000_000;
    let frac = (micros % 1_000_000).abs();
    let mut digits = format!("{frac:06}");
    while digits.len() > 2 && digits.ends_with('0') {
        digits.pop();
    }
    format!("{whole}.{digits}")
}
