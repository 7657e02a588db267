//! The `neuroflow` binary, run as a user would: real files, real exit codes, real output.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, None)
    }

    fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_neuroflow"));
        cmd.arg("--data-dir").arg(self.data()).args(args).env_remove("NEUROFLOW_ORG").env_remove("NEUROFLOW_DATA_DIR");
        cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        }
    }

    fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "neuroflow {args:?} failed: {}{}", run.stdout, run.stderr);
        run
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into()
    }

    fn workflow_count(&self) -> u64 {
        self.ok(&["--json", "workflow", "list"]).json()["total"].as_u64().unwrap()
    }
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/workflows").join(name).to_string_lossy().into()
}

fn json_file(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn import_then_export_gives_back_the_same_document() {
    let env = Env::new();
    env.ok(&["org", "create", "Acme Realty"]);
    for name in ["new-lead-follow-up.json", "listing-price-check.json"] {
        let imported = env.ok(&["--json", "workflow", "import", &fixture(name)]).json();
        let id = imported["workflow"]["id"].as_str().unwrap().to_string();
        let exported = env.ok(&["workflow", "export", &id]);
        let doc: Value = serde_json::from_str(&exported.stdout).unwrap();
        assert_eq!(doc, json_file(&fixture(name)), "{name} round-trips");

        // And our own export survives another round trip byte for byte.
        let out = env.dir.path().join(format!("again-{name}"));
        let path = env.file(&format!("first-{name}"), &exported.stdout);
        let again = env.ok(&["--json", "workflow", "import", &path]).json();
        env.ok(&["workflow", "export", again["workflow"]["id"].as_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), exported.stdout);
    }
    assert_eq!(env.workflow_count(), 4);
}

#[test]
fn import_reads_standard_input_and_keeps_canvas_fields() {
    let env = Env::new();
    env.ok(&["org", "create", "Acme"]);
    let doc = r#"{"format":1,"name":"From stdin","nodes":[{"id":"t","type":"trigger","position":{"x":10.5,"y":-3},"width":180,"selected":false,"data":{"label":"Go","trigger":{"kind":"manual"}}}],"edges":[]}"#;
    let run = env.run_with_stdin(&["--json", "workflow", "import", "-"], Some(doc));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let id = run.json()["workflow"]["id"].as_str().unwrap().to_string();
    let exported: Value = serde_json::from_str(&env.ok(&["workflow", "export", &id]).stdout).unwrap();
    assert_eq!(exported, serde_json::from_str::<Value>(doc).unwrap());
}

#[test]
fn malformed_input_exits_2_names_what_and_where_and_writes_nothing() {
    let env = Env::new();
    env.ok(&["org", "create", "Acme"]);
    let cases = [
        (
            "syntax.json",
            "{\n  \"format\": 1,\n  \"name\": \"x\",\n  \"nodes\": [\n",
            "line 5, column 0: EOF while parsing a list",
        ),
        (
            "types.json",
            r#"{"format":1,"name":"x","nodes":[{"id":"a","type":"trigger","position":{"x":"far","y":0}}],"edges":[]}"#,
            "nodes[0].position.x: invalid type: string \"far\", expected f64",
        ),
        ("array.json", "[]", "must be a JSON object"),
        ("newer.json", r#"{"format":7,"name":"x","nodes":[],"edges":[]}"#, "format: this document uses format 7"),
        (
            "rules.json",
            r#"{"format":1,"name":"x","nodes":[{"id":"t","type":"trigger","data":{"trigger":{"kind":"manual"}}},{"id":"c","type":"condition","data":{"expression":"input.x >"}}],"edges":[{"id":"e1","source":"t","target":"c"},{"id":"e2","source":"c","target":"t"}]}"#,
            "node 'c' data.expression: syntax error",
        ),
    ];
    for (name, text, expected) in cases {
        let path = env.file(name, text);
        let run = env.run(&["workflow", "import", &path]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{name}: expected {expected:?} in {}", run.stderr);
        let json = env.run(&["--json", "workflow", "import", &path]);
        assert_eq!(json.code, 2);
        let code = json.json()["error"]["code"].as_str().unwrap().to_string();
        assert!(code == "INVALID_INPUT" || code == "VALIDATION", "{name}: {code}");
    }
    // The rule-breaking document lists every problem, one per line.
    let rules = env.run(&["workflow", "import", &env.file("rules2.json", cases[4].1)]);
    assert!(rules.stderr.contains("edge 'e2' target: trigger 't' cannot have incoming edges"), "{}", rules.stderr);
    assert!(rules.stderr.contains("cycle: t → c → t"), "{}", rules.stderr);
    assert_eq!(env.workflow_count(), 0, "nothing was written");

    let missing = env.run(&["workflow", "import", "/no/such/file.json"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("cannot read '/no/such/file.json'"), "{}", missing.stderr);
    let binary = env.run(&["workflow", "import", &env.file("bin.json", "\u{0}\u{fffd}")]);
    assert_eq!(binary.code, 2, "{}", binary.stderr);
}

#[test]
fn validate_checks_files_without_an_organization_and_stored_workflows_with_one() {
    let env = Env::new();
    let ok = env.run(&["workflow", "validate", &fixture("new-lead-follow-up.json")]);
    assert_eq!((ok.code, ok.stdout.trim()), (0, "The workflow is valid."), "{}", ok.stderr);
    let bad =
        env.file("bad.json", r#"{"format":1,"name":"x","nodes":[{"id":"t","type":"trigger","data":{}}],"edges":[]}"#);
    let run = env.run(&["--json", "workflow", "validate", &bad]);
    assert_eq!(run.code, 2);
    let err = run.json()["error"].clone();
    assert_eq!(err["code"], "VALIDATION");
    assert_eq!(err["details"]["errors"][0]["nodeId"], "t");
    assert_eq!(err["details"]["errors"][0]["field"], "data.trigger");

    env.ok(&["org", "create", "Acme"]);
    env.ok(&["workflow", "import", &fixture("listing-price-check.json")]);
    let stored = env.ok(&["workflow", "validate", "Listing price check"]);
    assert_eq!(stored.stdout.trim(), "The workflow is valid.");
    let unknown = env.run(&["workflow", "validate", "No such workflow"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no workflow has the id or name 'No such workflow'"), "{}", unknown.stderr);
}

#[test]
fn organizations_are_created_listed_renamed_chosen_and_deleted() {
    let env = Env::new();
    let none = env.run(&["workflow", "list"]);
    assert_eq!(none.code, 2);
    assert!(none.stderr.contains("there is no organization yet"), "{}", none.stderr);

    let acme = env.ok(&["--json", "org", "create", "Acme Realty"]).json();
    let dup = env.run(&["org", "create", "acme realty"]);
    assert_eq!(dup.code, 2);
    assert!(dup.stderr.contains("an organization named 'acme realty' already exists"), "{}", dup.stderr);
    let blank = env.run(&["org", "create", "  "]);
    assert_eq!((blank.code, blank.stderr.trim()), (2, "error: an organization needs a name"));

    // With one organization it is the default.
    env.ok(&["workflow", "import", &fixture("new-lead-follow-up.json")]);
    env.ok(&["org", "create", "Zen Homes"]);
    let ambiguous = env.run(&["workflow", "list"]);
    assert_eq!(ambiguous.code, 2);
    assert!(
        ambiguous.stderr.contains("there are 2 organizations (Acme Realty, Zen Homes); choose one with --org"),
        "{}",
        ambiguous.stderr
    );
    assert_eq!(env.ok(&["--json", "--org", "zen homes", "workflow", "list"]).json()["total"], 0);
    let acme_id = acme["id"].as_str().unwrap();
    assert_eq!(env.ok(&["--json", "--org", acme_id, "workflow", "list"]).json()["total"], 1);
    let unknown = env.run(&["--org", "Nope", "workflow", "list"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("no organization has the id or name 'Nope' (known: Acme Realty, Zen Homes)"));

    let renamed = env.ok(&["--json", "org", "rename", "Acme Realty", "Acme Homes"]).json();
    assert_eq!(renamed["name"], "Acme Homes");
    let list = env.ok(&["--json", "org", "list"]).json();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Acme Homes", "Zen Homes"]);
    let text = env.ok(&["org", "list"]).stdout;
    assert!(text.starts_with("ID") && text.contains("Acme Homes"), "{text}");

    let org_dir = env.data().join("orgs").join(acme_id);
    assert!(org_dir.join("org.sqlite").exists());
    env.ok(&["org", "delete", "Acme Homes"]);
    assert!(!org_dir.exists(), "the organization's files are gone");
    assert_eq!(env.ok(&["--json", "org", "list"]).json().as_array().unwrap().len(), 1);
    let again = env.run(&["org", "delete", acme_id]);
    assert_eq!(again.code, 2);
}

#[test]
fn workflows_are_listed_shown_duplicated_and_deleted() {
    let env = Env::new();
    env.ok(&["org", "create", "Acme"]);
    env.ok(&["workflow", "import", &fixture("new-lead-follow-up.json")]);
    env.ok(&["workflow", "import", &fixture("listing-price-check.json")]);

    let by_name = env.ok(&["--json", "workflow", "list", "--sort", "name"]).json();
    let names: Vec<&str> = by_name["items"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Listing price check", "New lead follow-up"]);
    let searched = env.ok(&["--json", "workflow", "list", "--search", "lead"]).json();
    assert_eq!(searched["total"], 1);
    let tagged = env.ok(&["--json", "workflow", "list", "--tag", "daily"]).json();
    assert_eq!(tagged["items"][0]["name"], "Listing price check");
    let paged = env.ok(&["workflow", "list", "--limit", "1", "--sort", "name"]).stdout;
    assert!(paged.contains("Listing price check") && paged.contains("1–1 of 2"), "{paged}");

    let shown = env.ok(&["workflow", "show", "new lead follow-up"]).stdout;
    assert!(shown.contains("nodes (5):") && shown.contains("hot → draft [true]"), "{shown}");
    let shown_json = env.ok(&["--json", "workflow", "show", "New lead follow-up"]).json();
    assert_eq!(shown_json["nodes"].as_array().unwrap().len(), 5);

    let copy = env.ok(&["--json", "workflow", "duplicate", "New lead follow-up"]).json();
    assert_eq!(copy["workflow"]["name"], "New lead follow-up (copy)");
    assert_eq!(env.workflow_count(), 3);
    let id = copy["workflow"]["id"].as_str().unwrap();
    env.ok(&["workflow", "delete", id]);
    assert_eq!(env.workflow_count(), 2);
    let gone = env.run(&["workflow", "show", id]);
    assert_eq!(gone.code, 2);
    assert!(gone.stderr.contains(&format!("workflow '{id}' was not found")), "{}", gone.stderr);
}

#[test]
fn a_damaged_database_is_a_failure_not_bad_input() {
    let env = Env::new();
    let org = env.ok(&["--json", "org", "create", "Acme"]).json();
    let db = env.data().join("orgs").join(org["id"].as_str().unwrap()).join("org.sqlite");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::write(&db, b"this is not a database at all, just text that is long enough to look like a header").unwrap();
    let run = env.run(&["workflow", "list"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
}

#[test]
fn versions_are_listed_compared_restored_and_published_and_deletes_undone() {
    let env = Env::new();
    env.ok(&["org", "create", "Acme"]);
    let wf = env.ok(&["--json", "workflow", "import", &fixture("listing-price-check.json")]).json();
    let id = wf["workflow"]["id"].as_str().unwrap().to_string();
    let mut doc = json_file(&fixture("listing-price-check.json"));
    doc["description"] = Value::from("Checks prices twice a day");
    let changed = env.file("changed.json", &doc.to_string());
    env.ok(&["workflow", "update", &id, &changed]);

    let restored = env.ok(&["workflow", "restore", &id, "1"]).stdout;
    assert!(restored.contains("as version 3") && restored.contains(&format!("workflow publish {id} 3")), "{restored}");
    let versions = env.ok(&["--json", "workflow", "versions", &id]).json();
    let listed: Vec<(i64, bool)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["published"].as_bool().unwrap()))
        .collect();
    assert_eq!(listed, [(3, false), (2, true), (1, false)]);
    assert_eq!(versions[0]["message"], "Restored version 1");
    let table = env.ok(&["workflow", "versions", "Listing price check"]).stdout;
    assert!(table.contains("Restored version 1") && table.contains("published"), "{table}");

    let diff = env.ok(&["workflow", "diff", &id, "1", "2"]).stdout;
    assert!(diff.contains("description") && diff.contains("Checks prices twice a day"), "{diff}");
    assert!(env.ok(&["workflow", "diff", &id, "1", "3"]).stdout.contains("are the same"));
    let missing = env.run(&["workflow", "diff", &id, "1", "9"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(missing.stderr.contains("v9"), "{}", missing.stderr);

    let published = env.ok(&["--json", "workflow", "publish", &id, "3"]).json();
    assert_eq!(
        (published["version"].as_i64(), published["description"].as_str()),
        (Some(3), Some(json_file(&fixture("listing-price-check.json"))["description"].as_str().unwrap_or("")))
    );

    env.ok(&["workflow", "rename", &id, "Price watch"]);
    let deleted = env.ok(&["workflow", "delete", "Price watch"]).stdout;
    assert!(deleted.contains(&format!("neuroflow workflow undelete {id}")), "{deleted}");
    assert_eq!(env.workflow_count(), 0);
    let back = env.ok(&["--json", "workflow", "undelete", &id]).json();
    assert_eq!((back["name"].as_str(), back["isActive"].as_bool()), (Some("Price watch"), Some(false)));
    assert_eq!(env.workflow_count(), 1);
    let not_deleted = env.run(&["workflow", "undelete", &id]);
    assert_eq!(not_deleted.code, 2, "{}", not_deleted.stderr);
}
