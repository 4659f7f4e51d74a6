//! settle-desktop: the Tauri shell — the only crate that knows Tauri.
//!
//! Owns: the window, single-instance handling, the per-OS data folder, and thin IPC commands
//! (parse → settle-engine → `{code, message}` errors). Must not hold business rules or SQL.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

use tauri::Manager;

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("SETTLE_LOG"))
        .init();
    let result = tauri::Builder::default()
        // First, so a second launch focuses the running window instead of opening the database
        // a second time.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .setup(|app| {
            let data_dir = state::resolve_data_dir(app.handle())?;
            tracing::info!(data_dir = %data_dir.display(), "Settle starting");
            app.manage(state::AppState::new(data_dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::create_demo,
            commands::list_customers,
            commands::set_customer_chasing,
            commands::set_all_chasing,
            commands::undo_change,
            commands::customer_detail,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Settle could not start: {e}");
        std::process::exit(1);
    }
}
