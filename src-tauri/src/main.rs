//! settle-desktop: the Tauri shell — the only crate that knows Tauri.
//!
//! Owns: the window, single-instance handling, the per-OS data folder, and thin IPC commands
//! (parse → settle-engine → `{code, message}` errors). Must not hold business rules or SQL.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod approval_commands;
mod autostart_commands;
mod cadence_commands;
mod commands;
mod conversation_commands;
mod customer_schedule_commands;
mod invoice_commands;
mod invoice_xero_commands;
mod notices;
mod onboarding_commands;
mod pause_commands;
mod plan_commands;
mod planner;
mod sender;
mod settings_commands;
mod state;
mod tray;
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
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![autostart_commands::LAUNCHED_IN_TRAY_ARG]),
        ))
        // Closing the window hides it: Settle keeps sending from the tray (decision 0021).
        .on_window_event(tray::on_window_event)
        .setup(|app| {
            let data_dir = state::resolve_data_dir(app.handle())?;
            tracing::info!(data_dir = %data_dir.display(), "Settle starting");
            app.manage(state::AppState::new(data_dir));
            app.manage(xero_commands::SyncSlot::default());
            app.manage(xero_connect_commands::ConnectSlot::default());
            planner::start(app.handle());
            app.manage(sender::Sender::default());
            let in_tray = std::env::args().any(|a| a == autostart_commands::LAUNCHED_IN_TRAY_ARG);
            if let Err(e) = tray::create(app.handle()) {
                // A desktop without a tray still sends; the window is then the only way in.
                tracing::warn!("no tray icon: {e}");
            } else if in_tray {
                if let Some(window) = app.get_webview_window("main") {
                    let _ = window.hide();
                }
            }
            tray::follow_pause(app.handle());
            sender::start(app.handle(), in_tray);
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
            invoice_xero_commands::expected_payment_date,
            invoice_xero_commands::set_expected_payment_date,
            invoice_xero_commands::invoice_xero_links,
            invoice_xero_commands::open_invoice_link,
            invoice_xero_commands::open_invoice_pdf,
            customer_schedule_commands::customer_schedule,
            customer_schedule_commands::set_customer_schedule,
            customer_schedule_commands::clear_customer_schedule,
            customer_schedule_commands::set_customer_statement,
            xero_commands::xero_status,
            xero_commands::sync_now,
            xero_commands::cancel_sync,
            xero_connect_commands::begin_xero_connect,
            xero_connect_commands::cancel_xero_connect,
            pause_commands::chasing_pause,
            pause_commands::pause_chasing,
            pause_commands::resume_chasing,
            onboarding_commands::xero_organisation_details,
            onboarding_commands::onboard_xero_organisation,
            onboarding_commands::set_starting_chasing,
            onboarding_commands::choose_xero_organisation,
            settings_commands::smtp_settings,
            settings_commands::save_smtp_settings,
            settings_commands::test_smtp,
            settings_commands::senders,
            settings_commands::save_sender,
            settings_commands::templates,
            settings_commands::save_template,
            settings_commands::preview_template,
            settings_commands::builtin_template,
            settings_commands::template_placeholders,
            settings_commands::auto_approve_rules,
            settings_commands::save_auto_approve_rules,
            conversation_commands::invoice_conversation,
            conversation_commands::customer_conversation,
            approval_commands::approvals,
            approval_commands::approval_count,
            approval_commands::outgoing_messages,
            approval_commands::approve_messages,
            approval_commands::approve_all,
            approval_commands::skip_messages,
            approval_commands::edit_message,
            approval_commands::retry_failed,
            approval_commands::resolve_in_doubt,
            autostart_commands::autostart_enabled,
            autostart_commands::set_autostart,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Settle could not start: {e}");
        std::process::exit(1);
    }
}
