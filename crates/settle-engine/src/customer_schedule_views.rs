//! The shapes of customer-level schedules as the window and `settle customer-schedule … --json`
//! receive them. Same conventions as `chasing_views.rs`: camelCase fields, money as exact
//! strings, instants RFC 3339 UTC, local times `YYYY-MM-DDTHH:MM` on the organisation's wall
//! clock, ids as numbers. In the plan and the previews, customer-level sends appear as the
//! existing `MessageView` and `OccurrenceView` shapes, told apart by their `customer:…` key.

use serde::Serialize;
use ts_rs::TS;

use crate::{InvoiceRefView, OccurrenceStatus, StepView};

/// One send of a customer's loop: one message listing all of the customer's open invoices.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerOccurrenceView {
    /// The outbox key, e.g. `customer:7:loop:42:step:0:1:email` (42: the loop's first invoice).
    pub key: String,
    /// The step, from 1.
    pub step: u32,
    /// 1, or the send number of a repeating step.
    pub occurrence: u32,
    #[ts(type = "\"email\" | \"sms\" | \"letter\"")]
    pub channel: String,
    pub at: String,
    pub local: String,
    pub status: OccurrenceStatus,
    /// Why it was skipped, cancelled, failed, missed or rescheduled.
    pub reason: Option<String>,
    /// "customer" (the usual recipients) or "role:NAME".
    pub audience: String,
}

/// The running loop: started when its first invoice fell due, kept while anything is owed.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerLoopView {
    /// The invoice that started the loop (the oldest overdue then; it may be paid since).
    #[ts(type = "number")]
    pub anchor_invoice_id: i64,
    pub anchor_invoice_number: String,
    /// The due date the loop's steps count from (`YYYY-MM-DD`).
    pub anchor_due_date: String,
    /// Days from that due date to today, in the organisation's time zone.
    pub days_overdue: u32,
    /// Loops started since the schedule was first set, this one included (a loop that has only
    /// just been found, before a plan stored it, already counts).
    pub loop_number: u32,
}

/// A customer's customer-level schedule and its calculated loop.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerScheduleView {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    /// The customer's chasing switch: when off, nothing of the loop is sent.
    pub chasing: bool,
    /// When the current steps were set: sends whose time had passed then are skipped.
    pub applied_at: String,
    pub steps: Vec<StepView>,
    /// `null` while no loop runs: nothing is overdue yet, or the balance was cleared.
    pub current_loop: Option<CustomerLoopView>,
    /// The open, chased invoices a message sent now would list, oldest due first.
    pub invoices: Vec<InvoiceRefView>,
    /// The loop's sends (past and to come) in time order; right after the balance is cleared,
    /// the ended loop's, with the remaining ones cancelled.
    pub occurrences: Vec<CustomerOccurrenceView>,
    /// The monthly statement; `null` (or absent) when the customer has none.
    #[ts(optional = nullable)]
    pub statement: Option<CustomerStatementView>,
    /// The statement's sends in time order: those in the outbox (any month) and the months to
    /// come over the next 90 days. Their `step` is 0 and their key
    /// `customer:C:statement:YYYY-MM:CHANNEL`. `null` (or absent) when there is no statement.
    #[ts(optional = nullable)]
    pub statement_occurrences: Option<Vec<CustomerOccurrenceView>>,
}

/// A customer's monthly statement: on a day of the month, at an hour, on one or more channels,
/// while the customer owes anything and is chased.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerStatementView {
    /// `"1"`–`"28"`, or `"last"` for the month's last day.
    pub day: String,
    /// 0–23, on the organisation's wall clock.
    pub hour: u32,
    #[ts(type = "Array<\"email\" | \"sms\" | \"letter\">")]
    pub channels: Vec<String>,
    /// When it was set or last changed: statement times before it are skipped.
    pub set_at: String,
    /// E.g. "A statement of open items on the last day of each month at 09:00 by letter".
    pub description: String,
}

/// What setting or clearing a customer schedule did, in a sentence ready to show.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerScheduleReceipt {
    pub summary: String,
    /// Customer-level reminders still waiting that were withdrawn (clearing only).
    pub withdrawn: u32,
    /// The schedule after the change; `null` once cleared.
    pub schedule: Option<CustomerScheduleView>,
}
