//! Template search at scale: an organization whose library holds the built-in templates plus 10,000
//! generated ones (names, descriptions, tags, categories, difficulties, integrations, usage and
//! ratings varied from the built-ins with a fixed seed), searched through `Hub::search_templates` —
//! the FTS5 match ranked with bm25, the filters, the sort, a page of 24 cards and the three facets,
//! exactly what the gallery asks for on each keystroke.

use neuroflow_app::Hub;
use neuroflow_store::table::templates::{self, NewTemplateRow};
use neuroflow_store::{Layout, OrgStore};
use neuroflow_types::*;
use std::time::{Duration, Instant};

/// How many templates are generated.
pub const GENERATED: usize = 10_000;

/// Search latencies: every query's p50 and p95, and all of them together.
pub struct SearchFigures {
    pub templates: i64,
    pub p50: Duration,
    pub p95: Duration,
    pub worst: (String, Duration),
    /// Each query's (label, p50, p95).
    pub queries: Vec<(String, Duration, Duration)>,
}

const WORDS: &[&str] = &[
    "buyer",
    "seller",
    "listing",
    "showing",
    "offer",
    "closing",
    "escrow",
    "appraisal",
    "inspection",
    "mortgage",
    "lead",
    "referral",
    "open",
    "house",
    "market",
    "report",
    "price",
    "reduction",
    "follow",
    "reminder",
    "agent",
    "broker",
    "client",
    "anniversary",
    "review",
    "nurture",
    "drip",
    "email",
    "text",
    "call",
    "schedule",
    "weekly",
    "monthly",
    "digest",
    "brief",
    "deadline",
    "contract",
    "tenant",
    "landlord",
    "rental",
    "condo",
    "farm",
    "flyer",
];

fn next(seed: &mut u64) -> usize {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (*seed >> 33) as usize
}

fn pick<'a>(seed: &mut u64, words: &[&'a str], n: usize) -> Vec<&'a str> {
    (0..n).map(|_| words[next(seed) % words.len()]).collect()
}

/// Creates the organization, fills its library and times the searches.
pub async fn measure(iterations: usize) -> SearchFigures {
    let dir = tempfile::tempdir().expect("temp dir");
    let hub = Hub::open_as(dir.path().join("data"), "bench").expect("hub");
    let org = hub.create_org("Bench templates").await.expect("org").id;
    hub.search_templates(org, TemplateQuery::default()).await.expect("the built-ins");
    seed(&Layout::new(hub.data_dir()).org_db(org), org).await;

    let queries: Vec<(&str, TemplateQuery)> = vec![
        ("default gallery (featured, no text)", TemplateQuery::default()),
        ("'lead' (thousands of hits)", text("lead")),
        ("'speed lead'", text("speed lead")),
        ("'open house follow'", text("open house follow")),
        ("'mark' typed (prefix)", text("mark")),
        ("'zebra' (no hit)", text("zebra")),
        (
            "SALES + popular, no text",
            TemplateQuery {
                category: Some(TemplateCategory::Sales),
                sort: TemplateSort::Popular,
                ..Default::default()
            },
        ),
        (
            "'report' + SLACK + INTERMEDIATE, top rated",
            TemplateQuery {
                integration: Some(IntegrationProvider::Slack),
                difficulty: Some(DifficultyLevel::Intermediate),
                sort: TemplateSort::TopRated,
                ..text("report")
            },
        ),
        ("'buyer' page 20", TemplateQuery { page: PageRequest::new(24, 24 * 19), ..text("buyer") }),
    ];
    let mut all = Vec::new();
    let mut worst = (String::new(), Duration::ZERO);
    let mut per_query = Vec::new();
    for (label, q) in &queries {
        let mut times = Vec::with_capacity(iterations);
        for _ in 0..iterations {
            let t = Instant::now();
            hub.search_templates(org, q.clone()).await.expect("search");
            times.push(t.elapsed());
        }
        times.sort();
        let p95 = times[times.len() * 95 / 100];
        per_query.push((label.to_string(), times[times.len() / 2], p95));
        if p95 > worst.1 {
            worst = (label.to_string(), p95);
        }
        all.extend(times);
    }
    all.sort();
    let everything = hub.search_templates(org, TemplateQuery::default()).await.expect("search").page.total;
    SearchFigures {
        templates: everything,
        p50: all[all.len() / 2],
        p95: all[all.len() * 95 / 100],
        worst,
        queries: per_query,
    }
}

fn text(t: &str) -> TemplateQuery {
    TemplateQuery { text: Some(t.into()), page: PageRequest::new(24, 0), ..Default::default() }
}

/// Writes the generated templates in one transaction, then spreads usage and ratings over them.
async fn seed(path: &std::path::Path, org: OrgId) {
    let store = OrgStore::open(path, org).expect("the organization's file");
    let bases = neuroflow_templates::library().templates.clone();
    store
        .write(move |c| {
            let mut s = 42u64;
            let at = now();
            for i in 0..GENERATED {
                let mut file = bases[i % bases.len()].clone();
                file.slug = format!("generated-{i}");
                file.name = format!("{} {} {}", pick(&mut s, WORDS, 1)[0], file.name, i);
                file.description = format!("{} {}", pick(&mut s, WORDS, 12).join(" "), file.description);
                file.tags = pick(&mut s, WORDS, 3).into_iter().map(String::from).collect();
                file.tags.dedup();
                file.category = TemplateCategory::ALL[next(&mut s) % TemplateCategory::ALL.len()];
                file.difficulty = DifficultyLevel::ALL[next(&mut s) % DifficultyLevel::ALL.len()];
                file.featured = i % 500 == 0;
                let row = NewTemplateRow {
                    id: TemplateId::new(),
                    organization_id: org,
                    file: &file,
                    source: TemplateSource::Imported,
                    source_workflow_id: None,
                    created_by: None,
                    at,
                };
                templates::insert(c, &row)?;
            }
            c.execute_batch(
                "UPDATE workflow_templates SET usage_count = abs(random()) % 500,
                    rating_count = abs(random()) % 40 + 1 WHERE slug LIKE 'generated-%';
                 UPDATE workflow_templates SET rating_sum = rating_count * (abs(random()) % 5 + 1)
                    WHERE slug LIKE 'generated-%';
                 PRAGMA optimize;",
            )?;
            Ok(())
        })
        .await
        .expect("seeding the templates");
}
