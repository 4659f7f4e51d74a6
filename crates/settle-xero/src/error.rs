//! The crate's one error type, [`XeroError`], and [`MappingError`] for single records that do not
//! fit settle-core. Messages are written for the shop owner who will read them in the app: what
//! happened, in their words, and what to do. Each error also says whether retrying can help
//! ([`XeroError::is_retryable`]) and whether only a reconnect can
//! ([`XeroError::needs_reconnect`]). Owns: error wording. Must not: contain a secret (tokens,
//! codes, verifiers are never formatted into an error).

use std::path::PathBuf;
use std::time::Duration;

use settle_core::secret::SecretStoreError;
use settle_core::CoreError;
use uuid::Uuid;

use crate::rate_limit::RateLimitProblem;
use crate::refusal::Refusal;

/// Why the Client ID typed into Settle cannot be Xero's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientIdProblem {
    Empty,
    Spaces,
    Character(char),
}

impl std::fmt::Display for ClientIdProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("the Client ID is empty"),
            Self::Spaces => f.write_str("the Client ID has spaces in it"),
            Self::Character(c) => {
                write!(f, "the Client ID contains '{c}', which Xero IDs never do")
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum XeroError {
    #[error("Xero refused the sign-in: {0} — paste it again from developer.xero.com (My Apps → your app → Configuration).")]
    InvalidClientId(ClientIdProblem),

    #[error("Xero does not recognise this Client ID. Check it matches your app at developer.xero.com and that the app type is \"Auth code with PKCE\".")]
    UnknownClientId,

    #[error("Settle needs one of the local ports {} to receive Xero's sign-in reply, but other programs are using all of them. Close one of those programs (or restart the computer) and connect again.", list_ports(.ports))]
    NoFreePort { ports: Vec<u16> },

    #[error("Settle could not listen for Xero's sign-in reply on this computer: {0}")]
    Listener(#[source] std::io::Error),

    #[error("This computer could not supply secure random numbers for the sign-in ({0}). Restart it and connect again.")]
    Randomness(String),

    #[error("The sign-in was cancelled on Xero's consent page, so Settle is not connected. Click Connect again and choose \"Allow access\".")]
    SignInDenied,

    #[error("Xero refused the permissions Settle asked for ({scopes}). Xero apps created before March 2026 may only know the older permission names: connect again with the older permission set.")]
    ScopesRefused { scopes: String },

    #[error("Xero refused the sign-in ({error}{}). Click Connect to try again.", .description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    SignInFailed {
        error: String,
        description: Option<String>,
    },

    #[error("The sign-in reply did not belong to the sign-in Settle started (state mismatch), so it was ignored for your safety. Close old Xero sign-in tabs and click Connect again.")]
    StateMismatch,

    #[error("Xero's sign-in reply was incomplete ({0}). Click Connect to try again.")]
    CallbackMalformed(String),

    #[error("Settle is not connected to Xero yet. Click \"Connect to Xero\".")]
    NotConnected,

    #[error("Xero no longer accepts Settle's saved sign-in ({reason}), so chasing is paused. Reconnect to Xero to resume.")]
    ReconnectNeeded { reason: String },

    #[error("Xero did not send a refresh token, so Settle could not stay connected. Reconnect and allow every permission Settle asks for (it needs \"offline access\").")]
    MissingRefreshToken,

    #[error(
        "Xero's sign-in service answered HTTP {status} ({detail}). Try again in a few minutes."
    )]
    TokenEndpoint { status: u16, detail: String },

    #[error(transparent)]
    Secrets(#[from] SecretStoreError),

    #[error("Settle could not use its sign-in lock file {}: {source}. Check that Settle's data folder is writable.", .path.display())]
    RefreshLock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("Another Settle process has been refreshing the Xero sign-in for too long (lock file {}). If no other Settle window or command is running, restart Settle.", .path.display())]
    RefreshLockTimeout { path: PathBuf },

    #[error("Xero refused access to this organisation ({tenant}): Settle was disconnected from it in Xero, or your Xero user lost access. Reconnect to Xero and choose the organisation again.")]
    TenantAccessDenied { tenant: Uuid },

    #[error("Settle's Xero connection lacks the permission \"{scope}\". Reconnect to Xero and allow every permission Settle asks for.")]
    MissingScope { scope: String },

    #[error(
        "Xero rejected Settle's sign-in even after refreshing it ({detail}). Reconnect to Xero."
    )]
    Unauthorized { detail: String },

    #[error("Xero has no such record ({endpoint}); it may have been deleted in Xero.")]
    NotFound { endpoint: String },

    #[error("Xero refused to {action}: {refusal}")]
    Refused { action: String, refusal: Refusal },

    #[error("Xero could not process {endpoint} ({kind}: {message}). This is a Settle bug; please report it.")]
    BadRequest {
        endpoint: String,
        kind: String,
        message: String,
    },

    #[error("Xero's {problem} limit for this organisation is used up{}. Settle will carry on after that.", .retry_after.map(|d| format!("; it resets in {}", human_wait(d))).unwrap_or_default())]
    RateLimited {
        problem: RateLimitProblem,
        retry_after: Option<Duration>,
    },

    #[error("Xero is having trouble (HTTP {status} on {endpoint}, {attempts} tries). Settle will try again later; nothing was lost.")]
    ServerTrouble {
        endpoint: String,
        status: u16,
        attempts: u32,
    },

    #[error("Settle could not reach Xero ({endpoint}): {detail}. Check the internet connection.")]
    Network { endpoint: String, detail: String },

    #[error("Xero sent a reply Settle could not read ({endpoint}: {detail}). This is usually temporary: sync again, and report it if it keeps happening.")]
    MalformedResponse { endpoint: String, detail: String },

    #[error("Xero answered {endpoint} with HTTP {status} ({detail}).")]
    UnexpectedResponse {
        endpoint: String,
        status: u16,
        detail: String,
    },

    #[error("A Xero history note can be at most {max} characters; this one has {chars}.")]
    NoteTooLong { chars: usize, max: usize },

    #[error("Stopped before finishing, as asked.")]
    Cancelled,

    #[error("Settle hit an internal error while talking to Xero ({0}). Try again; if it keeps happening, restart Settle and report it.")]
    Internal(String),
}

impl XeroError {
    /// Trying the same thing again later can succeed without the owner doing anything.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RateLimited { .. }
            | Self::ServerTrouble { .. }
            | Self::Network { .. }
            | Self::MalformedResponse { .. }
            | Self::RefreshLockTimeout { .. } => true,
            Self::TokenEndpoint { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// Only connecting to Xero again (the browser sign-in) can fix this: the caller pauses
    /// chasing and shows "reconnect".
    pub fn needs_reconnect(&self) -> bool {
        matches!(
            self,
            Self::ReconnectNeeded { .. }
                | Self::NotConnected
                | Self::MissingRefreshToken
                | Self::TenantAccessDenied { .. }
                | Self::MissingScope { .. }
                | Self::Unauthorized { .. }
        )
    }
}

/// A Xero record that cannot become a settle-core value. The record is skipped (or held), never
/// guessed at; the rest of the page is still good.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("Xero sent {field} \"{value}\", which this version of Settle does not know; the record was left unchanged. Updating Settle will fix this.")]
    UnknownValue { field: &'static str, value: String },
    #[error("Xero sent a record without {field}; it was left unchanged.")]
    Missing { field: &'static str },
    #[error(
        "Xero record {id} is a {kind}, not a sales invoice; Settle only chases sales invoices."
    )]
    NotSalesInvoice { id: Uuid, kind: String },
    #[error("Xero's time zone \"{0}\" is not one Settle knows; choose the organisation's time zone in Settings.")]
    UnknownTimezone(String),
    #[error(transparent)]
    Core(#[from] CoreError),
}

fn list_ports(ports: &[u16]) -> String {
    let names: Vec<String> = ports.iter().map(u16::to_string).collect();
    names.join(", ")
}

/// "40 seconds", "3 hours" — how long an owner waits, roughly.
pub(crate) fn human_wait(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0..=1 => "1 second".to_owned(),
        2..=119 => format!("{secs} seconds"),
        120..=7199 => format!("{} minutes", secs.div_ceil(60)),
        _ => format!("{} hours", secs.div_ceil(3600)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_id_messages_say_what_to_do() {
        let e = XeroError::InvalidClientId(ClientIdProblem::Spaces);
        assert_eq!(
            e.to_string(),
            "Xero refused the sign-in: the Client ID has spaces in it — paste it again from \
             developer.xero.com (My Apps → your app → Configuration)."
        );
    }

    #[test]
    fn waits_read_naturally() {
        assert_eq!(human_wait(Duration::from_secs(40)), "40 seconds");
        assert_eq!(human_wait(Duration::from_secs(600)), "10 minutes");
        assert_eq!(human_wait(Duration::from_secs(36_000)), "10 hours");
        let e = XeroError::RateLimited {
            problem: RateLimitProblem::Day,
            retry_after: Some(Duration::from_secs(36_000)),
        };
        assert!(e.to_string().contains("daily limit"), "{e}");
        assert!(e.to_string().contains("resets in 10 hours"), "{e}");
        assert!(e.is_retryable());
    }
}
