//! The `invoice_schedules` table and its `invoice_schedule_steps`: a cadence's steps copied onto
//! one invoice when the cadence is applied (copy-on-apply, docs/decisions/0009). Applying again
//! replaces the invoice's steps and its `applied_at`; its own recipient list is kept.
//!
//! Applications run as a few set-based statements over a JSON list of (invoice, cadence) pairs
//! (`json_each`, SQLite's table-valued function; PostgreSQL's `jsonb_array_elements` would stand
//! in for the team edition), so applying to 200,000 invoices is three statements, not a million.
//! `CROSS JOIN` pins the JSON list as the outer loop (SQLite never reorders it): otherwise the
//! planner may scan the list once per invoice, which took minutes on the 200,000-invoice bench.

use chrono::{DateTime, Utc};
use settle_core::schedule::{Schedule, StepInput};
use sqlx::{Row, SqliteConnection};

use crate::steps::{insert_steps, read_steps, STEP_SIGNATURE};
use crate::{text, Database, DbError};

/// The schedule on one invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSchedule {
    pub invoice_id: i64,
    /// The cadence it was copied from, while that cadence exists.
    pub source_cadence_id: Option<i64>,
    /// That cadence's name when it was applied (kept after a rename or delete).
    pub source_cadence_name: String,
    pub applied_at: DateTime<Utc>,
    /// The invoice's own recipient list, when it has one.
    pub recipients_override: Option<String>,
    pub steps: Vec<StepInput>,
}

/// Which invoices get a cadence in one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyTo {
    /// These invoice ids.
    Invoices(Vec<i64>),
    /// Every open invoice (issued, amount due above zero).
    AllOpen,
}

impl Database {
    /// Copies cadence `cadence_id`'s steps onto the chosen invoices with `applied_at = now`,
    /// replacing their previous schedules, in one transaction. Returns how many invoices it
    /// applied to.
    pub async fn apply_cadence(
        &self,
        org: i64,
        cadence_id: i64,
        to: &ApplyTo,
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM cadences WHERE organisation_id = ? AND id = ?")
                .bind(org)
                .bind(cadence_id)
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_none() {
            return Err(DbError::NotFound(format!(
                "cadence {cadence_id} does not exist"
            )));
        }
        let pairs: String = match to {
            ApplyTo::Invoices(ids) => {
                // Each invoice once: a repeated id would copy the steps twice.
                let mut ids = ids.clone();
                ids.sort_unstable();
                ids.dedup();
                serde_json::to_string(&ids.iter().map(|id| [*id, cadence_id]).collect::<Vec<_>>())
                    .map_err(|e| DbError::Conversion(e.to_string()))?
            }
            ApplyTo::AllOpen => {
                sqlx::query_scalar(
                    "SELECT json_group_array(json_array(id, ?2)) FROM invoices \
                     WHERE organisation_id = ?1 AND status = 'AUTHORISED' AND amount_due_e4 > 0",
                )
                .bind(org)
                .bind(cadence_id)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        let applied = apply_pairs(&mut tx, org, &pairs, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(applied)
    }

    /// Applies a different cadence to each invoice (bulk assignment), all or nothing.
    pub async fn apply_cadences(
        &self,
        org: i64,
        assignments: &[(i64, i64)],
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let pairs = serde_json::to_string(
            &assignments
                .iter()
                .map(|(invoice, cadence)| [*invoice, *cadence])
                .collect::<Vec<_>>(),
        )
        .map_err(|e| DbError::Conversion(e.to_string()))?;
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let applied = apply_pairs(&mut tx, org, &pairs, now).await?;
        if applied != assignments.len() as u64 {
            // An invoice or cadence vanished since it was validated (another window deleted
            // it): apply nothing rather than part of the file.
            return Err(DbError::Invalid(format!(
                "only {applied} of {} assignments still name an existing invoice and cadence: \
                 nothing was changed; check the file again",
                assignments.len()
            )));
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(applied)
    }

    /// Gives every open invoice that has no schedule yet its customer's cadence, else the
    /// organisation's default (new invoices, as they arrive). Returns how many got one.
    pub async fn apply_default_cadences(
        &self,
        org: i64,
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let applied = apply_defaults_in(&mut tx, org, false, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(applied)
    }

    /// The schedule on one invoice, if it has one.
    pub async fn invoice_schedule(
        &self,
        org: i64,
        invoice_id: i64,
    ) -> Result<Option<StoredSchedule>, DbError> {
        let mut conn = self
            .reader()
            .acquire()
            .await
            .map_err(|e| self.classify(e))?;
        let Some(row) = sqlx::query(
            "SELECT id, source_cadence_id, source_cadence_name, applied_at, recipients_override \
             FROM invoice_schedules WHERE organisation_id = ? AND invoice_id = ?",
        )
        .bind(org)
        .bind(invoice_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| self.classify(e))?
        else {
            return Ok(None);
        };
        let steps = read_steps(
            &mut conn,
            "invoice_schedule_steps",
            "schedule_id",
            row.get("id"),
        )
        .await?;
        Ok(Some(StoredSchedule {
            invoice_id,
            source_cadence_id: row.get("source_cadence_id"),
            source_cadence_name: row.get("source_cadence_name"),
            applied_at: text::parse_instant(row.get("applied_at"))?,
            recipients_override: row.get("recipients_override"),
            steps,
        }))
    }

    /// Gives one invoice its own steps (the owner edited its schedule in the window), applied at
    /// `now`: steps already in the past are not sent retroactively (docs/decisions/0010). The
    /// schedule no longer follows any cadence; `label` says where it came from. Its own
    /// recipient list is kept. All or nothing.
    pub async fn set_invoice_steps(
        &self,
        org: i64,
        invoice_id: i64,
        schedule: &Schedule,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM invoices WHERE organisation_id = ? AND id = ?")
                .bind(org)
                .bind(invoice_id)
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_none() {
            return Err(DbError::NotFound(format!(
                "invoice {invoice_id} does not exist"
            )));
        }
        let schedule_id: i64 = sqlx::query_scalar(
            "INSERT INTO invoice_schedules (organisation_id, invoice_id, source_cadence_id, \
             source_cadence_name, applied_at, steps_signature) VALUES (?1, ?2, NULL, ?3, ?4, '') \
             ON CONFLICT (invoice_id) DO UPDATE SET source_cadence_id = NULL, \
             source_cadence_name = excluded.source_cadence_name, \
             applied_at = excluded.applied_at, steps_signature = '', next_at = NULL RETURNING id",
        )
        .bind(org)
        .bind(invoice_id)
        .bind(label)
        .bind(text::instant(now))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM invoice_schedule_steps WHERE schedule_id = ?")
            .bind(schedule_id)
            .execute(&mut *tx)
            .await?;
        insert_steps(
            &mut tx,
            org,
            "invoice_schedule_steps",
            "schedule_id",
            schedule_id,
            schedule,
        )
        .await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Sets (or with `None` clears) an invoice's own recipient list, e.g. its purchasing
    /// department. The invoice must have a schedule.
    pub async fn set_recipients_override(
        &self,
        org: i64,
        invoice_id: i64,
        recipients: Option<&str>,
    ) -> Result<(), DbError> {
        let changed = sqlx::query(
            "UPDATE invoice_schedules SET recipients_override = ? \
             WHERE organisation_id = ? AND invoice_id = ?",
        )
        .bind(recipients.map(str::trim).filter(|r| !r.is_empty()))
        .bind(org)
        .bind(invoice_id)
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?
        .rows_affected();
        if changed == 0 {
            return Err(DbError::NotFound(format!(
                "invoice {invoice_id} has no chasing schedule yet: apply a cadence to it first"
            )));
        }
        Ok(())
    }

    /// The ids of the invoices with these numbers, as (number, id); a number held by several
    /// invoices appears once per invoice.
    pub async fn invoices_by_number(
        &self,
        org: i64,
        numbers: &[String],
    ) -> Result<Vec<(String, i64)>, DbError> {
        let list =
            serde_json::to_string(numbers).map_err(|e| DbError::Conversion(e.to_string()))?;
        let rows = sqlx::query(
            "SELECT i.invoice_number, i.id FROM invoices i \
             WHERE i.organisation_id = ?1 \
             AND i.invoice_number IN (SELECT value FROM json_each(?2)) ORDER BY i.id",
        )
        .bind(org)
        .bind(list)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(rows
            .into_iter()
            .map(|r| (r.get("invoice_number"), r.get("id")))
            .collect())
    }
}

/// The demo's and new invoices' application: open invoices without a schedule get their
/// customer's cadence or the default; with `chased_only`, only those of chased customers.
pub(crate) async fn apply_defaults_in(
    tx: &mut SqliteConnection,
    org: i64,
    chased_only: bool,
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    let pairs: String = sqlx::query_scalar(&format!(
        "SELECT json_group_array(json_array(i.id, COALESCE(c.cadence_id, d.id))) \
         FROM invoices i JOIN contacts c ON c.id = i.contact_id \
         LEFT JOIN cadences d ON d.organisation_id = i.organisation_id AND d.is_default = 1 \
         WHERE i.organisation_id = ?1 AND i.status = 'AUTHORISED' AND i.amount_due_e4 > 0 \
         AND COALESCE(c.cadence_id, d.id) IS NOT NULL {} \
         AND NOT EXISTS (SELECT 1 FROM invoice_schedules s WHERE s.invoice_id = i.id)",
        if chased_only { "AND c.chasing = 1" } else { "" }
    ))
    .bind(org)
    .fetch_one(&mut *tx)
    .await?;
    apply_pairs(tx, org, &pairs, now).await
}

/// Applies each `[invoice id, cadence id]` of the JSON list `pairs` (ids of another organisation
/// are ignored). Returns how many invoices got a schedule.
async fn apply_pairs(
    tx: &mut SqliteConnection,
    org: i64,
    pairs: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    // Upsert keeps the schedule row, and with it the invoice's own recipient list. Each
    // cadence's signature is built once here, not once per invoice.
    let applied = sqlx::query(&format!(
        "WITH sig AS (SELECT st.cadence_id, group_concat({STEP_SIGNATURE}, ';' \
           ORDER BY st.position) AS steps FROM cadence_steps st WHERE st.organisation_id = ?1 \
           GROUP BY st.cadence_id) \
         INSERT INTO invoice_schedules (organisation_id, invoice_id, source_cadence_id, \
         source_cadence_name, applied_at, steps_signature) \
         SELECT ?1, i.id, c.id, c.name, ?3, COALESCE(sig.steps, '') FROM json_each(?2) j \
         CROSS JOIN invoices i ON i.id = json_extract(j.value, '$[0]') AND i.organisation_id = ?1 \
         JOIN cadences c ON c.id = json_extract(j.value, '$[1]') AND c.organisation_id = ?1 \
         LEFT JOIN sig ON sig.cadence_id = c.id \
         WHERE true \
         ON CONFLICT (invoice_id) DO UPDATE SET source_cadence_id = excluded.source_cadence_id, \
         source_cadence_name = excluded.source_cadence_name, applied_at = excluded.applied_at, \
         steps_signature = excluded.steps_signature, next_at = NULL"
    ))
    .bind(org)
    .bind(pairs)
    .bind(text::instant(now))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query(
        "DELETE FROM invoice_schedule_steps WHERE schedule_id IN (SELECT s.id \
         FROM json_each(?2) j CROSS JOIN invoice_schedules s \
         ON s.invoice_id = json_extract(j.value, '$[0]') AND s.organisation_id = ?1)",
    )
    .bind(org)
    .bind(pairs)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO invoice_schedule_steps (organisation_id, schedule_id, position, \
         trigger_kind, days, on_date, repeat_count, hour, channels, contact_role_id, \
         template_key, escalated_sender) \
         SELECT ?1, s.id, cs.position, cs.trigger_kind, cs.days, cs.on_date, cs.repeat_count, \
         cs.hour, cs.channels, cs.contact_role_id, cs.template_key, cs.escalated_sender \
         FROM json_each(?2) j \
         CROSS JOIN invoice_schedules s ON s.invoice_id = json_extract(j.value, '$[0]') \
                                 AND s.organisation_id = ?1 \
         JOIN cadence_steps cs ON cs.cadence_id = json_extract(j.value, '$[1]') \
                              AND cs.organisation_id = ?1",
    )
    .bind(org)
    .bind(pairs)
    .execute(&mut *tx)
    .await?;
    Ok(applied)
}
