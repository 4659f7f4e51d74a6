//! settle-db: Settle's SQLite storage through sqlx.
//!
//! Owns: opening the database file (WAL, foreign keys, busy timeout, `synchronous=FULL`, one
//! writer connection), the forward-only migrations in `migrations/`, every SQL statement of the
//! project (one module per table or concern), row ↔ settle-core conversions, the audit log and
//! undo of owner actions, cadences and the schedules copied onto invoices, customer-level
//! schedules and their loop anchors, the outbox and the planner's heartbeat, and what a Xero
//! sync stores (upserts by Xero id, watermarks and checkpoints, held records).
//!
//! Must not: hold business rules (which customers are listed, what is overdue — those are
//! settle-core's; SQL here only aggregates), speak HTTP or SMTP, read the clock (callers pass `now`),
//! or know about Tauri.

mod cadences;
mod chasing;
mod contacts;
mod customer_book;
mod customer_schedules;
mod database;
mod demo_import;
mod error;
mod invoice_schedules;
mod invoices;
mod organisations;
mod outbox;
mod overview;
mod plan_book;
mod steps;
mod sync_state;
mod text;
mod timeline;
mod xero_upserts;

pub use cadences::{
    clean_cadence_name, CadenceWrite, ImportCounts, StoredCadence, MAX_CADENCE_NAME,
};
pub use chasing::{ChangeScope, ChasingChange};
pub use contacts::{ContactMatch, StoredContact};
pub use customer_book::{BookCustomer, BookOpenInvoice, LoopHistoryItem, StatementHistoryItem};
pub use customer_schedules::{
    AnchorWrite, StatementWrite, StoredCustomerSchedule, StoredStatement,
};
pub use database::{Database, OpenOptions};
pub use error::DbError;
pub use invoice_schedules::{ApplyTo, StoredSchedule};
pub use invoices::StoredInvoice;
pub use organisations::StoredOrganisation;
pub use outbox::{NewOutboxItem, OutboxItem, OutboxState, PlanWrite, PlanWriteCounts};
pub use plan_book::{BookInvoice, BookSchedule, BookScope, HistoryItem, PlanBook};
pub use sync_state::{SyncCheckpoint, SyncState};
pub use timeline::{TimelineItem, TimelineKind};
pub use xero_upserts::{
    HoldEntity, InvoiceWrite, LockDates, PageCounts, SyncHold, XeroOrganisationWrite,
    STANDARD_CADENCE,
};
