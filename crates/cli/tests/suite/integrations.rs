//! `neuroflow integration` and `neuroflow vault`, as real processes over an encrypted vault file:
//! secrets come from standard input (never an argument), never come back out, and leave with the
//! integration.

use neuroflow_types::OrgId;
use neuroflow_vault::{Secret, SecretKey, Vault};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const PASSPHRASE: &str = "a long enough passphrase";
const KEY: &str = "crm-signing-key-7f3e9a";

struct Env {
    dir: tempfile::TempDir,
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout))
    }
}

impl Env {
    fn new() -> Self {
        let env = Self { dir: tempfile::tempdir().unwrap() };
        env.ok(&["org", "create", "Acme Realty"], None);
        env
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Out {
        let mut child = Command::new(env!("CARGO_BIN_EXE_neuroflow"))
            .arg("--data-dir")
            .arg(self.data())
            .args(args)
            .env_remove("NEUROFLOW_ORG")
            .env("NEUROFLOW_VAULT", "encrypted-file")
            .env("NEUROFLOW_VAULT_PASSPHRASE", PASSPHRASE)
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(text) = stdin {
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        }
    }

    fn ok(&self, args: &[&str], stdin: Option<&str>) -> Out {
        let out = self.run(args, stdin);
        assert_eq!(out.code, 0, "neuroflow {args:?} failed: {}{}", out.stdout, out.stderr);
        out
    }

    fn vault(&self) -> Vault {
        let vault = Vault::encrypted_file(&self.data().join("vault.enc"));
        vault.unlock(&Secret::new(PASSPHRASE)).unwrap();
        vault
    }

    /// Every file under the data directory that contains `needle` as bytes.
    fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        let mut hits = Vec::new();
        let mut stack = vec![self.data()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if std::fs::read(&path).unwrap().windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    hits.push(path);
                }
            }
        }
        hits
    }
}

#[test]
fn integrations_are_managed_from_the_terminal_with_secrets_from_standard_input() {
    let env = Env::new();
    let status = env.ok(&["vault", "status", "--json"], None).json();
    assert_eq!((status["kind"].as_str(), status["chosenBy"].as_str()), (Some("encrypted-file"), Some("environment")));
    let text = env.ok(&["vault", "status"], None).stdout;
    assert!(text.starts_with("Secrets are kept in the encrypted file") && text.contains("chosen by NEUROFLOW_VAULT"));

    // A secret is never an argument.
    let refused = env.run(&["integration", "create", "webhook", "CRM hook", "--secret", KEY], None);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("unexpected argument"), "{}", refused.stderr);

    let create = ["integration", "create", "webhook", "CRM hook", "--set", "url=http://127.0.0.1:9/in", "--secret"];
    let created = env.ok(&[&create[..], &["--json"]].concat(), Some(&format!("{KEY}\n"))).json();
    assert_eq!(created["hasSecret"], true);
    assert!(!created.to_string().contains(KEY));
    let id = created["id"].as_str().unwrap().to_string();
    let org: OrgId = created["organizationId"].as_str().unwrap().parse().unwrap();
    let entry = SecretKey::new(org, format!("integration/{id}"));
    assert_eq!(env.vault().get(&entry).unwrap().unwrap().expose(), KEY, "the secret is in the vault");

    let bad = env.run(&["integration", "create", "smtp", "Mail", "--set", "from=a@b.c"], None);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("config.host: is required"), "{}", bad.stderr);
    let empty =
        env.run(&["integration", "create", "webhook", "Empty", "--set", "url=http://x.test", "--secret"], Some(""));
    assert_eq!(empty.code, 2);
    assert!(empty.stderr.contains("nothing was entered"), "{}", empty.stderr);

    let shown = env.ok(&["integration", "show", "crm hook"], None).stdout;
    assert!(
        shown.contains("secret       saved (hidden)") && shown.contains("url          http://127.0.0.1:9/in"),
        "{shown}"
    );
    let listed = env.ok(&["integration", "list", "--json"], None).json();
    assert_eq!(listed["total"], 1);

    // Nothing answers on port 9: the test fails in plain words, and the record says so.
    let tested = env.run(&["integration", "test", "CRM hook", "--json"], None);
    assert_eq!(tested.code, 1, "{}", tested.stdout);
    let tested = tested.json();
    assert_eq!((tested["ok"].as_bool(), tested["integration"]["status"].as_str()), (Some(false), Some("ERROR")));
    assert!(
        tested["message"].as_str().unwrap().starts_with("could not reach the webhook receiver: could not connect ("),
        "{tested}"
    );

    let new_key = "crm-signing-key-rotated-2";
    env.ok(&["integration", "update", "CRM hook", "--name", "CRM", "--active", "false", "--secret"], Some(new_key));
    assert_eq!(env.vault().get(&entry).unwrap().unwrap().expose(), new_key, "the secret was replaced");
    let shown = env.ok(&["integration", "show", "CRM", "--json"], None).json();
    assert_eq!((shown["isActive"].as_bool(), shown["status"].as_str()), (Some(false), Some("DISCONNECTED")));

    assert!(env.files_containing(KEY).is_empty() && env.files_containing(new_key).is_empty());
    env.ok(&["integration", "delete", "CRM", "--yes"], None);
    assert_eq!(env.vault().get(&entry).unwrap(), None, "deleting removes the secret");
    let gone = env.run(&["integration", "show", "CRM"], None);
    assert_eq!(gone.code, 2);
    assert!(gone.stderr.contains("no integration has the id or name 'CRM'"));
}
