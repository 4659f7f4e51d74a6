//! Builders shared by the schedule tests: dates, instants, steps, and a typical open invoice.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::occurrence::{Occurrence, OccurrenceId, OccurrenceState, Outcome, PastSend};
use super::plan::{invoice_schedule, InvoicePlanInput};
use super::step::{Channel, Schedule, StepInput, TriggerInput};
use crate::invoice::InvoiceStatus;

/// The tests' organisation zone. Fixture dates sit in January and February, when London is on
/// GMT, so local hours read as UTC hours unless a test is about clock changes.
pub const LONDON: Tz = chrono_tz::Europe::London;

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// `"2026-01-05 09:00"` read as UTC.
pub fn utc(text: &str) -> DateTime<Utc> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc()
}

pub fn step(trigger: TriggerInput, hour: i64, channels: &[Channel]) -> StepInput {
    StepInput {
        trigger,
        hour,
        channels: channels.to_vec(),
        contact_role: None,
        template: None,
        escalated_sender: false,
    }
}

pub fn email(trigger: TriggerInput, hour: i64) -> StepInput {
    step(trigger, hour, &[Channel::Email])
}

pub fn schedule(steps: &[StepInput]) -> Schedule {
    Schedule::new(steps).unwrap()
}

/// Issued Monday 5 January 2026, due 4 February, never sent, chased, schedule applied at the
/// start of the invoice date.
pub fn open_invoice() -> InvoicePlanInput {
    InvoicePlanInput {
        status: InvoiceStatus::Authorised,
        amount_due: Decimal::new(12_000, 2),
        issue_date: date("2026-01-05"),
        due_date: date("2026-02-04"),
        expected_payment_date: None,
        sent_to_contact: false,
        invoice_chasing: true,
        customer_chasing: true,
        applied_at: utc("2026-01-05 00:00"),
        hold_until_expected_payment: false,
    }
}

pub fn past(
    step: usize,
    occurrence: u32,
    channel: Channel,
    at: &str,
    outcome: Outcome,
) -> PastSend {
    PastSend {
        id: OccurrenceId {
            step,
            occurrence,
            channel,
        },
        at: utc(at),
        outcome,
    }
}

/// Each occurrence as `step.occurrence channel local-time state`, for readable tables.
pub fn show(plan: &[Occurrence]) -> Vec<String> {
    plan.iter()
        .map(|o| {
            let state = match &o.state {
                OccurrenceState::Scheduled => "scheduled".to_owned(),
                OccurrenceState::Due => "due".to_owned(),
                OccurrenceState::AwaitingApproval => "awaiting approval".to_owned(),
                OccurrenceState::Sent => "sent".to_owned(),
                OccurrenceState::InDoubt => "in doubt".to_owned(),
                OccurrenceState::Failed { reason } => format!("failed: {reason}"),
                OccurrenceState::Skipped { reason } => format!("skipped: {reason}"),
                OccurrenceState::Cancelled { reason } => format!("cancelled: {reason}"),
            };
            let local = o.local.format("%Y-%m-%d %H:%M");
            format!("{}.{} {} {local} {state}", o.step, o.occurrence, o.channel)
        })
        .collect()
}

/// A planning time on the fixture invoice's issue date, after a 09:00 send.
pub const NOON_ON_ISSUE: &str = "2026-01-05 12:00";

/// The fixture-zone plan of `input` under `steps`, shown as by [`show`].
pub fn plan_at(
    input: &InvoicePlanInput,
    steps: &[StepInput],
    history: &[PastSend],
    now: &str,
) -> Vec<String> {
    show(&invoice_schedule(
        input,
        &schedule(steps),
        LONDON,
        history,
        utc(now),
    ))
}
