//! IPC commands for the plan: the 90-day preview, missed reminders (downtime catch-up) and the
//! organisation's chasing settings.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::{
    ChasingSettings, MissedAction, MissedReceipt, MissedSelection, MissedView, PreviewFor,
    PreviewView, PREVIEW_DAYS,
};
use tauri::State;

use crate::commands::{ipc, Reply};
use crate::state::AppState;

/// The most occurrences one preview lists (the counts and the per-day totals cover them all).
const PREVIEW_LIST_LIMIT: usize = 2_000;

#[tauri::command]
pub async fn preview_plan(
    state: State<'_, AppState>,
    scope: PreviewFor,
    days: Option<u32>,
) -> Reply<PreviewView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .preview(
            days.unwrap_or(PREVIEW_DAYS),
            &(&scope).into(),
            Some(PREVIEW_LIST_LIMIT),
        )
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn missed_reminders(state: State<'_, AppState>) -> Reply<MissedView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.missed().await.map_err(ipc)
}

#[tauri::command]
pub async fn resolve_missed(
    state: State<'_, AppState>,
    selection: MissedSelection,
    action: MissedAction,
) -> Reply<MissedReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .resolve_missed(&selection, &action)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn chasing_settings(state: State<'_, AppState>) -> Reply<ChasingSettings> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.chasing_settings().await.map_err(ipc)
}

#[tauri::command]
pub async fn set_hold_until_expected_payment(
    state: State<'_, AppState>,
    hold: bool,
) -> Reply<ChasingSettings> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .set_hold_until_expected_payment(hold)
        .await
        .map_err(ipc)?;
    engine.chasing_settings().await.map_err(ipc)
}
