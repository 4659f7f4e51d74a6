//! The shapes of the chasing engine as the window and `settle … --json` receive them: cadences,
//! the plan due now, previews and their diffs, missed reminders, and the bulk-assignment report.
//! Same conventions as `views.rs`: camelCase fields, money as exact strings, instants RFC 3339
//! UTC, local times `YYYY-MM-DDTHH:MM` on the organisation's wall clock, ids as numbers.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One step of a cadence or schedule. `days` is the offset of `after_issue`, `before_due` and
/// `after_due`; `date` belongs to `on_date`; `everyDays`/`times` to `repeat`.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StepView {
    /// From 1, as the owner counts steps.
    pub number: u32,
    #[ts(
        type = "\"when_issued\" | \"after_issue\" | \"before_due\" | \"after_due\" | \"on_date\" | \"repeat\""
    )]
    pub trigger: String,
    pub days: Option<u32>,
    pub date: Option<String>,
    pub every_days: Option<u32>,
    pub times: Option<u32>,
    pub hour: u32,
    #[ts(type = "Array<\"email\" | \"sms\" | \"letter\">")]
    pub channels: Vec<String>,
    pub contact_role: Option<String>,
    /// The template key the step names (`final_notice`); `null` chooses by the invoice's status
    /// at send time.
    #[ts(
        type = "\"new_invoice\" | \"friendly_reminder\" | \"due_today\" | \"past_due\" | \"final_notice\" | null"
    )]
    pub template: Option<String>,
    /// Sent from the escalated sender rather than the normal one.
    pub escalated_sender: bool,
    /// The step in words: "7 days after the due date at 09:00 by email".
    pub description: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CadenceView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub is_default: bool,
    pub steps: Vec<StepView>,
    /// Invoices whose current schedule was copied from this cadence.
    pub invoices: u32,
    pub created_at: String,
    pub updated_at: String,
}

/// What a cadence change did, in a sentence ready to show.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CadenceReceipt {
    pub summary: String,
    /// Invoices that received a schedule (applications only).
    pub invoices: u32,
    /// The cadences as they are after the change.
    pub cadences: Vec<CadenceView>,
}

/// Where an occurrence stands. `missed`: it fell due while Settle was not running and waits for
/// the owner; `rescheduled`: the owner moved a missed one to a later time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OccurrenceStatus {
    Scheduled,
    Due,
    AwaitingApproval,
    Approved,
    Sending,
    Sent,
    Failed,
    Skipped,
    Cancelled,
    InDoubt,
    Missed,
    Rescheduled,
}

/// One send of one step on one channel for one invoice.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OccurrenceView {
    /// The outbox key, e.g. `invoice:42:step:0:1:email`.
    pub key: String,
    #[ts(type = "number")]
    pub invoice_id: i64,
    pub invoice_number: String,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
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
}

/// An invoice as a message lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceRefView {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub currency: String,
    pub amount_due: String,
}

/// Reminders that go to one customer as one message (same local day, channel and audience).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageView {
    /// The local date (`YYYY-MM-DD`).
    pub date: String,
    #[ts(type = "\"email\" | \"sms\" | \"letter\"")]
    pub channel: String,
    /// "customer" (usual recipients), "role:NAME", or "invoice" (the invoice's own list).
    pub audience: String,
    /// The earliest send time among its reminders.
    pub at: String,
    pub invoices: Vec<InvoiceRefView>,
    /// The outbox keys this message settles.
    pub keys: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerDueView {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub messages: Vec<MessageView>,
}

/// The plan at one instant (`settle plan --at`): what waits for approval now.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlanView {
    pub at: String,
    /// Invoices planned.
    pub invoices: u32,
    /// Outbox items this run added as awaiting approval.
    pub new_items: u32,
    /// Items awaiting approval in all (new and earlier).
    pub awaiting_approval: u32,
    /// Occurrences found missed by this run (see `settle missed`).
    pub new_missed: u32,
    /// Pending items withdrawn because their invoice is no longer chased.
    pub withdrawn: u32,
    /// Awaiting approval, grouped by customer and then into messages.
    pub customers: Vec<CustomerDueView>,
}

/// Sends per local day in a preview.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreviewDayView {
    pub date: String,
    pub email: u32,
    pub sms: u32,
    pub letter: u32,
}

/// What the plan would send from now to `to` (`settle preview`).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreviewView {
    /// "invoice", "customer" or "organisation".
    #[ts(type = "\"invoice\" | \"customer\" | \"organisation\"")]
    pub scope: String,
    /// The invoice number or customer name previewed; empty for the organisation.
    pub subject: String,
    pub from: String,
    pub to: String,
    pub days: u32,
    /// Invoices with a schedule in the scope.
    pub invoices: u32,
    /// Occurrences that would send (due or scheduled) in the window.
    pub sends: u32,
    /// Every occurrence in the window, in time order (skipped and cancelled ones too).
    pub occurrences: Vec<OccurrenceView>,
    /// Sends per day, days without sends left out.
    pub by_day: Vec<PreviewDayView>,
}

/// One occurrence before and after a change.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OccurrenceChangeView {
    pub before: OccurrenceView,
    pub after: OccurrenceView,
}

/// How the next days' plan would change (shown before a cadence or schedule change is saved).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangePreviewView {
    pub cadence: String,
    pub from: String,
    pub to: String,
    pub days: u32,
    /// Invoices compared.
    pub invoices: u32,
    /// Sends in the window today and after the change.
    pub sends_before: u32,
    pub sends_after: u32,
    pub added: Vec<OccurrenceView>,
    pub removed: Vec<OccurrenceView>,
    pub moved: Vec<OccurrenceChangeView>,
    pub state_changed: Vec<OccurrenceChangeView>,
    /// What saving would and would not change, in words.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissedCustomerView {
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    pub occurrences: Vec<OccurrenceView>,
}

/// Reminders that fell due while Settle was not running (`settle missed`): never sent until the
/// owner chooses send now, skip or reschedule.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissedView {
    pub now: String,
    /// When Settle last planned, if ever.
    pub last_planned_at: Option<String>,
    pub total: u32,
    pub customers: Vec<MissedCustomerView>,
}

/// What the owner chose for missed reminders.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(export)]
pub enum MissedAction {
    /// Put them in the approvals queue now.
    SendNow,
    Skip {
        reason: Option<String>,
    },
    /// Send at this instant (RFC 3339) instead.
    Reschedule {
        at: String,
    },
}

/// Which missed reminders an action covers.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MissedSelection {
    All,
    Customer {
        #[ts(type = "number")]
        id: i64,
    },
    Keys {
        keys: Vec<String>,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissedReceipt {
    pub summary: String,
    pub count: u32,
}

/// One bad row of an assignment file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowErrorView {
    /// The line in the file, from 1 (the header is line 1).
    pub line: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AssignmentView {
    pub line: u32,
    pub invoice_number: String,
    pub cadence: String,
}

/// The check (and, when accepted, the result) of a bulk cadence assignment file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AssignmentReport {
    /// Data rows read (the header not counted).
    pub rows: u32,
    pub valid: Vec<AssignmentView>,
    pub errors: Vec<RowErrorView>,
    /// Whether the valid rows were applied (only when accepted).
    pub applied: bool,
    pub summary: String,
}
