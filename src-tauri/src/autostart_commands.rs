//! IPC commands for "Start Settle when I log in" (tauri-plugin-autostart, off by default). The
//! login entry starts Settle with `--in-tray` (LAUNCHED_IN_TRAY_ARG): no window, only the tray,
//! so sending resumes after a restart without anything popping up.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::{ErrorCode, IpcError};
use tauri::AppHandle;
use tauri_plugin_autostart::ManagerExt;

use crate::commands::Reply;

/// The argument the login entry passes: start hidden in the tray.
pub const LAUNCHED_IN_TRAY_ARG: &str = "--in-tray";

fn refused(e: impl std::fmt::Display) -> IpcError {
    tracing::warn!("autostart: {e}");
    IpcError {
        code: ErrorCode::Internal,
        message: format!(
            "Settle could not change whether it starts when you log in ({e}). Check that your \
             session's autostart folder is writable, then try again."
        ),
    }
}

#[tauri::command]
pub fn autostart_enabled(app: AppHandle) -> Reply<bool> {
    app.autolaunch().is_enabled().map_err(refused)
}

/// Turns starting at login on or off; returns the state now in force.
#[tauri::command]
pub fn set_autostart(app: AppHandle, enabled: bool) -> Reply<bool> {
    let launcher = app.autolaunch();
    let result = if enabled {
        launcher.enable()
    } else {
        launcher.disable()
    };
    result.map_err(refused)?;
    launcher.is_enabled().map_err(refused)
}
