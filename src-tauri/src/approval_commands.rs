//! IPC commands of the Approvals screen: what waits (rendered), the other messages by state (held,
//! failed, in doubt, approved), approve (at its hour or now), approve all, skip with a reason,
//! edit before sending, retry a failed message, settle one in doubt. Each change wakes the
//! background sender (sender.rs), which refreshes the tray and the window's count and runs a
//! batch through the engine's gate.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::{ApprovalsView, InDoubtChoice, MessageEdit, OutgoingMessageView};
use tauri::{AppHandle, State};

use crate::commands::{ipc, Reply};
use crate::sender;
use crate::state::AppState;

#[tauri::command]
pub async fn approvals(state: State<'_, AppState>) -> Reply<ApprovalsView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.approvals().await.map_err(ipc)
}

/// How many messages wait for approval (the app bar's badge; the tray shows the same number).
#[tauri::command]
pub async fn approval_count(state: State<'_, AppState>) -> Reply<u32> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.approval_count().await.map_err(ipc)
}

/// Messages with an item in `state` (`held`, `failed`, `in_doubt`, `approved`, …), rendered.
#[tauri::command]
pub async fn outgoing_messages(
    state: State<'_, AppState>,
    message_state: String,
) -> Reply<Vec<OutgoingMessageView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.messages(Some(&message_state)).await.map_err(ipc)
}

/// `send_now`: in the next batch even outside its scheduled hour (the owner's explicit choice).
#[tauri::command]
pub async fn approve_messages(
    app: AppHandle,
    state: State<'_, AppState>,
    ids: Vec<i64>,
    send_now: bool,
) -> Reply<u32> {
    let engine = state.engine().await.map_err(ipc)?;
    let approved = engine.approve(&ids, send_now).await.map_err(ipc)?;
    sender::poke(&app);
    Ok(approved)
}

/// Approves everything waiting, each to go at its scheduled hour.
#[tauri::command]
pub async fn approve_all(app: AppHandle, state: State<'_, AppState>) -> Reply<u32> {
    let engine = state.engine().await.map_err(ipc)?;
    let approved = engine.approve_all().await.map_err(ipc)?;
    sender::poke(&app);
    Ok(approved)
}

#[tauri::command]
pub async fn skip_messages(
    app: AppHandle,
    state: State<'_, AppState>,
    ids: Vec<i64>,
    reason: String,
) -> Reply<u32> {
    let engine = state.engine().await.map_err(ipc)?;
    let skipped = engine.skip(&ids, &reason).await.map_err(ipc)?;
    sender::poke(&app);
    Ok(skipped)
}

/// Refused (`invalid_input`, with what to correct) for a bad address or a template error.
#[tauri::command]
pub async fn edit_message(
    state: State<'_, AppState>,
    id: i64,
    edit: MessageEdit,
) -> Reply<OutgoingMessageView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.edit_message(id, edit).await.map_err(ipc)
}

#[tauri::command]
pub async fn retry_failed(app: AppHandle, state: State<'_, AppState>, ids: Vec<i64>) -> Reply<u32> {
    let engine = state.engine().await.map_err(ipc)?;
    let retried = engine.retry_failed(&ids).await.map_err(ipc)?;
    sender::poke(&app);
    Ok(retried)
}

/// Mark as sent, or send it again (a new Message-ID; it may arrive twice).
#[tauri::command]
pub async fn resolve_in_doubt(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    choice: InDoubtChoice,
) -> Reply<()> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.resolve_in_doubt(id, choice).await.map_err(ipc)?;
    sender::poke(&app);
    Ok(())
}
