//! Opening the database file: pragmas, the single writer, readers, and migrations.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::MigrateError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use crate::DbError;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How to open the database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long a write waits for another process (the CLI, another window) to finish before the
    /// owner is told the database is in use.
    pub busy_timeout: Duration,
    pub readers: u32,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            busy_timeout: Duration::from_secs(5),
            readers: 4,
        }
    }
}

/// The database: one writer connection (SQLite allows one writer at a time; queueing writes in
/// the pool is kinder than `SQLITE_BUSY`) and a few readers that WAL lets run alongside it.
#[derive(Debug, Clone)]
pub struct Database {
    path: PathBuf,
    writer: SqlitePool,
    reader: SqlitePool,
    /// One long-lived connection whose `PRAGMA data_version` changes whenever any other
    /// connection — our writer, or another process — commits (see [`Database::change_marker`]).
    watch: SqlitePool,
}

impl Database {
    /// Opens (creating if missing) the database at `path` and brings its schema up to date.
    /// A file written by a newer Settle, a damaged file, a locked file or an unwritable folder is
    /// refused with a classified error and left exactly as it was.
    pub async fn open(path: &Path, options: &OpenOptions) -> Result<Self, DbError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| DbError::Unwritable {
                path: dir.to_path_buf(),
                detail: e.to_string(),
            })?;
        }
        let connect = SqliteConnectOptions::from_str("sqlite://")
            .map_err(DbError::Sqlx)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(options.busy_timeout);
        let classify = |e| DbError::classify(path, e);
        // The writer alone gets a 64 MiB page cache (readers keep SQLite's 2 MB, for the app's
        // memory target): a sync page's 1,000 rows touch pages all over the invoice indexes,
        // and with the small cache each commit re-reads and re-writes them (PERFORMANCE.md,
        // "Xero sync"). Temporary b-trees (sorting a page's JSON list) stay in memory.
        let writer_connect = connect
            .clone()
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "MEMORY")
            // Checkpoint every ~64 MiB of WAL rather than SQLite's 4 MiB: a sync page rewrites
            // the same index pages commit after commit, and each checkpoint copies them all
            // back; fewer checkpoints copy each page once. The WAL file is cut back to 32 MiB
            // after a checkpoint so it does not stay at its largest size.
            .pragma("wal_autocheckpoint", "16384")
            .pragma("journal_size_limit", "33554432");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(writer_connect)
            .await
            .map_err(classify)?;
        migrate(path, &writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(options.readers.max(1))
            .connect_with(connect.clone())
            .await
            .map_err(classify)?;
        // Never recycled: a new connection would restart the data_version counter.
        let watch = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(connect)
            .await
            .map_err(classify)?;
        Ok(Self {
            path: path.to_path_buf(),
            writer,
            reader,
            watch,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Hands the writer's page cache back to the allocator. It may have grown to its 64 MiB
    /// during a large sync, and SQLite keeps it for the connection's life: a long-running app
    /// would otherwise stay that much bigger (the window's memory target, PERFORMANCE.md).
    pub async fn release_memory(&self) -> Result<(), DbError> {
        sqlx::query("PRAGMA shrink_memory")
            .execute(&self.writer)
            .await
            .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// The pool for statements that only read.
    pub fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    /// The single-connection pool every write goes through.
    pub fn writer(&self) -> &SqlitePool {
        &self.writer
    }

    /// A number that changes whenever anything (this process or another) commits a change to
    /// the database: a cache of query results is valid while the marker is unchanged.
    pub async fn change_marker(&self) -> Result<i64, DbError> {
        sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&self.watch)
            .await
            .map_err(|e| self.classify(e))
    }

    pub(crate) fn classify(&self, err: sqlx::Error) -> DbError {
        DbError::classify(&self.path, err)
    }

    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
        self.watch.close().await;
    }
}

async fn migrate(path: &Path, pool: &SqlitePool) -> Result<(), DbError> {
    MIGRATOR.run(pool).await.map_err(|e| match e {
        MigrateError::VersionMissing(version) => DbError::Newer {
            path: path.to_path_buf(),
            version,
        },
        MigrateError::Execute(err) => DbError::classify(path, err),
        other => DbError::Corrupt {
            path: path.to_path_buf(),
            detail: other.to_string(),
        },
    })
}
