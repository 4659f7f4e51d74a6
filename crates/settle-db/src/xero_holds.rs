//! Xero records a sync could not store as they are now (`sync_holds`), with the reason; an
//! invoice already stored also gets `invoices.held_reason`, which keeps it from being chased on
//! its old values. A record that maps again releases its hold. Set-based: one statement per table
//! for a whole page. Owns: those writes and reads. Must not: decide what is held (the engine does).

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Row, SqliteConnection};

use crate::xero_pages::json;
use crate::{text, Database, DbError};

/// Which kind of record a hold is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldEntity {
    Contact,
    Invoice,
}

impl HoldEntity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Invoice => "invoice",
        }
    }
}

/// A Xero record that could not be stored as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncHold {
    pub entity: HoldEntity,
    pub xero_id: String,
    /// The invoice number or contact name, when Xero sent one.
    pub label: String,
    pub reason: String,
}

impl Database {
    /// Records Settle could not store or holds back, oldest first.
    pub async fn sync_holds(&self, org: i64) -> Result<Vec<SyncHold>, DbError> {
        let rows = sqlx::query(
            "SELECT entity, xero_id, label, reason FROM sync_holds WHERE organisation_id = ? \
             ORDER BY held_at, entity, xero_id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(rows
            .iter()
            .map(|r| SyncHold {
                entity: if r.get::<&str, _>("entity") == "contact" {
                    HoldEntity::Contact
                } else {
                    HoldEntity::Invoice
                },
                xero_id: r.get("xero_id"),
                label: r.get("label"),
                reason: r.get("reason"),
            })
            .collect())
    }

    /// Marks invoices Xero no longer returns at all (neither listed nor found by id) as held, so
    /// they are not chased on old data.
    pub async fn hold_missing_invoices(
        &self,
        org: i64,
        holds: &[SyncHold],
        now: DateTime<Utc>,
    ) -> Result<u32, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let held = store_holds(&mut tx, org, holds, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(held)
    }
}

/// Lists `holds` (a hold listed twice keeps the later label and reason) and marks the invoices
/// among them that are stored. Returns how many holds there were.
pub(crate) async fn store_holds(
    tx: &mut SqliteConnection,
    org: i64,
    holds: &[SyncHold],
    now: DateTime<Utc>,
) -> Result<u32, DbError> {
    if holds.is_empty() {
        return Ok(0);
    }
    let list = json(
        holds
            .iter()
            .map(|h| json!({"e": h.entity.as_str(), "x": h.xero_id, "l": h.label, "r": h.reason}))
            .collect(),
    );
    sqlx::query(
        "INSERT INTO sync_holds (organisation_id, entity, xero_id, label, reason, held_at) \
         SELECT ?1, j.value ->> '$.e', j.value ->> '$.x', j.value ->> '$.l', j.value ->> '$.r', \
         ?3 FROM json_each(?2) j WHERE true ORDER BY j.key \
         ON CONFLICT (organisation_id, entity, xero_id) \
         DO UPDATE SET label = excluded.label, reason = excluded.reason",
    )
    .bind(org)
    .bind(&list)
    .bind(text::instant(now))
    .execute(&mut *tx)
    .await?;
    // The last reason given for an invoice wins, as it does in sync_holds.
    sqlx::query(
        "WITH held AS (SELECT j.value ->> '$.x' AS xero_id, j.value ->> '$.r' AS reason, \
           row_number() OVER (PARTITION BY j.value ->> '$.x' ORDER BY j.key DESC) AS latest \
           FROM json_each(?2) j WHERE j.value ->> '$.e' = 'invoice') \
         UPDATE invoices SET held_reason = held.reason FROM held \
         WHERE held.latest = 1 AND invoices.organisation_id = ?1 \
         AND invoices.xero_invoice_id = held.xero_id",
    )
    .bind(org)
    .bind(&list)
    .execute(&mut *tx)
    .await?;
    Ok(holds.len() as u32)
}

/// Releases the holds of `entity` for the Xero ids in the JSON list `records` (objects whose
/// `x` is the Xero id): those records were stored.
pub(crate) async fn release_holds(
    tx: &mut SqliteConnection,
    org: i64,
    entity: HoldEntity,
    records: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "DELETE FROM sync_holds WHERE organisation_id = ?1 AND entity = ?2 \
         AND xero_id IN (SELECT j.value ->> '$.x' FROM json_each(?3) j)",
    )
    .bind(org)
    .bind(entity.as_str())
    .bind(records)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
