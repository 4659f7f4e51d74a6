//! IPC commands for Xero: the connection's status, "Sync now" (with live progress as the
//! `sync-progress` event) and cancelling it. Connecting is in xero_connect_commands.rs (and the
//! CLI's `settle connect xero`).
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.
//!
//! Hosts and secrets are chosen exactly as the CLI chooses them (settle-engine's `XeroSettings`:
//! real Xero and the OS keychain unless `SETTLE_XERO_*` / `SETTLE_INSECURE_SECRETS_FILE` say
//! otherwise).

use std::sync::{Mutex, PoisonError};

use settle_engine::{
    CancellationToken, ConnectedXero, ErrorCode, IpcError, Reconcile, SyncOptions, SyncProgress,
    SyncReport, XeroConnectionView, XeroSettings,
};
use tauri::{AppHandle, Emitter, State};

use crate::commands::{ipc, Reply};
use crate::state::AppState;

/// The event carrying a `SyncProgress` after every stored page.
pub const SYNC_PROGRESS_EVENT: &str = "sync-progress";

/// The running sync's cancellation token, if one runs (at most one at a time).
#[derive(Default)]
pub struct SyncSlot {
    running: Mutex<Option<CancellationToken>>,
}

impl SyncSlot {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<CancellationToken>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Frees the slot when the sync ends, however it ends.
struct Running<'a>(&'a SyncSlot);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *self.0.lock() = None;
    }
}

#[tauri::command]
pub async fn xero_status(state: State<'_, AppState>) -> Reply<Option<XeroConnectionView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.xero_connection().await.map_err(ipc)
}

#[tauri::command]
pub async fn sync_now(
    app: AppHandle,
    state: State<'_, AppState>,
    slot: State<'_, SyncSlot>,
    full: bool,
) -> Reply<SyncReport> {
    let engine = state.engine().await.map_err(ipc)?;
    let cancel = CancellationToken::new();
    {
        let mut running = slot.lock();
        if running.is_some() {
            return Err(IpcError {
                code: ErrorCode::InvalidInput,
                message: "A sync with Xero is already running. Wait for it to finish (or cancel \
                          it) before starting another."
                    .to_owned(),
            });
        }
        *running = Some(cancel.clone());
    }
    let _running = Running(slot.inner());
    let ConnectedXero { client, tenant, .. } = engine
        .connected_xero(&XeroSettings::from_env())
        .await
        .map_err(ipc)?;
    let options = SyncOptions {
        full,
        reconcile: Reconcile::Auto,
    };
    // On its own task: the sync takes as long as Xero does; the window stays responsive and
    // hears about each page through the event.
    let task = tauri::async_runtime::spawn(async move {
        let progress = move |p: &SyncProgress| {
            if let Err(e) = app.emit(SYNC_PROGRESS_EVENT, p) {
                tracing::warn!("could not send sync progress: {e}");
            }
        };
        let report = engine
            .sync_xero(&client, tenant, options, &progress, &cancel)
            .await?;
        // New invoices get their cadence and next reminder now rather than at the next minute.
        if let Err(e) = engine.plan_due(engine.now()).await {
            tracing::warn!("planning after the sync failed: {e}");
        }
        Ok(report)
    });
    let report = task.await.map_err(|e| IpcError {
        code: ErrorCode::Internal,
        message: format!("The sync stopped unexpectedly: {e}"),
    })?;
    report.map_err(ipc)
}

/// Asks the running sync to stop (what it stored so far stays); `false` when none runs.
#[tauri::command]
pub fn cancel_sync(slot: State<'_, SyncSlot>) -> bool {
    match slot.lock().as_ref() {
        Some(cancel) => {
            cancel.cancel();
            true
        }
        None => false,
    }
}
