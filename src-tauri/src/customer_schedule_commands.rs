//! IPC commands for the customer page's "Customer reminders" card: a customer-level schedule
//! (one message listing all open invoices, keyed to the oldest overdue invoice).
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::{
    CustomerScheduleReceipt, CustomerScheduleView, ErrorCode, StatementInput, StepInput,
};
use tauri::State;

use crate::commands::{ipc, Reply};
use crate::state::AppState;

/// The customer's schedule with its current loop, or `null` when it has none.
#[tauri::command]
pub async fn customer_schedule(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Reply<Option<CustomerScheduleView>> {
    let engine = state.engine().await.map_err(ipc)?;
    match engine.customer_schedule(&customer_id.to_string()).await {
        Ok(view) => Ok(Some(view)),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(ipc(e)),
    }
}

/// Puts the customer on a customer-level schedule of `steps` (or replaces its steps), applied now.
#[tauri::command]
pub async fn set_customer_schedule(
    state: State<'_, AppState>,
    customer_id: i64,
    steps: Vec<StepInput>,
) -> Reply<CustomerScheduleReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .set_customer_schedule(&customer_id.to_string(), &steps)
        .await
        .map_err(ipc)
}

/// Takes the customer off its customer-level schedule, withdrawing its waiting reminders.
#[tauri::command]
pub async fn clear_customer_schedule(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Reply<CustomerScheduleReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .clear_customer_schedule(&customer_id.to_string())
        .await
        .map_err(ipc)
}

/// Sets the customer's monthly statement, or with `null` turns it off.
#[tauri::command]
pub async fn set_customer_statement(
    state: State<'_, AppState>,
    customer_id: i64,
    statement: Option<StatementInput>,
) -> Reply<CustomerScheduleReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .set_customer_statement(&customer_id.to_string(), statement.as_ref())
        .await
        .map_err(ipc)
}
