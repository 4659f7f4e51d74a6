//! settle-desktop: the Tauri shell — the only crate that knows Tauri.
//!
//! Owns: the window, single-instance handling, the per-OS data folder, and thin IPC commands
//! (parse → settle-engine → `{code, message}` errors). Must not hold business rules or SQL.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod cadence_commands;
mod commands;
mod customer_schedule_commands;
mod invoice_commands;
mod plan_commands;
mod planner;
mod state;
mod xero_commands;
mod xero_connect_commands;

use tauri::Manager;

/// A planning run reads every plannable invoice at once (tens of MB on a 200,000-invoice
/// organisation) and frees it again; the system allocator on Linux keeps such memory in its
/// per-thread arenas, so the app would stay at its peak size for good. mimalloc returns freed
/// pages to the OS (docs/decisions/0013-allocator.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
            app.manage(xero_commands::SyncSlot::default());
            app.manage(xero_connect_commands::ConnectSlot::default());
            planner::start(app.handle());
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
            cadence_commands::list_cadences,
            cadence_commands::create_cadence,
            cadence_commands::update_cadence,
            cadence_commands::delete_cadence,
            cadence_commands::set_default_cadence,
            cadence_commands::preview_cadence_change,
            cadence_commands::apply_cadence,
            cadence_commands::export_cadences,
            cadence_commands::import_cadences,
            cadence_commands::assign_cadences,
            plan_commands::preview_plan,
            plan_commands::missed_reminders,
            plan_commands::resolve_missed,
            plan_commands::chasing_settings,
            plan_commands::set_hold_until_expected_payment,
            invoice_commands::invoice_chasing,
            invoice_commands::set_invoice_chasing,
            invoice_commands::set_invoice_steps,
            invoice_commands::apply_cadence_to_invoice,
            invoice_commands::set_invoice_recipients,
            invoice_commands::preview_invoice_steps,
            customer_schedule_commands::customer_schedule,
            customer_schedule_commands::set_customer_schedule,
            customer_schedule_commands::clear_customer_schedule,
            customer_schedule_commands::set_customer_statement,
            xero_commands::xero_status,
            xero_commands::sync_now,
            xero_commands::cancel_sync,
            xero_connect_commands::begin_xero_connect,
            xero_connect_commands::cancel_xero_connect,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Settle could not start: {e}");
        std::process::exit(1);
    }
}
