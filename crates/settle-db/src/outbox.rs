//! The `outbox_items` table: one row per planned send, under its occurrence key, so no
//! occurrence is ever planned (or sent) twice (safety invariant 2) — inserts use
//! `ON CONFLICT (organisation_id, occurrence_key) DO NOTHING`, so recomputing the plan any number
//! of times adds nothing new. Also the planner's heartbeat (`planner_heartbeats`), which tells
//! occurrences that fell due while Settle was not running (docs/decisions/0008).

use chrono::{DateTime, Utc};
use settle_core::schedule::{Channel, Outcome};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use crate::customer_schedules::{store_anchors_in, AnchorWrite};
use crate::{text, Database, DbError};

/// An outbox item's state (the `state` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutboxState {
    /// Rescheduled by the owner to a later `due_at`; becomes awaiting approval then.
    Planned,
    AwaitingApproval,
    Approved,
    Sending,
    Sent,
    Failed,
    InDoubt,
    Skipped,
    Cancelled,
    /// Not to be sent until the owner decides; with `missed_at`, a missed occurrence.
    Held,
}

impl OutboxState {
    pub const ALL: [OutboxState; 10] = [
        Self::Planned,
        Self::AwaitingApproval,
        Self::Approved,
        Self::Sending,
        Self::Sent,
        Self::Failed,
        Self::InDoubt,
        Self::Skipped,
        Self::Cancelled,
        Self::Held,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::AwaitingApproval => "awaiting_approval",
            Self::Approved => "approved",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::InDoubt => "in_doubt",
            Self::Skipped => "skipped",
            Self::Cancelled => "cancelled",
            Self::Held => "held",
        }
    }

    pub fn parse(text: &str) -> Result<Self, DbError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| DbError::Conversion(format!("outbox state '{text}'")))
    }

    /// Still waiting for the owner or the sender, so it may be withdrawn when chasing stops.
    /// (`sending` is not: it is in flight and settles as sent, failed or in doubt.)
    pub fn is_withdrawable(self) -> bool {
        matches!(
            self,
            Self::Planned | Self::AwaitingApproval | Self::Approved | Self::Held
        )
    }

    /// What the planner reads back. Every state still on its way counts as awaiting approval:
    /// it takes its day, and the planner shows it cancelled once chasing stops.
    pub fn outcome(self, reason: &str) -> Outcome {
        match self {
            Self::Planned
            | Self::AwaitingApproval
            | Self::Approved
            | Self::Sending
            | Self::Held => Outcome::AwaitingApproval,
            Self::Sent => Outcome::Sent,
            Self::Failed => Outcome::Failed {
                reason: reason.to_owned(),
            },
            Self::InDoubt => Outcome::InDoubt,
            Self::Skipped => Outcome::Skipped {
                reason: reason.to_owned(),
            },
            Self::Cancelled => Outcome::Cancelled {
                reason: reason.to_owned(),
            },
        }
    }
}

/// A row to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxItem {
    pub key: String,
    pub contact_id: i64,
    pub invoice_id: Option<i64>,
    pub channel: Channel,
    pub due_at: DateTime<Utc>,
    pub state: OutboxState,
    pub reason: String,
    /// Found missed (fell due while Settle was not running) at this instant.
    pub missed_at: Option<DateTime<Utc>>,
}

/// A stored row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub key: String,
    pub contact_id: i64,
    pub invoice_id: Option<i64>,
    pub channel: Channel,
    pub due_at: DateTime<Utc>,
    pub state: OutboxState,
    pub reason: String,
    pub missed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What one planning pass writes, all in one transaction.
#[derive(Debug, Clone, Default)]
pub struct PlanWrite {
    /// New rows (due, missed, or passed while chasing was off); existing keys are left alone.
    pub inserts: Vec<NewOutboxItem>,
    /// (key, reason): items still waiting whose invoice is no longer chased.
    pub withdrawals: Vec<(String, String)>,
    /// Rescheduled items due by this instant become awaiting approval.
    pub promote_until: Option<DateTime<Utc>>,
    /// The heartbeat to record (kept if a later one is stored).
    pub heartbeat: Option<DateTime<Utc>>,
    /// Customer-level loop anchors that changed (see `customer_schedules`).
    pub anchors: Vec<AnchorWrite>,
    /// (invoice id, next scheduled reminder) for the invoices whose next reminder changed.
    pub next_reminders: Vec<(i64, Option<DateTime<Utc>>)>,
}

/// What a planning pass changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanWriteCounts {
    pub inserted: u64,
    pub withdrawn: u64,
    pub promoted: u64,
}

pub(crate) const COLUMNS: &str = "id, occurrence_key, contact_id, invoice_id, channel, due_at, \
    state, state_reason, missed_at, created_at, updated_at";

impl Database {
    /// Adds items whose key is new; returns how many were new.
    pub async fn insert_outbox_items(
        &self,
        org: i64,
        items: &[NewOutboxItem],
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let inserted = insert_new(&mut tx, org, items, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(inserted)
    }

    /// Writes one planning pass (see [`PlanWrite`]) in one transaction.
    pub async fn record_plan(
        &self,
        org: i64,
        write: &PlanWrite,
        now: DateTime<Utc>,
    ) -> Result<PlanWriteCounts, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let mut counts = PlanWriteCounts {
            inserted: insert_new(&mut tx, org, &write.inserts, now).await?,
            ..PlanWriteCounts::default()
        };
        for (key, reason) in &write.withdrawals {
            counts.withdrawn += sqlx::query(
                "UPDATE outbox_items SET state = 'cancelled', state_reason = ?, updated_at = ?, \
                 state_actor = 'planner' \
                 WHERE organisation_id = ? AND occurrence_key = ? \
                 AND state IN ('planned', 'awaiting_approval', 'approved', 'held')",
            )
            .bind(reason)
            .bind(text::instant(now))
            .bind(org)
            .bind(key)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if let Some(until) = write.promote_until {
            counts.promoted = sqlx::query(
                "UPDATE outbox_items SET state = 'awaiting_approval', updated_at = ?1, \
                 state_actor = 'planner' \
                 WHERE organisation_id = ?2 AND state = 'planned' AND due_at <= ?3",
            )
            .bind(text::instant(now))
            .bind(org)
            .bind(text::instant(until))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        store_anchors_in(&mut tx, org, &write.anchors).await?;
        if !write.next_reminders.is_empty() {
            // One statement for any number of invoices; only those that changed are listed.
            let list: Vec<(i64, Option<String>)> = write
                .next_reminders
                .iter()
                .map(|(id, at)| (*id, at.map(text::instant)))
                .collect();
            sqlx::query(
                "UPDATE invoice_schedules SET next_at = json_extract(j.value, '$[1]') \
                 FROM json_each(?2) j \
                 WHERE invoice_schedules.organisation_id = ?1 \
                 AND invoice_schedules.invoice_id = json_extract(j.value, '$[0]')",
            )
            .bind(org)
            .bind(serde_json::to_string(&list).map_err(|e| DbError::Conversion(e.to_string()))?)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(at) = write.heartbeat {
            // Text comparison is time order for these RFC 3339 'Z' instants.
            sqlx::query(
                "INSERT INTO planner_heartbeats (organisation_id, last_planned_at) VALUES (?, ?) \
                 ON CONFLICT (organisation_id) DO UPDATE SET last_planned_at = \
                 max(planner_heartbeats.last_planned_at, excluded.last_planned_at)",
            )
            .bind(org)
            .bind(text::instant(at))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(counts)
    }

    /// When the engine last planned this organisation, if ever.
    pub async fn last_planned_at(&self, org: i64) -> Result<Option<DateTime<Utc>>, DbError> {
        let at: Option<String> = sqlx::query_scalar(
            "SELECT last_planned_at FROM planner_heartbeats WHERE organisation_id = ?",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        text::parse_opt_instant(at)
    }

    /// The organisation's outbox items, optionally only those in `state`, by due time.
    pub async fn outbox_items(
        &self,
        org: i64,
        state: Option<OutboxState>,
    ) -> Result<Vec<OutboxItem>, DbError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox_items WHERE organisation_id = ?1 \
             AND (?2 IS NULL OR state = ?2) ORDER BY due_at, occurrence_key"
        ))
        .bind(org)
        .bind(state.map(OutboxState::as_str))
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(item_from_row)
        .collect()
    }

    /// Settles missed items as the owner chose: each item's `state`, `due_at` and `reason` replace
    /// those of its held row (or it is added, if the engine had not recorded it yet). All or
    /// nothing: an item acted on elsewhere meanwhile refuses the whole change.
    pub async fn resolve_missed(
        &self,
        org: i64,
        items: &[NewOutboxItem],
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let mut changed = 0;
        for item in items {
            changed += sqlx::query(
                "INSERT INTO outbox_items (organisation_id, occurrence_key, contact_id, \
                 invoice_id, channel, due_at, state, state_reason, created_at, updated_at, \
                 missed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10) \
                 ON CONFLICT (organisation_id, occurrence_key) DO UPDATE SET \
                 state = excluded.state, state_reason = excluded.state_reason, \
                 due_at = excluded.due_at, updated_at = excluded.updated_at, \
                 state_actor = 'owner' WHERE outbox_items.state = 'held'",
            )
            .bind(org)
            .bind(&item.key)
            .bind(item.contact_id)
            .bind(item.invoice_id)
            .bind(item.channel.as_str())
            .bind(text::instant(item.due_at))
            .bind(item.state.as_str())
            .bind(&item.reason)
            .bind(text::instant(now))
            .bind(item.missed_at.map(text::instant))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if changed != items.len() as u64 {
            return Err(DbError::Invalid(format!(
                "{} of these missed reminders were already acted on elsewhere: nothing was \
                 changed; list them again with `settle missed`",
                items.len() as u64 - changed
            )));
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(changed)
    }
}

async fn insert_new(
    tx: &mut SqliteConnection,
    org: i64,
    items: &[NewOutboxItem],
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    if items.is_empty() {
        return Ok(0);
    }
    // One statement over a JSON list: a plan after days away can hold thousands of items.
    let rows: Vec<_> = items
        .iter()
        .map(|i| {
            serde_json::json!([
                i.key,
                i.contact_id,
                i.invoice_id,
                i.channel.as_str(),
                text::instant(i.due_at),
                i.state.as_str(),
                i.reason,
                i.missed_at.map(text::instant),
            ])
        })
        .collect();
    let rows = serde_json::to_string(&rows).map_err(|e| DbError::Conversion(e.to_string()))?;
    Ok(sqlx::query(
        "INSERT INTO outbox_items (organisation_id, occurrence_key, contact_id, invoice_id, \
         channel, due_at, state, state_reason, missed_at, created_at, updated_at) \
         SELECT ?1, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, \
         value ->> 5, value ->> 6, value ->> 7, ?3, ?3 FROM json_each(?2) WHERE true \
         ON CONFLICT (organisation_id, occurrence_key) DO NOTHING",
    )
    .bind(org)
    .bind(rows)
    .bind(text::instant(now))
    .execute(&mut *tx)
    .await?
    .rows_affected())
}

pub(crate) fn item_from_row(row: &SqliteRow) -> Result<OutboxItem, DbError> {
    let channel: &str = row.get("channel");
    Ok(OutboxItem {
        id: row.get("id"),
        key: row.get("occurrence_key"),
        contact_id: row.get("contact_id"),
        invoice_id: row.get("invoice_id"),
        channel: Channel::parse(channel)
            .ok_or_else(|| DbError::Conversion(format!("channel '{channel}'")))?,
        due_at: text::parse_instant(row.get("due_at"))?,
        state: OutboxState::parse(row.get("state"))?,
        reason: row.get("state_reason"),
        missed_at: text::parse_opt_instant(row.get("missed_at"))?,
        created_at: text::parse_instant(row.get("created_at"))?,
        updated_at: text::parse_instant(row.get("updated_at"))?,
    })
}
