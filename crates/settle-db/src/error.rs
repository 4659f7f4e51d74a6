//! Storage errors, classified so the app can tell the owner what happened and what to do.

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum DbError {
    #[error(
        "The database {path} was written by a newer version of Settle (it has database change \
         #{version}, which this version does not know). Install the newer Settle to open it; \
         nothing was changed."
    )]
    Newer { path: PathBuf, version: i64 },
    #[error(
        "The database file {path} is damaged or is not a Settle database (SQLite: {detail}). It \
         was left \
         untouched: restore it from a backup, or move it aside to start fresh."
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "The database {path} is in use by another program (another Settle window or a `settle` \
         command may be writing to it). Close it and try again."
    )]
    Locked { path: PathBuf },
    #[error(
        "Settle cannot write to its data folder {path} ({detail}). Check that the folder exists \
         and that you have permission to write to it, or choose another with --data-dir."
    )]
    Unwritable { path: PathBuf, detail: String },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    UndoUnavailable(String),
    #[error("stored data could not be read: {0}")]
    Conversion(String),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
}

impl From<settle_core::CoreError> for DbError {
    fn from(value: settle_core::CoreError) -> Self {
        Self::Conversion(value.to_string())
    }
}

/// SQLite primary result codes we tell apart (the extended code's low byte).
const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;
const SQLITE_READONLY: i64 = 8;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_CANTOPEN: i64 = 14;
const SQLITE_NOTADB: i64 = 26;

impl DbError {
    /// Turns a raw sqlx error met while using the file at `path` into the owner-facing class.
    pub(crate) fn classify(path: &std::path::Path, err: sqlx::Error) -> Self {
        let code = match &err {
            sqlx::Error::Database(db) => db
                .code()
                .and_then(|c| c.parse::<i64>().ok())
                .map(|c| c & 0xff),
            _ => None,
        };
        let path = path.to_path_buf();
        match code {
            Some(SQLITE_BUSY) | Some(SQLITE_LOCKED) => Self::Locked { path },
            Some(SQLITE_CORRUPT) | Some(SQLITE_NOTADB) => Self::Corrupt {
                path,
                detail: sqlite_says(&err),
            },
            Some(SQLITE_CANTOPEN) | Some(SQLITE_READONLY) => Self::Unwritable {
                path,
                detail: sqlite_says(&err),
            },
            _ => Self::Sqlx(err),
        }
    }
}

/// SQLite's own words for a database error, without sqlx's "error returned from database:
/// (code: 26)" wrapping that means nothing to an owner.
fn sqlite_says(err: &sqlx::Error) -> String {
    match err {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    }
}
