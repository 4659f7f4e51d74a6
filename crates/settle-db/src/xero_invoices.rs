//! Storing a page of Xero sales invoices: stub contacts for customers not stored yet, the invoice
//! rows (upserted by Xero id), released holds, the page's own holds and the checkpoint, in one
//! transaction. Set-based: the rows are bound as multi-row `VALUES` lists, 100 to a statement.
//! Idempotent: storing a page twice changes nothing. Settle's own column (`chasing`) is set only
//! for a new invoice, from its customer's flag.
//! Owns: those writes and the reconcile pass's list of open invoices. Must not: map Xero's wire
//! format (settle-xero does) or decide what to fetch (settle-engine does).

use std::collections::HashSet;

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
        let counts = store_invoices_in(&mut tx, org, invoices, holds, checkpoint, now).await?;
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

/// [`Database::store_invoices_page`] inside a transaction the caller commits (several pages of
/// a sync can share one: see xero_page_group.rs).
pub(crate) async fn store_invoices_in(
    tx: &mut SqliteConnection,
    org: i64,
    invoices: &[InvoiceWrite],
    holds: &[SyncHold],
    checkpoint: Option<&SyncCheckpoint>,
    now: DateTime<Utc>,
) -> Result<PageCounts, DbError> {
    let mut counts = PageCounts::default();
    for run in runs_without_repeats(invoices, |w| w.invoice.xero_invoice_id.as_str()) {
        counts.add(upsert_invoices(tx, org, &invoices[run]).await?);
    }
    let stored = json(
        invoices
            .iter()
            .map(|w| json!({"x": w.invoice.xero_invoice_id}))
            .collect(),
    );
    release_holds(&mut *tx, org, HoldEntity::Invoice, &stored).await?;
    counts.held = store_holds(&mut *tx, org, holds, now).await?;
    if let Some(checkpoint) = checkpoint {
        save_checkpoint_in(&mut *tx, org, checkpoint).await?;
    }
    Ok(counts)
}

/// Rows per INSERT statement: 18 parameters a row keeps a statement well under SQLite's 32,766,
/// and every full chunk reuses one prepared (cached) statement.
const ROWS_PER_STATEMENT: usize = 100;

/// `(?, ?, …)` repeated: `rows` rows of `columns` anonymous parameters. Anonymous on purpose:
/// sqlx asks SQLite for every parameter's name, which for numbered ones (`?7`) walks a list of
/// all of them, so binding 1,800 numbered parameters cost more than the insert itself.
fn values(rows: usize, columns: usize) -> String {
    let row = format!("({})", vec!["?"; columns].join(","));
    vec![row; rows].join(",")
}

/// Upserts invoices whose Xero ids are all different. The rows are bound as parameters of
/// multi-row `VALUES` lists: measured against one JSON list per page read with `json_each`
/// (which parsed every row's object once per column), this halves the writer's time for a full
/// sync (docs/PERFORMANCE.md, "Xero sync").
async fn upsert_invoices(
    tx: &mut SqliteConnection,
    org: i64,
    invoices: &[InvoiceWrite],
) -> Result<PageCounts, DbError> {
    if invoices.is_empty() {
        return Ok(PageCounts::default());
    }
    // Stubs for customers not stored yet, once each: no xero_updated_at, so they are
    // recognisable until the contacts pass fills them in.
    let mut seen = HashSet::new();
    let customers: Vec<&InvoiceWrite> = invoices
        .iter()
        .filter(|w| seen.insert(w.xero_contact_id.as_str()))
        .collect();
    for chunk in customers.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO contacts (organisation_id, xero_contact_id, name, contact_status, \
             chasing) SELECT ?, v.column1, v.column2, 'ACTIVE', 1 FROM (VALUES {}) v \
             WHERE true ON CONFLICT (organisation_id, xero_contact_id) DO NOTHING",
            values(chunk.len(), 2)
        );
        let mut query = sqlx::query(&sql).bind(org);
        for w in chunk {
            query = query.bind(&w.xero_contact_id).bind(&w.contact_name);
        }
        query.execute(&mut *tx).await?;
    }
    // A new row's id is above every id before it (SQLite's rowid is max + 1), so the rows above
    // the old maximum are the ones this page inserted.
    let before: i64 = sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM invoices")
        .fetch_one(&mut *tx)
        .await?;
    for chunk in invoices.chunks(ROWS_PER_STATEMENT) {
        let sql = upsert_sql(chunk.len());
        let mut query = sqlx::query(&sql).bind(org);
        for w in chunk {
            let i = &w.invoice;
            let base = to_base(i.amount_due, i.currency_rate);
            query = query
                .bind(&i.xero_invoice_id)
                .bind(&w.xero_contact_id)
                .bind(&i.number)
                .bind(&i.reference)
                .bind(i.status.as_str())
                .bind(text::date(i.issue_date))
                .bind(text::date(i.due_date))
                .bind(i.expected_payment_date.map(text::date))
                .bind(i.fully_paid_on.map(text::date))
                .bind(i.currency.as_str())
                .bind(i.currency_rate.to_string())
                .bind(text::money("Total", i.total)?)
                .bind(text::money("AmountDue", i.amount_due)?)
                .bind(text::money("AmountPaid", i.amount_paid)?)
                .bind(text::money("AmountCredited", i.amount_credited)?)
                .bind(text::money("AmountDue (base)", base)?)
                .bind(i.sent_to_contact)
                .bind(text::instant(i.updated_at));
        }
        query.bind(org).execute(&mut *tx).await?;
    }
    let inserted: i64 = sqlx::query_scalar("SELECT count(*) FROM invoices WHERE id > ?1")
        .bind(before)
        .fetch_one(&mut *tx)
        .await?;
    let inserted = u32::try_from(inserted).unwrap_or(0);
    Ok(PageCounts {
        inserted,
        updated: invoices.len() as u32 - inserted,
        held: 0,
    })
}

/// The upsert of `rows` invoices; binds the organisation, the rows, then the organisation again. A new invoice is chased when its customer is; on update
/// Settle's own column (chasing) is left as it is, and a record that maps clears a hold.
/// `CROSS JOIN` keeps the list as the outer loop, so rows are written in the page's order.
fn upsert_sql(rows: usize) -> String {
    format!(
        "INSERT INTO invoices (organisation_id, contact_id, xero_invoice_id, invoice_number, \
         reference, status, issue_date, due_date, expected_payment_date, fully_paid_on, \
         currency_code, currency_rate, total_e4, amount_due_e4, amount_paid_e4, \
         amount_credited_e4, amount_due_base_e4, sent_to_contact, xero_updated_at, chasing) \
         SELECT ?, c.id, v.column1, v.column3, v.column4, v.column5, v.column6, v.column7, \
         v.column8, v.column9, v.column10, v.column11, v.column12, v.column13, v.column14, \
         v.column15, v.column16, v.column17, v.column18, c.chasing \
         FROM (VALUES {}) v CROSS JOIN contacts c \
         ON c.organisation_id = ? AND c.xero_contact_id = v.column2 \
         WHERE true \
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
        values(rows, 18)
    )
}
