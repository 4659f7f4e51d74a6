//! The calculated schedule of one invoice: every send of every step, with its time and state, as
//! a pure function of the invoice's facts, its schedule, the organisation's time zone, the outbox
//! history and `now`. The same inputs always give the same plan, so the engine can recompute it
//! at every sync and compare.
//!
//! Rules, in the order they are applied to a send that is not in the history yet (CHASING.md,
//! "Invoice chasing"):
//! 1. never before the invoice date (in the organisation's zone): skipped;
//! 2. "send when issued" is skipped if the invoice was already sent to the contact; otherwise it
//!    sends once even if its time had passed when the schedule was applied;
//! 3. any other step whose time had passed when the schedule was applied: skipped (backdated);
//! 4. paid, voided, deleted, nothing owed, or chasing off on the invoice or customer: cancelled;
//! 5. before the expected payment date, when the organisation holds until it: skipped;
//! 6. a second send on the same local day and channel: skipped;
//! 7. otherwise `Due` once its time has come, else `Scheduled`.
//!
//! Drafts and invoices awaiting approval in Xero get no plan at all: chasing starts when the
//! invoice is issued.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::daily_limit::DailyLimit;
use super::local_time::local_send_time;
use super::occurrence::{sort_in_time_order, Occurrence, OccurrenceId, OccurrenceState, PastSend};
use super::slot::{for_each_slot, Anchors};
use super::step::{Schedule, Trigger};
use crate::invoice::{Invoice, InvoiceStatus};

/// The reason shown on a send whose time had passed when the schedule was applied.
pub const BACKDATED: &str = "backdated: this step's time had passed when the schedule was applied";
/// The reason shown on "send when issued" for an invoice the customer already has.
pub const ALREADY_SENT: &str = "the invoice was already sent";

/// The facts about one invoice that decide its plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoicePlanInput {
    pub status: InvoiceStatus,
    /// Xero's `AmountDue`, in the invoice currency.
    pub amount_due: Decimal,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// The expected payment date (or promise to pay) recorded in Xero or Settle.
    pub expected_payment_date: Option<NaiveDate>,
    /// Whether the invoice was ever sent (or marked sent) to the customer.
    pub sent_to_contact: bool,
    pub invoice_chasing: bool,
    pub customer_chasing: bool,
    /// When this schedule was put on the invoice: steps due before it are backdated.
    pub applied_at: DateTime<Utc>,
    /// The organisation's setting: send nothing before the expected payment date.
    pub hold_until_expected_payment: bool,
}

impl InvoicePlanInput {
    pub fn from_invoice(
        invoice: &Invoice,
        customer_chasing: bool,
        applied_at: DateTime<Utc>,
        hold_until_expected_payment: bool,
    ) -> Self {
        Self {
            status: invoice.status,
            amount_due: invoice.amount_due,
            issue_date: invoice.issue_date,
            due_date: invoice.due_date,
            expected_payment_date: invoice.expected_payment_date,
            sent_to_contact: invoice.sent_to_contact,
            invoice_chasing: invoice.chasing_enabled,
            customer_chasing,
            applied_at,
            hold_until_expected_payment,
        }
    }

    /// Why nothing more may be sent for this invoice, if that is so.
    pub fn stop_reason(&self) -> Option<&'static str> {
        match self.status {
            InvoiceStatus::Paid => Some("the invoice was paid"),
            InvoiceStatus::Voided => Some("the invoice was voided"),
            InvoiceStatus::Deleted => Some("the invoice was deleted"),
            InvoiceStatus::Draft => Some("the invoice is a draft in Xero"),
            InvoiceStatus::Submitted => Some("the invoice is awaiting approval in Xero"),
            InvoiceStatus::Authorised if self.amount_due <= Decimal::ZERO => {
                Some("nothing is owed on the invoice")
            }
            InvoiceStatus::Authorised if !self.invoice_chasing => {
                Some("chasing is off for this invoice")
            }
            InvoiceStatus::Authorised if !self.customer_chasing => {
                Some("chasing is off for this customer")
            }
            InvoiceStatus::Authorised => None,
        }
    }
}

/// Every send of `schedule` for one invoice, in time order. Sends found in `history` keep the
/// outbox's state and time; the rest are planned by the rules in this module's documentation.
pub fn invoice_schedule(
    input: &InvoicePlanInput,
    schedule: &Schedule,
    tz: Tz,
    history: &[PastSend],
    now: DateTime<Utc>,
) -> Vec<Occurrence> {
    if matches!(
        input.status,
        InvoiceStatus::Draft | InvoiceStatus::Submitted
    ) {
        return Vec::new();
    }
    let stop = input.stop_reason();
    let anchors = Anchors {
        issue: input.issue_date,
        due: input.due_date,
    };
    let mut plan = Vec::with_capacity(schedule.steps().len() * 2);
    for_each_slot(schedule, anchors, |slot, step| {
        let (at, local) = local_send_time(tz, slot.date, step.hour());
        for &channel in step.channels() {
            let id = OccurrenceId {
                step: slot.step,
                occurrence: slot.occurrence,
                channel,
            };
            if let Some(past) = history.iter().find(|past| past.id == id) {
                plan.push(past.to_occurrence(tz, stop));
                continue;
            }
            let when_issued = step.trigger() == Trigger::WhenIssued;
            plan.push(Occurrence {
                step: slot.step,
                occurrence: slot.occurrence,
                channel,
                at,
                local,
                state: planned_state(input, stop, when_issued, at, local.date(), now),
            });
        }
    });
    sort_in_time_order(&mut plan);
    DailyLimit::from_history(tz, history).apply(&mut plan, "invoice");
    plan
}

/// Rules 1–5 and 7 of the module documentation for one send not yet in the outbox.
fn planned_state(
    input: &InvoicePlanInput,
    stop: Option<&'static str>,
    when_issued: bool,
    at: DateTime<Utc>,
    local_date: NaiveDate,
    now: DateTime<Utc>,
) -> OccurrenceState {
    let skipped = |reason: String| OccurrenceState::Skipped { reason };
    if local_date < input.issue_date {
        return skipped(format!("before the invoice date {}", input.issue_date));
    }
    if when_issued && input.sent_to_contact {
        return skipped(ALREADY_SENT.to_owned());
    }
    if !when_issued && at < input.applied_at {
        return skipped(BACKDATED.to_owned());
    }
    if let Some(reason) = stop {
        return OccurrenceState::Cancelled {
            reason: reason.to_owned(),
        };
    }
    if let Some(expected) = input.expected_payment_date {
        if input.hold_until_expected_payment && local_date < expected {
            return skipped(format!("held until the expected payment date {expected}"));
        }
    }
    if at <= now {
        OccurrenceState::Due
    } else {
        OccurrenceState::Scheduled
    }
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod rules;
#[cfg(test)]
mod tests;
