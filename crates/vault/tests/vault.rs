//! The vault's stores, for real: Secret Service (GNOME Keyring on a private D-Bus session), the
//! kernel keyutils session keyring, and the encrypted file.
//!
//! A keychain test re-runs itself inside the environment it needs (`dbus-run-session` with an
//! unlocked keyring, or `keyctl session`), so `cargo test` works wherever the Debian packages of
//! dev.sh are installed, without touching the developer's own keyring.

use neuroflow_types::OrgId;
use neuroflow_vault::{Secret, SecretKey, StoreKind, Vault, VaultError};
use std::process::Command;

const INNER: &str = "NEUROFLOW_VAULT_TEST_INNER";

/// Whether this process is the re-run of `test` inside its environment.
fn inside(test: &str) -> bool {
    std::env::var(INNER).as_deref() == Ok(test)
}

/// Re-runs `test` (this binary, that test only) under `wrapper`, and asserts it passed.
fn rerun_under(wrapper: &[&str], test: &str) {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(wrapper[0]);
    cmd.args(&wrapper[1..]).arg(&exe).args(["--exact", test, "--nocapture", "--test-threads=1"]).env(INNER, test);
    let out = cmd.output().unwrap_or_else(|e| panic!("could not start {wrapper:?} (see ENVIRONMENT.md): {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{test} failed under {wrapper:?}:\n{text}");
    assert!(text.contains("1 passed"), "{test} did not run under {wrapper:?}:\n{text}");
}

/// Round trip through any store: put, get, replace, per-organization isolation, delete.
fn exercise(vault: &Vault) {
    let (acme, zen) = (OrgId::new(), OrgId::new());
    let key = SecretKey::new(acme, "integration/slack-1");
    let other = SecretKey::new(zen, "integration/slack-1");
    assert_eq!(vault.get(&key).unwrap(), None);
    vault.put(&key, &Secret::new("xoxb-first")).unwrap();
    vault.put(&other, &Secret::new("xoxb-zen")).unwrap();
    assert_eq!(vault.get(&key).unwrap().unwrap().expose(), "xoxb-first");
    vault.put(&key, &Secret::new("xoxb-second")).unwrap();
    assert_eq!(vault.get(&key).unwrap().unwrap().expose(), "xoxb-second", "a secret can be replaced");
    assert_eq!(vault.get(&other).unwrap().unwrap().expose(), "xoxb-zen", "organizations do not share entries");
    vault.delete(&key).unwrap();
    vault.delete(&key).unwrap();
    assert_eq!(vault.get(&key).unwrap(), None);
    vault.delete_org(zen, &["integration/slack-1".into()]).unwrap();
    assert_eq!(vault.get(&other).unwrap(), None);
}

#[test]
fn secret_service_stores_and_removes_secrets() {
    if inside("secret_service_stores_and_removes_secrets") {
        let vault = Vault::keychain();
        let status = vault.status();
        assert!(status.available, "{status:?}");
        assert_eq!(status.kind, StoreKind::Keychain);
        exercise(&vault);
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/keyring-session.sh");
    rerun_under(&["dbus-run-session", "--", script], "secret_service_stores_and_removes_secrets");
}

#[test]
fn the_kernel_keyring_stores_and_removes_secrets() {
    if inside("the_kernel_keyring_stores_and_removes_secrets") {
        let vault = Vault::kernel_keyring();
        assert!(vault.status().available, "{:?}", vault.status());
        exercise(&vault);
        return;
    }
    rerun_under(&["keyctl", "session", "-"], "the_kernel_keyring_stores_and_removes_secrets");
}

#[test]
fn without_a_session_bus_the_keychain_says_it_is_unavailable() {
    if inside("without_a_session_bus_the_keychain_says_it_is_unavailable") {
        let vault = Vault::keychain();
        let status = vault.status();
        assert!(!status.available);
        let reason = status.reason.unwrap();
        assert!(reason.to_lowercase().contains("dbus") || reason.contains("D-Bus"), "{reason}");
        let err = vault.put(&SecretKey::new(OrgId::new(), "x"), &Secret::new("s")).unwrap_err();
        assert!(matches!(err, VaultError::Unavailable { .. }), "{err}");
        assert!(err.to_string().starts_with("the system keychain (Secret Service) is not available"), "{err}");
        return;
    }
    rerun_under(
        &["env", "-u", "DBUS_SESSION_BUS_ADDRESS", "-u", "DISPLAY", "-u", "XDG_RUNTIME_DIR"],
        "without_a_session_bus_the_keychain_says_it_is_unavailable",
    );
}

#[test]
fn the_encrypted_file_round_trips_and_holds_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.enc");
    let vault = Vault::encrypted_file(&path);
    assert!(vault.status().locked);
    assert!(matches!(vault.get(&SecretKey::new(OrgId::new(), "x")), Err(VaultError::Locked)));
    assert!(matches!(vault.unlock(&Secret::new("short")), Err(VaultError::WeakPassphrase(8))));
    vault.unlock(&Secret::new("correct horse battery")).unwrap();
    exercise(&vault);

    let key = SecretKey::new(OrgId::new(), "provider/openai");
    vault.put(&key, &Secret::new("sk-RECOGNISABLE-SECRET-123")).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("RECOGNISABLE"), "the file holds no plaintext");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // A second opener (another process, say) with the right passphrase reads it.
    let again = Vault::encrypted_file(&path);
    again.unlock(&Secret::new("correct horse battery")).unwrap();
    assert_eq!(again.get(&key).unwrap().unwrap().expose(), "sk-RECOGNISABLE-SECRET-123");

    let wrong = Vault::encrypted_file(&path);
    let err = wrong.unlock(&Secret::new("correct horse battery staple")).unwrap_err();
    assert!(matches!(err, VaultError::WrongPassphrase));
    assert_eq!(err.to_string(), "the passphrase does not open the encrypted vault file");
}

#[test]
fn a_tampered_file_is_detected_not_decrypted_to_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault.enc");
    let vault = Vault::encrypted_file(&path);
    vault.unlock(&Secret::new("correct horse battery")).unwrap();
    let org = OrgId::new();
    let (a, b) = (SecretKey::new(org, "integration/a"), SecretKey::new(org, "integration/b"));
    vault.put(&a, &Secret::new("secret-a")).unwrap();
    vault.put(&b, &Secret::new("secret-b")).unwrap();

    let mut file: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let (ea, eb) = (a.entry(), b.entry());
    // 1. One flipped byte in an entry's ciphertext.
    let data = file["entries"][&ea]["data"].as_str().unwrap().to_string();
    let flipped = format!("{}{}", if data.starts_with('A') { 'B' } else { 'A' }, &data[1..]);
    let mut altered = file.clone();
    altered["entries"][&ea]["data"] = flipped.into();
    std::fs::write(&path, altered.to_string()).unwrap();
    let err = vault.get(&a).unwrap_err();
    assert!(matches!(err, VaultError::Tampered(ref what) if what.contains("integration/a")), "{err}");
    // 2. An entry moved under another name.
    let moved = file["entries"][&eb].clone();
    file["entries"][&ea] = moved;
    std::fs::write(&path, file.to_string()).unwrap();
    assert!(matches!(vault.get(&a), Err(VaultError::Tampered(_))), "the name is bound to the ciphertext");
    // 3. Not a vault file at all.
    std::fs::write(&path, "{\"hello\": 1}").unwrap();
    let err = vault.get(&a).unwrap_err();
    assert!(
        err.to_string().starts_with("the encrypted vault file is damaged or was tampered with (not a vault file"),
        "{err}"
    );
}
