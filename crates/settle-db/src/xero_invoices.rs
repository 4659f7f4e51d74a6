//! Storing a page of Xero sales invoices: stub contacts for customers not stored yet, the invoice
//! rows (upserted by Xero id), released holds, the page's own holds and the checkpoint, in one
//! transaction. Set-based: each table gets one statement per page over a JSON list
//! (`json_each`), with `CROSS JOIN` keeping the list as the outer loop (see invoice_schedules.rs).
//! Idempotent: storing a page twice changes nothing. Settle's own column (`chasing`) is set only
//! for a new invoice, from its customer's flag.
//! Owns: those writes and the reconcile pass's list of open invoices. Must not: map Xero's wire
//! format (settle-xero does) or decide what to fetch (settle-engine does).

use chrono::{DateTime, Utc};
use serde_json::json;
use settle_core::invoice::Invoice;
use settle_core::money::to_base;
use sqlx::SqliteConnection;

use crate::sync_state::{save_checkpoint_in, SyncCheckpoint};
use crate::xero_holds::{release_holds, store_holds, HoldEntity, SyncHold};
use crate::xero_pages::{json, runs_without_repeats, PageCounts};
use crate::{text, Database, DbError};

/// A sales invoice and the Xero contact it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceWrite {
    pub invoice: Invoice,
    pub xero_contact_id: String,
    /// The contact's name as the invoice carries it (used only if the contact is not stored yet).
    pub contact_name: String,
}

impl Database {
    /// Stores one page of sales invoices and its holds (and the checkpoint, if given) in one
    /// transaction. A new invoice is chased when its customer is; an existing one keeps its
    /// chasing flag and schedule. A contact not stored yet is added from the invoice's summary
    /// (the next contacts pass fills it in).
    pub async fn store_invoices_page(
        &self,
        org: i64,
        invoices: &[InvoiceWrite],
        holds: &[SyncHold],
        checkpoint: Option<&SyncCheckpoint>,
        now: DateTime<Utc>,
    ) -> Result<PageCounts, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let mut counts = PageCounts::default();
        for run in runs_without_repeats(invoices, |w| w.invoice.xero_invoice_id.as_str()) {
            counts.add(upsert_invoices(&mut tx, org, &invoices[run]).await?);
        }
        let stored = json(
            invoices
                .iter()
                .map(|w| json!({"x": w.invoice.xero_invoice_id}))
                .collect(),
        );
        release_holds(&mut tx, org, HoldEntity::Invoice, &stored).await?;
        counts.held = store_holds(&mut tx, org, holds, now).await?;
        if let Some(checkpoint) = checkpoint {
            save_checkpoint_in(&mut tx, org, checkpoint).await?;
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(counts)
    }

    /// The Xero ids of the invoices Settle holds as open (AUTHORISED with something due), for
    /// the reconcile pass.
    pub async fn open_invoice_xero_ids(&self, org: i64) -> Result<Vec<String>, DbError> {
        sqlx::query_scalar(
            "SELECT xero_invoice_id FROM invoices WHERE organisation_id = ? \
             AND status = 'AUTHORISED' AND amount_due_e4 > 0 ORDER BY id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))
    }
}

fn invoice_row(write: &InvoiceWrite) -> Result<serde_json::Value, DbError> {
    let i = &write.invoice;
    let base = to_base(i.amount_due, i.currency_rate);
    Ok(json!({
        "x": i.xero_invoice_id, "c": write.xero_contact_id, "cn": write.contact_name,
        "n": i.number, "r": i.reference, "s": i.status.as_str(),
        "i": text::date(i.issue_date), "d": text::date(i.due_date),
        "e": i.expected_payment_date.map(text::date), "f": i.fully_paid_on.map(text::date),
        "cur": i.currency.as_str(), "rate": i.currency_rate.to_string(),
        "t": text::money("Total", i.total)?, "ad": text::money("AmountDue", i.amount_due)?,
        "ap": text::money("AmountPaid", i.amount_paid)?,
        "ac": text::money("AmountCredited", i.amount_credited)?,
        "ab": text::money("AmountDue (base)", base)?,
        "sent": i.sent_to_contact, "u": text::instant(i.updated_at),
    }))
}

/// Upserts invoices whose Xero ids are all different.
async fn upsert_invoices(
    tx: &mut SqliteConnection,
    org: i64,
    invoices: &[InvoiceWrite],
) -> Result<PageCounts, DbError> {
    if invoices.is_empty() {
        return Ok(PageCounts::default());
    }
    let list = json(invoices.iter().map(invoice_row).collect::<Result<_, _>>()?);
    // Stubs: no xero_updated_at, so they are recognisable until the contacts pass fills them in.
    sqlx::query(
        "INSERT INTO contacts (organisation_id, xero_contact_id, name, contact_status, chasing) \
         SELECT ?1, j.value ->> '$.c', j.value ->> '$.cn', 'ACTIVE', 1 FROM json_each(?2) j \
         WHERE true ORDER BY j.key ON CONFLICT (organisation_id, xero_contact_id) DO NOTHING",
    )
    .bind(org)
    .bind(&list)
    .execute(&mut *tx)
    .await?;
    let existed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM json_each(?2) j CROSS JOIN invoices i \
         ON i.organisation_id = ?1 AND i.xero_invoice_id = j.value ->> '$.x'",
    )
    .bind(org)
    .bind(&list)
    .fetch_one(&mut *tx)
    .await?;
    // A new invoice is chased when its customer is; on update Settle's own column (chasing) is
    // left as it is, and a record that maps clears a hold.
    sqlx::query(
        "INSERT INTO invoices (organisation_id, contact_id, xero_invoice_id, invoice_number, \
         reference, status, issue_date, due_date, expected_payment_date, fully_paid_on, \
         currency_code, currency_rate, total_e4, amount_due_e4, amount_paid_e4, \
         amount_credited_e4, amount_due_base_e4, sent_to_contact, xero_updated_at, chasing) \
         SELECT ?1, c.id, j.value ->> '$.x', j.value ->> '$.n', j.value ->> '$.r', \
         j.value ->> '$.s', j.value ->> '$.i', j.value ->> '$.d', j.value ->> '$.e', \
         j.value ->> '$.f', j.value ->> '$.cur', j.value ->> '$.rate', j.value ->> '$.t', \
         j.value ->> '$.ad', j.value ->> '$.ap', j.value ->> '$.ac', j.value ->> '$.ab', \
         j.value ->> '$.sent', j.value ->> '$.u', c.chasing \
         FROM json_each(?2) j CROSS JOIN contacts c \
         ON c.organisation_id = ?1 AND c.xero_contact_id = j.value ->> '$.c' \
         WHERE true ORDER BY j.key \
         ON CONFLICT (organisation_id, xero_invoice_id) DO UPDATE SET \
         contact_id = excluded.contact_id, invoice_number = excluded.invoice_number, \
         reference = excluded.reference, status = excluded.status, \
         issue_date = excluded.issue_date, due_date = excluded.due_date, \
         expected_payment_date = excluded.expected_payment_date, \
         fully_paid_on = excluded.fully_paid_on, currency_code = excluded.currency_code, \
         currency_rate = excluded.currency_rate, total_e4 = excluded.total_e4, \
         amount_due_e4 = excluded.amount_due_e4, amount_paid_e4 = excluded.amount_paid_e4, \
         amount_credited_e4 = excluded.amount_credited_e4, \
         amount_due_base_e4 = excluded.amount_due_base_e4, \
         sent_to_contact = excluded.sent_to_contact, xero_updated_at = excluded.xero_updated_at, \
         held_reason = NULL",
    )
    .bind(org)
    .bind(&list)
    .execute(&mut *tx)
    .await?;
    let updated = u32::try_from(existed).unwrap_or(0);
    Ok(PageCounts {
        inserted: invoices.len() as u32 - updated,
        updated,
        held: 0,
    })
}
