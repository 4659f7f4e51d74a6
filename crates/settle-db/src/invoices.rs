//! The `invoices` table (Xero ACCREC invoices).

use rust_decimal::Decimal;
use settle_core::invoice::{Invoice, InvoiceStatus};
use settle_core::CurrencyCode;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::{text, Database, DbError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInvoice {
    pub id: i64,
    pub contact_id: i64,
    pub invoice: Invoice,
}

const COLUMNS: &str = "id, contact_id, xero_invoice_id, invoice_number, reference, status, \
    issue_date, due_date, fully_paid_on, currency_code, currency_rate, \
    NULLIF(IFNULL((SELECT IFNULL(k.expected_date, '') FROM invoice_expected_dates k \
      WHERE k.invoice_id = invoices.id), expected_payment_date), '') AS expected_payment_date, \
    total_e4, amount_due_e4, amount_paid_e4, amount_credited_e4, sent_to_contact, \
    xero_updated_at, chasing";

impl Database {
    /// A customer's invoices, newest first.
    pub async fn invoices_of_contact(
        &self,
        org: i64,
        contact_id: i64,
    ) -> Result<Vec<StoredInvoice>, DbError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invoices WHERE organisation_id = ? AND contact_id = ? \
             ORDER BY issue_date DESC, id DESC"
        ))
        .bind(org)
        .bind(contact_id)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(invoice_from_row)
        .collect()
    }

    /// One invoice by id.
    pub async fn invoice(&self, org: i64, id: i64) -> Result<StoredInvoice, DbError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invoices WHERE organisation_id = ? AND id = ?"
        ))
        .bind(org)
        .bind(id)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .ok_or_else(|| DbError::NotFound(format!("invoice {id} does not exist")))?;
        invoice_from_row(&row)
    }

    /// The organisation's contact role names, sorted (what a step's role can name).
    pub async fn contact_roles(&self, org: i64) -> Result<Vec<String>, DbError> {
        sqlx::query_scalar(
            "SELECT name FROM contact_roles WHERE organisation_id = ? ORDER BY name COLLATE NOCASE",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))
    }

    /// Every invoice of an organisation (tests and consistency checks; the overview aggregates in
    /// SQL instead).
    pub async fn invoices_of_organisation(&self, org: i64) -> Result<Vec<StoredInvoice>, DbError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invoices WHERE organisation_id = ? ORDER BY id"
        ))
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(invoice_from_row)
        .collect()
    }
}

fn invoice_from_row(row: &SqliteRow) -> Result<StoredInvoice, DbError> {
    let rate: &str = row.get("currency_rate");
    Ok(StoredInvoice {
        id: row.get("id"),
        contact_id: row.get("contact_id"),
        invoice: Invoice {
            xero_invoice_id: row.get("xero_invoice_id"),
            number: row.get("invoice_number"),
            reference: row.get("reference"),
            status: InvoiceStatus::parse(row.get("status"))?,
            issue_date: text::parse_date(row.get("issue_date"))?,
            due_date: text::parse_date(row.get("due_date"))?,
            expected_payment_date: text::parse_opt_date(row.get("expected_payment_date"))?,
            fully_paid_on: text::parse_opt_date(row.get("fully_paid_on"))?,
            currency: CurrencyCode::new(row.get("currency_code"))?,
            currency_rate: rate
                .parse::<Decimal>()
                .map_err(|e| DbError::Conversion(format!("currency rate '{rate}': {e}")))?,
            total: text::parse_money(row.get("total_e4")),
            amount_due: text::parse_money(row.get("amount_due_e4")),
            amount_paid: text::parse_money(row.get("amount_paid_e4")),
            amount_credited: text::parse_money(row.get("amount_credited_e4")),
            sent_to_contact: row.get::<i64, _>("sent_to_contact") == 1,
            updated_at: text::parse_instant(row.get("xero_updated_at"))?,
            chasing_enabled: row.get::<i64, _>("chasing") == 1,
        },
    })
}
