//! The template library's tables: full-text search ranked with bm25, facets with counts, sorts and
//! paging, the index kept in step with every write, ratings as sum and count, the cleanup flag, and
//! deployed workflows' links.

use crate::common;

use neuroflow_store::table::template_links::{self, TemplateLink};
use neuroflow_store::table::template_search::{fts_query, search};
use neuroflow_store::table::templates::{self, NewTemplateRow};
use neuroflow_store::table::workflows;
use neuroflow_types::*;
use serde_json::json;

fn file(slug: &str, name: &str, description: &str, category: &str, difficulty: &str, tags: &[&str]) -> TemplateFile {
    file_with(slug, name, description, category, difficulty, tags, &["SLACK"])
}

fn file_with(
    slug: &str,
    name: &str,
    description: &str,
    category: &str,
    difficulty: &str,
    tags: &[&str],
    providers: &[&str],
) -> TemplateFile {
    let integrations: Vec<_> = providers
        .iter()
        .enumerate()
        .map(|(i, p)| json!({"key": format!("k{i}"), "provider": p, "purpose": "test"}))
        .collect();
    serde_json::from_value(json!({
        "template": 1, "slug": slug, "version": "1.0.0", "name": name, "description": description,
        "category": category, "difficulty": difficulty, "setupMinutes": 5, "icon": "bolt", "tags": tags,
        "featured": false,
        "requires": {"app": ">=0.1.0", "format": 1, "integrations": integrations, "agents": [], "variables": []},
        "sampleInput": {}, "estimate": {"tokensPerRun": 100, "usdPerRun": 0.000289, "note": ""},
        "compliance": {"fairHousing": true, "textsPeople": false, "consentField": null},
        "document": common::document(name, 2),
    }))
    .unwrap()
}

fn add(org: &common::Org, f: TemplateFile, source: TemplateSource, at: Timestamp) -> TemplateId {
    let (oid, id) = (org.id, TemplateId::new());
    org.store
        .write_blocking(move |c| {
            templates::insert(
                c,
                &NewTemplateRow {
                    id,
                    organization_id: oid,
                    file: &f,
                    source,
                    source_workflow_id: None,
                    created_by: None,
                    at,
                },
            )
        })
        .unwrap();
    id
}

fn find(org: &common::Org, q: TemplateQuery) -> TemplateResults {
    let oid = org.id;
    org.store.read(move |c| search(c, oid, &q, &now())).unwrap()
}

fn text(t: &str) -> TemplateQuery {
    TemplateQuery { text: Some(t.into()), ..Default::default() }
}

fn slugs(r: &TemplateResults) -> Vec<&str> {
    r.page.items.iter().map(|c| c.slug.as_str()).collect()
}

fn count(facets: &[FacetCount], value: &str) -> i64 {
    facets.iter().find(|f| f.value == value).map(|f| f.count).unwrap()
}

#[test]
fn search_text_becomes_quoted_words_never_fts_syntax() {
    assert_eq!(fts_query("speed lead").unwrap(), r#""speed" AND ("lead" OR "lead"*)"#);
    assert_eq!(fts_query(r#"NEAR("x" "y") OR * -"#).unwrap(), r#""near" AND "x" AND "y" AND ("or" OR "or"*)"#);
    assert_eq!(fts_query("  ,;*  "), None, "no word, no search");
}

#[test]
fn full_text_search_is_ranked_and_follows_typing() {
    let org = common::org("Search");
    let t = now();
    add(
        &org,
        file("in-desc", "Weekly seller report", "mentions a lead once", "COMMUNICATION", "BEGINNER", &[]),
        TemplateSource::Builtin,
        t,
    );
    add(
        &org,
        file("in-name", "Speed-to-lead reply", "answers quickly", "SALES", "BEGINNER", &["email"]),
        TemplateSource::Builtin,
        t,
    );
    add(
        &org,
        file("in-tags", "Morning brief", "every day", "ANALYTICS", "INTERMEDIATE", &["lead"]),
        TemplateSource::Builtin,
        t,
    );
    add(
        &org,
        file_with("gmail-only", "Listing writer", "writes listings", "CONTENT", "BEGINNER", &[], &["GMAIL"]),
        TemplateSource::Builtin,
        t,
    );

    let r = find(&org, text("lead"));
    assert_eq!(
        slugs(&r),
        ["in-name", "in-tags", "in-desc"],
        "a word in the name ranks above tags, tags above the description"
    );
    assert_eq!(r.page.total, 3);
    assert_eq!(slugs(&find(&org, text("spee"))), ["in-name"], "the last word is also a prefix");
    assert_eq!(slugs(&find(&org, text("listing"))), ["gmail-only"], "stemmed: 'listing' finds 'listings'");
    assert_eq!(slugs(&find(&org, text("gmail"))), ["gmail-only"], "integrations are searched");
    assert_eq!(find(&org, text("slack")).page.total, 3);
    assert_eq!(find(&org, text("lead seller")).page.total, 1, "every word must match");
    assert_eq!(find(&org, text("zebra")).page.total, 0);
    assert_eq!(find(&org, text("  ")).page.total, 4, "blank text searches nothing away");
}

#[test]
fn facets_count_each_filter_without_its_own_value() {
    let org = common::org("Facets");
    let t = now();
    add(&org, file("a", "Lead alert", "", "SALES", "BEGINNER", &[]), TemplateSource::Builtin, t);
    add(&org, file("b", "Lead scoring", "", "SALES", "ADVANCED", &[]), TemplateSource::Builtin, t);
    add(
        &org,
        file_with("c", "Lead nurture", "", "MARKETING", "BEGINNER", &[], &["GMAIL", "HTTP"]),
        TemplateSource::Builtin,
        t,
    );
    add(&org, file("d", "Market report", "", "CONTENT", "BEGINNER", &[]), TemplateSource::Builtin, t);

    let all = find(&org, text("lead"));
    assert_eq!(all.facets.categories.len(), TemplateCategory::ALL.len(), "every category is listed");
    assert_eq!((count(&all.facets.categories, "SALES"), count(&all.facets.categories, "MARKETING")), (2, 1));
    assert_eq!(count(&all.facets.categories, "CONTENT"), 0, "the text applies to the facets");
    assert_eq!(count(&all.facets.integrations, "SLACK"), 2);
    assert_eq!(count(&all.facets.integrations, "GMAIL"), 1);

    let sales = find(&org, TemplateQuery { category: Some(TemplateCategory::Sales), ..text("lead") });
    assert_eq!(sales.page.total, 2);
    assert_eq!(count(&sales.facets.categories, "MARKETING"), 1, "a facet ignores its own filter");
    assert_eq!(count(&sales.facets.difficulties, "BEGINNER"), 1, "other facets apply it");
    assert_eq!(count(&sales.facets.integrations, "GMAIL"), 0);

    let gmail = find(&org, TemplateQuery { integration: Some(IntegrationProvider::Gmail), ..Default::default() });
    assert_eq!(slugs(&gmail), ["c"]);
    assert_eq!(count(&gmail.facets.integrations, "SLACK"), 3, "the integration facet ignores the integration filter");
    assert_eq!(count(&gmail.facets.categories, "MARKETING"), 1);
    assert_eq!(count(&gmail.facets.categories, "SALES"), 0);
}

#[test]
fn sorts_and_pages_are_stable() {
    let org = common::org("Sorts");
    let t0 = now() - chrono::Duration::days(3);
    let mut ids = Vec::new();
    for (i, slug) in ["alpha", "bravo", "charlie", "delta", "echo"].into_iter().enumerate() {
        let mut f = file(slug, &format!("Template {slug}"), "", "SALES", "BEGINNER", &[]);
        f.featured = slug == "delta";
        ids.push(add(&org, f, TemplateSource::Builtin, t0 + chrono::Duration::hours(i as i64)));
    }
    let oid = org.id;
    let (bravo, charlie, echo) = (ids[1], ids[2], ids[4]);
    org.store
        .write_blocking(move |c| {
            for _ in 0..3 {
                templates::record_use(c, oid, charlie, &now())?;
            }
            templates::record_use(c, oid, bravo, &now())?;
            template_links::rate(c, oid, echo, 5, &now())?;
            template_links::rate(c, oid, bravo, 3, &now())
        })
        .unwrap();
    let sorted = |sort| slugs(&find(&org, TemplateQuery { sort, ..Default::default() })).join(",");
    assert_eq!(sorted(TemplateSort::Featured), "delta,charlie,bravo,alpha,echo");
    assert_eq!(sorted(TemplateSort::Relevance), "delta,charlie,bravo,alpha,echo", "no text: featured first");
    assert_eq!(sorted(TemplateSort::Popular), "charlie,bravo,echo,alpha,delta");
    assert_eq!(sorted(TemplateSort::TopRated), "echo,bravo,charlie,alpha,delta");
    assert_eq!(sorted(TemplateSort::Newest), "echo,delta,charlie,bravo,alpha");

    let page = |offset| {
        find(
            &org,
            TemplateQuery { sort: TemplateSort::Newest, page: PageRequest::new(2, offset), ..Default::default() },
        )
    };
    let (p1, p3) = (page(0), page(4));
    assert_eq!((slugs(&p1), p1.page.total, p1.page.limit), (vec!["echo", "delta"], 5, 2));
    assert_eq!(slugs(&p3), ["alpha"]);
    assert!(page(6).page.items.is_empty());
}

#[test]
fn the_index_follows_new_versions_and_deletes() {
    let org = common::org("Index");
    let id = add(&org, file("x", "Open house follow-up", "", "SALES", "BEGINNER", &[]), TemplateSource::Private, now());
    assert_eq!(find(&org, text("open house")).page.total, 1);
    let oid = org.id;
    let mut newer = file("x", "Showing reminders", "", "COMMUNICATION", "BEGINNER", &["calendar"]);
    newer.version = "1.1.0".into();
    org.store.write_blocking(move |c| templates::replace_file(c, oid, id, &newer, &now())).unwrap();
    assert_eq!(find(&org, text("open house")).page.total, 0, "the old name is gone from the index");
    let hit = find(&org, text("calendar"));
    assert_eq!((hit.page.items[0].version.as_str(), hit.page.items[0].id), ("1.1.0", id), "same id, new version");
    let got = org.store.read(move |c| templates::get(c, oid, id, &now())).unwrap();
    assert_eq!((got.file.name.as_str(), got.file.document.nodes.len()), ("Showing reminders", 2));
    assert_eq!(got.card.estimate_cost_micros, 289, "dollars become micro-dollars");
    org.store.write_blocking(move |c| templates::delete(c, oid, id)).unwrap();
    assert_eq!(find(&org, text("calendar")).page.total, 0);
    let n: i64 =
        org.store.read(|c| Ok(c.query_row("SELECT count(*) FROM workflow_templates_fts", [], |r| r.get(0))?)).unwrap();
    assert_eq!(n, 0, "no orphan rows in the index");
}

#[test]
fn ratings_are_a_sum_and_a_count_and_one_per_organization() {
    let org = common::org("Ratings");
    let id = add(&org, file("r", "Rated", "", "SALES", "BEGINNER", &[]), TemplateSource::Builtin, now());
    let oid = org.id;
    org.store.write_blocking(move |c| template_links::rate(c, oid, id, 4, &now())).unwrap();
    org.store.write_blocking(move |c| template_links::rate(c, oid, id, 2, &now())).unwrap();
    let got = org.store.read(move |c| templates::get(c, oid, id, &now())).unwrap();
    assert_eq!((got.card.rating.sum, got.card.rating.count), (2, 1), "a second rating replaces the first");
    assert_eq!(org.store.read(move |c| template_links::rating(c, oid, id)).unwrap(), Some(2));
    let bad = org.store.write_blocking(move |c| template_links::rate(c, oid, id, 6, &now())).unwrap_err();
    assert!(bad.is_constraint(), "six stars are refused: {bad}");
    let kept = org.store.read(move |c| templates::get(c, oid, id, &now())).unwrap();
    assert_eq!(kept.card.rating, RatingSummary { sum: 2, count: 1 }, "a refused rating changes nothing");
}

#[test]
fn private_templates_unused_for_180_days_are_flagged_not_deleted() {
    let org = common::org("Cleanup");
    let old = now() - chrono::Duration::days(181);
    let private = add(&org, file("p", "Old private", "", "SALES", "BEGINNER", &[]), TemplateSource::Private, old);
    add(&org, file("i", "Old import", "", "SALES", "BEGINNER", &[]), TemplateSource::Imported, old);
    add(&org, file("b", "Old built-in", "", "SALES", "BEGINNER", &[]), TemplateSource::Builtin, old);
    add(&org, file("n", "New private", "", "SALES", "BEGINNER", &[]), TemplateSource::Private, now());
    let flagged = |org: &common::Org| {
        let mut s = slugs(&find(org, TemplateQuery { cleanup_suggested: Some(true), ..Default::default() }))
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        s.sort();
        s
    };
    assert_eq!(flagged(&org), ["i", "p"]);
    let oid = org.id;
    org.store.write_blocking(move |c| templates::record_use(c, oid, private, &now())).unwrap();
    assert_eq!(flagged(&org), ["i"], "a deploy makes it used again");
    assert_eq!(find(&org, TemplateQuery::default()).page.total, 4, "nothing was deleted");
}

#[test]
fn links_remember_the_template_and_find_successful_runs() {
    let org = common::org("Links");
    let id = add(&org, file("l", "Linked", "", "SALES", "BEGINNER", &[]), TemplateSource::Builtin, now());
    let wf = common::workflow(&org, common::document("Deployed copy", 2));
    let (oid, wid) = (org.id, wf.id);
    let link = TemplateLink {
        workflow_id: wid,
        organization_id: oid,
        template_id: Some(id),
        slug: "l".into(),
        name: "Linked".into(),
        version: "1.0.0".into(),
        choices: TemplateChoices::default(),
        deployed_at: now(),
    };
    let stored = link.clone();
    org.store.write_blocking(move |c| template_links::insert(c, &stored)).unwrap();
    assert_eq!(org.store.read(move |c| template_links::get(c, oid, wid)).unwrap(), Some(link));
    let deployments = org.store.read(move |c| template_links::deployments(c, oid, id)).unwrap();
    assert_eq!(deployments.iter().map(|d| d.workflow_name.as_str()).collect::<Vec<_>>(), ["Deployed copy"]);
    assert!(!org.store.read(move |c| template_links::has_completed_run(c, oid, id)).unwrap());
    common::execution(&org, &wf, ExecutionStatus::Failed, now());
    assert!(
        !org.store.read(move |c| template_links::has_completed_run(c, oid, id)).unwrap(),
        "a failed run does not count"
    );
    common::execution(&org, &wf, ExecutionStatus::Completed, now());
    assert!(org.store.read(move |c| template_links::has_completed_run(c, oid, id)).unwrap());
    org.store.write_blocking(move |c| workflows::soft_delete(c, oid, wid)).unwrap();
    assert!(
        org.store.read(move |c| template_links::deployments(c, oid, id)).unwrap().is_empty(),
        "deleted copies are not listed"
    );
}
