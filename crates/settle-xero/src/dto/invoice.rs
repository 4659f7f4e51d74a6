//! Invoices as Xero spells them (SPEC `Invoice`, NOTES.md §6) and their mapping to
//! [`settle_core::invoice::Invoice`]. Amounts are exact decimals, dates MS-JSON, enums open.
//! Owns: the invoice DTOs and the mapping rules. Must not: decide whether to chase (settle-core
//! does, from `AmountDue` and `Status`).

use rust_decimal::Decimal;
use serde::Deserialize;
use settle_core::invoice::{Invoice, InvoiceStatus as CoreStatus};
use settle_core::CurrencyCode;
use uuid::Uuid;

use super::amount;
use super::open_enum::open_enum;
use super::Pagination;
use crate::error::MappingError;
use crate::msdate::{self, MsDate};

open_enum!(
    /// Xero's invoice `Type`. Settle only ever asks for `ACCREC`.
    InvoiceType {
        Accrec = "ACCREC",
        Accpay = "ACCPAY",
    }
);

open_enum!(
    /// Xero's invoice `Status`.
    InvoiceStatus {
        Draft = "DRAFT",
        Submitted = "SUBMITTED",
        Authorised = "AUTHORISED",
        Paid = "PAID",
        Voided = "VOIDED",
        Deleted = "DELETED",
    }
);

/// The contact inside an invoice: in lists only the id and name are reliable (NOTES.md §6).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvoiceContact {
    #[serde(rename = "ContactID")]
    pub contact_id: Uuid,
    #[serde(default)]
    pub name: String,
}

/// A payment applied to the invoice (`Payments[]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvoicePayment {
    #[serde(rename = "PaymentID")]
    pub payment_id: Uuid,
    #[serde(default, deserialize_with = "msdate::optional")]
    pub date: Option<MsDate>,
    #[serde(default, deserialize_with = "amount::optional")]
    pub amount: Option<Decimal>,
    #[serde(default)]
    pub reference: String,
}

/// One sales invoice (or any invoice Xero sends) as received.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvoiceDto {
    #[serde(rename = "InvoiceID")]
    pub invoice_id: Uuid,
    #[serde(rename = "Type")]
    pub kind: InvoiceType,
    #[serde(default)]
    pub invoice_number: String,
    #[serde(default)]
    pub reference: String,
    pub contact: InvoiceContact,
    pub status: InvoiceStatus,
    #[serde(default, deserialize_with = "msdate::optional")]
    pub date: Option<MsDate>,
    #[serde(default, deserialize_with = "msdate::optional")]
    pub due_date: Option<MsDate>,
    #[serde(default, deserialize_with = "msdate::optional")]
    pub expected_payment_date: Option<MsDate>,
    #[serde(default, deserialize_with = "msdate::optional")]
    pub fully_paid_on_date: Option<MsDate>,
    #[serde(default)]
    pub currency_code: Option<String>,
    #[serde(default, deserialize_with = "amount::optional")]
    pub currency_rate: Option<Decimal>,
    #[serde(default, deserialize_with = "amount::optional")]
    pub sub_total: Option<Decimal>,
    #[serde(default, deserialize_with = "amount::optional")]
    pub total_tax: Option<Decimal>,
    #[serde(default, deserialize_with = "amount::optional")]
    pub total: Option<Decimal>,
    /// What is still owed: the source of truth for chasing.
    #[serde(default, deserialize_with = "amount::optional")]
    pub amount_due: Option<Decimal>,
    #[serde(default, deserialize_with = "amount::optional")]
    pub amount_paid: Option<Decimal>,
    #[serde(default, deserialize_with = "amount::optional")]
    pub amount_credited: Option<Decimal>,
    #[serde(default)]
    pub sent_to_contact: bool,
    #[serde(default)]
    pub has_attachments: bool,
    #[serde(default)]
    pub payments: Vec<InvoicePayment>,
    #[serde(rename = "UpdatedDateUTC")]
    pub updated_date_utc: MsDate,
}

impl InvoiceDto {
    /// The settle-core invoice. `chasing_enabled` is Settle's own flag (not Xero's), so the
    /// caller passes what it has stored (or its default for a new invoice).
    ///
    /// A record is refused, never guessed: not a sales invoice, an unknown status (the sync must
    /// then hold that invoice rather than chase it on old data), a missing date or amount (the
    /// summaryOnly view drops amounts; Settle never asks for it).
    pub fn to_core(&self, chasing_enabled: bool) -> Result<Invoice, MappingError> {
        if self.kind != InvoiceType::Accrec {
            return Err(MappingError::NotSalesInvoice {
                id: self.invoice_id,
                kind: self.kind.as_str().to_owned(),
            });
        }
        let status = core_status(&self.status)?;
        let need = |value: Option<Decimal>, field| value.ok_or(MappingError::Missing { field });
        let currency = self.currency_code.as_deref().ok_or(MappingError::Missing {
            field: "CurrencyCode",
        })?;
        Ok(Invoice {
            xero_invoice_id: self.invoice_id.to_string(),
            number: self.invoice_number.clone(),
            reference: self.reference.clone(),
            status,
            issue_date: self
                .date
                .ok_or(MappingError::Missing { field: "Date" })?
                .date(),
            due_date: self
                .due_date
                .ok_or(MappingError::Missing { field: "DueDate" })?
                .date(),
            expected_payment_date: self.expected_payment_date.map(|d| d.date()),
            fully_paid_on: self.fully_paid_on_date.map(|d| d.date()),
            currency: CurrencyCode::new(currency)?,
            // Xero omits the rate for base-currency invoices in some views; 1 is its meaning.
            currency_rate: self.currency_rate.unwrap_or(Decimal::ONE),
            total: need(self.total, "Total")?,
            amount_due: need(self.amount_due, "AmountDue")?,
            amount_paid: need(self.amount_paid, "AmountPaid")?,
            amount_credited: need(self.amount_credited, "AmountCredited")?,
            sent_to_contact: self.sent_to_contact,
            updated_at: self.updated_date_utc.instant(),
            chasing_enabled,
        })
    }
}

fn core_status(status: &InvoiceStatus) -> Result<CoreStatus, MappingError> {
    Ok(match status {
        InvoiceStatus::Draft => CoreStatus::Draft,
        InvoiceStatus::Submitted => CoreStatus::Submitted,
        InvoiceStatus::Authorised => CoreStatus::Authorised,
        InvoiceStatus::Paid => CoreStatus::Paid,
        InvoiceStatus::Voided => CoreStatus::Voided,
        InvoiceStatus::Deleted => CoreStatus::Deleted,
        InvoiceStatus::Other(value) => {
            return Err(MappingError::UnknownValue {
                field: "Invoice Status",
                value: value.clone(),
            })
        }
    })
}

/// The body of `GET /Invoices` and `GET /Invoices/{id}` (the envelope's other fields ignored).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvoicesEnvelope {
    #[serde(default)]
    pub invoices: Vec<InvoiceDto>,
    #[serde(default, rename = "pagination")]
    pub pagination: Option<Pagination>,
}

/// `GET /Invoices/{id}/OnlineInvoice`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct OnlineInvoicesEnvelope {
    #[serde(default)]
    pub online_invoices: Vec<OnlineInvoiceDto>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct OnlineInvoiceDto {
    #[serde(default)]
    pub online_invoice_url: Option<String>,
}

/// One History record (`GET`/`PUT /Invoices/{id}/History`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct HistoryRecordDto {
    #[serde(default)]
    pub changes: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub details: String,
    #[serde(rename = "DateUTC", default, deserialize_with = "msdate::optional")]
    pub date_utc: Option<MsDate>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct HistoryEnvelope {
    #[serde(default)]
    pub history_records: Vec<HistoryRecordDto>,
}
