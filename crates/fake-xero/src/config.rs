//! How a fake-xero instance behaves: port, clock, OAuth client, rate limits and the invoice-update
//! rules that Xero leaves unverified. Owns: the config types and their defaults. Must not: hold
//! runtime state (that is `World`).

use crate::clock::Clock;

/// Everything `FakeXero::start` needs. Build it with `FakeXeroConfig::new(clock)` and adjust fields.
#[derive(Clone)]
pub struct FakeXeroConfig {
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Where "now" comes from (token expiry, rate-limit windows, UpdatedDateUTC, DateTimeUTC).
    pub clock: Clock,
    /// The one PKCE app the fake knows. Other client ids get `invalid_client`.
    pub client_id: String,
    /// Registered redirect URIs, matched exactly as Xero does. Empty = accept any
    /// `http://localhost…` or `http://127.0.0.1…` URI (convenient for tests on ephemeral ports).
    pub redirect_uris: Vec<String>,
    /// `ProviderName` in every response envelope (Xero puts the app's name there).
    pub provider_name: String,
    pub rate_limits: RateLimits,
    pub invoice_rules: InvoiceRules,
    /// Seed the demo organisation (see `demo.rs`) before serving.
    pub seed_demo: bool,
    /// Also seed a second organisation (see `second_demo.rs`): a consent then connects two
    /// tenants, as for a bookkeeper or an owner with two businesses.
    pub seed_second_organisation: bool,
}

impl std::fmt::Debug for FakeXeroConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeXeroConfig")
            .field("port", &self.port)
            .field("client_id", &self.client_id)
            .field("redirect_uris", &self.redirect_uris)
            .field("provider_name", &self.provider_name)
            .field("rate_limits", &self.rate_limits)
            .field("invoice_rules", &self.invoice_rules)
            .field("seed_demo", &self.seed_demo)
            .field("seed_second_organisation", &self.seed_second_organisation)
            .finish_non_exhaustive()
    }
}

pub const DEFAULT_CLIENT_ID: &str = "FAKEXEROCLIENTID00000000000000000";

impl FakeXeroConfig {
    pub fn new(clock: Clock) -> Self {
        Self {
            port: 0,
            clock,
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            redirect_uris: Vec::new(),
            provider_name: "Settle".to_owned(),
            rate_limits: RateLimits::default(),
            invoice_rules: InvoiceRules::default(),
            seed_demo: false,
            seed_second_organisation: false,
        }
    }
}

/// Xero's per-tenant limits (NOTES.md §3). Counting always happens and the `X-*Limit-Remaining`
/// headers are always sent; only `enforce` turns breaches into 429s, so benches can run flat out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub enforce: bool,
    /// Calls in flight per tenant.
    pub concurrent: u32,
    /// Calls per tenant per fixed minute window.
    pub per_minute: u32,
    /// Calls per tenant per fixed 24-hour window.
    pub per_day: u32,
    /// Calls per minute across all tenants of the app.
    pub app_per_minute: u32,
}

impl RateLimits {
    /// The limits of a paid tier, enforced.
    pub fn xero() -> Self {
        Self {
            enforce: true,
            concurrent: 5,
            per_minute: 60,
            per_day: 5000,
            app_per_minute: 10_000,
        }
    }

    /// The Starter tier's 1,000 calls a day (NOTES.md §2.6, unverified against Xero), enforced.
    pub fn starter() -> Self {
        Self {
            per_day: 1000,
            ..Self::xero()
        }
    }
}

impl Default for RateLimits {
    /// Xero's numbers, not enforced.
    fn default() -> Self {
        Self {
            enforce: false,
            ..Self::xero()
        }
    }
}

/// Behaviours NOTES.md marks UNVERIFIED, as switches so tests can cover both answers.
/// Defaults pick the answer that is harder on the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvoiceRules {
    /// Accept an ExpectedPaymentDate edit on a part-paid (or part-credited) invoice.
    pub expected_payment_date_when_part_paid: bool,
    /// Accept an ExpectedPaymentDate edit on a PAID invoice.
    pub expected_payment_date_when_paid: bool,
    /// Refuse an ExpectedPaymentDate edit on an invoice dated on or before a lock date.
    pub lock_dates_block_expected_payment_date: bool,
    /// Whether setting ExpectedPaymentDate bumps UpdatedDateUTC (NOTES.md §4.1: assume not).
    pub expected_payment_date_bumps_updated: bool,
    /// Whether a payment or credit allocation bumps the invoice's UpdatedDateUTC.
    pub allocation_bumps_updated: bool,
}

impl Default for InvoiceRules {
    fn default() -> Self {
        Self {
            expected_payment_date_when_part_paid: true,
            expected_payment_date_when_paid: false,
            lock_dates_block_expected_payment_date: true,
            expected_payment_date_bumps_updated: false,
            allocation_bumps_updated: true,
        }
    }
}

/// What `/identity/connect/authorize` does with a well-formed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthorizeMode {
    /// Consent is given at once: redirect with `code` and `state`.
    #[default]
    Approve,
    /// The user clicks "Cancel": redirect with `error=access_denied`.
    Deny,
}
