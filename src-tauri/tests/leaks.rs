//! The leak test. Integrations are created over IPC with recognisable secrets, kept in the real OS
//! keychain (GNOME Keyring over Secret Service on a private D-Bus session), used by workflows that
//! succeed and workflows that fail against local servers that echo credentials back, signed in to a
//! local Google, exported, moved to the encrypted file and deleted — with every log line at TRACE.
//! Then every file the app wrote (the SQLite database and its WAL, logs, exports, the vault choice
//! and the encrypted file) and every IPC response is searched for each secret: zero hits.

#[path = "leaks/fakes.rs"]
mod fakes;

use neuroflow_app::Hub;
use neuroflow_testkit::{Behavior, FakeLlm, Wire};
use neuroflow_types::OrgId;
use neuroflow_vault::{Secret, SecretKey, Vault};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

const INNER: &str = "NEUROFLOW_LEAK_TEST_INNER";
const SLACK_TOKEN: &str = fakes::SLACK_TOKEN;
const BEARER: &str = "LEAKCANARY-bearer-4d5e6f7a";
const BASIC_PASSWORD: &str = "LEAKCANARY-basic-8b9c0d1e";
const QUERY_KEY: &str = "LEAKCANARY-query-2f3a4b5c";
const WEBHOOK_KEY: &str = "LEAKCANARY-whsec-6d7e8f9a";
const SMTP_PASSWORD: &str = "LEAKCANARY-smtp-0b1c2d3e";
const CLIENT_SECRET: &str = fakes::CLIENT_SECRET;
const PASSPHRASE: &str = "LEAKCANARY-passphrase-4f5a";
const PROVIDER_KEY: &str = "sk-LEAKCANARY-openai-7e8f9a0b";

/// Every secret the test hands the app, or the app receives from Google.
const SECRETS: &[&str] = &[
    SLACK_TOKEN,
    BEARER,
    BASIC_PASSWORD,
    QUERY_KEY,
    WEBHOOK_KEY,
    SMTP_PASSWORD,
    CLIENT_SECRET,
    fakes::ACCESS_TOKEN,
    fakes::REFRESH_TOKEN,
    PASSPHRASE,
    PROVIDER_KEY,
];

struct Ipc {
    window: WebviewWindow<MockRuntime>,
    /// Every response body, successful or not.
    responses: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Ipc {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.window, &self.responses, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd} {args} failed: {e}"))
    }
}

fn call(
    window: &WebviewWindow<MockRuntime>,
    responses: &std::sync::Mutex<Vec<String>>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let outcome = get_ipc_response(window, request).map(|body| body.deserialize::<Value>().unwrap());
    let text = match &outcome {
        Ok(v) | Err(v) => v.to_string(),
    };
    responses.lock().unwrap().push(text);
    outcome
}

#[test]
fn secrets_appear_in_no_file_log_export_or_ipc_response() {
    if std::env::var(INNER).is_err() {
        return rerun_in_a_desktop_session();
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let logs = data.join("logs");
    let guard = neuroflow_hub::logging::init(&logs).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fake = rt.block_on(fakes::start());

    let builder = neuroflow_hub::bindings::portable_builder::<MockRuntime>();
    let app = mock_builder().invoke_handler(builder.invoke_handler()).build(mock_context(noop_assets())).unwrap();
    app.manage(Hub::open_as(&data, "desktop").unwrap());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let ipc = Ipc { window, responses: Default::default() };

    let vault = ipc.ok("vault_status", json!({}));
    assert_eq!((vault["kind"].as_str(), vault["available"].as_bool()), (Some("keychain"), Some(true)), "{vault}");
    let org = ipc.ok("create_org", json!({ "name": "Acme Realty" }))["id"].as_str().unwrap().to_string();
    let base = &fake.base;
    let create = |name: &str, provider: &str, config: Value, secret: Option<&str>| {
        let integration = json!({ "name": name, "provider": provider, "config": config });
        ipc.ok("create_integration", json!({ "org": org, "integration": integration, "secret": secret }))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let slack = create("Slack", "SLACK", json!({ "baseUrl": format!("{base}/slack") }), Some(SLACK_TOKEN));
    let bearer = create("API", "HTTP", json!({ "baseUrl": base, "auth": "bearer" }), Some(BEARER));
    let basic = create(
        "Basic API",
        "HTTP",
        json!({ "baseUrl": base, "auth": "basic", "username": "ada" }),
        Some(BASIC_PASSWORD),
    );
    let query =
        create("Query API", "HTTP", json!({ "baseUrl": base, "auth": "apiKeyQuery", "param": "key" }), Some("first"));
    let hook = create("Hook", "WEBHOOK", json!({ "url": format!("{base}/hook") }), Some(WEBHOOK_KEY));
    let smtp =
        create("Mail", "SMTP", json!({ "host": "127.0.0.1", "port": 9, "from": "a@acme.test" }), Some(SMTP_PASSWORD));
    let gmail = create("Gmail", "GMAIL", fakes::gmail_config(base), Some(CLIENT_SECRET));
    // A replaced secret, and a refused create that was handed one.
    ipc.ok("update_integration", json!({ "org": org, "id": query, "patch": {}, "secret": QUERY_KEY }));
    let bad = json!({ "name": "Bad", "provider": "SMTP", "config": { "port": "x" } });
    assert!(
        ipc.call("create_integration", json!({ "org": org, "integration": bad, "secret": SMTP_PASSWORD })).is_err()
    );

    // Sign in to the local Google: the "browser" follows the consent page's redirect.
    let url = ipc.ok("begin_sign_in", json!({ "org": org, "id": gmail, "openBrowser": false }));
    let finishing = {
        let (window, responses, org, gmail) = (ipc.window.clone(), ipc.responses.clone(), org.clone(), gmail.clone());
        std::thread::spawn(move || call(&window, &responses, "finish_sign_in", json!({ "org": org, "id": gmail })))
    };
    let page = rt.block_on(async { reqwest::get(url.as_str().unwrap()).await.unwrap().text().await.unwrap() });
    assert!(page.contains("Signed in"), "{page}");
    let signed_in = finishing.join().unwrap().unwrap();
    assert_eq!(signed_in["ok"], true, "{signed_in}");

    for id in [&slack, &bearer, &basic, &query, &hook, &smtp, &gmail] {
        ipc.ok("test_integration", json!({ "org": org, "id": id }));
    }
    ipc.ok("list_integrations", json!({ "org": org, "filter": {} }));

    let good = ipc.ok("import_workflow_text", json!({ "org": org, "text": fakes::good_workflow(&[&slack, &bearer, &basic, &query, &hook, &gmail]).to_string() }));
    let bad = ipc.ok(
        "import_workflow_text",
        json!({ "org": org, "text": fakes::failing_workflow(&bearer, &basic).to_string() }),
    );
    let good_run = run(&ipc, &org, good["workflow"]["id"].as_str().unwrap());
    assert_eq!(good_run["execution"]["status"], "COMPLETED", "{good_run}");
    let bad_run = run(&ipc, &org, bad["workflow"]["id"].as_str().unwrap());
    assert_eq!(bad_run["execution"]["status"], "FAILED", "{bad_run}");
    assert!(bad_run.to_string().contains("[redacted]"), "the echoed credential was scrubbed: {bad_run}");
    ipc.ok("list_executions", json!({ "org": org, "filter": {} }));

    // A model provider whose key an agent uses: one answer, and one refusal that echoes the key.
    let llm = rt.block_on(FakeLlm::start());
    llm.require_key(PROVIDER_KEY);
    llm.on(|_| true, vec![Behavior::text("The open house is on Saturday at ten.")]);
    llm.on(
        |seen| seen.last_user().contains("refuse"),
        vec![Behavior::status(401, format!("Incorrect API key provided: {PROVIDER_KEY}"))],
    );
    let provider = json!({ "id": "openai", "name": "OpenAI", "kind": "openai",
        "baseUrl": llm.base_url(Wire::OpenAi), "needsKey": true });
    ipc.ok("save_provider", json!({ "org": org, "provider": provider, "key": PROVIDER_KEY }));
    let agent = json!({ "name": "Ada", "modelConfig": { "provider": "openai", "model": "gpt-4o-mini" } });
    let agent = ipc.ok("create_agent", json!({ "org": org, "agent": agent }))["id"].as_str().unwrap().to_string();
    let ask = |prompt: &str| {
        let args = json!({ "org": org, "id": agent, "prompt": prompt, "forget": true, "onEvent": "__CHANNEL__:8" });
        ipc.ok("ask_agent", args)
    };
    let answered = ask("When is the open house?");
    assert_eq!(answered["status"], "COMPLETED", "{answered}");
    let refused = ask("Please refuse this");
    assert_eq!(refused["status"], "FAILED", "{refused}");
    assert!(refused["error"].as_str().unwrap().contains("[redacted]"), "the echoed key was scrubbed: {refused}");
    assert!(llm.seen().iter().all(|s| s.key.as_deref() == Some(PROVIDER_KEY)), "the provider saw its key");
    ipc.ok("list_providers", json!({ "org": org }));
    ipc.ok("list_agent_executions", json!({ "org": org, "filter": {} }));

    // The secrets were really used: each server saw its credential.
    let seen = fake.seen.lock().unwrap().join("\n");
    for secret in [SLACK_TOKEN, BEARER, QUERY_KEY, fakes::ACCESS_TOKEN] {
        assert!(seen.contains(secret), "the fake servers never saw {secret}");
    }
    assert!(seen.contains(&fakes::basic("ada", BASIC_PASSWORD)) && seen.contains("x-neuroflow-signature: sha256="));

    let exports = dir.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    for saved in [&good, &bad] {
        let id = saved["workflow"]["id"].as_str().unwrap();
        let text = ipc.ok("export_workflow_text", json!({ "org": org, "id": id }));
        std::fs::write(exports.join(format!("{id}.json")), text.as_str().unwrap()).unwrap();
    }

    // The workflow that uses every integration, published as a template, exported to a file and
    // deployed again from the library with the same integrations chosen: it still runs, and neither
    // the template, its file nor any answer holds a secret.
    let request = json!({ "category": "SALES", "difficulty": "BEGINNER", "tags": ["leads"] });
    let published =
        ipc.ok("publish_template", json!({ "org": org, "workflow": good["workflow"]["id"], "request": request }));
    let template = published["template"]["card"]["id"].as_str().unwrap().to_string();
    let text = ipc.ok("export_template_text", json!({ "org": org, "id": template }));
    std::fs::write(exports.join("template.json"), text.as_str().unwrap()).unwrap();
    let detail = ipc.ok("template_detail", json!({ "org": org, "id": template }));
    let file = &detail["template"]["file"];
    let keys: Vec<&str> =
        file["requires"]["integrations"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    let chosen: serde_json::Map<String, Value> = keys
        .iter()
        .zip([&slack, &bearer, &basic, &query, &hook, &gmail])
        .map(|(key, id)| (key.to_string(), json!(id)))
        .collect();
    let variables: serde_json::Map<String, Value> = file["requires"]["variables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap().to_string(), v["example"].clone()))
        .collect();
    let request = json!({ "integrations": chosen, "variables": variables });
    let deployed = ipc.ok("deploy_template", json!({ "org": org, "id": template, "request": request }));
    let redeployed = run(&ipc, &org, deployed["workflow"]["id"].as_str().unwrap());
    assert_eq!(redeployed["execution"]["status"], "COMPLETED", "{redeployed}");
    ipc.ok("search_templates", json!({ "org": org, "query": { "text": "connector" } }));

    // Moving to the encrypted file takes every secret out of the keychain.
    let org_id: OrgId = org.parse().unwrap();
    let keychain = Vault::keychain();
    let slack_key = SecretKey::new(org_id, format!("integration/{slack}"));
    assert_eq!(keychain.get(&slack_key).unwrap().unwrap().expose(), SLACK_TOKEN);
    let moved = ipc.ok("choose_vault", json!({ "kind": "encrypted-file", "passphrase": PASSPHRASE }));
    assert_eq!((moved["kind"].as_str(), moved["chosenBy"].as_str()), (Some("encrypted-file"), Some("settings")));
    assert_eq!(keychain.get(&slack_key).unwrap(), None, "moved out of the keychain");
    let file = Vault::encrypted_file(&data.join("vault.enc"));
    file.unlock(&Secret::new(PASSPHRASE)).unwrap();
    assert_eq!(file.get(&slack_key).unwrap().unwrap().expose(), SLACK_TOKEN, "moved into the file");
    assert_eq!(ipc.ok("test_integration", json!({ "org": org, "id": slack }))["ok"], true);

    // Every file, while the app still runs (the WAL is still there) and after it stopped (the logs
    // are flushed).
    let mut places = snapshot(dir.path());
    assert!(places.iter().any(|(p, _)| p.ends_with("org.sqlite-wal")), "the WAL is searched too");
    drop(app);
    drop(guard);
    places.extend(snapshot(dir.path()));
    let log = read_all(&logs);
    assert!(log.contains("authorization: [redacted]"), "requests are logged with their credentials redacted");
    for (i, response) in ipc.responses.lock().unwrap().iter().enumerate() {
        places.push((format!("IPC response #{i}"), response.clone().into_bytes()));
    }
    let mut needles: Vec<String> = SECRETS.iter().map(|s| s.to_string()).collect();
    needles.push(fakes::basic("ada", BASIC_PASSWORD));
    let mut leaks = Vec::new();
    for secret in &needles {
        for (place, bytes) in &places {
            if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                leaks.push(format!("{secret} in {place}"));
            }
        }
    }
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
}

/// Runs a workflow over IPC and waits for its record.
fn run(ipc: &Ipc, org: &str, workflow: &str) -> Value {
    let args = json!({ "org": org, "id": workflow, "input": { "name": "Ada" }, "triggerNode": null, "onEvent": "__CHANNEL__:7" });
    let id = ipc.ok("run_workflow", args);
    for _ in 0..200 {
        let detail = ipc.ok("get_execution", json!({ "org": org, "id": id }));
        if !matches!(detail["execution"]["status"].as_str(), Some("PENDING" | "RUNNING")) {
            return detail;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the run did not finish");
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() { stack.push(path) } else { out.push(path) }
        }
    }
    out
}

fn snapshot(root: &Path) -> Vec<(String, Vec<u8>)> {
    files(root).into_iter().filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?))).collect()
}

fn read_all(dir: &Path) -> String {
    files(dir).iter().map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect()
}

/// Runs this test again inside a D-Bus session with an unlocked GNOME Keyring (the OS keychain a
/// Linux desktop has), logging everything.
fn rerun_in_a_desktop_session() {
    let exe = std::env::current_exe().unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/keyring-session.sh");
    let out = std::process::Command::new("dbus-run-session")
        .args(["--", script])
        .arg(&exe)
        .args(["--exact", "secrets_appear_in_no_file_log_export_or_ipc_response", "--nocapture"])
        .env(INNER, "1")
        .env("NEUROFLOW_LOG", "trace")
        .output()
        .unwrap_or_else(|e| panic!("dbus-run-session is needed (see ENVIRONMENT.md): {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && text.contains("1 passed"), "the leak test failed:\n{text}");
}
