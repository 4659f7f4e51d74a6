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
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
