//! Small helpers shared by the table modules: decoding columns into typed values with errors that
//! name the table and column, and building the WHERE / ORDER / LIMIT of list queries.

use crate::error::{Result, StoreError};
use neuroflow_types::{Page, PageRequest, Timestamp, format_timestamp, parse_timestamp};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, Row, params_from_iter};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// Reads a column, naming the table and column if it is missing or of the wrong type.
pub fn get<T: rusqlite::types::FromSql>(row: &Row, table: &'static str, column: &'static str) -> Result<T> {
    row.get(column).map_err(|e| StoreError::Corrupt { table, column, reason: e.to_string() })
}

/// Reads a TEXT column holding a value with a `FromStr` (ids and enums).
pub fn parsed<T>(row: &Row, table: &'static str, column: &'static str) -> Result<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: String = get(row, table, column)?;
    text.parse().map_err(|e: T::Err| StoreError::Corrupt { table, column, reason: e.to_string() })
}

/// Like [`parsed`], for a nullable column.
pub fn parsed_opt<T>(row: &Row, table: &'static str, column: &'static str) -> Result<Option<T>>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: Option<String> = get(row, table, column)?;
    text.map(|t| t.parse().map_err(|e: T::Err| StoreError::Corrupt { table, column, reason: e.to_string() }))
        .transpose()
}

pub fn time(row: &Row, table: &'static str, column: &'static str) -> Result<Timestamp> {
    let text: String = get(row, table, column)?;
    parse_timestamp(&text).map_err(|e| StoreError::Corrupt { table, column, reason: e.to_string() })
}

pub fn time_opt(row: &Row, table: &'static str, column: &'static str) -> Result<Option<Timestamp>> {
    let text: Option<String> = get(row, table, column)?;
    text.map(|t| parse_timestamp(&t).map_err(|e| StoreError::Corrupt { table, column, reason: e.to_string() }))
        .transpose()
}

/// Reads a JSON column into a typed value.
pub fn json<T: DeserializeOwned>(row: &Row, table: &'static str, column: &'static str) -> Result<T> {
    let text: String = get(row, table, column)?;
    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt { table, column, reason: e.to_string() })
}

/// Reads a nullable JSON column.
pub fn json_opt<T: DeserializeOwned>(row: &Row, table: &'static str, column: &'static str) -> Result<Option<T>> {
    let text: Option<String> = get(row, table, column)?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt { table, column, reason: e.to_string() }))
        .transpose()
}

/// Encodes a value for a JSON column.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Internal(format!("could not encode JSON: {e}")))
}

pub fn ts(t: &Timestamp) -> String {
    format_timestamp(t)
}

pub fn ts_opt(t: &Option<Timestamp>) -> Option<String> {
    t.as_ref().map(format_timestamp)
}

/// Escapes `%`, `_` and `\` so a user's search text matches literally inside a LIKE pattern.
pub fn like_pattern(search: &str) -> String {
    let mut out = String::with_capacity(search.len() + 2);
    out.push('%');
    for c in search.trim().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The filter part of a list query: conditions joined by AND, with their parameters.
#[derive(Debug, Default)]
pub struct Filter {
    conditions: Vec<String>,
    params: Vec<SqlValue>,
}

impl Filter {
    /// Starts a filter scoped to one organization (every list is).
    pub fn for_org(column: &str, org: impl ToString) -> Self {
        let mut f = Self::default();
        f.eq(column, org.to_string());
        f
    }

    /// `column = value`.
    pub fn eq(&mut self, column: &str, value: impl Into<SqlValue>) -> &mut Self {
        self.conditions.push(format!("{column} = ?"));
        self.params.push(value.into());
        self
    }

    /// `column = value` when the value is set.
    pub fn eq_opt<V: Into<SqlValue>>(&mut self, column: &str, value: Option<V>) -> &mut Self {
        if let Some(v) = value {
            self.eq(column, v);
        }
        self
    }

    /// A raw condition with its parameters, e.g. `started_at >= ?`.
    pub fn raw(&mut self, condition: &str, params: impl IntoIterator<Item = SqlValue>) -> &mut Self {
        self.conditions.push(condition.to_string());
        self.params.extend(params);
        self
    }

    /// Case-insensitive substring match of any of `columns` against a user's search text.
    pub fn search(&mut self, columns: &[&str], text: Option<&str>) -> &mut Self {
        if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
            let pattern = like_pattern(text);
            let any: Vec<String> = columns.iter().map(|c| format!("{c} LIKE ? ESCAPE '\\'")).collect();
            self.conditions.push(format!("({})", any.join(" OR ")));
            self.params.extend(columns.iter().map(|_| SqlValue::Text(pattern.clone())));
        }
        self
    }

    fn where_clause(&self) -> String {
        if self.conditions.is_empty() { String::new() } else { format!(" WHERE {}", self.conditions.join(" AND ")) }
    }

    /// Runs `SELECT columns FROM from WHERE … ORDER BY order LIMIT … OFFSET …` and the matching
    /// count, decoding each row with `decode`.
    pub fn page<T>(
        &self,
        conn: &Connection,
        select: &str,
        from: &str,
        order: &str,
        page: &PageRequest,
        decode: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Page<T>> {
        let total = self.count(conn, from, &[])?;
        let items = self.rows(conn, select, from, order, page, decode)?;
        Ok(Page { items, total, limit: page.limit(), offset: page.offset() })
    }

    /// `SELECT count(*) FROM from WHERE …`; `from_params` are those of placeholders in `from`.
    pub fn count(&self, conn: &Connection, from: &str, from_params: &[SqlValue]) -> Result<i64> {
        let sql = format!("SELECT count(*) FROM {from}{}", self.where_clause());
        let params = from_params.iter().chain(self.params.iter());
        Ok(conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?)
    }

    /// One page of `SELECT columns FROM from WHERE … ORDER BY order`, without the count.
    pub fn rows<T>(
        &self,
        conn: &Connection,
        select: &str,
        from: &str,
        order: &str,
        page: &PageRequest,
        mut decode: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let (limit, offset) = (page.limit(), page.offset());
        let sql = format!(
            "SELECT {select} FROM {from}{} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
            self.where_clause()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(self.params.iter()))?;
        let mut items = Vec::new();
        while let Some(row) = rows.next()? {
            items.push(decode(row)?);
        }
        Ok(items)
    }
}

/// Runs a statement through the connection's prepared-statement cache (parsing SQL is a large part
/// of a small write's cost); returns the number of rows changed.
pub fn exec(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
    Ok(conn.prepare_cached(sql)?.execute(params)?)
}

/// Turns "no row" into a not-found error naming what was looked for.
pub fn found<T>(value: Option<T>, kind: &'static str, id: impl ToString) -> Result<T> {
    value.ok_or_else(|| StoreError::not_found(kind, id))
}

/// Fails with not-found unless a statement touched a row.
pub fn touched(changed: usize, kind: &'static str, id: impl ToString) -> Result<()> {
    if changed == 0 { Err(StoreError::not_found(kind, id)) } else { Ok(()) }
}

/// Runs a single-row query and decodes it, or `None` when there is no such row.
pub fn one<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    decode: impl FnOnce(&Row) -> Result<T>,
) -> Result<Option<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    match rows.next()? {
        Some(row) => decode(row).map(Some),
        None => Ok(None),
    }
}

/// Runs a query and decodes every row.
pub fn all<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    mut decode: impl FnMut(&Row) -> Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(decode(row)?);
    }
    Ok(out)
}
