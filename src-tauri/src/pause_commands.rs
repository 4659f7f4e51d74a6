//! IPC commands for the organisation's chasing pause: read it, pause, resume. Every change —
//! from these commands, a sync that found Xero needs reconnecting, a reconnect, onboarding —
//! is announced as the `chasing-pause-changed` event (the `ChasingPauseView`, or `null` when
//! chasing runs) so the banner, the tray and notifications follow it.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::{ChasingPauseView, Engine};
use tauri::{AppHandle, Emitter, State};

use crate::commands::{ipc, Reply};
use crate::state::AppState;

/// The event carrying the pause (`ChasingPauseView | null`) whenever it changes.
pub const CHASING_PAUSE_CHANGED_EVENT: &str = "chasing-pause-changed";

/// Announces `pause` as the current state of chasing.
pub fn announce(app: &AppHandle, pause: Option<&ChasingPauseView>) {
    if let Err(e) = app.emit(CHASING_PAUSE_CHANGED_EVENT, pause) {
        tracing::warn!("could not announce the chasing pause: {e}");
    }
}

/// Reads the pause again and announces it (after something that may have changed it).
pub async fn announce_current(app: &AppHandle, engine: &Engine) {
    match engine.chasing_pause().await {
        Ok(pause) => announce(app, pause.as_ref()),
        Err(e) => tracing::warn!("could not read the chasing pause: {e}"),
    }
}

#[tauri::command]
pub async fn chasing_pause(state: State<'_, AppState>) -> Reply<Option<ChasingPauseView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.chasing_pause().await.map_err(ipc)
}

#[tauri::command]
pub async fn pause_chasing(
    app: AppHandle,
    state: State<'_, AppState>,
    reason: String,
) -> Reply<ChasingPauseView> {
    let engine = state.engine().await.map_err(ipc)?;
    let pause = engine.pause_chasing(&reason).await.map_err(ipc)?;
    announce(&app, Some(&pause));
    Ok(pause)
}

#[tauri::command]
pub async fn resume_chasing(app: AppHandle, state: State<'_, AppState>) -> Reply<()> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.resume_chasing().await.map_err(ipc)?;
    announce(&app, None);
    Ok(())
}
