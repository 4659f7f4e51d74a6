//! The IPC commands: each parses, calls settle-engine, and maps errors to `{code, message}`.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_core::demo::DemoSize;
use settle_engine::chasing::ACTOR_WINDOW;
use settle_engine::{
    AppStatus, ChangeReceipt, CustomerDetail, CustomerPage, CustomerQuery, EngineError, IpcError,
    OrganisationView,
};
use tauri::State;

use crate::state::AppState;

pub(crate) type Reply<T> = Result<T, IpcError>;

pub(crate) fn ipc(err: EngineError) -> IpcError {
    tracing::warn!(code = ?err.code(), "command failed: {err}");
    IpcError {
        code: err.code(),
        message: err.to_string(),
    }
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    state
        .engine()
        .await
        .map_err(ipc)?
        .status()
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn create_demo(state: State<'_, AppState>) -> Reply<OrganisationView> {
    let engine = state.engine().await.map_err(ipc)?;
    let org = engine.create_demo(DemoSize::DEMO).await.map_err(ipc)?;
    // Plan at once rather than at the next minute, so the overview opens with each customer's
    // next reminder (planning sends nothing: every due reminder waits for approval).
    if let Err(e) = engine.plan_due(engine.now()).await {
        tracing::warn!("planning the new demo failed: {e}");
    }
    Ok(org)
}

#[tauri::command]
pub async fn list_customers(
    state: State<'_, AppState>,
    query: CustomerQuery,
) -> Reply<CustomerPage> {
    state
        .engine()
        .await
        .map_err(ipc)?
        .customers(&query)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn set_customer_chasing(
    state: State<'_, AppState>,
    customer_id: i64,
    chasing: bool,
) -> Reply<ChangeReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .set_customer_chasing(customer_id, chasing, ACTOR_WINDOW)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn set_all_chasing(state: State<'_, AppState>, chasing: bool) -> Reply<ChangeReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .set_all_chasing(chasing, ACTOR_WINDOW)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn undo_change(state: State<'_, AppState>, audit_id: i64) -> Reply<ChangeReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .undo_change(audit_id, ACTOR_WINDOW)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn customer_detail(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Reply<CustomerDetail> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.customer_detail(customer_id).await.map_err(ipc)
}
