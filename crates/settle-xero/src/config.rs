//! What a [`crate::XeroClient`] is configured with: the app's Client ID (validated), Xero's
//! endpoints (real or fake-xero's), the scope set, the loopback redirect ports, where the refresh
//! token lives (a SecretStore name) and where the cross-process refresh lock lives, and the retry
//! and rate-limit policy. Owns: those values and their defaults. Must not: do I/O.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{ClientIdProblem, XeroError};

/// The loopback ports Settle listens on for Xero's sign-in redirect, tried in order. Register all
/// of them in the Xero app as `http://localhost:<port>/callback` (Xero matches redirect URIs
/// exactly, NOTES.md §2.2). They sit below every OS's ephemeral range (Linux starts at 32768,
/// Windows and macOS at 49152) so an outgoing connection never holds one, and are spread out so
/// one program's block of ports cannot take them all.
pub const REDIRECT_PORTS: [u16; 4] = [8749, 9587, 17_849, 23_817];

/// The path of the redirect URI on the loopback listener.
pub const REDIRECT_PATH: &str = "/callback";

/// A Xero app's Client ID, checked before it is ever sent.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// Surrounding whitespace (a pasted newline) is dropped; anything inside that Xero IDs never
    /// contain is refused with a message that tells the owner to paste it again.
    pub fn parse(text: &str) -> Result<Self, XeroError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(XeroError::InvalidClientId(ClientIdProblem::Empty));
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err(XeroError::InvalidClientId(ClientIdProblem::Spaces));
        }
        if let Some(c) = trimmed.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(XeroError::InvalidClientId(ClientIdProblem::Character(c)));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ClientId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not a secret (it is in every authorize URL), so it may be logged.
        write!(f, "ClientId({})", self.0)
    }
}

/// Xero's hosts (NOTES.md §1). Tests point these at fake-xero's `Urls`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub authorize: String,
    pub token: String,
    pub revocation: String,
    pub connections: String,
    /// The Accounting API base, without a trailing slash.
    pub api: String,
}

impl Endpoints {
    pub fn xero() -> Self {
        Self {
            authorize: "https://login.xero.com/identity/connect/authorize".to_owned(),
            token: "https://identity.xero.com/connect/token".to_owned(),
            revocation: "https://identity.xero.com/connect/revocation".to_owned(),
            connections: "https://api.xero.com/connections".to_owned(),
            api: "https://api.xero.com/api.xro/2.0".to_owned(),
        }
    }
}

/// Which scope names to ask for (NOTES.md §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeSet {
    /// Granular scopes: required for apps created on or after 2 March 2026, accepted by older
    /// apps too from April 2026.
    #[default]
    Granular,
    /// The broad scopes older apps were created with; the fallback when Xero refuses the granular
    /// names (`invalid_scope` / `unauthorized_client`).
    Broad,
}

impl ScopeSet {
    pub fn scopes(self) -> &'static [&'static str] {
        match self {
            // accounting.invoices (not .read) because Settle writes ExpectedPaymentDate and
            // History notes; settings.read for /Organisation; payments.read for the pre-send
            // re-check of payments.
            Self::Granular => &[
                "offline_access",
                "accounting.invoices",
                "accounting.contacts.read",
                "accounting.settings.read",
                "accounting.payments.read",
            ],
            // accounting.transactions covers invoices and payments in the broad scheme.
            Self::Broad => &[
                "offline_access",
                "accounting.transactions",
                "accounting.contacts.read",
                "accounting.settings.read",
            ],
        }
    }

    /// The `scope` parameter: space-separated.
    pub fn as_param(self) -> String {
        self.scopes().join(" ")
    }

    /// What to try when Xero refuses these scopes.
    pub fn fallback(self) -> Option<Self> {
        match self {
            Self::Granular => Some(Self::Broad),
            Self::Broad => None,
        }
    }
}

/// How hard to try before giving up, and how politely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Requests in flight per organisation (Xero allows 5, NOTES.md §3).
    pub concurrency: usize,
    /// Retries after a 5xx or a network failure, with exponential backoff.
    pub server_retries: u32,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// A 429 whose Retry-After is longer than this is returned as `RateLimited` instead of
    /// waited out (a day-limit breach can mean hours).
    pub max_rate_limit_wait: Duration,
    /// How many 429s in a row one request waits out before giving up.
    pub rate_limit_retries: u32,
    /// Whole-request timeout for one HTTP attempt.
    pub request_timeout: Duration,
    /// How long to wait for another process's refresh to finish.
    pub refresh_lock_timeout: Duration,
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (0-based): base × 2^attempt, capped. No jitter:
    /// one desktop app per organisation has no herd to spread out.
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.backoff_base
            .saturating_mul(2_u32.saturating_pow(attempt.min(16)))
            .min(self.backoff_cap)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            concurrency: 5,
            server_retries: 4,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(8),
            max_rate_limit_wait: Duration::from_secs(65),
            rate_limit_retries: 8,
            request_timeout: Duration::from_secs(60),
            refresh_lock_timeout: Duration::from_secs(60),
        }
    }
}

/// Everything a client needs besides its ports (SecretStore, Clock).
#[derive(Debug, Clone)]
pub struct XeroConfig {
    pub client_id: ClientId,
    pub endpoints: Endpoints,
    pub scopes: ScopeSet,
    pub redirect_ports: Vec<u16>,
    /// The SecretStore name of this connection's refresh token, e.g. `xero.refresh_token`.
    /// Clients in one process with the same token endpoint, Client ID and secret name share one
    /// in-memory access token (see `credentials.rs`).
    pub secret_name: String,
    /// Folder for the cross-process refresh lock file (Settle's data folder).
    pub lock_dir: PathBuf,
    pub retry: RetryPolicy,
}

impl XeroConfig {
    /// Real Xero, granular scopes, the standard ports and retry policy.
    pub fn new(client_id: ClientId, secret_name: impl Into<String>, lock_dir: PathBuf) -> Self {
        Self {
            client_id,
            endpoints: Endpoints::xero(),
            scopes: ScopeSet::default(),
            redirect_ports: REDIRECT_PORTS.to_vec(),
            secret_name: secret_name.into(),
            lock_dir,
            retry: RetryPolicy::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_checked_with_actionable_messages() {
        let id = ClientId::parse("  ABCDEF0123456789ABCDEF0123456789\n").unwrap();
        assert_eq!(id.as_str(), "ABCDEF0123456789ABCDEF0123456789");
        for (text, problem) in [
            ("", ClientIdProblem::Empty),
            ("   ", ClientIdProblem::Empty),
            ("ABCD EF01", ClientIdProblem::Spaces),
            ("ABCD\tEF01", ClientIdProblem::Spaces),
            ("ABCD-EF01", ClientIdProblem::Character('-')),
        ] {
            match ClientId::parse(text) {
                Err(XeroError::InvalidClientId(p)) => assert_eq!(p, problem, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let waits: Vec<u64> = (0..7)
            .map(|n| policy.backoff(n).as_millis() as u64)
            .collect();
        assert_eq!(waits, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
    }

    #[test]
    fn scopes_match_notes_and_fall_back_once() {
        assert_eq!(
            ScopeSet::Granular.as_param(),
            "offline_access accounting.invoices accounting.contacts.read \
             accounting.settings.read accounting.payments.read"
        );
        assert!(ScopeSet::Broad
            .as_param()
            .contains("accounting.transactions"));
        assert_eq!(ScopeSet::Granular.fallback(), Some(ScopeSet::Broad));
        assert_eq!(ScopeSet::Broad.fallback(), None);
    }
}
