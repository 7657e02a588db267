//! An empty Tauri window: an empty page, no plugins, no app state — the floor any Tauri app's
//! memory stands on here. `./dev.sh bench-ui --desktop` measures it beside the app, because issue 16
//! allows the app at most 40 MB above an empty Tauri window when WebKit alone needs more than
//! 150 MB. It is built from this package, so it has the app's own Tauri, with the same features, and
//! its page comes through a custom protocol as the app's does, in a window of the app's size (a
//! window's drawing buffers, in this process and in WebKit's, grow with it: 4 MB each at 1280×800).

const PAGE: &[u8] = b"<!doctype html><title>Empty</title>";

fn main() {
    let mut context = tauri::generate_context!();
    // None of the app's windows (they would load its UI): one empty window of the same size, below.
    let size = context.config().app.windows.first().map_or((800.0, 600.0), |w| (w.width, w.height));
    context.config_mut().app.windows.clear();
    tauri::Builder::default()
        .register_uri_scheme_protocol("empty", |_, _| {
            tauri::http::Response::builder().header("content-type", "text/html").body(PAGE.to_vec()).unwrap_or_default()
        })
        .setup(move |app| {
            let page = tauri::WebviewUrl::CustomProtocol("empty://localhost/".parse()?);
            tauri::WebviewWindowBuilder::new(app, "main", page)
                .title("Empty Tauri window")
                .inner_size(size.0, size.1)
                .build()?;
            Ok(())
        })
        .run(context)
        .expect("the empty window runs");
}
