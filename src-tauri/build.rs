//! Declares the app's commands so capabilities can allow each one explicitly (tauri-build turns
//! the list into `allow-<command>` permissions; an unlisted command cannot be invoked).

const COMMANDS: &[&str] = &[
    "app_status",
    "create_demo",
    "list_customers",
    "set_customer_chasing",
    "set_all_chasing",
    "undo_change",
    "customer_detail",
    "list_cadences",
    "create_cadence",
    "update_cadence",
    "delete_cadence",
    "set_default_cadence",
    "preview_cadence_change",
    "apply_cadence",
    "export_cadences",
    "import_cadences",
    "assign_cadences",
    "preview_plan",
    "missed_reminders",
    "resolve_missed",
    "chasing_settings",
    "set_hold_until_expected_payment",
    "invoice_chasing",
    "set_invoice_chasing",
    "set_invoice_steps",
    "apply_cadence_to_invoice",
    "set_invoice_recipients",
    "preview_invoice_steps",
    "customer_schedule",
    "set_customer_schedule",
    "clear_customer_schedule",
    "set_customer_statement",
    "xero_status",
    "sync_now",
    "cancel_sync",
    "begin_xero_connect",
    "cancel_xero_connect",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
