//! IPC commands for the Conversation card: every message sent or attempted for an invoice or a
//! customer, on any channel, with its state and archived content. Thin: parse → engine → map.
//! Must not: change anything (the conversation is read-only history).
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::ConversationEntryView;
use tauri::State;

use crate::commands::{ipc, Reply};
use crate::state::AppState;

#[tauri::command]
pub async fn invoice_conversation(
    state: State<'_, AppState>,
    invoice_id: i64,
) -> Reply<Vec<ConversationEntryView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .conversation_for_invoice(invoice_id)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn customer_conversation(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Reply<Vec<ConversationEntryView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .conversation_for_customer(customer_id)
        .await
        .map_err(ipc)
}
