//! Engine errors and the small code the UI may branch on (`{code, message}` over IPC).

use serde::Serialize;
use settle_db::DbError;
use settle_xero::XeroError;
use thiserror::Error;
use ts_rs::TS;

/// What kind of failure happened, for the UI to choose how to show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    DatabaseNewer,
    DatabaseCorrupt,
    DatabaseLocked,
    DataDirUnwritable,
    NotFound,
    InvalidInput,
    NoOrganisation,
    UndoUnavailable,
    /// Xero is not connected (or the connection was removed): show "Connect to Xero".
    XeroNotConnected,
    /// Xero refused the saved sign-in: chasing pauses until the owner reconnects.
    XeroReconnectNeeded,
    /// Xero could not be reached or answered badly; trying again later can succeed.
    XeroUnavailable,
    /// Xero's rate limit for the organisation is used up for now.
    XeroRateLimited,
    /// Stopped because the owner (or the app closing) asked.
    Cancelled,
    /// Another sync with Xero is running for this data folder (this window, the background
    /// sync, or `settle sync`): wait for it or cancel it.
    SyncRunning,
    Internal,
}

#[derive(Debug, Error)]
pub enum EngineError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(
        "There is no organisation yet. Open the demo business (`settle demo`, or the button in \
         the window), or connect Xero (`settle connect xero`)."
    )]
    NoOrganisation,
    #[error(transparent)]
    Xero(#[from] XeroError),
    #[error("Settle is not connected to Xero. Connect first (`settle connect xero`, or \"Connect to Xero\" in the window).")]
    XeroNotConnected,
    #[error("The sync stopped before finishing, as asked. Everything stored so far is kept; the next sync carries on from there.")]
    Cancelled,
    #[error("{}", crate::xero_sync_run::SYNC_RUNNING)]
    SyncRunning,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    InvalidInput(String),
}

impl EngineError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Db(DbError::Newer { .. }) => ErrorCode::DatabaseNewer,
            Self::Db(DbError::Corrupt { .. }) => ErrorCode::DatabaseCorrupt,
            Self::Db(DbError::Locked { .. }) => ErrorCode::DatabaseLocked,
            Self::Db(DbError::Unwritable { .. }) => ErrorCode::DataDirUnwritable,
            Self::Db(DbError::NotFound(_)) | Self::NotFound(_) => ErrorCode::NotFound,
            Self::Db(DbError::Invalid(_)) | Self::InvalidInput(_) => ErrorCode::InvalidInput,
            Self::Db(DbError::UndoUnavailable(_)) => ErrorCode::UndoUnavailable,
            Self::NoOrganisation => ErrorCode::NoOrganisation,
            Self::XeroNotConnected
            | Self::Xero(XeroError::NotConnected | XeroError::TenantAccessDenied { .. }) => {
                ErrorCode::XeroNotConnected
            }
            Self::Xero(e) if e.needs_reconnect() => ErrorCode::XeroReconnectNeeded,
            Self::Xero(XeroError::RateLimited { .. }) => ErrorCode::XeroRateLimited,
            Self::Xero(XeroError::Cancelled) | Self::Cancelled => ErrorCode::Cancelled,
            Self::SyncRunning => ErrorCode::SyncRunning,
            Self::Xero(e) if e.is_retryable() => ErrorCode::XeroUnavailable,
            Self::Xero(_) => ErrorCode::InvalidInput,
            Self::Db(DbError::Conversion(_) | DbError::Sqlx(_)) => ErrorCode::Internal,
        }
    }
}
