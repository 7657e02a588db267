//! The tray icon, where the app lives while its window is closed: open the window, today's runs and
//! failures, pause or resume every trigger, quit.
//!
//! The menu follows what happens instead of polling: a run starting or ending here, a change any
//! other process reports through the change feed (the CLI's runs count too), a pause from Settings,
//! and midnight (UTC, as the dashboard counts) — each refreshes it, a burst only once. Idle, the
//! task sleeps until one of those wakes it.

use crate::window::{self, TrayPresent};
use neuroflow_app::triggers::TriggerHost;
use neuroflow_app::{Hub, TodayCounts};
use neuroflow_types::{ChangeModel, RunEvent};
use std::sync::Arc;
use std::time::Duration;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};
use tokio::sync::broadcast::error::RecvError;

const OPEN: &str = "open";
const TODAY: &str = "today";
const PAUSE: &str = "pause";
const QUIT: &str = "quit";

/// How long a burst of changes may go on before the menu is refreshed once for all of it.
const SETTLE: Duration = Duration::from_millis(300);

/// The menu items that change.
struct TrayItems {
    today: MenuItem<Wry>,
    pause: MenuItem<Wry>,
}

/// The today line: "Today: no runs yet", "Today: 1 run, none failed", "Today: 12 runs, 2 failed".
pub fn today_text(counts: Option<TodayCounts>) -> String {
    match counts {
        None => "Today: counting runs…".into(),
        Some(TodayCounts { runs: 0, .. }) => "Today: no runs yet".into(),
        Some(TodayCounts { runs, failed }) => {
            let runs_text = if runs == 1 { "1 run".to_string() } else { format!("{runs} runs") };
            let failed_text = if failed == 0 { "none failed".to_string() } else { format!("{failed} failed") };
            format!("Today: {runs_text}, {failed_text}")
        }
    }
}

/// The pause item says what choosing it does.
pub fn pause_text(paused: bool) -> &'static str {
    if paused { "Resume all triggers" } else { "Pause all triggers" }
}

/// Puts the icon in the tray and starts following the counts. Fails where the desktop offers no
/// tray (the caller then lets closing the window quit the app).
pub fn install(app: &AppHandle, hub: Hub, triggers: Arc<TriggerHost>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, OPEN, "Open NeuroFlow Hub", true, None::<&str>)?;
    let today = MenuItem::with_id(app, TODAY, today_text(None), false, None::<&str>)?;
    let pause = MenuItem::with_id(app, PAUSE, pause_text(triggers.paused()), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit NeuroFlow Hub", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[&open, &PredefinedMenuItem::separator(app)?, &today, &pause, &PredefinedMenuItem::separator(app)?, &quit],
    )?;
    let mut icon = TrayIconBuilder::with_id("main").tooltip("NeuroFlow Hub").menu(&menu).on_menu_event({
        let triggers = Arc::clone(&triggers);
        move |app, event| on_menu(app, &event, &triggers)
    });
    if let Some(image) = app.default_window_icon() {
        icon = icon.icon(image.clone());
    }
    icon.build(app)?;
    app.manage(TrayItems { today, pause });
    app.manage(TrayPresent);
    tauri::async_runtime::spawn(follow(app.clone(), hub, triggers));
    Ok(())
}

fn on_menu(app: &AppHandle, event: &MenuEvent, triggers: &TriggerHost) {
    match event.id().as_ref() {
        OPEN => window::reveal(app),
        PAUSE => {
            let paused = !triggers.paused();
            if let Err(e) = triggers.set_paused(paused) {
                tracing::warn!(error = %e, "could not change the pause from the tray");
                crate::notify::show(app, "Triggers were not paused", &e.message);
            }
        }
        QUIT => {
            tracing::info!("quit from the tray");
            app.exit(0);
        }
        _ => {}
    }
}

/// Keeps the menu true until the app ends.
async fn follow(app: AppHandle, hub: Hub, triggers: Arc<TriggerHost>) {
    let mut runs = hub.subscribe();
    let mut changes = hub.subscribe_changes();
    let mut served = triggers.subscribe();
    loop {
        refresh(&app, &hub, &triggers).await;
        let midnight = until_midnight_utc();
        let closed = tokio::select! {
            event = runs.recv() => match event {
                Ok(RunEvent::ExecutionStarted { .. } | RunEvent::ExecutionFinished { .. }) | Err(RecvError::Lagged(_)) => false,
                Ok(_) => continue,
                Err(RecvError::Closed) => true,
            },
            batch = changes.recv() => match batch {
                Ok(batch) if batch.org.is_none() || batch.touches(ChangeModel::Execution) => false,
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => false,
                Err(RecvError::Closed) => true,
            },
            state = served.recv() => matches!(state, Err(RecvError::Closed)),
            () = tokio::time::sleep(midnight) => false,
        };
        if closed {
            break;
        }
        // Let a burst (a run's start and end, twenty schedules at once) settle, then refresh once.
        tokio::time::sleep(SETTLE).await;
        while runs.try_recv().is_ok() || changes.try_recv().is_ok() || served.try_recv().is_ok() {}
    }
}

async fn refresh(app: &AppHandle, hub: &Hub, triggers: &TriggerHost) {
    let Some(items) = app.try_state::<TrayItems>() else { return };
    let counts = match hub.today_everywhere().await {
        Ok(counts) => Some(counts),
        Err(e) => {
            tracing::warn!(error = %e, "could not count today's runs for the tray");
            None
        }
    };
    for (what, result) in [
        ("today", items.today.set_text(today_text(counts))),
        ("pause", items.pause.set_text(pause_text(triggers.paused()))),
    ] {
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not update the tray's {what} item");
        }
    }
}

/// How long until the next midnight, UTC (a second past it, so the new day has begun).
fn until_midnight_utc() -> Duration {
    let now = neuroflow_types::now();
    let tomorrow = (now.date_naive() + chrono::Days::new(1)).and_hms_opt(0, 0, 1).map(|t| t.and_utc());
    tomorrow.and_then(|t| (t - now).to_std().ok()).unwrap_or(Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_says_counts_in_words() {
        assert_eq!(today_text(None), "Today: counting runs…");
        assert_eq!(today_text(Some(TodayCounts { runs: 0, failed: 0 })), "Today: no runs yet");
        assert_eq!(today_text(Some(TodayCounts { runs: 1, failed: 0 })), "Today: 1 run, none failed");
        assert_eq!(today_text(Some(TodayCounts { runs: 12, failed: 2 })), "Today: 12 runs, 2 failed");
        assert_eq!(pause_text(false), "Pause all triggers");
        assert_eq!(pause_text(true), "Resume all triggers");
    }

    #[test]
    fn midnight_is_at_most_a_day_away() {
        let wait = until_midnight_utc();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(86_401), "{wait:?}");
    }
}
