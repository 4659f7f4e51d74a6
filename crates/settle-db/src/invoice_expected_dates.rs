//! An invoice's expected payment date as the owner set it from Settle (decision 0022): saved in
//! Xero (then `invoices.expected_payment_date` holds it, as a sync would) or kept in Settle only
//! (`invoice_expected_dates`, with why Xero does not have it), each change in the audit log; the
//! facts write-back and the Xero links need; the cached online invoice link.
//!
//! The planner and the invoice page read the kept date in place of the synced one
//! (`EFFECTIVE_EXPECTED_DATE`), so a refused date still holds reminders back.
//! Must not: talk to Xero or decide what to write (settle-engine's xero_write_back.rs).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use crate::{text, Database, DbError};

/// SQL for an invoice row `i`'s expected payment date as Settle uses it: the kept one when there
/// is a row (its NULL meaning "cleared in Settle"), else Xero's.
pub const EFFECTIVE_EXPECTED_DATE: &str = "NULLIF(IFNULL((SELECT IFNULL(k.expected_date, '') \
    FROM invoice_expected_dates k WHERE k.invoice_id = i.id), i.expected_payment_date), '')";

/// A date Xero does not have: what the owner chose and why Xero does not have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptExpectedDate {
    /// `None`: the owner cleared the date, but Xero still has one.
    pub date: Option<NaiveDate>,
    pub reason: String,
    pub kept_at: DateTime<Utc>,
}

/// What writing back to an invoice and linking to it need to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceXeroFacts {
    pub id: i64,
    pub contact_id: i64,
    pub xero_invoice_id: String,
    pub number: String,
    /// Xero's status word (`AUTHORISED`, `PAID`, …).
    pub status: String,
    pub issue_date: NaiveDate,
    /// A payment or credit is allocated (Xero then refuses most edits).
    pub has_allocations: bool,
    /// The date Xero has, as of the last sync or successful write.
    pub xero_expected: Option<NaiveDate>,
    /// Xero's UpdatedDateUTC as stored (keys the PDF cache).
    pub xero_updated_at: String,
    pub online_invoice_url: Option<String>,
    pub kept: Option<KeptExpectedDate>,
}

impl Database {
    /// The facts of invoice `id` of organisation `org`.
    pub async fn invoice_xero_facts(&self, org: i64, id: i64) -> Result<InvoiceXeroFacts, DbError> {
        let row = sqlx::query(
            "SELECT i.id, i.contact_id, i.xero_invoice_id, i.invoice_number, i.status, \
                    i.issue_date, i.amount_paid_e4 > 0 OR i.amount_credited_e4 > 0 AS allocated, \
                    i.expected_payment_date, i.xero_updated_at, i.online_invoice_url, \
                    k.invoice_id IS NOT NULL AS kept, k.expected_date, k.reason, k.kept_at \
             FROM invoices i LEFT JOIN invoice_expected_dates k ON k.invoice_id = i.id \
             WHERE i.organisation_id = ? AND i.id = ?",
        )
        .bind(org)
        .bind(id)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .ok_or_else(|| DbError::NotFound(format!("invoice {id} does not exist")))?;
        let kept = if row.get::<bool, _>("kept") {
            Some(KeptExpectedDate {
                date: text::parse_opt_date(row.get("expected_date"))?,
                reason: row.get("reason"),
                kept_at: text::parse_instant(row.get("kept_at"))?,
            })
        } else {
            None
        };
        Ok(InvoiceXeroFacts {
            id: row.get("id"),
            contact_id: row.get("contact_id"),
            xero_invoice_id: row.get("xero_invoice_id"),
            number: row.get("invoice_number"),
            status: row.get("status"),
            issue_date: text::parse_date(row.get("issue_date"))?,
            has_allocations: row.get("allocated"),
            xero_expected: text::parse_opt_date(row.get("expected_payment_date"))?,
            xero_updated_at: row.get("xero_updated_at"),
            online_invoice_url: row.get("online_invoice_url"),
            kept,
        })
    }

    /// Xero accepted `date` (`None` = cleared): the invoice row takes it as a sync would, any
    /// kept date is dropped, and the change is audited.
    pub async fn record_expected_date_in_xero(
        &self,
        org: i64,
        id: i64,
        date: Option<NaiveDate>,
        at: DateTime<Utc>,
        actor: &str,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        sqlx::query(
            "UPDATE invoices SET expected_payment_date = ? WHERE organisation_id = ? AND id = ?",
        )
        .bind(date.map(text::date))
        .bind(org)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM invoice_expected_dates WHERE organisation_id = ? AND invoice_id = ?",
        )
        .bind(org)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let summary = match date {
            Some(d) => format!("Expected payment date set to {d} (saved in Xero)"),
            None => "Expected payment date cleared (in Xero)".to_owned(),
        };
        audit(&mut tx, org, id, at, actor, &summary).await?;
        tx.commit().await.map_err(|e| self.classify(e))
    }

    /// Xero did not take `date`: it is kept here with `reason`, and the change is audited.
    pub async fn keep_expected_date(
        &self,
        org: i64,
        id: i64,
        date: Option<NaiveDate>,
        reason: &str,
        at: DateTime<Utc>,
        actor: &str,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        sqlx::query(
            "INSERT INTO invoice_expected_dates (invoice_id, organisation_id, expected_date, \
             reason, kept_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (invoice_id) DO UPDATE SET \
             expected_date = excluded.expected_date, reason = excluded.reason, \
             kept_at = excluded.kept_at",
        )
        .bind(id)
        .bind(org)
        .bind(date.map(text::date))
        .bind(reason)
        .bind(text::instant(at))
        .execute(&mut *tx)
        .await?;
        let summary = match date {
            Some(d) => format!("Expected payment date set to {d} (kept in Settle only: {reason})"),
            None => format!("Expected payment date cleared (in Settle only: {reason})"),
        };
        audit(&mut tx, org, id, at, actor, &summary).await?;
        tx.commit().await.map_err(|e| self.classify(e))
    }

    /// Keeps Xero's online invoice link for invoice `id`.
    pub async fn set_online_invoice_url(
        &self,
        org: i64,
        id: i64,
        url: &str,
    ) -> Result<(), DbError> {
        sqlx::query(
            "UPDATE invoices SET online_invoice_url = ? WHERE organisation_id = ? AND id = ?",
        )
        .bind(url)
        .bind(org)
        .bind(id)
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(())
    }
}

/// One audit_log row against the invoice's customer (so it shows on their timeline).
async fn audit(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    org: i64,
    id: i64,
    at: DateTime<Utc>,
    actor: &str,
    summary: &str,
) -> Result<(), DbError> {
    let contact: Option<i64> =
        sqlx::query_scalar("SELECT contact_id FROM invoices WHERE organisation_id = ? AND id = ?")
            .bind(org)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let contact =
        contact.ok_or_else(|| DbError::NotFound(format!("invoice {id} does not exist")))?;
    sqlx::query(
        "INSERT INTO audit_log (organisation_id, at, actor, action, contact_id, summary) \
         VALUES (?, ?, ?, 'expected_payment_date', ?, ?)",
    )
    .bind(org)
    .bind(text::instant(at))
    .bind(actor)
    .bind(contact)
    .bind(summary)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
