//! The tray icon and its menu, and the window living behind it: closing the window hides it
//! (Settle keeps sending from the tray; the first time, a notification says so and how to quit),
//! "Quit Settle" really quits. The icon's title and tooltip carry the waiting count (Linux's
//! appindicator has no badge), the menu's first line says it in words. Menu: approve and send all
//! (the owner chose it explicitly: approved with "send now", then a batch through the gate), open
//! approvals, sync now, pause/resume chasing — or "Reconnect Xero…" while Xero needs it — quit.
//! Owns: the labels and what each menu entry calls. Must not: hold rules (the engine decides).

use std::sync::{Mutex, PoisonError};

use settle_engine::{ChasingPauseView, Engine, Reconcile, SyncOptions, SyncProgress};
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Listener, Manager, Window, WindowEvent, Wry};

use crate::notices::{self, Notice};
use crate::state::AppState;
use crate::{pause_commands, sender, xero_commands};

/// The event asking the window to open a section (`"approvals"`, `"xero"`).
pub const OPEN_SECTION_EVENT: &str = "open-section";
/// Marks, in the data folder, that the owner was told about closing to the tray.
const TOLD_MARKER: &str = "tray-resident-told";

const APPROVE_ALL: &str = "approve-all";
const OPEN_APPROVALS: &str = "open-approvals";
const SYNC_NOW: &str = "sync-now";
const PAUSE: &str = "pause";
const QUIT: &str = "quit";

/// What the tray shows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TrayModel {
    pub waiting: u32,
    pub paused: bool,
    pub reconnect_needed: bool,
}

/// The menu's first line: "3 reminders waiting".
pub fn waiting_label(n: u32) -> String {
    match n {
        0 => "No reminders waiting".to_owned(),
        1 => "1 reminder waiting".to_owned(),
        n => format!("{n} reminders waiting"),
    }
}

pub fn approve_all_label(n: u32) -> String {
    format!("Approve and send all ({n})")
}

pub fn pause_label(model: &TrayModel) -> &'static str {
    match (model.paused, model.reconnect_needed) {
        (_, true) => "Reconnect Xero…",
        (true, false) => "Resume chasing",
        (false, false) => "Pause chasing",
    }
}

/// The icon's title and tooltip.
pub fn tray_title(model: &TrayModel) -> String {
    let mut title = format!("Settle — {}", waiting_label(model.waiting).to_lowercase());
    if model.reconnect_needed {
        title.push_str(" · Xero needs reconnecting");
    } else if model.paused {
        title.push_str(" · chasing paused");
    }
    title
}

/// The tray's menu entries and what they show (managed state).
pub struct Tray {
    model: Mutex<TrayModel>,
    headline: MenuItem<Wry>,
    approve_all: MenuItem<Wry>,
    pause: MenuItem<Wry>,
    icon: tauri::tray::TrayIcon<Wry>,
}

/// Creates the tray icon and its menu.
pub fn create(app: &AppHandle) -> tauri::Result<()> {
    let model = TrayModel::default();
    let headline = MenuItem::with_id(app, "headline", waiting_label(0), false, None::<&str>)?;
    let approve_all =
        MenuItem::with_id(app, APPROVE_ALL, approve_all_label(0), false, None::<&str>)?;
    let open = MenuItem::with_id(app, OPEN_APPROVALS, "Open approvals", true, None::<&str>)?;
    let sync = MenuItem::with_id(app, SYNC_NOW, "Sync now", true, None::<&str>)?;
    let pause = MenuItem::with_id(app, PAUSE, pause_label(&model), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit Settle", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(
        app,
        &[
            &headline,
            &approve_all,
            &open,
            &sync,
            &pause,
            &separator,
            &quit,
        ],
    )?;
    let icon = TrayIconBuilder::with_id("settle")
        .icon(tauri::include_image!("../icons/tray.png"))
        .tooltip(tray_title(&model))
        .title(tray_title(&model))
        .menu(&menu)
        .on_menu_event(on_menu)
        .build(app)?;
    app.manage(Tray {
        model: Mutex::new(model),
        headline,
        approve_all,
        pause,
        icon,
    });
    Ok(())
}

fn update(app: &AppHandle, change: impl FnOnce(&mut TrayModel)) {
    let Some(tray) = app.try_state::<Tray>() else {
        return;
    };
    let model = {
        let mut model = tray.model.lock().unwrap_or_else(PoisonError::into_inner);
        change(&mut model);
        model.clone()
    };
    let title = tray_title(&model);
    let result = tray
        .headline
        .set_text(waiting_label(model.waiting))
        .and(tray.approve_all.set_text(approve_all_label(model.waiting)))
        .and(tray.approve_all.set_enabled(model.waiting > 0))
        .and(tray.pause.set_text(pause_label(&model)))
        .and(tray.icon.set_tooltip(Some(&title)))
        .and(tray.icon.set_title(Some(&title)));
    if let Err(e) = result {
        tracing::warn!("could not update the tray: {e}");
    }
}

/// The waiting count changed.
pub fn set_waiting(app: &AppHandle, n: u32) {
    update(app, |m| m.waiting = n);
}

/// Chasing was paused or resumed; a pause because Xero needs reconnecting is notified once.
pub fn set_pause(app: &AppHandle, pause: Option<&ChasingPauseView>) {
    let reconnect = pause.is_some_and(|p| p.reconnect_needed);
    let mut newly_reconnect = false;
    update(app, |m| {
        newly_reconnect = reconnect && !m.reconnect_needed;
        m.paused = pause.is_some();
        m.reconnect_needed = reconnect;
    });
    if newly_reconnect {
        notices::show(app, Notice::ReconnectNeeded);
    }
}

/// Keeps the tray's pause entry in step with `chasing-pause-changed` (whoever paused or resumed),
/// starting from the stored pause.
pub fn follow_pause(app: &AppHandle) {
    let refresh = |app: AppHandle| {
        tauri::async_runtime::spawn(async move {
            let Ok(engine) = app.state::<AppState>().engine().await else {
                return;
            };
            match engine.chasing_pause().await {
                Ok(pause) => set_pause(&app, pause.as_ref()),
                Err(settle_engine::EngineError::NoOrganisation) => {}
                Err(e) => tracing::warn!("the tray could not read the chasing pause: {e}"),
            }
        });
    };
    let handle = app.clone();
    app.listen(pause_commands::CHASING_PAUSE_CHANGED_EVENT, move |_| {
        refresh(handle.clone())
    });
    refresh(app.clone());
}

/// Shows and focuses the window, on `section` when given.
pub fn show_window(app: &AppHandle, section: Option<&str>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if let Some(section) = section {
        if let Err(e) = app.emit(OPEN_SECTION_EVENT, section) {
            tracing::warn!("could not open {section}: {e}");
        }
    }
}

/// Closing the window hides it; the first time ever, the owner is told how to quit.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    api.prevent_close();
    let _ = window.hide();
    let app = window.app_handle();
    let Ok(dir) = crate::state::resolve_data_dir(app) else {
        return;
    };
    let marker = dir.join(TOLD_MARKER);
    if !marker.exists() {
        notices::show(app, Notice::KeepsRunning);
        if let Err(e) = std::fs::write(&marker, b"") {
            tracing::warn!("could not remember the tray note: {e}");
        }
    }
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    let app = app.clone();
    match event.id().as_ref() {
        OPEN_APPROVALS => show_window(&app, Some("approvals")),
        QUIT => app.exit(0),
        id => {
            let id = id.to_owned();
            tauri::async_runtime::spawn(async move {
                let engine = match app.state::<AppState>().engine().await {
                    Ok(engine) => engine,
                    Err(e) => {
                        tracing::warn!("the tray could not open the data: {e}");
                        return show_window(&app, None);
                    }
                };
                match id.as_str() {
                    APPROVE_ALL => approve_and_send_all(&app, &engine).await,
                    SYNC_NOW => sync_now(&app, &engine).await,
                    PAUSE => toggle_pause(&app, &engine).await,
                    _ => {}
                }
            });
        }
    }
}

/// Approves every waiting message to go now, then wakes the sender (which runs the gate first).
async fn approve_and_send_all(app: &AppHandle, engine: &Engine) {
    let result = async {
        let ids: Vec<i64> = engine
            .approvals()
            .await?
            .messages
            .iter()
            .map(|m| m.id)
            .collect();
        engine.approve(&ids, true).await
    }
    .await;
    match result {
        Ok(n) => tracing::info!(approved = n, "approved from the tray"),
        Err(e) => {
            tracing::warn!("approving from the tray failed: {e}");
            show_window(app, Some("approvals"));
        }
    }
    sender::poke(app);
}

async fn sync_now(app: &AppHandle, engine: &Engine) {
    let slot = app.state::<xero_commands::SyncSlot>();
    let Some((cancel, _running)) = slot.try_start() else {
        return; // a sync already runs
    };
    let emitter = app.clone();
    let progress = move |p: &SyncProgress| {
        let _ = emitter.emit(xero_commands::SYNC_PROGRESS_EVENT, p);
    };
    let options = SyncOptions {
        full: false,
        reconcile: Reconcile::Auto,
    };
    match xero_commands::run_sync(app, engine.clone(), options, cancel, progress).await {
        Ok(_) => {
            if let Err(e) = engine.plan_due(engine.now()).await {
                tracing::warn!("planning after the sync failed: {e}");
            }
            sender::poke(app);
        }
        Err(e) => {
            // Not connected, offline, or Xero wants a sign-in: the Xero section says what to do.
            tracing::warn!("the sync from the tray failed: {e}");
            show_window(app, Some("xero"));
        }
    }
}

async fn toggle_pause(app: &AppHandle, engine: &Engine) {
    let model = app
        .state::<Tray>()
        .model
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if model.reconnect_needed {
        // The pause banner on every page has the Reconnect button.
        return show_window(app, Some("approvals"));
    }
    let result = if model.paused {
        engine.resume_chasing().await
    } else {
        engine
            .pause_chasing("Paused from the tray")
            .await
            .map(|_| ())
    };
    match result {
        Ok(()) => {
            pause_commands::announce_current(app, engine).await;
            sender::poke(app);
        }
        Err(e) => {
            tracing::warn!("the tray could not pause or resume chasing: {e}");
            show_window(app, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_say_the_count_in_words() {
        assert_eq!(waiting_label(0), "No reminders waiting");
        assert_eq!(waiting_label(1), "1 reminder waiting");
        assert_eq!(waiting_label(3), "3 reminders waiting");
        assert_eq!(approve_all_label(3), "Approve and send all (3)");
        let model = TrayModel {
            waiting: 3,
            ..TrayModel::default()
        };
        assert_eq!(tray_title(&model), "Settle — 3 reminders waiting");
        assert_eq!(pause_label(&model), "Pause chasing");
    }

    #[test]
    fn a_pause_changes_the_toggle_and_the_title() {
        let paused = TrayModel {
            waiting: 1,
            paused: true,
            reconnect_needed: false,
        };
        assert_eq!(pause_label(&paused), "Resume chasing");
        assert_eq!(
            tray_title(&paused),
            "Settle — 1 reminder waiting · chasing paused"
        );
        let reconnect = TrayModel {
            reconnect_needed: true,
            ..paused
        };
        assert_eq!(pause_label(&reconnect), "Reconnect Xero…");
        assert_eq!(
            tray_title(&reconnect),
            "Settle — 1 reminder waiting · Xero needs reconnecting"
        );
    }
}
