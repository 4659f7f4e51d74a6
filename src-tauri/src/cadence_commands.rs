//! IPC commands for cadences: list, create, edit, rename, delete, default, the change preview
//! shown before saving, applying to invoices, cadence files and CSV bulk assignment.
//! Every command here must also be listed in build.rs and allowed in capabilities/main.json.

use settle_engine::{
    AssignmentReport, CadenceReceipt, CadenceView, ChangePreviewView, EngineError, ExportReceipt,
    InvoicesFor, StepInput, PREVIEW_DAYS,
};
use tauri::{AppHandle, Manager, State};

use crate::commands::{ipc, Reply};
use crate::state::AppState;

#[tauri::command]
pub async fn list_cadences(state: State<'_, AppState>) -> Reply<Vec<CadenceView>> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.cadences().await.map_err(ipc)
}

#[tauri::command]
pub async fn create_cadence(
    state: State<'_, AppState>,
    name: String,
    steps: Vec<StepInput>,
    make_default: bool,
) -> Reply<CadenceReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .create_cadence(&name, &steps, make_default)
        .await
        .map_err(ipc)
}

/// Saves an edited cadence: its steps, and its name when `new_name` differs — both or neither.
#[tauri::command]
pub async fn update_cadence(
    state: State<'_, AppState>,
    name: String,
    new_name: Option<String>,
    steps: Vec<StepInput>,
) -> Reply<CadenceReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .edit_cadence(&name, new_name.as_deref(), &steps)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn delete_cadence(state: State<'_, AppState>, name: String) -> Reply<CadenceReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.delete_cadence(&name).await.map_err(ipc)
}

#[tauri::command]
pub async fn set_default_cadence(
    state: State<'_, AppState>,
    name: String,
) -> Reply<CadenceReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.set_default_cadence(&name).await.map_err(ipc)
}

/// What would change over the next `days` (90 unless given) if cadence `name`, with `steps`
/// instead of its own when given, were applied to `target`. Saves nothing.
#[tauri::command]
pub async fn preview_cadence_change(
    state: State<'_, AppState>,
    name: String,
    steps: Option<Vec<StepInput>>,
    target: InvoicesFor,
    days: Option<u32>,
) -> Reply<ChangePreviewView> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .preview_change(
            &name,
            steps.as_deref(),
            &(&target).into(),
            days.unwrap_or(PREVIEW_DAYS),
        )
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn apply_cadence(
    state: State<'_, AppState>,
    name: String,
    target: InvoicesFor,
) -> Reply<CadenceReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    let Some(target) = target.apply_target() else {
        return Err(ipc(EngineError::InvalidInput(
            "choose the invoices to apply the cadence to: all open invoices or some by number"
                .into(),
        )));
    };
    engine.apply_cadence(&name, &target).await.map_err(ipc)
}

/// Writes every cadence to a cadence file in the owner's Downloads folder (the data folder when
/// there is none) and says where. The webview cannot write files itself (least privilege).
#[tauri::command]
pub async fn export_cadences(app: AppHandle, state: State<'_, AppState>) -> Reply<ExportReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    let text = engine.export_cadences(&[]).await.map_err(ipc)?;
    let count = engine.cadences().await.map_err(ipc)?.len() as u32;
    let folder = app
        .path()
        .download_dir()
        .ok()
        .filter(|d| d.is_dir())
        .unwrap_or_else(|| engine.data_dir().to_path_buf());
    let path = free_path(&folder, "settle-cadences", "json");
    std::fs::write(&path, text).map_err(|e| {
        ipc(EngineError::InvalidInput(format!(
            "could not write {}: {e}",
            path.display()
        )))
    })?;
    Ok(ExportReceipt {
        summary: format!("Saved {count} cadences to {}.", path.display()),
        path: path.display().to_string(),
        cadences: count,
    })
}

/// `folder/stem.ext`, or `stem-2.ext`, `stem-3.ext`... so an earlier export is never overwritten.
fn free_path(folder: &std::path::Path, stem: &str, ext: &str) -> std::path::PathBuf {
    let mut path = folder.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{stem}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// Adds the cadences of a cadence file (its text, read by the window from a file the owner
/// chose). All or nothing.
#[tauri::command]
pub async fn import_cadences(state: State<'_, AppState>, text: String) -> Reply<CadenceReceipt> {
    let engine = state.engine().await.map_err(ipc)?;
    engine.import_cadences(&text).await.map_err(ipc)
}

/// Checks a bulk-assignment CSV (invoice number, cadence name) and, with `accept`, applies its
/// valid rows. Bad rows are reported with their line and never applied.
#[tauri::command]
pub async fn assign_cadences(
    state: State<'_, AppState>,
    text: String,
    accept: bool,
) -> Reply<AssignmentReport> {
    let engine = state.engine().await.map_err(ipc)?;
    engine
        .assign_cadences_csv(text.as_bytes(), accept)
        .await
        .map_err(ipc)
}
