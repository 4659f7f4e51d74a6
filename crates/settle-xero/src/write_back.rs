//! The two things Settle writes to Xero (NOTES.md §8, §9), with minimal bodies — never a GET
//! payload echoed back (pitfall 9):
//!
//! - ExpectedPaymentDate: `POST /Invoices/{id}` with `{"Invoices":[{"InvoiceID","ExpectedPaymentDate":"YYYY-MM-DD"}]}`;
//!   clearing sends `"ExpectedPaymentDateString": ""` (an empty ExpectedPaymentDate does not
//!   clear, xero-node#476).
//! - A History note: `PUT /Invoices/{id}/History` with `{"HistoryRecords":[{"Details":"…"}]}`,
//!   at most 250 characters.
//!
//! Both carry an `Idempotency-Key`, so a retry after a lost answer cannot write twice. Xero's
//! refusals (payment allocated, lock date, voided) come back as [`XeroError::Refused`] with
//! Xero's own words. Owns: those bodies. Must not: decide when to write.

use chrono::NaiveDate;
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

use crate::accounting::{first_invoice, parse};
use crate::client::XeroClient;
use crate::dto::invoice::{HistoryEnvelope, HistoryRecordDto, InvoiceDto, InvoicesEnvelope};
use crate::error::XeroError;

/// Xero's cap on a History note's `Details` (D-HIST).
pub const MAX_NOTE_CHARS: usize = 250;

impl XeroClient {
    /// Sets (`Some`) or clears (`None`) the invoice's ExpectedPaymentDate; returns the invoice
    /// as Xero saved it. `idempotency_key` should be stable for one intended change (e.g. the
    /// outbox row's id), at most 128 characters.
    pub async fn set_expected_payment_date(
        &self,
        tenant: Uuid,
        invoice_id: Uuid,
        date: Option<NaiveDate>,
        idempotency_key: &str,
    ) -> Result<InvoiceDto, XeroError> {
        let element = match date {
            Some(date) => json!({
                "InvoiceID": invoice_id,
                "ExpectedPaymentDate": date.format("%Y-%m-%d").to_string(),
            }),
            None => json!({ "InvoiceID": invoice_id, "ExpectedPaymentDateString": "" }),
        };
        let mut call = self.call(tenant, &format!("/Invoices/{invoice_id}"));
        call.method = Method::POST;
        call.label = "POST /Invoices/{id}".to_owned();
        call.body = Some(json!({ "Invoices": [element] }));
        call.idempotency_key = Some(idempotency_key.to_owned());
        call.action = Some(if date.is_some() {
            "set the expected payment date"
        } else {
            "clear the expected payment date"
        });
        let reply = self.inner.execute(&call, None).await?;
        let envelope: InvoicesEnvelope = parse(&reply.body, &call.label)?;
        first_invoice(envelope, &call.label)
    }

    /// Adds a note to the invoice's History and notes (shown as "System Generated" in Xero).
    pub async fn add_history_note(
        &self,
        tenant: Uuid,
        invoice_id: Uuid,
        details: &str,
        idempotency_key: &str,
    ) -> Result<HistoryRecordDto, XeroError> {
        let chars = details.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(XeroError::NoteTooLong {
                chars,
                max: MAX_NOTE_CHARS,
            });
        }
        let mut call = self.call(tenant, &format!("/Invoices/{invoice_id}/History"));
        call.method = Method::PUT;
        call.label = "PUT /Invoices/{id}/History".to_owned();
        call.body = Some(json!({ "HistoryRecords": [{ "Details": details }] }));
        call.idempotency_key = Some(idempotency_key.to_owned());
        call.action = Some("add the history note");
        let reply = self.inner.execute(&call, None).await?;
        let envelope: HistoryEnvelope = parse(&reply.body, &call.label)?;
        envelope
            .history_records
            .into_iter()
            .next()
            .ok_or_else(|| XeroError::MalformedResponse {
                endpoint: call.label,
                detail: "the answer listed no history record".to_owned(),
            })
    }
}
