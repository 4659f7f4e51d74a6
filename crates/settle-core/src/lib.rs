//! settle-core: Settle's domain, as pure functions and plain types.
//!
//! Owns: ids and enums shared by every crate, [`Money`] (exact decimals, never `f64`), contact and
//! invoice types, the Customers-overview rules (who is listed, tab counts, search and sort), the
//! deterministic demo-organisation generator, and reminder templates (sandboxed minijinja: the five
//! built-ins, placeholders, rendering to text and HTML).
//!
//! Must not: do I/O, read the clock (every rule takes `today`/`now` as a parameter), or depend on
//! tokio, sqlx, reqwest, lettre, keyring or tauri.

pub mod clock;
pub mod contact;
pub mod demo;
pub mod error;
pub mod invoice;
pub mod money;
pub mod organisation;
pub mod overview;
pub mod schedule;
pub mod secret;
pub mod template;

pub use clock::{Clock, FixedClock};
pub use error::CoreError;
pub use money::{CurrencyCode, Money};
