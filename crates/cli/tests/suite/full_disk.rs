//! A full disk, for real: the data directory on a 4 MB tmpfs, filled to the last block. Reading keeps
//! working; every write — an import, a run — fails as "the disk is full" with nothing half-written;
//! once space is freed, everything works again. (Small writes may still fit in the WAL file SQLite
//! keeps; the writes here are larger than it.)
//!
//! The file system is mounted in a private mount namespace (`unshare --map-root-user --mount`, from
//! util-linux), so the test needs no root and leaves no mount behind; Debian allows unprivileged user
//! namespaces by default.

use std::process::Command;

const SCENARIO: &str = r#"
set -u
N="$1"; D="$2/data"; W="$3"; BIG="$4"; INPUT="$5"
mount -t tmpfs -o size=4m tmpfs "$2" || { echo "MOUNT FAILED"; exit 99; }
"$N" --data-dir "$D" org create Acme >/dev/null || exit 98
"$N" --data-dir "$D" workflow import "$W" >/dev/null || exit 97
"$N" --data-dir "$D" run Manual --input '{"a":1}' >/dev/null || exit 96
dd if=/dev/zero of="$2/filler" bs=4k 2>/dev/null
echo "== free"; df -k "$2" | tail -1 | awk '{print $4}'
echo "== list"; "$N" --data-dir "$D" --json workflow list 2>/dev/null; echo "rc=$?"
echo "== import"; "$N" --data-dir "$D" --json workflow import "$BIG" 2>&1; echo "rc=$?"
echo "== run"; "$N" --data-dir "$D" --json run Manual --input "@$INPUT" 2>&1; echo "rc=$?"
echo "== executions"; "$N" --data-dir "$D" --json executions list 2>/dev/null; echo "rc=$?"
rm "$2/filler"
echo "== after"; "$N" --data-dir "$D" run Manual --input '{"a":3}' >/dev/null 2>&1; echo "rc=$?"
echo "== final"; "$N" --data-dir "$D" --json executions list 2>/dev/null
"$N" --data-dir "$D" --json workflow list 2>/dev/null
"#;

/// The output of one `== name` section.
fn section<'a>(out: &'a str, name: &str) -> &'a str {
    let start = out.find(&format!("== {name}\n")).unwrap_or_else(|| panic!("no section {name} in:\n{out}"));
    let rest = &out[start + name.len() + 4..];
    &rest[..rest.find("\n== ").unwrap_or(rest.len())]
}

#[test]
fn a_full_disk_keeps_reads_working_and_refuses_writes_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("disk");
    std::fs::create_dir(&mount).unwrap();
    let workflow = dir.path().join("manual.json");
    std::fs::write(
        &workflow,
        r#"{"format":1,"name":"Manual","nodes":[{"id":"t","type":"trigger","data":{"trigger":{"kind":"manual"}}},
            {"id":"o","type":"transform","data":{"output":{"x":"{{ input.a }}"}}}],
            "edges":[{"id":"e","source":"t","target":"o"}]}"#,
    )
    .unwrap();
    // Writes bigger than what the kept WAL can hold without growing: they need new disk space.
    let filler = "x".repeat(600_000);
    let big = dir.path().join("big.json");
    let doc = format!(
        r#"{{"format":1,"name":"Big","description":"{filler}","nodes":[{{"id":"t","type":"trigger","data":{{"trigger":{{"kind":"manual"}}}}}}],"edges":[]}}"#
    );
    std::fs::write(&big, doc).unwrap();
    let input = dir.path().join("input.json");
    std::fs::write(&input, format!(r#"{{"a":"{filler}"}}"#)).unwrap();
    let out = Command::new("unshare")
        .args(["--map-root-user", "--mount", "sh", "-c", SCENARIO, "scenario"])
        .arg(env!("CARGO_BIN_EXE_neuroflow"))
        .arg(&mount)
        .arg(&workflow)
        .arg(&big)
        .arg(&input)
        .env_remove("NEUROFLOW_ORG")
        .output()
        .expect("unshare (util-linux) runs the scenario in its own mount namespace");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the scenario could not be set up (exit {:?}):\n{text}", out.status.code());

    assert_eq!(section(&text, "free").trim(), "0", "the disk was filled:\n{text}");
    let list = section(&text, "list");
    assert!(list.contains("\"name\": \"Manual\"") && list.trim_end().ends_with("rc=0"), "reading works:\n{list}");

    let import = section(&text, "import");
    assert!(import.contains("the disk is full: nothing was saved"), "{import}");
    assert!(import.contains("DISK_FULL") && import.trim_end().ends_with("rc=1"), "{import}");
    let run = section(&text, "run");
    assert!(run.contains("the disk is full") && !run.trim_end().ends_with("rc=0"), "{run}");

    let executions = section(&text, "executions");
    assert!(executions.trim_end().ends_with("rc=0"), "{executions}");
    assert_eq!(executions.matches("\"status\":").count(), 1, "only the run from before:\n{executions}");

    assert!(section(&text, "after").contains("rc=0"), "with space again, runs work:\n{text}");
    let last = section(&text, "final");
    assert_eq!(last.matches("\"COMPLETED\"").count(), 2, "two complete runs, nothing half-written:\n{last}");
    assert!(!last.contains("\"RUNNING\"") && !last.contains("\"PENDING\""), "{last}");
    assert_eq!(last.matches("\"name\": \"Manual\"").count(), 1, "the refused import left nothing:\n{last}");
}
