//! The `outgoing_messages` table: one message per group of outbox items that go as one email
//! (one customer, one local day, one channel, one audience), with the owner's edits and approval.
//! The items carry the state and move together through `outbox_transitions::move_items_in`.
//! Must not: group (settle-core's `group_reminders` decides) or render anything.

use chrono::{DateTime, NaiveDate, Utc};
use settle_core::schedule::Channel;
use sqlx::{Row, SqliteConnection};

use crate::outbox::{item_from_row, COLUMNS};
use crate::outbox_transitions::move_items_in;
use crate::{text, Database, DbError, OutboxItem, OutboxState};

/// What makes items one message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MessageKey {
    pub contact_id: i64,
    pub channel: Channel,
    pub local_date: NaiveDate,
    /// `customer`, `role:<name>` or `invoice:<id>`.
    pub audience: String,
}

/// A stored message with its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    pub id: i64,
    pub key: MessageKey,
    pub subject_override: Option<String>,
    pub body_override: Option<String>,
    pub to_override: Option<Vec<String>>,
    pub cc_override: Option<Vec<String>>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub send_now: bool,
    pub items: Vec<OutboxItem>,
}

impl StoredMessage {
    /// The state its items share (the most advanced one if they ever differ).
    pub fn state(&self) -> OutboxState {
        self.items
            .iter()
            .map(|i| i.state)
            .max()
            .unwrap_or(OutboxState::Cancelled)
    }

    pub fn item_ids(&self) -> Vec<i64> {
        self.items.iter().map(|i| i.id).collect()
    }
}

const MESSAGE_COLUMNS: &str = "id, contact_id, channel, local_date, audience, subject_override, \
    body_override, to_override, cc_override, approved_by, approved_at, send_now";

impl Database {
    /// Puts each item without a message into the open (not yet approved, nothing sent) message
    /// of its key, creating one when there is none.
    pub async fn assign_messages(
        &self,
        org: i64,
        assignments: &[(i64, MessageKey)],
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let mut assigned = 0;
        for (item, key) in assignments {
            let open: Option<i64> = sqlx::query_scalar(
                "SELECT m.id FROM outgoing_messages m WHERE m.organisation_id = ?1 \
                 AND m.contact_id = ?2 AND m.channel = ?3 AND m.local_date = ?4 \
                 AND m.audience = ?5 AND m.approved_at IS NULL AND NOT EXISTS (SELECT 1 FROM \
                 outbox_items i WHERE i.outgoing_message_id = m.id AND i.state IN \
                 ('approved', 'sending', 'sent', 'failed', 'in_doubt')) ORDER BY m.id DESC LIMIT 1",
            )
            .bind(org)
            .bind(key.contact_id)
            .bind(key.channel.as_str())
            .bind(text::date(key.local_date))
            .bind(&key.audience)
            .fetch_optional(&mut *tx)
            .await?;
            let id = match open {
                Some(id) => id,
                None => sqlx::query(
                    "INSERT INTO outgoing_messages (organisation_id, contact_id, channel, \
                     local_date, audience, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                )
                .bind(org)
                .bind(key.contact_id)
                .bind(key.channel.as_str())
                .bind(text::date(key.local_date))
                .bind(&key.audience)
                .bind(text::instant(now))
                .execute(&mut *tx)
                .await?
                .last_insert_rowid(),
            };
            assigned += sqlx::query(
                "UPDATE outbox_items SET outgoing_message_id = ? WHERE organisation_id = ? \
                 AND id = ? AND outgoing_message_id IS NULL",
            )
            .bind(id)
            .bind(org)
            .bind(item)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(assigned)
    }

    /// Items in one of `states` that no message covers yet.
    pub async fn unassigned_items(
        &self,
        org: i64,
        states: &[OutboxState],
    ) -> Result<Vec<OutboxItem>, DbError> {
        let list: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox_items WHERE organisation_id = ?1 \
             AND outgoing_message_id IS NULL AND state IN (SELECT value FROM json_each(?2)) \
             ORDER BY due_at, id"
        ))
        .bind(org)
        .bind(serde_json::to_string(&list).map_err(|e| DbError::Conversion(e.to_string()))?)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(item_from_row)
        .collect()
    }

    /// Messages with at least one item in one of `states` (every message when empty), oldest
    /// due first, each with all its items.
    pub async fn outgoing_messages(
        &self,
        org: i64,
        states: &[OutboxState],
    ) -> Result<Vec<StoredMessage>, DbError> {
        let list: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
        let list = serde_json::to_string(&list).map_err(|e| DbError::Conversion(e.to_string()))?;
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outgoing_messages m WHERE organisation_id = ?1 \
             AND EXISTS (SELECT 1 FROM outbox_items i WHERE i.outgoing_message_id = m.id \
             AND (json_array_length(?2) = 0 OR i.state IN (SELECT value FROM json_each(?2)))) \
             ORDER BY id"
        ))
        .bind(org)
        .bind(&list)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        let mut messages = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut message = message_from_row(row)?;
            message.items = self.items_of_message(org, message.id).await?;
            messages.push(message);
        }
        messages.sort_by_key(|m| (m.items.iter().map(|i| i.due_at).min(), m.id));
        Ok(messages)
    }

    /// One message with its items.
    pub async fn outgoing_message(&self, org: i64, id: i64) -> Result<StoredMessage, DbError> {
        let row = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM outgoing_messages WHERE organisation_id = ? AND id = ?"
        ))
        .bind(org)
        .bind(id)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .ok_or_else(|| {
            DbError::NotFound(format!(
                "message {id} does not exist; list messages with `settle outbox`"
            ))
        })?;
        let mut message = message_from_row(&row)?;
        message.items = self.items_of_message(org, id).await?;
        Ok(message)
    }

    async fn items_of_message(&self, org: i64, id: i64) -> Result<Vec<OutboxItem>, DbError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox_items WHERE organisation_id = ? \
             AND outgoing_message_id = ? ORDER BY due_at, id"
        ))
        .bind(org)
        .bind(id)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(item_from_row)
        .collect()
    }

    /// Stores the owner's edits (`None` = keep the template's).
    pub async fn save_message_edit(
        &self,
        org: i64,
        id: i64,
        edit: &MessageOverrides,
    ) -> Result<(), DbError> {
        let list = |l: &Option<Vec<String>>| l.as_ref().map(|v| v.join(", "));
        let changed = sqlx::query(
            "UPDATE outgoing_messages SET subject_override = ?, body_override = ?, \
             to_override = ?, cc_override = ? WHERE organisation_id = ? AND id = ?",
        )
        .bind(&edit.subject)
        .bind(&edit.body)
        .bind(list(&edit.to))
        .bind(list(&edit.cc))
        .bind(org)
        .bind(id)
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?
        .rows_affected();
        if changed == 0 {
            return Err(DbError::NotFound(format!("message {id} does not exist")));
        }
        Ok(())
    }

    /// Approves the message: its items awaiting approval become approved together, and who
    /// approved (and whether "send now" was chosen) is stored. Returns the items approved.
    pub async fn approve_message(
        &self,
        org: i64,
        id: i64,
        actor: &str,
        send_now: bool,
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let ids = ids_in_state(&mut tx, org, id, &[OutboxState::AwaitingApproval]).await?;
        let reason = if send_now {
            "approved to send now"
        } else {
            "approved"
        };
        let moved = move_items_in(
            &mut tx,
            org,
            &ids,
            OutboxState::Approved,
            reason,
            actor,
            now,
        )
        .await?;
        if moved > 0 {
            sqlx::query(
                "UPDATE outgoing_messages SET approved_by = ?, approved_at = ?, send_now = ? \
                 WHERE organisation_id = ? AND id = ?",
            )
            .bind(actor)
            .bind(text::instant(now))
            .bind(send_now)
            .bind(org)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(moved)
    }

    /// Moves the message's items that are in one of `from` to `to`, together, in one
    /// transaction. Returns how many moved.
    // Each argument is one fact of the recorded transition; a struct would only rename them.
    #[allow(clippy::too_many_arguments)]
    pub async fn move_message(
        &self,
        org: i64,
        id: i64,
        from: &[OutboxState],
        to: OutboxState,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let ids = ids_in_state(&mut tx, org, id, from).await?;
        let moved = move_items_in(&mut tx, org, &ids, to, reason, actor, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(moved)
    }
}

/// The owner's edits to a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageOverrides {
    pub subject: Option<String>,
    pub body: Option<String>,
    pub to: Option<Vec<String>>,
    pub cc: Option<Vec<String>>,
}

pub(crate) async fn ids_in_state(
    tx: &mut SqliteConnection,
    org: i64,
    message: i64,
    states: &[OutboxState],
) -> Result<Vec<i64>, DbError> {
    let list: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
    Ok(sqlx::query_scalar(
        "SELECT id FROM outbox_items WHERE organisation_id = ?1 AND outgoing_message_id = ?2 \
         AND state IN (SELECT value FROM json_each(?3)) ORDER BY id",
    )
    .bind(org)
    .bind(message)
    .bind(serde_json::to_string(&list).map_err(|e| DbError::Conversion(e.to_string()))?)
    .fetch_all(&mut *tx)
    .await?)
}

fn message_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<StoredMessage, DbError> {
    let channel: &str = row.get("channel");
    let list = |col: &str| -> Option<Vec<String>> {
        let value: Option<String> = row.get(col);
        value.map(|v| text::split_list(&v, ','))
    };
    let send_now: i64 = row.get("send_now");
    Ok(StoredMessage {
        id: row.get("id"),
        key: MessageKey {
            contact_id: row.get("contact_id"),
            channel: Channel::parse(channel)
                .ok_or_else(|| DbError::Conversion(format!("channel '{channel}'")))?,
            local_date: text::parse_date(row.get("local_date"))?,
            audience: row.get("audience"),
        },
        subject_override: row.get("subject_override"),
        body_override: row.get("body_override"),
        to_override: list("to_override"),
        cc_override: list("cc_override"),
        approved_by: row.get("approved_by"),
        approved_at: text::parse_opt_instant(row.get("approved_at"))?,
        send_now: send_now == 1,
        items: Vec::new(),
    })
}
