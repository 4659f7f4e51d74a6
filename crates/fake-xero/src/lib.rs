//! fake-xero: a local Xero-compatible server (identity + accounting) for Settle's tests, benches
//! and demo. It serves, on one loopback port, the OAuth 2.0 PKCE flow with refresh rotation and
//! grace, tenant connections, and the slice of the Accounting API Settle uses, following
//! `shared/xero/NOTES.md` §14: exact paths, field names, MS-JSON dates, error bodies, paging,
//! If-Modified-Since, rate limits with their headers, and fault injection.
//!
//! Owns: the fake's data (`FakeState`), its HTTP surface (`FakeXero`), and its behaviour knobs
//! (`FakeXeroConfig`). Must not: depend on any Settle crate (it stands in for Xero, so it must
//! not share Settle's assumptions), read the wall clock outside `main.rs`, or listen beyond
//! 127.0.0.1.
//!
//! ```no_run
//! # async fn demo() -> Result<(), fake_xero::FakeXeroError> {
//! use fake_xero::{FakeXero, FakeXeroConfig, ManualClock};
//! let clock = ManualClock::new(chrono::DateTime::UNIX_EPOCH);
//! let xero = FakeXero::start(FakeXeroConfig::new(clock.clock())).await?;
//! let tenant = xero.state().add_organisation(fake_xero::Organisation::new("Acme"));
//! let tokens = xero.state().mint_tokens_for_settle();
//! // GET {xero.urls().api}/Invoices with `Authorization: Bearer {tokens.access_token}`,
//! // `xero-tenant-id: {tenant}` and `Accept: application/json`.
//! # Ok(()) }
//! ```

// Handlers and their helpers return `Result<_, axum::response::Response>`: the error *is* the
// HTTP answer Xero would give, built once where the rule lives. Boxing it would only add noise
// on a path that runs once per request.
#![allow(clippy::result_large_err)]

mod accounting;
mod clock;
mod config;
mod demo;
mod error;
mod faults;
mod identity;
mod invoice;
mod model;
mod money;
pub mod msdate;
mod pdf;
mod rate_limit;
mod responses;
mod second_demo;
mod server;
mod shared;
mod state;
mod switches;
mod world;

pub use clock::{Clock, ManualClock};
pub use config::{AuthorizeMode, FakeXeroConfig, InvoiceRules, RateLimits, DEFAULT_CLIENT_ID};
pub use demo::DEMO_TENANT_ID;
pub use error::FakeXeroError;
pub use identity::grants::{
    Connection, TokenSet, ACCESS_TOKEN_LIFETIME, CODE_LIFETIME, REFRESH_GRACE, REFRESH_IDLE_EXPIRY,
};
pub use identity::pkce::s256_challenge;
pub use model::{
    Address, AddressType, Contact, ContactPerson, ContactStatus, CreditAllocation, HistoryRecord,
    Invoice, InvoiceStatus, InvoiceType, LineItem, Organisation, Payment, Phone, PhoneType,
};
pub use second_demo::SECOND_TENANT_ID;
pub use server::{FakeXero, Urls};
pub use state::{CreditKind, FakeState, SETTLE_SCOPES};
