//! Engine errors and the small code the UI may branch on (`{code, message}` over IPC).

use serde::Serialize;
use settle_db::DbError;
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
    Internal,
}

#[derive(Debug, Error)]
pub enum EngineError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(
        "There is no organisation yet. Open the demo business (`settle demo`, or the button in \
         the window) — connecting Xero comes in a later version."
    )]
    NoOrganisation,
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
            Self::Db(DbError::Conversion(_) | DbError::Sqlx(_)) => ErrorCode::Internal,
        }
    }
}
