//! settle-engine: Settle's use cases, shared by the desktop app (src-tauri) and the `settle` CLI.
//!
//! Owns: finding and opening the data folder, the current organisation, creating or refreshing
//! the demo organisation, the Customers overview and customer page, starting and stopping chasing
//! with undo, cadences (CRUD, files, bulk assignment, copy-on-apply), customer-level schedules,
//! planning what is due with the outbox and downtime catch-up, previews and their diffs, connecting
//! to Xero and syncing it into the database (with the keychain SecretStore), sending (messages
//! grouped from outbox items, approvals and auto-approve rules, the fresh-data gate, SMTP sends
//! through settle-mail with the archive, templates, senders and the conversation), the wall
//! clock (`SystemClock`, the only place it is read), and the view types that cross the IPC
//! boundary (generated into TypeScript by ts-rs).
//!
//! Must not: know about Tauri, write SQL (that is settle-db), or decide domain rules (settle-core).

mod approvals;
mod assign_cadences;
mod best_practice;
mod cadence_file;
mod cadences;
mod catch_up;
pub mod chasing;
pub mod chasing_pause;
mod chasing_views;
mod clock;
mod conversation;
mod customer_loops;
mod customer_schedule_views;
mod customer_schedules;
mod customer_statements;
mod customers;
mod data_dir;
mod demo;
mod demo_server;
mod demo_world;
mod engine;
mod error;
mod invoice_chasing;
mod invoice_chasing_views;
mod invoice_links;
mod ipc_args;
mod message_render;
mod missed;
mod occurrence_views;
mod outbox_views;
mod overview_cache;
mod plan_due;
mod preview;
mod secret_stores;
mod send_attachments;
mod send_gate;
mod send_mailer;
mod sending;
mod sending_settings;
mod sending_views;
mod smtp_check;
mod sync_timing;
mod views;
mod xero_app;
mod xero_connection;
mod xero_onboarding;
mod xero_sync;
mod xero_sync_run;
mod xero_sync_views;
mod xero_write_back;
mod xero_write_back_views;

pub use best_practice::{best_practice_schedule, BEST_PRACTICE_CADENCE};
pub use cadence_file::CADENCE_FILE_VERSION;
pub use cadences::ApplyTarget;
pub use catch_up::{is_missed, on_time_for};
pub use chasing_pause::ChasingPauseView;
pub use chasing_views::*;
pub use clock::SystemClock;
pub use customer_schedule_views::*;
pub use data_dir::{database_path, default_data_dir, DATA_DIR_ENV};
pub use demo::SYNCED_DEMO_MAX_CUSTOMERS;
pub use demo_server::{DemoXero, MemorySecretStore, DEMO_CLIENT_ID, DEMO_SECRET_NAME};
pub use demo_world::DEMO_TENANT_ID;
pub use engine::Engine;
pub use error::{EngineError, ErrorCode};
pub use invoice_chasing_views::*;
pub use ipc_args::*;
pub use preview::{ChangeTarget, PreviewScope, MAX_PREVIEW_DAYS};
pub use secret_stores::{FileSecretStore, KeychainSecretStore, KEYCHAIN_SERVICE};
pub use send_gate::{LocalDataGate, LOCAL_DATA_GATE};
pub use send_mailer::set_smtp_timeout;
pub use sending_settings::smtp_secret_name;
pub use sending_views::*;
pub use settle_core::overview::{SortKey, Tab};
pub use settle_core::schedule::{
    Channel, StatementDayInput, StatementInput, StepInput, TriggerInput, PREVIEW_DAYS,
};
pub use sync_timing::{sync_due, DAILY_SYNC_EVERY};
pub use views::*;
pub use xero_app::{
    secret_store, xero_endpoints, CancellationToken, ConnectedXero, XeroSettings,
    INSECURE_SECRETS_FILE_ENV, XERO_API_URL, XERO_API_URL_ENV, XERO_IDENTITY_URL,
    XERO_IDENTITY_URL_ENV, XERO_LOGIN_URL, XERO_LOGIN_URL_ENV,
};
pub use xero_connection::{parse_tenant, XeroSignInView, XeroTenantView, XERO_SECRET_NAME};
pub use xero_onboarding::{OnboardedView, XeroOrganisationDetailsView};
pub use xero_sync::{ProgressFn, Reconcile, SyncOptions, RECONCILE_EVERY};
pub use xero_sync_run::{SyncLock, SYNC_LOCK_FILE, SYNC_RUNNING};
pub use xero_sync_views::*;
pub use xero_write_back::parse_expected_date;
pub use xero_write_back_views::*;
