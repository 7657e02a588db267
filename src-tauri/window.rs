//! The main window's life on the desktop: closing it keeps the app in the tray (schedules and
//! webhooks go on; a setting, on by default, and the first time says so once), and anything that
//! asks for the app — the tray, a second launch, a click on a notification — brings it back.
//!
//! The window has `"dragDropEnabled": false` in tauri.conf.json: with the OS file-drop handler on,
//! WebKitGTK hands every drag to it and the editor's palette (HTML5 drag and drop) gets none.

use crate::notify;
use neuroflow_app::desktop::DesktopPrefs;
use std::sync::Arc;
use tauri::{Manager, Runtime, Window, WindowEvent};

/// The label of the app's one window (tauri.conf.json).
pub const MAIN: &str = "main";

/// Shows the main window, un-minimized and focused.
pub fn reveal<R: Runtime, M: Manager<R>>(app: &M) {
    let Some(window) = app.get_webview_window(MAIN) else {
        tracing::warn!("the main window is gone; nothing to show");
        return;
    };
    for (what, result) in [("show", window.show()), ("unminimize", window.unminimize()), ("focus", window.set_focus())]
    {
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not {what} the window");
        }
    }
}

/// Whether the tray icon is there to bring the window back (it may be missing where the desktop
/// has no tray and the indicator library is absent).
pub struct TrayPresent;

/// Keeps the app running in the tray when the main window is closed, if the user wants that and a
/// tray icon exists; otherwise the window closes and, being the last one, ends the app.
pub fn on_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else { return };
    if window.label() != MAIN {
        return;
    }
    let app = window.app_handle();
    let Some(prefs) = app.try_state::<Arc<DesktopPrefs>>() else { return };
    if !prefs.get().close_to_tray || app.try_state::<TrayPresent>().is_none() {
        tracing::info!("the window was closed: quitting");
        return;
    }
    api.prevent_close();
    if let Err(e) = window.hide() {
        tracing::warn!(error = %e, "could not hide the window");
    }
    tracing::info!("the window was closed: NeuroFlow Hub keeps running in the tray");
    if !prefs.get().close_notice_shown {
        match prefs.update(|s| s.close_notice_shown = true) {
            Ok(_) => notify::show(
                app,
                "NeuroFlow Hub is still running",
                "Schedules and webhooks keep working. Open the app or quit it from its tray icon; \
                 Settings › Desktop changes what closing the window does.",
            ),
            Err(e) => tracing::warn!(error = %e, "could not remember that the tray notice was shown"),
        }
    }
}
