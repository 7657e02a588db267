//! The desktop shell of NeuroFlow Hub: the only crate that knows Tauri exists.
//!
//! It owns the window, the app's state (one [`neuroflow_app::Hub`]), logging to a rotating file, and
//! a list of commands, each a few lines that call the hub. The TypeScript bindings the UI uses are
//! generated from these commands by tauri-specta (see [`bindings`]); a test fails when the committed
//! bindings drift from the code.

mod commands;
mod events;
pub mod logging;
mod settings;

use neuroflow_app::triggers::TriggerHost;
use neuroflow_app::{Hub, paths};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tauri::Manager;

pub use commands::bindings;

/// Starts the desktop app.
pub fn run() {
    let builder = bindings::builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = paths::data_dir(data_dir_argument());
            let log_dir = logging::log_dir(app.handle(), &data_dir);
            let guard = logging::init(&log_dir)?;
            tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %data_dir.display(), "NeuroFlow Hub starting");
            let hub = Hub::open_as(&data_dir, "desktop").map_err(|e| {
                tracing::error!(error = %e, "could not open the data directory");
                e
            })?;
            let triggers = Arc::new(TriggerHost::new(&data_dir));
            app.manage(Arc::clone(&triggers));
            app.manage(hub.clone());
            app.manage(settings::ShellInfo { data_dir, log_dir, _log_guard: guard });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(events::forward(handle, hub.clone(), Arc::clone(&triggers)));
            let pruner = hub.clone();
            // Old runs are pruned in the background, paced so runs never wait on it.
            tauri::async_runtime::spawn(async move {
                pruner.run_retention(Duration::from_secs(120), Duration::from_secs(3_600)).await
            });
            tauri::async_runtime::spawn(async move { triggers.run(hub).await });
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!(error = %e, "NeuroFlow Hub stopped with an error");
        eprintln!("NeuroFlow Hub could not run: {e}");
        std::process::exit(1);
    }
}

/// `--data-dir DIR` on the command line, if given (the environment variable is read by `paths`).
fn data_dir_argument() -> Option<PathBuf> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(value));
        }
    }
    None
}
