//! IPC commands for connecting Xero from the window (bring-your-own Xero app: the owner pastes
//! its Client ID; a reconnect reuses the saved one). `begin_xero_connect` starts the loopback
//! listener and the sign-in, tries to open the system browser and returns the address to open; a
//! background task waits for Xero to send the browser back, completes the sign-in and emits
//! `xero-connected` (the `XeroSignInView`: connected at once when the sign-in reaches one
//! organisation or the one already connected, else the organisations to choose from; during
//! onboarding nothing is adopted yet) or `xero-connect-failed` (`{code, message}`). A reconnect
//! lifts the pause its lost sign-in caused and announces the pause. `cancel_xero_connect` stops
//! the wait. At most one connect is pending; a new one replaces it.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.
//!
//! Hosts and secrets are the sync's (settle-engine's `XeroSettings::from_env`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;
use settle_engine::{
    CancellationToken, EngineError, ErrorCode, IpcError, XeroSettings, XeroSignInView,
};
use settle_xero::ClientId;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::commands::{ipc, Reply};
use crate::pause_commands::announce_current;
use crate::state::AppState;

/// Sent with the `XeroSignInView` when a sign-in succeeds.
pub const XERO_CONNECTED_EVENT: &str = "xero-connected";
/// Sent with an `IpcError` when a connect fails (not when it is cancelled by a newer one).
pub const XERO_CONNECT_FAILED_EVENT: &str = "xero-connect-failed";

/// Set (to anything) to not open the browser: the window only shows the address (the e2e tests
/// play the browser themselves).
pub const NO_BROWSER_ENV: &str = "SETTLE_NO_BROWSER";

/// How long the window waits for the browser (as the CLI does).
const SIGN_IN_WAIT: Duration = Duration::from_secs(15 * 60);

/// The pending connect's cancellation token, if one waits (at most one at a time).
#[derive(Default)]
pub struct ConnectSlot {
    /// The pending connect's number (to tell it from a newer one) and token.
    pending: Mutex<Option<(u64, CancellationToken)>>,
    next: AtomicU64,
}

impl ConnectSlot {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(u64, CancellationToken)>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct XeroConnectStart {
    /// The address the owner opens (Settle tries to open it in the browser itself).
    pub authorize_url: String,
}

#[tauri::command]
pub async fn begin_xero_connect(
    app: AppHandle,
    state: State<'_, AppState>,
    slot: State<'_, ConnectSlot>,
    client_id: String,
    onboarding: bool,
) -> Reply<XeroConnectStart> {
    let client_id = ClientId::parse(&client_id)
        .map_err(EngineError::from)
        .map_err(ipc)?;
    let engine = state.engine().await.map_err(ipc)?;
    let settings = XeroSettings::from_env();
    let client = engine
        .xero_client(client_id, settings.endpoints(), settings.secret_store())
        .map_err(ipc)?;
    // A newer connect replaces a pending one (its listener is freed before this one binds).
    let previous = slot.lock().take();
    if let Some((_, previous)) = previous {
        previous.cancel();
        tokio::task::yield_now().await;
    }
    let pending = client
        .begin_sign_in()
        .await
        .map_err(EngineError::from)
        .map_err(ipc)?;
    let authorize_url = pending.authorize_url().to_owned();
    let cancel = CancellationToken::new();
    let number = slot.next.fetch_add(1, Ordering::Relaxed);
    *slot.lock() = Some((number, cancel.clone()));
    if std::env::var_os(NO_BROWSER_ENV).is_none() {
        if let Err(e) = open::that_detached(&authorize_url) {
            tracing::info!("could not open the browser (the window shows the address): {e}");
        }
    }
    tauri::async_runtime::spawn(async move {
        let outcome: Result<XeroSignInView, IpcError> = async {
            let code = tokio::time::timeout(SIGN_IN_WAIT, pending.wait_for_code(cancel.clone()))
                .await
                .map_err(|_| IpcError {
                    code: ErrorCode::Cancelled,
                    message: "No answer from Xero within 15 minutes. Connect again.".to_owned(),
                })?
                .map_err(EngineError::from)
                .map_err(ipc)?;
            if onboarding {
                // Nothing is adopted until the owner has chosen and confirmed.
                let organisations = engine.sign_in_xero(&client, code).await.map_err(ipc)?;
                return Ok(XeroSignInView {
                    client_id: client.config().client_id.as_str().to_owned(),
                    connection: None,
                    organisations,
                    pause: None,
                });
            }
            let view = engine
                .complete_xero_connection(&client, code)
                .await
                .map_err(ipc)?;
            announce_current(&app, &engine).await;
            Ok(view)
        }
        .await;
        // Free the slot unless a newer connect already took it.
        {
            let slot = app.state::<ConnectSlot>();
            let mut pending = slot.lock();
            if pending.as_ref().is_some_and(|(n, _)| *n == number) {
                *pending = None;
            }
        }
        let sent = match outcome {
            Ok(view) => app.emit(XERO_CONNECTED_EVENT, view),
            Err(_) if cancel.is_cancelled() => Ok(()),
            Err(error) => app.emit(XERO_CONNECT_FAILED_EVENT, error),
        };
        if let Err(e) = sent {
            tracing::warn!("could not tell the window how connecting to Xero ended: {e}");
        }
    });
    Ok(XeroConnectStart { authorize_url })
}

/// Stops waiting for the browser; `false` when no connect is pending.
#[tauri::command]
pub fn cancel_xero_connect(slot: State<'_, ConnectSlot>) -> bool {
    match slot.lock().take() {
        Some((_, cancel)) => {
            cancel.cancel();
            true
        }
        None => false,
    }
}
