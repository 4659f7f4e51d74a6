//! settle-xero: Settle's Xero client.
//!
//! Owns: OAuth 2.0 with PKCE over a loopback redirect (no client secret), the refresh token's
//! life (stored only through the [`SecretStore`] port, rotated single-flight within the process
//! and across processes under a file lock, saved before the new access token is used), the
//! Accounting API calls Settle needs (Organisation, Contacts and sales Invoices paged with
//! If-Modified-Since watermarks, one invoice, its PDF and online link, ExpectedPaymentDate,
//! History notes), Xero's rate limits (5 in flight per organisation, Retry-After, backoff), MS-JSON
//! dates, the wire DTOs and their mapping to settle-core types.
//!
//! Must not: touch the database or the keychain directly (tokens come in through
//! [`SecretStore`]), read the wall clock (time comes through [`settle_core::Clock`]), open the
//! browser, decide what to chase, or log a secret (tokens are [`Secret`]s, whose `Debug` prints
//! `[redacted]`).
//!
//! Decisions: `docs/decisions/0014-xero-client.md`. Xero facts: `shared/xero/NOTES.md`.
//!
//! ```no_run
//! # async fn connect(store: std::sync::Arc<dyn settle_core::secret::SecretStore>,
//! #                  clock: std::sync::Arc<dyn settle_core::Clock>) -> Result<(), settle_xero::XeroError> {
//! use settle_xero::{ClientId, ListQuery, XeroClient, XeroConfig};
//! let config = XeroConfig::new(ClientId::parse("YOURCLIENTID")?, "xero.refresh_token", "/data".into());
//! let client = XeroClient::new(config, store, clock)?;
//! let pending = client.begin_sign_in().await?;
//! println!("open {}", pending.authorize_url());          // the caller opens the browser
//! let cancel = tokio_util::sync::CancellationToken::new();
//! let code = pending.wait_for_code(cancel.clone()).await?;
//! let tenants = client.complete_sign_in(code).await?;
//! let tenant = tenants[0].tenant_id;
//! let invoices = client.invoices(tenant, &ListQuery::default()).collect(&cancel).await?;
//! # Ok(()) }
//! ```

mod accounting;
mod call;
mod client;
mod config;
mod credentials;
pub mod dto;
mod error;
mod listing;
mod loopback;
pub mod msdate;
mod pkce;
mod rate_limit;
mod refresh_lock;
mod refusal;
mod sign_in;
pub mod timezone;
mod token;
mod write_back;

pub use accounting::MAX_IDS_PER_REQUEST;
pub use client::XeroClient;
pub use config::{
    ClientId, Endpoints, RetryPolicy, ScopeSet, XeroConfig, REDIRECT_PATH, REDIRECT_PORTS,
};
pub use credentials::PROACTIVE_REFRESH_MARGIN;
pub use dto::connection::{Connection, TenantType};
pub use dto::contact::{ContactDto, ContactsEnvelope};
pub use dto::invoice::{
    HistoryRecordDto, InvoiceDto, InvoiceStatus, InvoiceType, InvoicesEnvelope,
};
pub use dto::organisation::OrganisationDto;
pub use error::{ClientIdProblem, MappingError, XeroError};
pub use listing::{
    next_watermark, ListQuery, Listing, Page, Pager, MAX_PAGE_SIZE, WATERMARK_OVERLAP,
};
pub use pkce::s256_challenge;
pub use rate_limit::{RateBudget, RateLimitProblem, Sleeper, TokioSleeper};
pub use refresh_lock::refresh_lock_path;
pub use refusal::{Refusal, RefusalKind};
pub use settle_core::secret::{Secret, SecretStore, SecretStoreError};
pub use sign_in::{AuthorizationCode, PendingSignIn};
pub use tokio_util::sync::CancellationToken;
pub use write_back::MAX_NOTE_CHARS;
