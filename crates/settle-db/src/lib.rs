//! settle-db: Settle's SQLite storage through sqlx.
//!
//! Owns: opening the database file (WAL, foreign keys, busy timeout, `synchronous=FULL`, one
//! writer connection), the forward-only migrations in `migrations/`, every SQL statement of the
//! project (one module per table or concern), row ↔ settle-core conversions, the audit log and
//! undo of owner actions, cadences and the schedules copied onto invoices, customer-level
//! schedules and their loop anchors, the outbox and the planner's heartbeat, the outbox's
//! transition log, outgoing messages and send attempts with their archived raw messages, email
//! templates, senders, SMTP settings (never the password) and auto-approve rules, and what a Xero
//! sync stores (upserts by Xero id, watermarks and checkpoints, held records).
//!
//! Must not: hold business rules (which customers are listed, what is overdue — those are
//! settle-core's; SQL here only aggregates), speak HTTP or SMTP, read the clock (callers pass `now`),
//! or know about Tauri.

mod auto_approve_rules;
mod cadences;
mod chasing;
mod chasing_pause;
mod contacts;
mod customer_book;
mod customer_schedules;
mod database;
mod demo_import;
mod error;
mod invoice_expected_dates;
mod invoice_schedules;
mod invoices;
mod organisations;
mod outbox;
mod outbox_transitions;
mod outgoing_messages;
mod overview;
mod plan_book;
mod send_attempts;
mod send_facts;
mod senders;
mod smtp_settings;
mod steps;
mod sync_state;
mod synced_demo;
mod templates;
mod text;
mod timeline;
mod xero_contact_details;
mod xero_contacts;
mod xero_holds;
mod xero_invoices;
mod xero_organisation;
mod xero_page_group;
mod xero_pages;

pub use auto_approve_rules::StoredAutoApproveRule;
pub use cadences::{
    clean_cadence_name, CadenceWrite, ImportCounts, StoredCadence, MAX_CADENCE_NAME,
};
pub use chasing::{ChangeScope, ChasingChange};
pub use chasing_pause::ChasingPause;
pub use contacts::{ContactMatch, StoredContact};
pub use customer_book::{BookCustomer, BookOpenInvoice, LoopHistoryItem, StatementHistoryItem};
pub use customer_schedules::{
    AnchorWrite, StatementWrite, StoredCustomerSchedule, StoredStatement,
};
pub use database::{Database, OpenOptions};
pub use error::DbError;
pub use invoice_expected_dates::{InvoiceXeroFacts, KeptExpectedDate, EFFECTIVE_EXPECTED_DATE};
pub use invoice_schedules::{ApplyTo, StoredSchedule};
pub use invoices::StoredInvoice;
pub use organisations::StoredOrganisation;
pub use outbox::{NewOutboxItem, OutboxItem, OutboxState, PlanWrite, PlanWriteCounts};
pub use outbox_transitions::OutboxTransition;
pub use outgoing_messages::{MessageKey, MessageOverrides, StoredMessage};
pub use plan_book::{BookInvoice, BookSchedule, BookScope, HistoryItem, PlanBook};
pub use send_attempts::{AttemptEnd, ConversationOf, NewAttempt, StoredAttempt};
pub use send_facts::{SendContact, SendInvoice, SendPerson, SendStep};
pub use senders::StoredSender;
pub use smtp_settings::StoredSmtpSettings;
pub use sync_state::{SyncCheckpoint, SyncState};
pub use synced_demo::DemoRecipe;
pub use templates::StoredTemplate;
pub use timeline::{TimelineItem, TimelineKind};
pub use xero_holds::{HoldEntity, SyncHold};
pub use xero_invoices::InvoiceWrite;
pub use xero_organisation::{LockDates, XeroOrganisationWrite, STANDARD_CADENCE};
pub use xero_page_group::{PageRecords, PageWrite};
pub use xero_pages::PageCounts;
