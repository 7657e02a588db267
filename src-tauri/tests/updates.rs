//! Updates against a real HTTP feed on 127.0.0.1 with a throwaway signing key: nothing is asked
//! until the user checks or turns checks on; a signed N+1 is downloaded, verified and installed
//! over the app's file; a bad signature, a tampered file, a signature for another version, a feed
//! without this platform and a cut download are each refused with a clear message, and the app's
//! file stays version N. (The real app restarting as N+1 is the e2e spec's part.)
//!
//! The app is Tauri's mock runtime with the real updater plugin, our commands through IPC and the
//! real `Updates`; only the file it installs into is a temporary copy instead of the test binary.

mod updates {
    pub mod feed;
}

use neuroflow_app::desktop::DesktopPrefs;
use neuroflow_hub::updates::Updates;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};
use updates::feed::{Feed, Key};

const RUNNING: &str = "1.0.0";
const NEXT: &str = "1.1.0";

/// The app at version 1.0.0, installing into `exe`, verifying with `key`, asking `endpoint`.
struct Running {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    updates: Arc<Updates>,
    prefs: Arc<DesktopPrefs>,
    exe: PathBuf,
    _dir: tempfile::TempDir,
}

fn start(key: &Key, endpoint: &str) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("neuroflow-hub");
    std::fs::write(&exe, elf(RUNNING)).unwrap();
    let updates = Arc::new(Updates::new(Some(key.public()), Some(endpoint.to_string())).installing_into(exe.clone()));
    let mut context = mock_context(noop_assets());
    // As in tauri.conf.json.
    context.config_mut().plugins.0.insert("updater".into(), json!({ "pubkey": "", "requireSignedVersion": true }));
    context.package_info_mut().version = RUNNING.parse().unwrap();
    let commands = neuroflow_hub::bindings::portable_builder::<MockRuntime>();
    let app = mock_builder().plugin(updates.plugin()).invoke_handler(commands.invoke_handler()).build(context).unwrap();
    let prefs = Arc::new(DesktopPrefs::open(dir.path()));
    app.manage(Arc::clone(&prefs));
    updates.attach(app.handle());
    app.manage(Arc::clone(&updates));
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    Running { _app: app, window, updates, prefs, exe, _dir: dir }
}

impl Running {
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }

    fn install(&self) -> Result<String, neuroflow_app::AppError> {
        tauri::async_runtime::block_on(self.updates.install())
    }

    fn installed(&self) -> Vec<u8> {
        std::fs::read(&self.exe).unwrap()
    }
}

/// An "executable" of `version`: ELF, as the installer requires of a raw AppImage.
fn elf(version: &str) -> Vec<u8> {
    let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bytes.extend_from_slice(format!(" NeuroFlow Hub {version} ").as_bytes());
    bytes.resize(4096, 0x5a);
    bytes
}

/// This computer's key in the manifest's `platforms`, e.g. `linux-x86_64`.
fn platform() -> String {
    tauri_plugin_updater::target().unwrap()
}

fn manifest(version: &str, platform: &str, signature: &str, url: &str) -> Value {
    json!({
        "version": version,
        "notes": "Faster editor; fixes.",
        "pub_date": "2026-11-30T10:00:00Z",
        "platforms": { platform: { "signature": signature, "url": url } }
    })
}

/// A feed offering `NEXT` as `file`, signed by `key` over `signed` for `signed_version`.
fn feed_offering(key: &Key, signed: &[u8], signed_version: &str, served: &[u8], path: &str) -> (Feed, String) {
    let feed = Feed::default();
    let base = feed.serve();
    feed.put("app", served);
    feed.set_manifest(manifest(NEXT, &platform(), &key.sign(signed, signed_version), &format!("{base}/{path}/app")));
    (feed, format!("{base}/feed.json"))
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(20), "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn nothing_is_asked_until_checks_are_turned_on_then_the_offer_is_found() {
    let key = Key::generate();
    let (feed, endpoint) = feed_offering(&key, &elf(NEXT), NEXT, &elf(NEXT), "files");
    let app = start(&key, &endpoint);
    let task = neuroflow_hub::updates::check_automatically(
        app.window.app_handle().clone(),
        Arc::clone(&app.updates),
        Arc::clone(&app.prefs),
    );
    tauri::async_runtime::spawn(task);
    std::thread::sleep(Duration::from_millis(800));
    assert!(feed.requests().is_empty(), "no request before the user asks: {:?}", feed.requests());
    assert_eq!(app.invoke("last_update_check", json!({})).unwrap(), Value::Null);

    let settings = app.invoke("set_update_checks", json!({ "on": true })).unwrap();
    assert_eq!(settings["updates"]["checkAutomatically"], true);
    wait_until("the automatic check found the offer", || app.updates.last_check().is_some());
    let last = app.invoke("last_update_check", json!({})).unwrap();
    assert_eq!(last["offer"]["version"], NEXT);
    assert_eq!(last["currentVersion"], RUNNING);
    assert_eq!(feed.requests(), ["/feed.json"], "a check reads the manifest only");
}

#[test]
fn a_signed_update_is_downloaded_verified_and_installed() {
    let key = Key::generate();
    let (feed, endpoint) = feed_offering(&key, &elf(NEXT), NEXT, &elf(NEXT), "files");
    let app = start(&key, &endpoint);
    let check = app.invoke("check_for_update", json!({})).unwrap();
    assert_eq!(check["offer"]["version"], NEXT, "{check}");
    assert_eq!(check["offer"]["notes"], "Faster editor; fixes.");
    assert_eq!(check["endpoint"], endpoint);
    assert_eq!(app.install().unwrap(), NEXT);
    assert_eq!(app.installed(), elf(NEXT), "the app's file is version N+1");
    assert_eq!(feed.requests(), ["/feed.json", "/files/app"]);
}

#[test]
fn a_feed_offering_nothing_newer_is_no_update() {
    let key = Key::generate();
    let feed = Feed::default();
    let base = feed.serve();
    feed.set_manifest(manifest(RUNNING, &platform(), &key.sign(&elf(RUNNING), RUNNING), &format!("{base}/files/app")));
    let app = start(&key, &format!("{base}/feed.json"));
    let check = app.invoke("check_for_update", json!({})).unwrap();
    assert_eq!(check["offer"], Value::Null);
    let err = app.install().unwrap_err();
    assert!(err.message.contains("no update to install"), "{}", err.message);
}

/// Checks, then tries to install: the check succeeds and the install is refused with a message
/// containing `expected`, the app's file untouched.
fn refused_on_install(
    signer: &Key,
    trusted: &Key,
    signed: &[u8],
    signed_version: &str,
    served: &[u8],
    path: &str,
    expected: &str,
) {
    let (_feed, endpoint) = feed_offering(signer, signed, signed_version, served, path);
    let app = start(trusted, &endpoint);
    let check = app.invoke("check_for_update", json!({})).unwrap();
    assert_eq!(check["offer"]["version"], NEXT);
    let err = app.install().unwrap_err();
    assert!(err.message.contains(expected), "{expected:?} not in {:?}", err.message);
    assert!(err.message.ends_with(&format!("version {RUNNING} keeps running")), "{}", err.message);
    assert_eq!(app.installed(), elf(RUNNING), "version N is intact");
}

#[test]
fn a_signature_by_another_key_is_refused() {
    let (stranger, ours) = (Key::generate(), Key::generate());
    refused_on_install(&stranger, &ours, &elf(NEXT), NEXT, &elf(NEXT), "files", "does not match its signature");
}

#[test]
fn a_tampered_file_is_refused() {
    let key = Key::generate();
    let mut tampered = elf(NEXT);
    tampered[100] ^= 1;
    refused_on_install(&key, &key, &elf(NEXT), NEXT, &tampered, "files", "may have been tampered with");
}

#[test]
fn an_older_signed_build_announced_as_newer_is_refused() {
    let key = Key::generate();
    refused_on_install(&key, &key, &elf("1.0.1"), "1.0.1", &elf("1.0.1"), "files", "signed for version 1.0.1");
}

#[test]
fn an_interrupted_download_installs_nothing() {
    let key = Key::generate();
    refused_on_install(&key, &key, &elf(NEXT), NEXT, &elf(NEXT), "cut", "was interrupted");
}

#[test]
fn a_feed_without_this_platform_is_refused_clearly() {
    let key = Key::generate();
    let feed = Feed::default();
    let base = feed.serve();
    feed.put("app", &elf(NEXT));
    let other = if platform() == "darwin-aarch64" { "windows-x86_64" } else { "darwin-aarch64" };
    feed.set_manifest(manifest(NEXT, other, &key.sign(&elf(NEXT), NEXT), &format!("{base}/files/app")));
    let app = start(&key, &format!("{base}/feed.json"));
    let err = app.invoke("check_for_update", json!({})).unwrap_err();
    assert_eq!(err["code"], "PROVIDER");
    let message = err["message"].as_str().unwrap();
    assert!(message.contains(&format!("no build for this computer ({}", platform())), "{message}");
    assert_eq!(app.installed(), elf(RUNNING));
    assert_eq!(feed.requests(), ["/feed.json"], "nothing downloaded");
}

#[test]
fn a_build_without_a_key_or_an_address_says_so() {
    let app = start(&Key::generate(), "http://127.0.0.1:9/feed.json");
    let handle = app.window.app_handle().clone();
    let keyless = Updates::new(None, Some("http://127.0.0.1:9/feed.json".into()));
    keyless.attach(&handle);
    let err = tauri::async_runtime::block_on(keyless.check(&app.prefs.get().updates)).unwrap_err();
    assert!(err.message.contains("without an update key"), "{}", err.message);
    let addressless = Updates::new(Some(Key::generate().public()), None);
    addressless.attach(&handle);
    let err = tauri::async_runtime::block_on(addressless.check(&Default::default())).unwrap_err();
    assert!(err.message.contains("no update address is set"), "{}", err.message);
    let bad = app.invoke("set_update_endpoint", json!({ "endpoint": "ftp://example.org/feed" })).unwrap_err();
    assert!(bad["message"].as_str().unwrap().contains("must start with https://"), "{bad}");
}
