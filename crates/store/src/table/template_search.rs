//! Searching the template library: full text (FTS5 over name, description, tags and integrations,
//! ranked with bm25 — a word in the name weighs most), filters by category, difficulty, integration
//! and source, a sort, a page, and beside them the count each filter value would give.
//!
//! A facet counts the results with every filter applied except its own, so choosing "SALES" still
//! shows how many MARKETING templates the same words find. The total and all three facets come from
//! one grouped pass over the matches (by category, difficulty and integrations: a few hundred groups
//! at most), and the page from a second that ranks only when sorting by relevance — so a search runs
//! the full-text match twice, not five times, and reads only covering indexes until it fetches the
//! page's cards (see migration V0005). The person's text never reaches FTS5's
//! query syntax: it is cut into words, each quoted, all required; the last may also be a prefix, so
//! results follow typing ("spee" finds speed-to-lead) while whole words still meet the stemmer
//! ("listings" finds "listing").

use super::templates::{CARD_COLUMNS, CLEANUP, cleanup_cutoff, decode_card};
use crate::error::Result;
use neuroflow_types::{
    DifficultyLevel, FacetCount, IntegrationProvider, OrgId, Page, TemplateCard, TemplateCategory, TemplateFacets,
    TemplateQuery, TemplateResults, TemplateSort, Timestamp,
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

/// One combination of the facets' values among the matches, and how many matches have it.
struct Group {
    category: String,
    difficulty: String,
    integrations: Vec<String>,
    count: i64,
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
    let groups = search.groups(conn)?;
    let q = query;
    let category = |g: &Group| q.category.is_none_or(|c| g.category == c.as_str());
    let difficulty = |g: &Group| q.difficulty.is_none_or(|d| g.difficulty == d.as_str());
    let integration = |g: &Group| q.integration.is_none_or(|p| g.integrations.iter().any(|i| i == p.as_str()));
    let total = groups.iter().filter(|g| category(g) && difficulty(g) && integration(g)).map(|g| g.count).sum();
    let count_by = |values: &[&str], keep: &dyn Fn(&Group) -> bool, value: &dyn Fn(&Group, &str) -> bool| {
        values
            .iter()
            .map(|v| FacetCount {
                value: v.to_string(),
                count: groups.iter().filter(|g| keep(g) && value(g, v)).map(|g| g.count).sum(),
            })
            .collect::<Vec<_>>()
    };
    let categories: Vec<&str> = TemplateCategory::ALL.iter().map(|c| c.as_str()).collect();
    let difficulties: Vec<&str> = DifficultyLevel::ALL.iter().map(|d| d.as_str()).collect();
    let providers: Vec<&str> = IntegrationProvider::ALL.iter().map(|p| p.as_str()).collect();
    let facets = TemplateFacets {
        categories: count_by(&categories, &|g| difficulty(g) && integration(g), &|g, v| g.category == v),
        difficulties: count_by(&difficulties, &|g| category(g) && integration(g), &|g, v| g.difficulty == v),
        integrations: count_by(&providers, &|g| category(g) && difficulty(g), &|g, v| {
            g.integrations.iter().any(|i| i == v)
        }),
    };
    let (limit, offset) = (query.page.limit(), query.page.offset());
    let items = search.page(conn, limit, offset)?;
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

    /// Whether the page is ordered by rank (only then is bm25 computed).
    fn ranked(&self) -> bool {
        self.fts.is_some() && self.query.sort == TemplateSort::Relevance
    }

    /// `FROM … WHERE …` with the text, source and cleanup filters, and — when `facets` — the
    /// category, difficulty and integration filters too; and its parameters in order.
    fn filtered(&self, facets: bool) -> (String, Vec<SqlValue>) {
        let mut params = Vec::new();
        let mut from = String::from("workflow_templates t");
        let mut conditions = vec!["t.organization_id = ?".to_string()];
        match (&self.fts, self.ranked()) {
            (Some(fts), true) => {
                from.push_str(&format!(
                    " JOIN (SELECT template_id, {RANK} AS rank FROM workflow_templates_fts
                            WHERE workflow_templates_fts MATCH ?) h ON h.template_id = t.id"
                ));
                params.push(SqlValue::Text(fts.clone()));
                params.push(SqlValue::Text(self.org.clone()));
            }
            (Some(fts), false) => {
                params.push(SqlValue::Text(self.org.clone()));
                conditions.push(
                    "t.id IN (SELECT template_id FROM workflow_templates_fts WHERE workflow_templates_fts MATCH ?)"
                        .into(),
                );
                params.push(SqlValue::Text(fts.clone()));
            }
            (None, _) => params.push(SqlValue::Text(self.org.clone())),
        }
        let q = self.query;
        if facets {
            if let Some(c) = q.category {
                conditions.push("t.category = ?".into());
                params.push(SqlValue::Text(c.as_str().into()));
            }
            if let Some(d) = q.difficulty {
                conditions.push("t.difficulty = ?".into());
                params.push(SqlValue::Text(d.as_str().into()));
            }
            if let Some(p) = q.integration {
                conditions.push("EXISTS (SELECT 1 FROM json_each(t.integrations) WHERE value = ?)".into());
                params.push(SqlValue::Text(p.as_str().into()));
            }
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
            TemplateSort::Relevance if self.ranked() => "h.rank, t.is_featured DESC, t.usage_count DESC".into(),
            TemplateSort::Relevance | TemplateSort::Featured => "t.is_featured DESC, t.usage_count DESC".into(),
            TemplateSort::Popular => format!("t.usage_count DESC, {AVERAGE} DESC"),
            TemplateSort::TopRated => format!("{AVERAGE} DESC, t.rating_count DESC, t.usage_count DESC"),
            TemplateSort::Newest => "t.created_at DESC".into(),
        };
        format!("{by}, t.name COLLATE NOCASE, t.id")
    }

    /// The matches grouped by the facets' values (with the filters that are not facets applied).
    fn groups(&self, conn: &Connection) -> Result<Vec<Group>> {
        let (from, params) = self.filtered(false);
        let sql = format!("SELECT t.category, t.difficulty, t.integrations, count(*) FROM {from} GROUP BY 1, 2, 3");
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let integrations: String = row.get(2)?;
            out.push(Group {
                category: row.get(0)?,
                difficulty: row.get(1)?,
                integrations: serde_json::from_str(&integrations).unwrap_or_default(),
                count: row.get(3)?,
            });
        }
        Ok(out)
    }

    /// The page's cards: their ids first, ordered and cut from the covering indexes alone, then
    /// those few rows read whole.
    fn page(&self, conn: &Connection, limit: u32, offset: u32) -> Result<Vec<TemplateCard>> {
        let (from, params) = self.filtered(true);
        let order = self.order();
        let sql = format!("SELECT t.id FROM {from} ORDER BY {order} LIMIT {limit} OFFSET {offset}");
        let mut stmt = conn.prepare_cached(&sql)?;
        let ids: Vec<String> =
            stmt.query_map(params_from_iter(params.iter()), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; ids.len()].join(", ");
        let sql =
            format!("SELECT {CARD_COLUMNS}, {CLEANUP} AS cleanup FROM workflow_templates t WHERE t.id IN ({marks})");
        let mut params = vec![SqlValue::Text(self.cutoff.clone())];
        params.extend(ids.iter().map(|id| SqlValue::Text(id.clone())));
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        let mut cards = Vec::with_capacity(ids.len());
        while let Some(row) = rows.next()? {
            cards.push(decode_card(row)?);
        }
        cards.sort_by_key(|c| ids.iter().position(|id| *id == c.id.to_string()));
        Ok(cards)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuroflow_types::{TemplateSource, now};

    /// Every query a search runs over `workflow_templates` reads covering indexes only: a query that
    /// read rows would walk every template's document (see migration V0005).
    #[test]
    fn searches_read_covering_indexes_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = crate::open_connection(&dir.path().join("org.sqlite")).unwrap();
        crate::migrate::run(&mut conn, &dir.path().join("org.sqlite")).unwrap();
        let org = OrgId::new();
        let queries = [
            TemplateQuery::default(),
            TemplateQuery { text: Some("lead".into()), ..Default::default() },
            TemplateQuery { text: Some("lead".into()), sort: TemplateSort::Popular, ..Default::default() },
            TemplateQuery {
                category: Some(TemplateCategory::Sales),
                difficulty: Some(DifficultyLevel::Beginner),
                integration: Some(IntegrationProvider::Slack),
                source: Some(TemplateSource::Private),
                cleanup_suggested: Some(true),
                sort: TemplateSort::TopRated,
                ..Default::default()
            },
        ];
        for q in &queries {
            let search = Search::new(org, q, &now());
            for (facets, select) in [(false, "t.category, t.difficulty, t.integrations, count(*)"), (true, "t.id")] {
                let (from, params) = search.filtered(facets);
                let order = if facets { format!(" ORDER BY {}", search.order()) } else { " GROUP BY 1, 2, 3".into() };
                let sql = format!("EXPLAIN QUERY PLAN SELECT {select} FROM {from}{order}");
                let mut stmt = conn.prepare(&sql).unwrap();
                let plan: Vec<String> = stmt
                    .query_map(params_from_iter(params.iter()), |r| r.get(3))
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                let on_t: Vec<&String> = plan.iter().filter(|l| l.contains(" t ")).collect();
                assert!(!on_t.is_empty(), "{plan:?}");
                for line in on_t {
                    assert!(line.contains("COVERING INDEX"), "{q:?} reads rows: {line} (plan: {plan:?})");
                }
            }
        }
    }
}
