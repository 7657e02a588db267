//! Migrations run from an empty file, and running them again changes nothing.

use crate::common;

use neuroflow_store::{Layout, OrgStore, migrate, open_connection};
use neuroflow_types::{OrgId, WorkflowId};

const TABLES: &[&str] = &[
    "organizations",
    "users",
    "organization_members",
    "settings",
    "ai_agents",
    "agent_teams",
    "team_members",
    "automation_workflows",
    "workflow_versions",
    "workflow_executions",
    "execution_steps",
    "execution_logs",
    "agent_executions",
    "team_executions",
    "integrations",
    "workflow_templates",
    "provider_prices",
    "runners",
];

#[test]
fn migrations_create_every_table_from_empty_and_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let id = OrgId::new();
    let path = Layout::new(dir.path()).org_db(id);

    let mut conn = open_connection(&{
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        path.clone()
    })
    .unwrap();
    let first = migrate::run(&mut conn, &path).unwrap();
    assert!(first >= 1, "a new file gets every migration");
    assert_eq!(migrate::applied_versions(&mut conn).unwrap().last().copied(), Some(migrate::latest_version()));

    let again = migrate::run(&mut conn, &path).unwrap();
    assert_eq!(again, 0, "a second run applies nothing");
    drop(conn);

    // Opening the store on the migrated file migrates nothing more and leaves the data usable.
    let store = OrgStore::open(&path, id).unwrap();
    let tables: Vec<String> = store
        .read(|c| {
            let mut stmt = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
            let names = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(names)
        })
        .unwrap();
    for t in TABLES {
        assert!(tables.iter().any(|name| name == t), "table {t} exists");
    }
}

mod older_build {
    refinery::embed_migrations!("../../migrations");
}

/// A file made by a build that had a later migration but not an earlier one (numbers are reserved
/// per feature and land in any order) is brought up to date, not refused.
#[test]
fn a_migration_that_lands_after_a_later_one_is_still_applied() {
    let dir = tempfile::tempdir().unwrap();
    let path = Layout::new(dir.path()).org_db(OrgId::new());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut conn = open_connection(&path).unwrap();
    // The older build: the migrations up to V8 but the analytics one (V4), recorded as refinery
    // records them. (V9 indexes V4's step column, so no build had it without V4.)
    let runner = older_build::migrations::runner();
    let all = runner.get_migrations().clone();
    assert!(all.iter().any(|m| m.version() == 4) && all.iter().any(|m| m.version() > 4));
    older_build::migrations::runner().set_target(refinery::Target::Version(3)).run(&mut conn).unwrap();
    let in_older_build = |v: u32| v > 4 && v <= 8;
    for m in all.iter().filter(|m| in_older_build(m.version() as u32)) {
        conn.execute_batch(m.sql().unwrap()).unwrap();
        conn.execute(
            "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![m.version(), m.name(), "2026-11-30T10:00:00Z", m.checksum().to_string()],
        )
        .unwrap();
    }
    let column = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM pragma_table_info('execution_steps') WHERE name = 'action'", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(column(&conn), 0, "the older file has no analytics schema");

    let applied = migrate::run(&mut conn, &path).unwrap();
    let newer = all.iter().filter(|m| m.version() > 8).count();
    assert_eq!(applied, 1 + newer, "only the late migration runs, and those newer than the older build");
    assert_eq!(column(&conn), 1, "its schema is there");
    let versions = migrate::applied_versions(&mut conn).unwrap();
    assert_eq!(versions.len(), all.len(), "every migration is recorded once: {versions:?}");
    assert_eq!(migrate::run(&mut conn, &path).unwrap(), 0, "and nothing runs again");
}

#[test]
fn the_data_model_indexes_exist() {
    let org = common::org("Indexes");
    let indexes: Vec<(String, String)> = org
        .store
        .read(|c| {
            let mut stmt = c.prepare(
                "SELECT m.name, group_concat(ii.name) FROM sqlite_master m, pragma_index_info(m.name) ii
                 WHERE m.type = 'index' AND m.name NOT LIKE 'sqlite_%' GROUP BY m.name",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .unwrap();
    let has = |index: &str, first_column: &str| {
        indexes.iter().any(|(name, cols)| name == index && cols.split(',').next() == Some(first_column))
    };
    for table in ["ai_agents", "agent_teams", "automation_workflows", "integrations", "workflow_templates"] {
        assert!(has(&format!("{table}_organization"), "organization_id"), "{table} is indexed by organization");
        assert!(has(&format!("{table}_created_by"), "created_by"), "{table} is indexed by creator");
    }
    for table in ["workflow_executions", "agent_executions", "team_executions"] {
        assert!(has(&format!("{table}_organization"), "organization_id"));
        assert!(has(&format!("{table}_started_at"), "started_at"), "{table} is indexed by started_at");
        assert!(has(&format!("{table}_status"), "status"), "{table} is indexed by status");
    }
    assert!(has("team_members_agent", "agent_id"));
    assert!(has("agent_executions_agent", "agent_id"));
    assert!(has("workflow_executions_workflow", "workflow_id"));
}

#[test]
fn every_foreign_key_is_enforced() {
    let org = common::org("FK");
    let on: i64 = org.store.read(|c| Ok(c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?)).unwrap();
    assert_eq!(on, 1);
    let err = org
        .store
        .write_blocking(|c| {
            c.execute(
                "INSERT INTO team_members (id, organization_id, team_id, agent_id, role, priority, joined_at)
                 VALUES ('x', (SELECT id FROM organizations), 'no-team', 'no-agent', 'WORKER', 0, 'now')",
                [],
            )?;
            Ok(())
        })
        .unwrap_err();
    assert!(err.is_constraint(), "{err}");
}

/// V11 repairs the versions a pull kept before it wrote the format number: the history opens them.
#[test]
fn a_pulled_version_named_by_the_old_format_text_opens_after_the_repair() {
    let org = common::org("Repair");
    let wf = common::workflow(&org, common::document("Leads", 2));
    let (oid, wid) = (org.id, wf.id);
    org.store
        .write_blocking(move |c| {
            c.execute(
                "INSERT INTO workflow_versions (workflow_id, version, organization_id, document, created_at, message)
                 SELECT workflow_id, 2, organization_id, json_set(document, '$.format', 'neuroflow.workflow/v1'),
                        created_at, 'From the workspace (its version 3)'
                 FROM workflow_versions WHERE workflow_id = ? AND version = 1",
                [wid.to_string()],
            )?;
            Ok(())
        })
        .unwrap();
    let open = |store: &OrgStore| store.read(move |c| neuroflow_store::table::workflow_versions::get(c, oid, wid, 2));
    assert!(open(&org.store).is_err(), "the old pull's version does not open");
    let path = Layout::new(org.dir.path()).org_db(oid);
    drop(org.store);
    let mut conn = open_connection(&path).unwrap();
    conn.execute("DELETE FROM refinery_schema_history WHERE version = 11", []).unwrap();
    assert_eq!(migrate::run(&mut conn, &path).unwrap(), 1, "the repair runs");
    drop(conn);
    let store = OrgStore::open(&path, oid).unwrap();
    let version = open(&store).expect("the repaired version opens");
    assert_eq!((version.document.format, version.document.name.as_str()), (1, "Leads"));
}

/// V14 gives every version saved here an id (one taken from the workspace gets none), and an
/// organization connected already queues the history it saved, but a deleted workflow's.
#[test]
fn the_history_saved_before_v14_gets_ids_and_a_connected_organization_sends_it() {
    let org = common::org("History");
    let kept = common::workflow(&org, common::document("Leads", 2));
    let gone = common::workflow(&org, common::document("Old", 2));
    crate::sync_tables::connect(&org, false);
    let (oid, kept_id, gone_id) = (org.id, kept.id.to_string(), gone.id.to_string());
    org.store
        .write_blocking(move |c| {
            c.execute(
                "INSERT INTO workflow_versions (workflow_id, version, organization_id, document, created_at, message, pulled)
                 SELECT workflow_id, 2, organization_id, document, created_at, 'From the workspace (its version 3)', 1
                 FROM workflow_versions WHERE workflow_id = ? AND version = 1",
                [&kept_id],
            )?;
            c.execute("UPDATE automation_workflows SET deleted_at = '2026-12-01T00:00:00.000Z' WHERE id = ?", [&gone_id])?;
            Ok(())
        })
        .unwrap();
    // The file as a build before V14 left it.
    let path = Layout::new(org.dir.path()).org_db(oid);
    drop(org.store);
    let mut conn = open_connection(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER sync_workflow_version_insert; DROP INDEX workflow_versions_id;
         ALTER TABLE workflow_versions DROP COLUMN id; DELETE FROM sync_outbox;
         DELETE FROM refinery_schema_history WHERE version = 14",
    )
    .unwrap();
    assert_eq!(migrate::run(&mut conn, &path).unwrap(), 1);

    let ids: Vec<(String, i64, bool)> = conn
        .prepare("SELECT workflow_id, version, id IS NOT NULL FROM workflow_versions ORDER BY workflow_id, version")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let has_id = |w: &WorkflowId, v: i64| ids.iter().find(|(id, n, _)| *id == w.to_string() && *n == v).map(|x| x.2);
    assert_eq!(has_id(&kept.id, 1), Some(true), "{ids:?}");
    assert_eq!(has_id(&gone.id, 1), Some(true), "{ids:?}");
    assert_eq!(has_id(&kept.id, 2), Some(false), "the one taken from the workspace has none: {ids:?}");
    let queued: Vec<(String, String)> = conn
        .prepare(
            "SELECT o.entity, v.workflow_id FROM sync_outbox o JOIN workflow_versions v ON v.id = o.row_id ORDER BY o.seq",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(queued, [("workflow_version".to_string(), kept.id.to_string())], "only the kept workflow's own version");
}
