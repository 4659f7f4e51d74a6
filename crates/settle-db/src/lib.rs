//! settle-db: Settle's SQLite storage through sqlx.
//!
//! Owns: opening the database file (WAL, foreign keys, busy timeout, `synchronous=FULL`, one
//! writer connection), the forward-only migrations in `migrations/`, every SQL statement of the
//! project (one module per table or concern), row ↔ settle-core conversions, the audit log and
//! undo of owner actions.
//!
//! Must not: hold business rules (which customers are listed, what is overdue — those are
//! settle-core's; SQL here only aggregates), speak HTTP or SMTP, read the clock (callers pass `now`),
//! or know about Tauri.

mod chasing;
mod contacts;
mod database;
mod demo_import;
mod error;
mod invoices;
mod organisations;
mod overview;
mod text;
mod timeline;

pub use chasing::{ChangeScope, ChasingChange};
pub use contacts::{ContactMatch, StoredContact};
pub use database::{Database, OpenOptions};
pub use error::DbError;
pub use invoices::StoredInvoice;
pub use organisations::StoredOrganisation;
pub use timeline::{TimelineItem, TimelineKind};
