//! The `sync_state` table: per organisation and entity (`contacts`, `invoices`, `reconcile`), the
//! watermark of the last complete pass (the highest Xero `UpdatedDateUTC` it stored), the
//! checkpoint of an unfinished pass, and the last success and error. Owns: those rows. Must not:
//! decide the overlap or when to sync (settle-engine does).

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use crate::{text, Database, DbError};

/// One entity's sync health.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    pub entity: String,
    /// The highest UpdatedDateUTC stored by the last complete pass (no overlap subtracted).
    pub watermark: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// An unfinished pass resumes with this If-Modified-Since.
    pub resume_from: Option<DateTime<Utc>>,
    /// The unfinished pass is a full one.
    pub resume_full: bool,
}

/// Where an unfinished pass stands: written in the same transaction as the page it follows, so
/// a stored page and its checkpoint are never apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncCheckpoint {
    pub entity: &'static str,
    pub resume_from: DateTime<Utc>,
    pub full: bool,
}

impl Database {
    /// The state of `entity` (all `None` when it never synced).
    pub async fn sync_state(&self, org: i64, entity: &str) -> Result<SyncState, DbError> {
        let row = sqlx::query(
            "SELECT entity, watermark, last_success_at, last_error, resume_from, resume_full \
             FROM sync_state WHERE organisation_id = ? AND entity = ?",
        )
        .bind(org)
        .bind(entity)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        match row {
            Some(row) => state_from(&row),
            None => Ok(SyncState {
                entity: entity.to_owned(),
                ..SyncState::default()
            }),
        }
    }

    /// Every entity's state, by name.
    pub async fn sync_states(&self, org: i64) -> Result<Vec<SyncState>, DbError> {
        sqlx::query(
            "SELECT entity, watermark, last_success_at, last_error, resume_from, resume_full \
             FROM sync_state WHERE organisation_id = ? ORDER BY entity",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(state_from)
        .collect()
    }

    /// A pass over `entity` completed at `now`: stores its watermark (kept when `None`: nothing
    /// new was seen), clears the checkpoint and the last error.
    pub async fn finish_sync_pass(
        &self,
        org: i64,
        entity: &str,
        watermark: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO sync_state (organisation_id, entity, watermark, last_success_at, \
             last_error, resume_from, resume_full) VALUES (?1, ?2, ?3, ?4, NULL, NULL, 0) \
             ON CONFLICT (organisation_id, entity) DO UPDATE SET \
             watermark = COALESCE(excluded.watermark, sync_state.watermark), \
             last_success_at = excluded.last_success_at, last_error = NULL, \
             resume_from = NULL, resume_full = 0",
        )
        .bind(org)
        .bind(entity)
        .bind(watermark.map(text::instant))
        .bind(text::instant(now))
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Remembers why the last pass over `entity` failed (its checkpoint stays, to resume from).
    pub async fn record_sync_error(
        &self,
        org: i64,
        entity: &str,
        error: &str,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO sync_state (organisation_id, entity, last_error) VALUES (?1, ?2, ?3) \
             ON CONFLICT (organisation_id, entity) DO UPDATE SET last_error = excluded.last_error",
        )
        .bind(org)
        .bind(entity)
        .bind(error)
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Forgets every watermark and checkpoint of the organisation (a disconnect, or a full
    /// re-sync chosen by the owner).
    pub async fn clear_sync_state(&self, org: i64) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sync_state WHERE organisation_id = ?")
            .bind(org)
            .execute(self.writer())
            .await
            .map_err(|e| self.classify(e))?;
        Ok(())
    }
}

pub(crate) async fn save_checkpoint_in(
    tx: &mut SqliteConnection,
    org: i64,
    checkpoint: &SyncCheckpoint,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO sync_state (organisation_id, entity, resume_from, resume_full) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (organisation_id, entity) DO UPDATE SET \
         resume_from = excluded.resume_from, resume_full = excluded.resume_full",
    )
    .bind(org)
    .bind(checkpoint.entity)
    .bind(text::instant(checkpoint.resume_from))
    .bind(checkpoint.full)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

fn state_from(row: &sqlx::sqlite::SqliteRow) -> Result<SyncState, DbError> {
    Ok(SyncState {
        entity: row.get("entity"),
        watermark: text::parse_opt_instant(row.get("watermark"))?,
        last_success_at: text::parse_opt_instant(row.get("last_success_at"))?,
        last_error: row.get("last_error"),
        resume_from: text::parse_opt_instant(row.get("resume_from"))?,
        resume_full: row.get::<i64, _>("resume_full") == 1,
    })
}
