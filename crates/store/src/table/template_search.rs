//! Searching the template library: full text (FTS5 over name, description, tags and integrations,
//! ranked with bm25 — a word in the name weighs most), filters by category, difficulty, integration
//! and source, a sort, a page, and beside them the count each filter value would give.
//!
//! A facet counts the results with every filter applied except its own, so choosing "SALES" still
//! shows how many MARKETING templates the same words find. The person's text never reaches FTS5's
//! query syntax: it is cut into words, each quoted, all required; the last may also be a prefix, so
//! results follow typing ("spee" finds speed-to-lead) while whole words still meet the stemmer
//! ("listings" finds "listing").

use super::templates::{CARD_COLUMNS, CLEANUP, cleanup_cutoff, decode_card};
use crate::error::Result;
use neuroflow_types::{
    DifficultyLevel, FacetCount, IntegrationProvider, OrgId, Page, TemplateCategory, TemplateFacets, TemplateQuery,
    TemplateResults, TemplateSort, Timestamp,
};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, params_from_iter};

/// At most this many words of a search are used.
const MAX_WORDS: usize = 16;
/// Longer words are cut (no real word is longer; a pasted blob should not cost more).
const MAX_WORD_CHARS: usize = 64;
/// bm25 weights by column: template_id (not indexed), name, description, tags, integrations.
const RANK: &str = "bm25(workflow_templates_fts, 0.0, 10.0, 2.0, 5.0, 3.0)";
const AVERAGE: &str = "(CASE t.rating_count WHEN 0 THEN 0.0 ELSE CAST(t.rating_sum AS REAL) / t.rating_count END)";

/// The filter a facet leaves out when it counts.
#[derive(Clone, Copy, PartialEq)]
enum Facet {
    None,
    Category,
    Difficulty,
    Integration,
}

/// The FTS5 expression for a person's search text, or `None` when it holds no word.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| w.chars().take(MAX_WORD_CHARS).collect::<String>().to_lowercase())
        .collect();
    let (last, rest) = words.split_last()?;
    let mut terms: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
    terms.push(format!("(\"{last}\" OR \"{last}\"*)"));
    Some(terms.join(" AND "))
}

/// One search: the page of cards and the facets.
pub fn search(conn: &Connection, org: OrgId, query: &TemplateQuery, now: &Timestamp) -> Result<TemplateResults> {
    let search = Search::new(org, query, now);
    let total: i64 = search.count(conn)?;
    let (limit, offset) = (query.page.limit(), query.page.offset());
    let (from, mut params) = search.filtered(Facet::None);
    let order = search.order();
    let sql = format!(
        "SELECT {CARD_COLUMNS}, {CLEANUP} AS cleanup FROM {from} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    params.insert(0, SqlValue::Text(search.cutoff.clone()));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut items = Vec::new();
    while let Some(row) = rows.next()? {
        items.push(decode_card(row)?);
    }
    let facets = TemplateFacets {
        categories: search.facet(conn, Facet::Category, TemplateCategory::ALL.iter().map(|c| c.as_str()))?,
        difficulties: search.facet(conn, Facet::Difficulty, DifficultyLevel::ALL.iter().map(|d| d.as_str()))?,
        integrations: search.facet(conn, Facet::Integration, IntegrationProvider::ALL.iter().map(|p| p.as_str()))?,
    };
    Ok(TemplateResults { page: Page { items, total, limit, offset }, facets })
}

struct Search<'a> {
    org: String,
    query: &'a TemplateQuery,
    fts: Option<String>,
    cutoff: String,
}

impl<'a> Search<'a> {
    fn new(org: OrgId, query: &'a TemplateQuery, now: &Timestamp) -> Self {
        Self {
            org: org.to_string(),
            query,
            fts: query.text.as_deref().and_then(fts_query),
            cutoff: cleanup_cutoff(now),
        }
    }

    /// `FROM … WHERE …` with every filter but `skip`'s, and its parameters in order.
    fn filtered(&self, skip: Facet) -> (String, Vec<SqlValue>) {
        let mut params = Vec::new();
        let mut from = String::from("workflow_templates t");
        if let Some(fts) = &self.fts {
            from.push_str(&format!(
                " JOIN (SELECT template_id, {RANK} AS rank FROM workflow_templates_fts
                        WHERE workflow_templates_fts MATCH ?) h ON h.template_id = t.id"
            ));
            params.push(SqlValue::Text(fts.clone()));
        }
        if skip == Facet::Integration {
            from.push_str(", json_each(t.integrations) j");
        }
        let mut conditions = vec!["t.organization_id = ?".to_string()];
        params.push(SqlValue::Text(self.org.clone()));
        let q = self.query;
        if let (Some(c), false) = (q.category, skip == Facet::Category) {
            conditions.push("t.category = ?".into());
            params.push(SqlValue::Text(c.as_str().into()));
        }
        if let (Some(d), false) = (q.difficulty, skip == Facet::Difficulty) {
            conditions.push("t.difficulty = ?".into());
            params.push(SqlValue::Text(d.as_str().into()));
        }
        if let (Some(p), false) = (q.integration, skip == Facet::Integration) {
            conditions.push("EXISTS (SELECT 1 FROM json_each(t.integrations) WHERE value = ?)".into());
            params.push(SqlValue::Text(p.as_str().into()));
        }
        if let Some(s) = q.source {
            conditions.push("t.source = ?".into());
            params.push(SqlValue::Text(s.as_str().into()));
        }
        if let Some(flagged) = q.cleanup_suggested {
            conditions.push(format!("{CLEANUP} = ?"));
            params.push(SqlValue::Text(self.cutoff.clone()));
            params.push(SqlValue::Integer(i64::from(flagged)));
        }
        (format!("{from} WHERE {}", conditions.join(" AND ")), params)
    }

    fn order(&self) -> String {
        let by = match self.query.sort {
            TemplateSort::Relevance if self.fts.is_some() => "h.rank, t.is_featured DESC, t.usage_count DESC".into(),
            TemplateSort::Relevance | TemplateSort::Featured => "t.is_featured DESC, t.usage_count DESC".into(),
            TemplateSort::Popular => format!("t.usage_count DESC, {AVERAGE} DESC"),
            TemplateSort::TopRated => format!("{AVERAGE} DESC, t.rating_count DESC, t.usage_count DESC"),
            TemplateSort::Newest => "t.created_at DESC".into(),
        };
        format!("{by}, t.name COLLATE NOCASE, t.id")
    }

    fn count(&self, conn: &Connection) -> Result<i64> {
        let (from, params) = self.filtered(Facet::None);
        Ok(conn
            .prepare_cached(&format!("SELECT count(*) FROM {from}"))?
            .query_row(params_from_iter(params), |r| r.get(0))?)
    }

    /// The counts of one facet, for every value in `values` (zero where none).
    fn facet<'v>(
        &self,
        conn: &Connection,
        facet: Facet,
        values: impl Iterator<Item = &'v str>,
    ) -> Result<Vec<FacetCount>> {
        let column = match facet {
            Facet::Category => "t.category",
            Facet::Difficulty => "t.difficulty",
            Facet::Integration => "j.value",
            Facet::None => unreachable!("a facet names its column"),
        };
        let (from, params) = self.filtered(facet);
        let sql = format!("SELECT {column} AS value, count(*) AS n FROM {from} GROUP BY {column}");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        let mut counts = std::collections::HashMap::new();
        while let Some(row) = rows.next()? {
            let value: String = row.get(0)?;
            counts.insert(value, row.get::<_, i64>(1)?);
        }
        Ok(values.map(|v| FacetCount { value: v.to_string(), count: counts.get(v).copied().unwrap_or(0) }).collect())
    }
}
