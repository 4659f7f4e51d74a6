//! settle-engine: Settle's use cases, shared by the desktop app (src-tauri) and the `settle` CLI.
//!
//! Owns: finding and opening the data folder, the current organisation, creating or refreshing
//! the demo organisation, the Customers overview and customer page, starting and stopping chasing
//! with undo, the wall clock (`SystemClock`, the only place it is read), and the view types that
//! cross the IPC boundary (generated into TypeScript by ts-rs).
//!
//! Must not: know about Tauri, write SQL (that is settle-db), or decide domain rules (settle-core).

pub mod chasing;
mod clock;
mod customers;
mod data_dir;
mod demo;
mod engine;
mod error;
mod overview_cache;
mod views;

pub use clock::SystemClock;
pub use data_dir::{database_path, default_data_dir, DATA_DIR_ENV};
pub use engine::Engine;
pub use error::{EngineError, ErrorCode};
pub use settle_core::overview::{SortKey, Tab};
pub use views::*;
