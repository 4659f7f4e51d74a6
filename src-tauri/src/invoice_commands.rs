//! IPC commands for the invoice page's Chasing section.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::chasing::ACTOR_WINDOW;
use settle_engine::{
    ChangePreviewView, ChangeReceipt, InvoiceChasingView, StepInput, PREVIEW_DAYS,
};
use tauri::State;

use crate::commands::{ipc, Reply};
use crate::state::AppState;

#[tauri::command]
pub async fn invoice_chasing(
    state: State<'_, AppState>,
    invoice_id: i64,
) -> Reply<InvoiceChasingView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.invoice_chasing(invoice_id).await.map_err(ipc)
}

#[tauri::command]
pub async fn set_invoice_chasing(
    state: State<'_, AppState>,
    invoice_id: i64,
    chasing: bool,
) -> Reply<ChangeReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .set_invoice_chasing(invoice_id, chasing, ACTOR_WINDOW)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn set_invoice_steps(
    state: State<'_, AppState>,
    invoice_id: i64,
    steps: Vec<StepInput>,
) -> Reply<InvoiceChasingView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .set_invoice_steps(invoice_id, &steps)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn apply_cadence_to_invoice(
    state: State<'_, AppState>,
    invoice_id: i64,
    name: String,
) -> Reply<InvoiceChasingView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .apply_cadence_to_invoice(invoice_id, &name)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn set_invoice_recipients(
    state: State<'_, AppState>,
    invoice_id: i64,
    recipients: String,
) -> Reply<InvoiceChasingView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .set_invoice_recipients(invoice_id, &recipients)
        .await
        .map_err(ipc)
}

/// What the next `days` (90 unless given) of this invoice would look like with `steps` as its own
/// schedule. Saves nothing: shown before "Save steps".
#[tauri::command]
pub async fn preview_invoice_steps(
    state: State<'_, AppState>,
    invoice_id: i64,
    steps: Vec<StepInput>,
    days: Option<u32>,
) -> Reply<ChangePreviewView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .preview_invoice_steps(invoice_id, &steps, days.unwrap_or(PREVIEW_DAYS))
        .await
        .map_err(ipc)
}
