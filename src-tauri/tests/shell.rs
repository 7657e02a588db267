//! The desktop shell, headless: the generated bindings match the committed ones, and commands answer
//! through Tauri's IPC (a mock runtime, the real hub and real SQLite files).

use neuroflow_hub::bindings;
use std::path::Path;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bindings_match_the_committed_file() {
    let committed_path = repo_root().join(bindings::BINDINGS_PATH);
    if std::env::var_os("NEUROFLOW_UPDATE_BINDINGS").is_some() {
        bindings::export(&committed_path).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh_path = dir.path().join("bindings.ts");
    bindings::export(&fresh_path).unwrap();
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        fresh == committed,
        "ui/src/bindings.ts is out of date with the Rust commands; regenerate it with\n  \
         NEUROFLOW_UPDATE_BINDINGS=1 cargo test --test shell bindings\nand commit the result"
    );
    assert!(fresh.contains("listWorkflows: (org: OrgId"), "the bindings list the commands");
}

mod ipc {
    //! Commands through Tauri's IPC layer: argument names as the bindings send them, results and
    //! errors as the UI receives them.

    use neuroflow_app::Hub;
    use serde_json::{Value, json};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
    use tauri::webview::InvokeRequest;
    use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

    fn app(data: &std::path::Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
        let builder = neuroflow_hub::bindings::portable_builder::<MockRuntime>();
        let app = mock_builder().invoke_handler(builder.invoke_handler()).build(mock_context(noop_assets())).unwrap();
        app.manage(Hub::open(data).unwrap());
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        (app, window)
    }

    fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    #[test]
    fn commands_answer_over_ipc_and_errors_cross_as_code_and_message() {
        let dir = tempfile::tempdir().unwrap();
        let (_app, window) = app(dir.path());

        let org = invoke(&window, "create_org", json!({ "name": "Acme Realty" })).unwrap();
        assert_eq!(org["name"], "Acme Realty");
        let org_id = org["id"].as_str().unwrap().to_string();

        let fixture =
            std::fs::read_to_string(super::repo_root().join("tests/fixtures/workflows/new-lead-follow-up.json"))
                .unwrap();
        let saved = invoke(&window, "import_workflow_text", json!({ "org": org_id, "text": fixture })).unwrap();
        assert_eq!(saved["workflow"]["nodes"].as_array().unwrap().len(), 5);

        let page = invoke(&window, "list_workflows", json!({ "org": org_id, "filter": { "search": "lead" } })).unwrap();
        assert_eq!(page["total"], 1);
        assert_eq!(page["items"][0]["nodeCount"], 5, "records cross in camelCase");

        let err =
            invoke(&window, "import_workflow_text", json!({ "org": org_id, "text": "{\"format\": 1" })).unwrap_err();
        assert_eq!(err["code"], "INVALID_INPUT");
        assert!(err["message"].as_str().unwrap().contains("line 1, column 12"), "{err}");

        let missing =
            invoke(&window, "get_workflow", json!({ "org": org_id, "id": "01a20000-0000-7000-8000-000000000000" }))
                .unwrap_err();
        assert_eq!(missing["code"], "NOT_FOUND");

        let report = invoke(
            &window,
            "validate_document",
            json!({ "document": { "format": 1, "name": "x", "nodes": [], "edges": [] } }),
        )
        .unwrap();
        assert_eq!(report["errors"][0]["field"], "nodes");
    }
}
