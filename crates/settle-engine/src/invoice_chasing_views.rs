//! The invoice page's Chasing section as the window receives it: the invoice, its calculated
//! schedule (every occurrence, past and future, with its state), the steps it was given, and who
//! its reminders go to. Same conventions as `views.rs`.

use serde::Serialize;
use ts_rs::TS;

use crate::{InvoiceRowView, OccurrenceView, StepView};

/// The steps on one invoice and where they came from.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceScheduleView {
    /// The cadence it was copied from (its name when applied), or a note that the owner edited
    /// this invoice's steps.
    pub source: String,
    /// True while the cadence it was copied from still exists (editing that cadence still does
    /// not change this invoice: copy-on-apply).
    pub from_cadence: bool,
    pub applied_at: String,
    pub steps: Vec<StepView>,
}

/// One person the invoice's reminders can go to.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecipientView {
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
    /// Included in the customer's usual reminders (Xero's "include in emails").
    pub usual: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceChasingView {
    pub invoice: InvoiceRowView,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub expected_payment_date: Option<String>,
    /// Chasing is on for this invoice (its own switch).
    pub invoice_chasing: bool,
    /// Chasing is on for its customer (off stops every invoice of the customer).
    pub customer_chasing: bool,
    /// The organisation holds reminders until an invoice's expected payment date.
    pub hold_until_expected_payment: bool,
    /// Why nothing more will be sent, in words, when that is so.
    pub stopped_because: Option<String>,
    pub schedule: Option<InvoiceScheduleView>,
    /// The whole calculated schedule, in time order.
    pub occurrences: Vec<OccurrenceView>,
    /// The invoice's own recipient list (comma-separated emails), when it has one.
    pub recipients_override: Option<String>,
    /// The customer's people with an email address.
    pub people: Vec<RecipientView>,
    /// The organisation's contact roles (what a step's role can name).
    pub roles: Vec<String>,
}
