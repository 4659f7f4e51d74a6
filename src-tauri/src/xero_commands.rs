//! IPC commands for Xero: the connection's status, "Sync now" (with live progress as the
//! `sync-progress` event) and cancelling it. Connecting is in xero_connect_commands.rs (and the
//! CLI's `settle connect xero`); onboarding in onboarding_commands.rs.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.
//!
//! Hosts and secrets are chosen exactly as the CLI chooses them (settle-engine's `XeroSettings`:
//! real Xero and the OS keychain unless `SETTLE_XERO_*` / `SETTLE_INSECURE_SECRETS_FILE` say
//! otherwise). One sync at a time: the slot here covers this process (so Cancel reaches the
//! running sync, whether the owner's or the daily one), the engine's lock file covers the CLI.

use std::sync::{Mutex, PoisonError};

use settle_engine::{
    CancellationToken, Engine, EngineError, ErrorCode, IpcError, Reconcile, SyncOptions,
    SyncProgress, SyncReport, XeroConnectionView, XeroSettings, SYNC_RUNNING,
};
use tauri::{AppHandle, Emitter, State};

use crate::commands::{ipc, Reply};
use crate::pause_commands::announce_current;
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

    /// Takes the slot, or `None` when a sync already runs in this process.
    pub fn try_start(&self) -> Option<(CancellationToken, Running<'_>)> {
        let mut running = self.lock();
        if running.is_some() {
            return None;
        }
        let cancel = CancellationToken::new();
        *running = Some(cancel.clone());
        Some((cancel, Running(self)))
    }
}

/// Frees the slot when the sync ends, however it ends.
pub struct Running<'a>(&'a SyncSlot);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *self.0.lock() = None;
    }
}

/// Runs one sync of the connected organisation on its own task (the window stays responsive),
/// with progress sent through `progress`. A sync that finds Xero needs reconnecting has paused
/// chasing (the engine did): that is announced. `cancel` stops it.
pub async fn run_sync(
    app: &AppHandle,
    engine: Engine,
    options: SyncOptions,
    cancel: CancellationToken,
    progress: impl Fn(&SyncProgress) + Send + Sync + 'static,
) -> Result<SyncReport, EngineError> {
    let task = tauri::async_runtime::spawn({
        let engine = engine.clone();
        async move {
            engine
                .sync_connected_xero(&XeroSettings::from_env(), options, &progress, &cancel)
                .await
        }
    });
    let result = task.await.unwrap_or_else(|e| {
        Err(EngineError::InvalidInput(format!(
            "The sync stopped unexpectedly: {e}"
        )))
    });
    if let Err(e) = &result {
        if e.code() == ErrorCode::XeroReconnectNeeded || e.code() == ErrorCode::XeroNotConnected {
            announce_current(app, &engine).await;
        }
    }
    result
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
    let Some((cancel, _running)) = slot.try_start() else {
        return Err(IpcError {
            code: ErrorCode::SyncRunning,
            message: SYNC_RUNNING.to_owned(),
        });
    };
    let options = SyncOptions {
        full,
        reconcile: Reconcile::Auto,
    };
    let emitter = app.clone();
    let progress = move |p: &SyncProgress| {
        if let Err(e) = emitter.emit(SYNC_PROGRESS_EVENT, p) {
            tracing::warn!("could not send sync progress: {e}");
        }
    };
    let report = run_sync(&app, engine.clone(), options, cancel, progress)
        .await
        .map_err(ipc)?;
    // New invoices get their cadence and next reminder now rather than at the next minute.
    if let Err(e) = engine.plan_due(engine.now()).await {
        tracing::warn!("planning after the sync failed: {e}");
    }
    Ok(report)
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
