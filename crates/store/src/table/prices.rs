//! provider_prices: what each model costs, in micro-dollars per million tokens.

use crate::error::Result;
use crate::sql;
use neuroflow_types::{OrgId, now};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

/// The price of one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRow {
    pub provider: String,
    pub model: String,
    /// Micro-dollars per million input tokens.
    pub input_per_mtok: i64,
    /// Micro-dollars per million output tokens.
    pub output_per_mtok: i64,
}

pub fn upsert(conn: &Connection, org: OrgId, p: &PriceRow) -> Result<()> {
    sql::exec(
        conn,
        "INSERT INTO provider_prices (organization_id, provider, model, input_per_mtok, output_per_mtok, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (organization_id, provider, model) DO UPDATE SET input_per_mtok = excluded.input_per_mtok,
            output_per_mtok = excluded.output_per_mtok, updated_at = excluded.updated_at",
        params![org.to_string(), p.provider, p.model, p.input_per_mtok, p.output_per_mtok, sql::ts(&now())],
    )?;
    Ok(())
}

pub fn list(conn: &Connection, org: OrgId) -> Result<Vec<PriceRow>> {
    sql::all(
        conn,
        "SELECT * FROM provider_prices WHERE organization_id = ? ORDER BY provider, model",
        [org.to_string()],
        |row| {
            const T: &str = "provider_prices";
            Ok(PriceRow {
                provider: sql::get(row, T, "provider")?,
                model: sql::get(row, T, "model")?,
                input_per_mtok: sql::get(row, T, "input_per_mtok")?,
                output_per_mtok: sql::get(row, T, "output_per_mtok")?,
            })
        },
    )
}

pub fn delete(conn: &Connection, org: OrgId, provider: &str, model: &str) -> Result<()> {
    let changed = sql::exec(
        conn,
        "DELETE FROM provider_prices WHERE organization_id = ? AND provider = ? AND model = ?",
        params![org.to_string(), provider, model],
    )?;
    sql::touched(changed, "price", format!("{provider}/{model}"))
}
