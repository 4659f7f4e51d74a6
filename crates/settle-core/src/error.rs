//! The one error type of settle-core: invalid input, described so an owner can fix it.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CoreError {
    #[error("'{0}' is not a three-letter ISO 4217 currency code (for example GBP, EUR, USD)")]
    InvalidCurrency(String),
    #[error("'{value}' is not a valid amount for {field}: {reason}")]
    InvalidAmount {
        field: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("'{0}' is not a known IANA time zone (for example Europe/London)")]
    InvalidTimezone(String),
    #[error("unknown {kind} '{value}'")]
    UnknownValue { kind: &'static str, value: String },
}
