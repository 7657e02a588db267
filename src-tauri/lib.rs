//! The desktop shell of NeuroFlow Hub: the only crate that knows Tauri exists.
//!
//! It owns the window and its life on the desktop (one instance per data directory, the tray, close
//! to tray, start at login), the app's state (one [`neuroflow_app::Hub`]), logging to a rotating
//! file, and a list of commands, each a few lines that call the hub. The TypeScript bindings the UI
//! uses are generated from these commands by tauri-specta (see [`bindings`]); a test fails when the
//! committed bindings drift from the code.
//!
//! Nothing here reaches the network on its own: no telemetry, no ping at start, and no update check
//! unless the user asks for one or turns automatic checks on ([`updates`]).

mod alerts;
mod commands;
mod events;
mod instance;
pub mod logging;
mod notify;
mod settings;
mod tray;
pub mod updates;
mod webkit;
mod window;

use neuroflow_app::desktop::DesktopPrefs;
use neuroflow_app::triggers::TriggerHost;
use neuroflow_app::{Hub, paths};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tauri::Manager;

pub use commands::bindings;
pub use instance::instance_id;

/// Given by the login item: start in the tray, the window closed.
pub const BACKGROUND_ARG: &str = "--background";

/// Starts the desktop app.
pub fn run() {
    webkit::apply_defaults();
    let explicit_dir = data_dir_argument();
    let data_dir = paths::data_dir(explicit_dir.clone());
    let background = std::env::args_os().any(|a| a == BACKGROUND_ARG);
    let builder = bindings::builder();
    let updates = Arc::new(updates::Updates::from_build());
    let result = tauri::Builder::default()
        // First: a second instance hands over to the first and exits before anything else starts.
        .plugin(instance::plugin(&data_dir))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(updates.plugin())
        .plugin(tauri_plugin_autostart::Builder::new().app_name("NeuroFlow Hub").args(login_args(explicit_dir)).build())
        .invoke_handler(builder.invoke_handler())
        .on_window_event(window::on_event)
        .setup(move |app| {
            builder.mount_events(app);
            let log_dir = logging::log_dir(app.handle(), &data_dir);
            let guard = logging::init(&log_dir)?;
            tracing::info!(version = %app.package_info().version, data_dir = %data_dir.display(), background, "NeuroFlow Hub starting");
            let hub = Hub::open_as(&data_dir, "desktop").map_err(|e| {
                tracing::error!(error = %e, "could not open the data directory");
                e
            })?;
            let prefs = Arc::new(DesktopPrefs::open(&data_dir));
            let triggers = Arc::new(TriggerHost::new(Arc::clone(&prefs)));
            app.manage(Arc::clone(&prefs));
            updates.attach(app.handle());
            app.manage(Arc::clone(&updates));
            tauri::async_runtime::spawn(updates::check_automatically(app.handle().clone(), Arc::clone(&updates), Arc::clone(&prefs)));
            tauri::async_runtime::spawn(alerts::follow(app.handle().clone(), hub.clone(), prefs));
            app.manage(Arc::clone(&triggers));
            app.manage(hub.clone());
            app.manage(settings::ShellInfo { version: app.package_info().version.to_string(), data_dir: data_dir.clone(), log_dir, _log_guard: guard });
            if let Err(e) = tray::install(app.handle(), hub.clone(), Arc::clone(&triggers)) {
                tracing::warn!(error = %e, "no tray icon: closing the window will quit the app");
            }
            if !background || app.try_state::<window::TrayPresent>().is_none() {
                window::reveal(app);
            }
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(events::forward(handle, hub.clone(), Arc::clone(&triggers)));
            let pruner = hub.clone();
            // Old runs are pruned in the background, paced so runs never wait on it.
            tauri::async_runtime::spawn(async move {
                pruner.run_retention(Duration::from_secs(120), Duration::from_secs(3_600)).await
            });
            // Organizations connected to a workspace sync in the background for as long as the app runs.
            let sync = tauri::async_runtime::block_on(async { hub.start_sync_service() });
            app.manage(sync);
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

/// What the login item starts the app with: in the background, and with the data directory it was
/// given on the command line, if any (the environment variable is not seen at login).
fn login_args(explicit_dir: Option<PathBuf>) -> Vec<String> {
    let mut args = vec![BACKGROUND_ARG.to_string()];
    if let Some(dir) = explicit_dir.and_then(|d| std::path::absolute(d).ok()) {
        args.push(format!("--data-dir={}", dir.display()));
    }
    args
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
