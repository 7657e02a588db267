//! automation_workflows and workflow_versions: every filter, sort and paging, updates and history.

use crate::common;

use neuroflow_store::StoreError;
use neuroflow_store::table::{workflow_versions, workflows};
use neuroflow_types::*;

fn list(org: &common::Org, filter: WorkflowFilter) -> Page<WorkflowSummary> {
    org.store.read(|c| workflows::list(c, org.id, &filter)).unwrap()
}

fn names(page: &Page<WorkflowSummary>) -> Vec<&str> {
    page.items.iter().map(|w| w.name.as_str()).collect()
}

#[test]
fn list_searches_filters_sorts_and_pages() {
    let org = common::org("Lists");
    let mut docs = Vec::new();
    for (name, tags) in
        [("Lead intake", vec!["leads"]), ("Open house follow-up", vec!["leads", "events"]), ("Weekly report", vec![])]
    {
        let mut d = common::document(name, 3);
        d.tags = tags.into_iter().map(String::from).collect();
        docs.push(common::workflow(&org, d));
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let id = docs[2].id;
    org.store
        .write_blocking(move |c| {
            workflows::update(c, org_id(c), id, &WorkflowPatch { is_active: Some(true), ..Default::default() }, None)
        })
        .unwrap();

    let all = list(&org, WorkflowFilter { sort: WorkflowSort::NameAsc, ..Default::default() });
    assert_eq!(all.total, 3);
    assert_eq!(names(&all), ["Lead intake", "Open house follow-up", "Weekly report"]);
    assert_eq!(all.items[0].node_count, 3);

    let desc = list(&org, WorkflowFilter { sort: WorkflowSort::NameDesc, ..Default::default() });
    assert_eq!(names(&desc), ["Weekly report", "Open house follow-up", "Lead intake"]);
    let created = list(&org, WorkflowFilter { sort: WorkflowSort::CreatedDesc, ..Default::default() });
    assert_eq!(names(&created), ["Weekly report", "Open house follow-up", "Lead intake"]);
    let updated = list(&org, WorkflowFilter::default());
    assert_eq!(updated.items[0].name, "Weekly report", "the last updated comes first by default");

    let search = list(&org, WorkflowFilter { search: Some("HOUSE".into()), ..Default::default() });
    assert_eq!(names(&search), ["Open house follow-up"]);
    let by_desc = list(&org, WorkflowFilter { search: Some("report description".into()), ..Default::default() });
    assert_eq!(names(&by_desc), ["Weekly report"]);
    let literal = list(&org, WorkflowFilter { search: Some("%".into()), ..Default::default() });
    assert_eq!(literal.total, 0, "a % in the search text is matched literally");

    let tagged =
        list(&org, WorkflowFilter { tag: Some("LEADS".into()), sort: WorkflowSort::NameAsc, ..Default::default() });
    assert_eq!(names(&tagged), ["Lead intake", "Open house follow-up"]);
    let events = list(&org, WorkflowFilter { tag: Some("events".into()), ..Default::default() });
    assert_eq!(names(&events), ["Open house follow-up"]);

    let active = list(&org, WorkflowFilter { is_active: Some(true), ..Default::default() });
    assert_eq!(names(&active), ["Weekly report"]);
    let inactive = list(&org, WorkflowFilter { is_active: Some(false), ..Default::default() });
    assert_eq!(inactive.total, 2);

    let by_creator = list(&org, WorkflowFilter { created_by: Some(org.owner), ..Default::default() });
    assert_eq!(by_creator.total, 3);
    let by_stranger = list(&org, WorkflowFilter { created_by: Some(UserId::new()), ..Default::default() });
    assert_eq!(by_stranger.total, 0);

    let page1 =
        list(&org, WorkflowFilter { sort: WorkflowSort::NameAsc, page: PageRequest::new(2, 0), ..Default::default() });
    let page2 =
        list(&org, WorkflowFilter { sort: WorkflowSort::NameAsc, page: PageRequest::new(2, 2), ..Default::default() });
    assert_eq!((page1.total, page1.items.len(), page2.items.len()), (3, 2, 1));
    assert_eq!(names(&page2), ["Weekly report"]);
    let beyond = list(&org, WorkflowFilter { page: PageRequest::new(2, 10), ..Default::default() });
    assert!(beyond.items.is_empty());
    assert_eq!(beyond.total, 3);
    let huge = list(&org, WorkflowFilter { page: PageRequest::new(100_000, 0), ..Default::default() });
    assert_eq!(huge.limit, MAX_PAGE_SIZE, "page size is capped");
}

fn org_id(c: &neuroflow_store::Connection) -> OrgId {
    c.query_row("SELECT id FROM organizations", [], |r| r.get::<_, String>(0)).unwrap().parse().unwrap()
}

#[test]
fn sort_by_last_executed_and_execution_count() {
    let org = common::org("Sorts");
    let a = common::workflow(&org, common::document("A", 2));
    let b = common::workflow(&org, common::document("B", 2));
    let _c = common::workflow(&org, common::document("C never ran", 2));
    let (oid, aid, bid) = (org.id, a.id, b.id);
    org.store
        .write_blocking(move |c| {
            let early = parse_timestamp("2026-01-01T00:00:00.000Z").unwrap();
            let late = parse_timestamp("2026-06-01T00:00:00.000Z").unwrap();
            workflows::record_execution(c, oid, aid, &early)?;
            workflows::record_execution(c, oid, aid, &early)?;
            workflows::record_execution(c, oid, bid, &late)
        })
        .unwrap();
    let last = list(&org, WorkflowFilter { sort: WorkflowSort::LastExecutedDesc, ..Default::default() });
    assert_eq!(names(&last), ["B", "A", "C never ran"], "never-run workflows sort last");
    let count = list(&org, WorkflowFilter { sort: WorkflowSort::ExecutionCountDesc, ..Default::default() });
    assert_eq!(names(&count)[0], "A");
    assert_eq!(count.items[0].execution_count, 2);
}

#[test]
fn updating_the_document_bumps_the_version_and_keeps_history() {
    let org = common::org("History");
    let wf = common::workflow(&org, common::document("Versioned", 2));
    let (oid, id, owner) = (org.id, wf.id, org.owner);
    let doc2 = common::document("Versioned v2", 4);
    let updated = org
        .store
        .write_blocking(move |c| {
            workflows::update(
                c,
                oid,
                id,
                &WorkflowPatch { document: Some(doc2), expected_version: Some(1), ..Default::default() },
                Some(owner),
            )
        })
        .unwrap();
    assert_eq!((updated.version, updated.nodes.len(), updated.name.as_str()), (2, 4, "Versioned v2"));

    let stale = org
        .store
        .write_blocking(move |c| {
            workflows::update(
                c,
                oid,
                id,
                &WorkflowPatch { is_active: Some(true), expected_version: Some(1), ..Default::default() },
                None,
            )
        })
        .unwrap_err();
    assert!(matches!(stale, StoreError::Conflict(ref m) if m.contains("now version 2")), "{stale}");

    let history = org.store.read(|c| workflow_versions::list(c, oid, id)).unwrap();
    assert_eq!(history.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(history[1].document.nodes.len(), 2, "version 1 is kept as it was");
    let v1 = org.store.read(|c| workflow_versions::get(c, oid, id, 1)).unwrap();
    assert_eq!(v1.document.name, "Versioned");

    let active_only = org
        .store
        .write_blocking(move |c| {
            workflows::update(c, oid, id, &WorkflowPatch { is_active: Some(true), ..Default::default() }, None)
        })
        .unwrap();
    assert_eq!(active_only.version, 2, "activating is not a new version");
}

#[test]
fn get_update_and_delete_name_what_is_missing() {
    let org = common::org("Missing");
    let oid = org.id;
    let ghost = WorkflowId::new();
    let err = org.store.read(|c| workflows::get(c, oid, ghost)).unwrap_err();
    assert_eq!(err.to_string(), format!("workflow '{ghost}' was not found"));
    let err = org.store.write_blocking(move |c| workflows::delete(c, oid, ghost)).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { kind: "workflow", .. }));

    let wf = common::workflow(&org, common::document("Doomed", 2));
    let e = common::execution(&org, &wf, ExecutionStatus::Completed, now());
    let id = wf.id;
    org.store.write_blocking(move |c| workflows::delete(c, oid, id)).unwrap();
    let gone = org.store.read(move |c| neuroflow_store::table::executions::get(c, oid, e.id)).unwrap_err();
    assert!(matches!(gone, StoreError::NotFound { .. }), "executions go with their workflow");
    let versions: i64 =
        org.store.read(|c| Ok(c.query_row("SELECT count(*) FROM workflow_versions", [], |r| r.get(0))?)).unwrap();
    assert_eq!(versions, 0, "and so do its versions");
}
