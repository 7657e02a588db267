//! The writer's group commit, and the separation of organizations.

use crate::common;

use neuroflow_store::table::workflows;
use neuroflow_store::{Layout, OrgStore, Registry, StoreError};
use neuroflow_types::*;
use std::sync::Arc;

#[test]
fn concurrent_writes_all_commit_and_a_failing_one_does_not_undo_the_others() {
    let org = common::org("Writer");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().unwrap();
    runtime.block_on(concurrent_writes(Arc::clone(&org.store)));
}

async fn concurrent_writes(store: Arc<OrgStore>) {
    let mut tasks = Vec::new();
    for i in 0..200 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            store
                .write(move |c| {
                    c.execute(
                        "INSERT INTO settings (organization_id, key, value, updated_at)
                               SELECT id, ?, '1', 'now' FROM organizations",
                        [format!("k{i}")],
                    )?;
                    if i % 10 == 0 {
                        return Err(StoreError::Invalid(format!("write {i} refuses")));
                    }
                    Ok(i)
                })
                .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Invalid(m)) => assert!(m.ends_with("refuses")),
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 180);
    let rows: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))?)).unwrap();
    assert_eq!(rows, 180, "the refused writes were rolled back, and only they");
}

#[test]
fn a_panicking_write_is_rolled_back_and_the_writer_lives_on() {
    let org = common::org("Panics");
    let err = org
        .store
        .write_blocking(|c| -> neuroflow_store::Result<()> {
            c.execute("INSERT INTO settings (organization_id, key, value, updated_at) SELECT id, 'p', '1', 'x' FROM organizations", [])?;
            panic!("boom");
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Internal(ref m) if m.contains("panicked")));
    let rows: i64 = org.store.read(|c| Ok(c.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))?)).unwrap();
    assert_eq!(rows, 0);
    org.store.write_blocking(|c| Ok(c.execute("UPDATE organizations SET plan = 'GROWTH'", [])?)).unwrap();
}

#[test]
fn two_organizations_never_see_each_others_rows() {
    let dir = tempfile::tempdir().unwrap();
    let acme = common::org_in(tempfile::tempdir_in(dir.path()).unwrap(), "Acme");
    let zen = common::org_in(tempfile::tempdir_in(dir.path()).unwrap(), "Zen");
    let a = common::workflow(&acme, common::document("Acme flow", 2));
    let z = common::workflow(&zen, common::document("Zen flow", 2));
    assert_ne!(acme.store.path(), zen.store.path(), "each organization has its own file");

    let acme_list = acme.store.read(|c| workflows::list(c, acme.id, &WorkflowFilter::default())).unwrap();
    assert_eq!(acme_list.items.iter().map(|w| w.id).collect::<Vec<_>>(), [a.id]);
    let zen_list = zen.store.read(|c| workflows::list(c, zen.id, &WorkflowFilter::default())).unwrap();
    assert_eq!(zen_list.items.iter().map(|w| w.id).collect::<Vec<_>>(), [z.id]);

    // Even asked by id, one organization's store does not return the other's row.
    let (zid, aid) = (z.id, acme.id);
    assert!(matches!(acme.store.read(|c| workflows::get(c, aid, zid)), Err(StoreError::NotFound { .. })));
    // And every query is scoped by organization, even within one file.
    let (oid, wid) = (zen.id, a.id);
    assert!(matches!(acme.store.read(|c| workflows::get(c, oid, wid)), Err(StoreError::NotFound { .. })));
}

#[test]
fn the_registry_maps_names_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let layout = Layout::new(dir.path().join("data"));
    let registry = Registry::open(&layout).unwrap();
    let acme = Organization { id: OrgId::new(), name: "Acme Realty".into(), created_at: now() };
    registry.insert(&acme).unwrap();
    let dup =
        registry.insert(&Organization { id: OrgId::new(), name: "acme realty".into(), created_at: now() }).unwrap_err();
    assert_eq!(dup.to_string(), "an organization named 'acme realty' already exists");
    assert_eq!(registry.find_by_name("ACME REALTY").unwrap().map(|o| o.id), Some(acme.id));
    registry.rename(acme.id, "Acme Homes").unwrap();
    assert_eq!(registry.get(acme.id).unwrap().name, "Acme Homes");
    assert_eq!(registry.list().unwrap().len(), 1);
    registry.remove(acme.id).unwrap();
    assert!(matches!(registry.get(acme.id), Err(StoreError::NotFound { .. })));
    assert!(matches!(registry.remove(acme.id), Err(StoreError::NotFound { .. })));
    assert!(layout.org_db(acme.id).ends_with(format!("orgs/{}/org.sqlite", acme.id)));
    let _ = OrgStore::open(&layout.org_db(acme.id), acme.id).unwrap();
    assert!(layout.org_db(acme.id).exists());
}

#[test]
fn a_full_database_is_reported_as_a_full_disk_and_rolled_back_whole() {
    let org = common::org("Full");
    let oid = org.id;
    // SQLite's page limit stands in for the disk here (tests/full_disk.rs in the CLI fills a real one).
    let pages: i64 = org.store.read(|c| Ok(c.query_row("PRAGMA page_count", [], |r| r.get(0))?)).unwrap();
    org.store
        .write_blocking(move |c| Ok(c.query_row(&format!("PRAGMA max_page_count = {}", pages + 2), [], |_| Ok(()))?))
        .unwrap();
    let mut doc = common::document("Huge", 2);
    doc.description = "x".repeat(200_000);
    let wf = common::workflow_value(&org, doc);
    let err = org.store.write_blocking(move |c| workflows::insert(c, &wf)).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull), "{err:?}");
    assert_eq!(err.to_string(), "the disk is full: nothing was saved; free some space and try again");
    let listed = org.store.read(|c| workflows::list(c, oid, &WorkflowFilter::default())).unwrap();
    assert_eq!(listed.total, 0, "nothing of the refused write remains");
    let small = common::workflow_value(&org, common::document("Small", 1));
    org.store.write_blocking(move |c| workflows::insert(c, &small)).expect("the writer lives on for writes that fit");
}

/// Commits that add to the change feed touch the signal file at most every few milliseconds, and
/// the last commit of a burst is always announced: the touch it is owed comes once the writer idles.
#[test]
fn a_burst_of_changes_is_announced_after_its_last_commit() {
    let org = common::org("Signal");
    let id = org.id;
    let db = Layout::new(org.dir.path()).org_db(id);
    drop(org.store);
    let signal = org.dir.path().join("signals").join(id.to_string());
    let store = OrgStore::open_signalling(&db, id, Some(signal.clone())).unwrap();
    let mtime = || std::fs::metadata(&signal).and_then(|m| m.modified()).ok();
    let write = |i: usize| {
        store
            .write_blocking(move |c| {
                c.execute(
                    "INSERT INTO settings (organization_id, key, value, updated_at) SELECT id, ?, '1', 'now' FROM organizations",
                    [format!("burst{i}")],
                )?;
                Ok(())
            })
            .unwrap()
    };
    write(0);
    let first = mtime().expect("the first commit that adds to the feed touches the signal at once");
    for i in 1..199 {
        write(i);
    }
    // Every earlier commit's touch was made before its write returned, so a touch made after this
    // instant announces the last commit. (Reading the clock after the last write instead would miss
    // a last commit touched at once, before its write returned.)
    let last_begun = std::time::SystemTime::now();
    write(199);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while mtime().is_none_or(|t| t < last_begun) {
        assert!(std::time::Instant::now() < deadline, "the burst's last commit was never announced");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(mtime().unwrap() > first);
}
