//! Where Settle keeps its data: `--data-dir`, else `$SETTLE_DATA_DIR`, else the operating
//! system's per-user application-data folder. The desktop app and the CLI resolve it the same
//! way, so both see one database.

use std::path::{Path, PathBuf};

/// Environment variable that chooses the data folder.
pub const DATA_DIR_ENV: &str = "SETTLE_DATA_DIR";

/// The app identifier (as in src-tauri/tauri.conf.json), used as the folder name.
const APP_IDENTIFIER: &str = "app.settle.desktop";

/// The per-OS default: `~/.local/share/app.settle.desktop` on Linux,
/// `~/Library/Application Support/app.settle.desktop` on macOS,
/// `%APPDATA%\app.settle.desktop` on Windows — the same folder Tauri's `app_data_dir` names.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.data_dir().join(APP_IDENTIFIER))
}

/// The database file inside a data folder.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join("settle.db")
}
