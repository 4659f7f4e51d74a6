//! The app's state: where the data lives and the engine once the database is open.
//!
//! The database is opened lazily on the first command, not in `setup`, so a damaged, locked or
//! newer database is shown in the window (with a Try again button) instead of killing the app.

use std::path::PathBuf;
use std::sync::Arc;

use settle_engine::{Engine, EngineError, SystemClock, DATA_DIR_ENV};
use tauri::{AppHandle, Manager};
use tokio::sync::Mutex;

pub struct AppState {
    data_dir: PathBuf,
    engine: Mutex<Option<Engine>>,
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            engine: Mutex::new(None),
        }
    }

    /// The open engine, opening the database on first use (and again after a failure).
    pub async fn engine(&self) -> Result<Engine, EngineError> {
        let mut slot = self.engine.lock().await;
        if let Some(engine) = slot.as_ref() {
            return Ok(engine.clone());
        }
        let engine = Engine::open(&self.data_dir, Arc::new(SystemClock)).await?;
        *slot = Some(engine.clone());
        Ok(engine)
    }
}

/// `$SETTLE_DATA_DIR` if set (tests, portable installs), else the OS application-data folder.
pub fn resolve_data_dir(app: &AppHandle) -> Result<PathBuf, tauri::Error> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    app.path().app_data_dir()
}
