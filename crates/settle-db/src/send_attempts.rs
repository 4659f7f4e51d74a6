//! The `send_attempts` table: each try at sending a message. [`Database::begin_attempt`] commits
//! the Message-ID, the archived raw message's path and hash, and moves the items to `sending`
//! BEFORE a byte goes to the server; [`Database::finish_attempt`] records the outcome; and
//! [`Database::recover_sending`] turns whatever a crash left in `sending` into `in_doubt` — so a
//! message whose fate is unknown is never sent again by itself (safety invariant 2). Sent, failed
//! and in-doubt attempts also get a row per item in `messages` (the customer timeline and the
//! overview's "last reminder" read it). Must not: talk SMTP or decide outcomes.

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::outbox_transitions::move_items_in;
use crate::outgoing_messages::ids_in_state;
use crate::{text, Database, DbError, OutboxState};

/// What goes out, as archived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    pub message_id_header: String,
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<String>,
    pub raw_path: Option<String>,
    pub raw_sha256: Option<String>,
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptEnd {
    Sent,
    Failed,
    InDoubt,
    /// Never reached the server: the items go back to approved for the next batch.
    Offline,
}

/// A stored attempt, with the invoices its message covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttempt {
    pub id: i64,
    pub message_id: i64,
    pub contact_id: i64,
    pub channel: String,
    pub message_id_header: String,
    pub state: String,
    pub reason: String,
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<String>,
    pub raw_path: Option<String>,
    pub raw_sha256: Option<String>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub invoice_ids: Vec<i64>,
}

/// Whose conversation to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationOf {
    Invoice(i64),
    Customer(i64),
}

impl Database {
    /// Records the attempt and moves the message's approved items to `sending`, in one durable
    /// transaction. Returns the attempt id, or `None` when no item was approved any more (acted on
    /// elsewhere): then nothing may be sent.
    pub async fn begin_attempt(
        &self,
        org: i64,
        message: i64,
        attempt: &NewAttempt,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let ids = ids_in_state(&mut tx, org, message, &[OutboxState::Approved]).await?;
        if ids.is_empty() {
            return Ok(None);
        }
        let id = sqlx::query(
            "INSERT INTO send_attempts (organisation_id, outgoing_message_id, message_id_header, \
             state, from_address, to_list, cc_list, subject, body_text, body_html, attachments, \
             raw_path, raw_sha256, started_at) \
             VALUES (?, ?, ?, 'sending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(org)
        .bind(message)
        .bind(&attempt.message_id_header)
        .bind(&attempt.from)
        .bind(attempt.to.join(", "))
        .bind(attempt.cc.join(", "))
        .bind(&attempt.subject)
        .bind(&attempt.text)
        .bind(&attempt.html)
        .bind(attempt.attachments.join("\n"))
        .bind(&attempt.raw_path)
        .bind(&attempt.raw_sha256)
        .bind(text::instant(now))
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        let reason = format!("sending as {}", attempt.message_id_header);
        move_items_in(
            &mut tx,
            org,
            &ids,
            OutboxState::Sending,
            &reason,
            "sender",
            now,
        )
        .await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(Some(id))
    }

    /// Records how attempt `id` ended and moves its items out of `sending`.
    pub async fn finish_attempt(
        &self,
        org: i64,
        id: i64,
        end: AttemptEnd,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let message: i64 = sqlx::query_scalar(
            "SELECT outgoing_message_id FROM send_attempts WHERE organisation_id = ? AND id = ?",
        )
        .bind(org)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let (attempt_state, item_state) = match end {
            AttemptEnd::Sent => ("sent", OutboxState::Sent),
            AttemptEnd::Failed => ("failed", OutboxState::Failed),
            AttemptEnd::InDoubt => ("in_doubt", OutboxState::InDoubt),
            AttemptEnd::Offline => ("abandoned", OutboxState::Approved),
        };
        sqlx::query(
            "UPDATE send_attempts SET state = ?, reason = ?, finished_at = ? \
             WHERE organisation_id = ? AND id = ?",
        )
        .bind(attempt_state)
        .bind(reason)
        .bind(text::instant(now))
        .bind(org)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let ids = ids_in_state(&mut tx, org, message, &[OutboxState::Sending]).await?;
        move_items_in(&mut tx, org, &ids, item_state, reason, "sender", now).await?;
        if end != AttemptEnd::Offline {
            // The customer's timeline and the overview read `messages`: one row per item.
            sqlx::query(
                "INSERT INTO messages (organisation_id, contact_id, invoice_id, outbox_item_id, \
                 channel, recipients, subject, body_text, state, message_id_header, sent_at) \
                 SELECT i.organisation_id, i.contact_id, i.invoice_id, i.id, i.channel, \
                 a.to_list, a.subject, a.body_text, ?1, a.message_id_header, ?2 \
                 FROM outbox_items i JOIN send_attempts a ON a.id = ?3 \
                 WHERE i.id IN (SELECT value FROM json_each(?4))",
            )
            .bind(attempt_state)
            .bind(text::instant(now))
            .bind(id)
            .bind(serde_json::to_string(&ids).map_err(|e| DbError::Conversion(e.to_string()))?)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Items (and attempts) left in `sending` — Settle stopped mid-send — become in doubt.
    pub async fn recover_sending(&self, org: i64, now: DateTime<Utc>) -> Result<u64, DbError> {
        let reason = "Settle stopped while this was being sent: the server may or may not have \
                      it. Check your Sent folder, then choose \"mark as sent\" or \"send again\"";
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM outbox_items WHERE organisation_id = ? AND state = 'sending'",
        )
        .bind(org)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE send_attempts SET state = 'in_doubt', reason = ?, finished_at = ? \
             WHERE organisation_id = ? AND state = 'sending'",
        )
        .bind(reason)
        .bind(text::instant(now))
        .bind(org)
        .execute(&mut *tx)
        .await?;
        let moved = move_items_in(
            &mut tx,
            org,
            &ids,
            OutboxState::InDoubt,
            reason,
            "sender",
            now,
        )
        .await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(moved)
    }

    /// The latest attempt to send `message`, if it was ever attempted: what actually went out
    /// (or was tried), as archived — the window shows this rather than a fresh rendering, which
    /// would already read differently (the invoice now counts as reminded).
    pub async fn latest_attempt(
        &self,
        org: i64,
        message: i64,
    ) -> Result<Option<StoredAttempt>, DbError> {
        sqlx::query(
            "SELECT a.*, m.contact_id, m.channel, (SELECT group_concat(i.invoice_id) FROM \
             outbox_items i WHERE i.outgoing_message_id = m.id) AS invoice_list \
             FROM send_attempts a JOIN outgoing_messages m ON m.id = a.outgoing_message_id \
             WHERE a.organisation_id = ?1 AND a.outgoing_message_id = ?2 \
             ORDER BY a.started_at DESC, a.id DESC LIMIT 1",
        )
        .bind(org)
        .bind(message)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .as_ref()
        .map(attempt_from_row)
        .transpose()
    }

    /// Every attempt for an invoice or a customer, newest first.
    pub async fn conversation(
        &self,
        org: i64,
        of: ConversationOf,
    ) -> Result<Vec<StoredAttempt>, DbError> {
        let (filter, id) = match of {
            ConversationOf::Invoice(id) => (
                "EXISTS (SELECT 1 FROM outbox_items i WHERE i.outgoing_message_id = m.id \
                 AND i.invoice_id = ?2)",
                id,
            ),
            ConversationOf::Customer(id) => ("m.contact_id = ?2", id),
        };
        sqlx::query(&format!(
            "SELECT a.*, m.contact_id, m.channel, (SELECT group_concat(i.invoice_id) FROM \
             outbox_items i WHERE i.outgoing_message_id = m.id) AS invoice_list \
             FROM send_attempts a JOIN outgoing_messages m ON m.id = a.outgoing_message_id \
             WHERE a.organisation_id = ?1 AND {filter} ORDER BY a.started_at DESC, a.id DESC"
        ))
        .bind(org)
        .bind(id)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(attempt_from_row)
        .collect()
    }
}

fn attempt_from_row(row: &SqliteRow) -> Result<StoredAttempt, DbError> {
    let split = |col: &str, sep: char| -> Vec<String> {
        let value: Option<String> = row.get(col);
        text::split_list(value.as_deref().unwrap_or_default(), sep)
    };
    Ok(StoredAttempt {
        id: row.get("id"),
        message_id: row.get("outgoing_message_id"),
        contact_id: row.get("contact_id"),
        channel: row.get("channel"),
        message_id_header: row.get("message_id_header"),
        state: row.get("state"),
        reason: row.get("reason"),
        from: row.get("from_address"),
        to: split("to_list", ','),
        cc: split("cc_list", ','),
        subject: row.get("subject"),
        text: row.get("body_text"),
        html: row.get("body_html"),
        attachments: split("attachments", '\n'),
        raw_path: row.get("raw_path"),
        raw_sha256: row.get("raw_sha256"),
        started_at: text::parse_instant(row.get("started_at"))?,
        finished_at: text::parse_opt_instant(row.get("finished_at"))?,
        invoice_ids: split("invoice_list", ',')
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect(),
    })
}
