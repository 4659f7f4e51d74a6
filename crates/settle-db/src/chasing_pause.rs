//! The `chasing_pauses` table: whether an organisation's chasing is paused, since when, why, and
//! whether Xero needs reconnecting first. Owns: that one row per organisation. Must not: decide
//! when to pause or whether a resume is allowed (settle-engine does), or send anything.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use crate::{text, Database, DbError};

/// Chasing is paused for the organisation: nothing is sent until it is resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChasingPause {
    pub since: DateTime<Utc>,
    /// Why, in the owner's words ("New connection: review your plan, then resume").
    pub reason: String,
    /// Xero refused Settle's saved sign-in: reconnecting must come before resuming.
    pub reconnect_needed: bool,
}

impl Database {
    /// The organisation's pause, or `None` when chasing runs.
    pub async fn chasing_pause(&self, org: i64) -> Result<Option<ChasingPause>, DbError> {
        let row = sqlx::query(
            "SELECT paused_since, reason, reconnect_needed FROM chasing_pauses \
             WHERE organisation_id = ?",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        row.map(|row| {
            Ok(ChasingPause {
                since: text::parse_instant(row.get::<&str, _>("paused_since"))?,
                reason: row.get("reason"),
                reconnect_needed: row.get::<i64, _>("reconnect_needed") == 1,
            })
        })
        .transpose()
    }

    /// Pauses chasing (`Some`, replacing any earlier pause) or resumes it (`None`). An empty
    /// reason is refused: the owner must always be able to read why nothing is being sent.
    pub async fn set_chasing_pause(
        &self,
        org: i64,
        pause: Option<&ChasingPause>,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        write_pause(&mut tx, org, pause).await?;
        tx.commit().await.map_err(|e| self.classify(e))
    }

    /// [`Database::set_chasing_pause`] and its audit-log entry (`action` is `chasing_paused` or
    /// `chasing_resumed`), in one transaction: the log never disagrees with the pause. Returns
    /// the audit entry's id.
    pub async fn change_chasing_pause(
        &self,
        org: i64,
        pause: Option<&ChasingPause>,
        actor: &str,
        now: DateTime<Utc>,
        summary: &str,
    ) -> Result<i64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        write_pause(&mut tx, org, pause).await?;
        let action = if pause.is_some() {
            "chasing_paused"
        } else {
            "chasing_resumed"
        };
        let audit_id = sqlx::query(
            "INSERT INTO audit_log (organisation_id, at, actor, action, summary) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(org)
        .bind(text::instant(now))
        .bind(actor)
        .bind(action)
        .bind(summary)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.classify(e))?
        .last_insert_rowid();
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(audit_id)
    }
}

async fn write_pause(
    tx: &mut SqliteConnection,
    org: i64,
    pause: Option<&ChasingPause>,
) -> Result<(), DbError> {
    let Some(pause) = pause else {
        sqlx::query("DELETE FROM chasing_pauses WHERE organisation_id = ?")
            .bind(org)
            .execute(&mut *tx)
            .await?;
        return Ok(());
    };
    if pause.reason.trim().is_empty() {
        return Err(DbError::Invalid(
            "A chasing pause needs a reason the owner can read; give one.".into(),
        ));
    }
    let exists = sqlx::query("SELECT 1 FROM organisations WHERE id = ?")
        .bind(org)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(DbError::NotFound(format!(
            "organisation {org} does not exist"
        )));
    }
    sqlx::query(
        "INSERT INTO chasing_pauses (organisation_id, paused_since, reason, reconnect_needed) \
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (organisation_id) DO UPDATE SET \
         paused_since = excluded.paused_since, reason = excluded.reason, \
         reconnect_needed = excluded.reconnect_needed",
    )
    .bind(org)
    .bind(text::instant(pause.since))
    .bind(pause.reason.trim())
    .bind(pause.reconnect_needed)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
