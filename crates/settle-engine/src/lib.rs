//! settle-engine: Settle's use cases, shared by the desktop app (src-tauri) and the `settle` CLI.
//!
//! Owns: finding and opening the data folder, the current organisation, creating or refreshing
//! the demo organisation, the Customers overview and customer page, starting and stopping chasing
//! with undo, cadences (CRUD, files, bulk assignment, copy-on-apply), customer-level schedules,
//! planning what is due with the outbox and downtime catch-up, previews and their diffs, connecting
//! to Xero and syncing it into the database (with the keychain SecretStore), the wall
//! clock (`SystemClock`, the only place it is read), and the view types that cross the IPC
//! boundary (generated into TypeScript by ts-rs).
//!
//! Must not: know about Tauri, write SQL (that is settle-db), or decide domain rules (settle-core).

mod assign_cadences;
mod cadence_file;
mod cadences;
mod catch_up;
pub mod chasing;
mod chasing_views;
mod clock;
mod customer_loops;
mod customer_schedule_views;
mod customer_schedules;
mod customer_statements;
mod customers;
mod data_dir;
mod demo;
mod engine;
mod error;
mod invoice_chasing;
mod invoice_chasing_views;
mod ipc_args;
mod missed;
mod occurrence_views;
mod overview_cache;
mod plan_due;
mod preview;
mod secret_stores;
mod views;
mod xero_app;
mod xero_connection;
mod xero_sync;
mod xero_sync_views;

pub use cadence_file::CADENCE_FILE_VERSION;
pub use cadences::ApplyTarget;
pub use catch_up::{is_missed, on_time_for};
pub use chasing_views::*;
pub use clock::SystemClock;
pub use customer_schedule_views::*;
pub use data_dir::{database_path, default_data_dir, DATA_DIR_ENV};
pub use engine::Engine;
pub use error::{EngineError, ErrorCode};
pub use invoice_chasing_views::*;
pub use ipc_args::*;
pub use preview::{ChangeTarget, PreviewScope, MAX_PREVIEW_DAYS};
pub use secret_stores::{FileSecretStore, KeychainSecretStore, KEYCHAIN_SERVICE};
pub use settle_core::overview::{SortKey, Tab};
pub use settle_core::schedule::{
    Channel, StatementDayInput, StatementInput, StepInput, TriggerInput, PREVIEW_DAYS,
};
pub use views::*;
pub use xero_app::{
    secret_store, xero_endpoints, CancellationToken, ConnectedXero, XeroSettings,
    INSECURE_SECRETS_FILE_ENV, XERO_API_URL, XERO_API_URL_ENV, XERO_IDENTITY_URL,
    XERO_IDENTITY_URL_ENV, XERO_LOGIN_URL, XERO_LOGIN_URL_ENV,
};
pub use xero_connection::XERO_SECRET_NAME;
pub use xero_sync::{ProgressFn, Reconcile, SyncOptions, RECONCILE_EVERY};
pub use xero_sync_views::*;
