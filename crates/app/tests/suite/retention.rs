//! Retention through the command surface: settings checked and kept, prunes by age that keep pinned
//! runs and leave analytics whole, the archive read back, and the audit file's chain catching every
//! kind of tampering. Ages are measured from a moment in the future (`as_of`), so the runs made now
//! are "old" without touching the clock or the records.

use neuroflow_app::{Hub, PruneOptions, RunOptions};
use neuroflow_types::*;
use serde_json::json;

struct Fixture {
    dir: tempfile::TempDir,
    hub: Hub,
    org: OrgId,
    wf: WorkflowId,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::open_as(dir.path().join("data"), "test").unwrap();
    let org = hub.create_org("Acme Realty").await.unwrap().id;
    let doc = json!({ "format": 1, "name": "Greet", "nodes": [
        { "id": "t", "type": "trigger", "data": { "trigger": { "kind": "manual" } } },
        { "id": "hi", "type": "transform", "data": { "output": "Hi {{ input.name }}" } }
    ], "edges": [{ "id": "e1", "source": "t", "target": "hi" }] });
    let wf = hub.import_workflow(org, &doc.to_string()).await.unwrap().workflow.id;
    Fixture { dir, hub, org, wf }
}

impl Fixture {
    async fn run(&self, name: &str) -> WorkflowExecution {
        let options = RunOptions { input: json!({ "name": name }), ..Default::default() };
        self.hub.run_workflow(self.org, self.wf, options).await.unwrap()
    }

    async fn detail(&self, id: ExecutionId) -> Option<ExecutionDetail> {
        self.hub.get_execution(self.org, id).await.ok()
    }

    async fn today(&self) -> RunFigures {
        let q = AnalyticsQuery { range: TimeRange::Last24Hours, workflow_id: None };
        self.hub.analytics_summary(self.org, q).await.unwrap().current
    }
}

fn in_days(days: i64) -> Option<Timestamp> {
    Some(now() + chrono::Duration::days(days))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prunes_by_age_keep_pinned_runs_and_archives_read_back() {
    let f = fixture().await;
    let defaults = f.hub.retention_settings(f.org).await.unwrap();
    assert_eq!((defaults.completed_days, defaults.failed_days, defaults.log_days), (90, 30, 7));
    let err = f.hub.set_retention_settings(f.org, RetentionSettings { failed_days: 0, ..defaults }).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("failedDays must be between 1 and 36500 days"), "{}", err.message);
    f.hub.set_retention_settings(f.org, RetentionSettings { completed_days: 10, ..defaults }).await.unwrap();

    let gone = f.run("gone").await;
    let pinned = f.run("pinned").await;
    f.hub.pin_execution(f.org, pinned.id, true).await.unwrap();
    assert!(f.detail(pinned.id).await.unwrap().execution.pinned);
    let figures = f.today().await;

    // A week on: only the log lines go (the runs are kept 10 days); the pinned run keeps its log.
    let week = f.hub.prune(f.org, PruneOptions { as_of: in_days(8), ..Default::default() }).await.unwrap();
    assert_eq!(
        (week.executions, week.log_lines),
        (0, 0),
        "nothing stored to prune: a run's start and end are derived, and a step that simply completed has no line"
    );
    let log = f.detail(gone.id).await.unwrap().logs;
    let log: Vec<(i64, &str)> = log.iter().map(|l| (l.seq, l.status.as_str())).collect();
    assert_eq!(log, [(0, "RUNNING"), (1, "COMPLETED")], "what the record says stays readable");
    assert_eq!(f.detail(gone.id).await.unwrap().steps.len(), 2, "the steps stay");
    assert_eq!(f.detail(pinned.id).await.unwrap().logs.len(), 2);

    // Eleven days on, archived: the unpinned run goes, to the archive; analytics do not change.
    let archive = f.dir.path().join("runs.jsonl.gz");
    let dry = PruneOptions { dry_run: true, as_of: in_days(11), ..Default::default() };
    let dry = f.hub.prune(f.org, dry).await.unwrap();
    assert_eq!((dry.executions, dry.pinned_kept), (1, 1));
    assert!(f.detail(gone.id).await.is_some(), "a dry run removes nothing");
    let options = PruneOptions { as_of: in_days(11), archive_to: Some(archive.clone()), ..Default::default() };
    let pruned = f.hub.prune(f.org, options).await.unwrap();
    assert_eq!((pruned.executions, pruned.steps, pruned.pinned_kept), (1, 2, 1));
    assert_eq!(pruned.archive.as_deref(), Some(archive.display().to_string().as_str()));
    assert!(f.detail(gone.id).await.is_none());
    assert!(f.detail(pinned.id).await.is_some());
    assert_eq!(f.today().await, figures, "analytics outlive the records");
    let status = f.hub.retention_status(f.org).await.unwrap();
    assert_eq!((status.executions, status.pinned), (1, 1));
    assert_eq!(status.last_prune.map(|p| p.executions), Some(1));

    // Read back: the run returns with its steps; a second import finds it there.
    let imported = f.hub.import_archive(f.org, archive.clone()).await.unwrap();
    assert_eq!((imported.executions, imported.steps, imported.already_present), (1, 2, 0));
    let back = f.detail(gone.id).await.unwrap();
    assert_eq!(
        (back.execution.status, back.execution.output.clone()),
        (ExecutionStatus::Completed, Some(json!("Hi gone")))
    );
    assert_eq!(f.hub.import_archive(f.org, archive.clone()).await.unwrap().already_present, 1);
    assert_eq!(f.today().await, figures, "importing counts nothing twice");

    // Another organization refuses it; a file that is not an archive is named as such.
    let other = f.hub.create_org("Other").await.unwrap().id;
    let err = f.hub.import_archive(other, archive).await.unwrap_err();
    assert!(err.message.contains("import it into that organization"), "{}", err.message);
    let junk = f.dir.path().join("junk.gz");
    std::fs::write(&junk, b"not gzip").unwrap();
    let err = f.hub.import_archive(f.org, junk).await.unwrap_err();
    assert!(err.message.contains("is not a NeuroFlow archive (line 1)"), "{}", err.message);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_files_show_any_edit_removal_reorder_or_cut() {
    let f = fixture().await;
    let since = now() - chrono::Duration::minutes(1);
    for name in ["Ada", "Bo", "Cy", "Di"] {
        f.run(name).await;
    }
    let path = f.dir.path().join("audit.jsonl");
    let done = f.hub.audit_export(f.org, since, None, path.clone()).await.unwrap();
    assert_eq!(done.records, 4);
    let ok = f.hub.audit_verify(path.clone(), Some(done.head.clone())).await.unwrap();
    assert!(ok.ok, "{:?}", ok.problems);
    assert_eq!((ok.records, ok.head.as_deref()), (4, Some(done.head.as_str())));

    let lines: Vec<String> = std::fs::read_to_string(&path).unwrap().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 6, "header, four runs, end");
    assert!(lines[1].contains("\"Hi Ada\""), "oldest first");
    let check = |name: &str, lines: Vec<String>, expect: Option<&str>| {
        let tampered = f.dir.path().join(name);
        std::fs::write(&tampered, lines.join("\n") + "\n").unwrap();
        let hub = f.hub.clone();
        let expect = expect.map(str::to_string);
        async move { hub.audit_verify(tampered, expect).await.unwrap() }
    };
    let kinds = |v: &AuditVerification| v.problems.iter().map(|p| p.kind.clone()).collect::<Vec<_>>();

    let mut edited = lines.clone();
    edited[2] = edited[2].replace("Hi Bo", "Hi Bob");
    let v = check("edited", edited, None).await;
    assert!(!v.ok && kinds(&v) == ["edited"], "{:?}", v.problems);
    assert_eq!(v.problems[0].line, 3);

    let mut removed = lines.clone();
    removed.remove(3);
    let v = check("removed", removed, None).await;
    assert!(!v.ok && kinds(&v).contains(&"removed".to_string()), "{:?}", v.problems);

    let mut reordered = lines.clone();
    reordered.swap(2, 3);
    let v = check("reordered", reordered, None).await;
    assert!(!v.ok && kinds(&v).contains(&"reordered".to_string()), "{:?}", v.problems);

    let cut = lines[..5].to_vec();
    let v = check("cut", cut, None).await;
    assert_eq!(kinds(&v), ["truncated"]);

    let v = check("rehashed", lines.clone(), Some("0000")).await;
    assert_eq!(kinds(&v), ["head"], "a file whose chain was rebuilt shows against the head kept at export");
}
