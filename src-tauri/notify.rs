//! System notifications, through tauri-plugin-notification (the desktop's own notification service:
//! D-Bus `org.freedesktop.Notifications` on Linux, Notification Center on macOS, toasts on Windows).
//! A notification that cannot be shown (no notification service, as on a bare X server) is logged
//! and otherwise ignored: nothing the app does depends on it.

use tauri::{Manager, Runtime};
use tauri_plugin_notification::Notification;

/// Shows a notification now.
pub fn show<R: Runtime, M: Manager<R>>(app: &M, title: &str, body: &str) {
    let Some(notification) = app.try_state::<Notification<R>>() else {
        tracing::warn!(title, "notifications are not available in this app");
        return;
    };
    if let Err(e) = notification.builder().title(title).body(body).show() {
        tracing::warn!(title, error = %e, "could not show a notification");
    }
}
