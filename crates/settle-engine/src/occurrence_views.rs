//! Turning the planner's values into what the owner sees: occurrences with their invoice,
//! customer and state in words, steps described in a sentence, and the planner inputs built from
//! the rows settle-db reads.

use chrono::{DateTime, NaiveDateTime, Utc};
use settle_core::schedule::{
    occurrence_key, Audience, Channel, InvoicePlanInput, Occurrence, OccurrenceState, PastSend,
    Schedule, StepInput, Subject, TriggerInput,
};
use settle_core::template::TemplateKind;
use settle_db::{BookInvoice, HistoryItem, OutboxState};

use crate::engine::instant_text;
use crate::{OccurrenceStatus, OccurrenceView, StepView};

/// The planner's facts about `invoice` with a schedule applied at `applied_at`.
pub(crate) fn plan_input(
    invoice: &BookInvoice,
    applied_at: DateTime<Utc>,
    hold_until_expected_payment: bool,
) -> InvoicePlanInput {
    InvoicePlanInput {
        status: invoice.status,
        amount_due: invoice.amount_due,
        issue_date: invoice.issue_date,
        due_date: invoice.due_date,
        expected_payment_date: invoice.expected_payment_date,
        sent_to_contact: invoice.sent_to_contact,
        invoice_chasing: invoice.invoice_chasing,
        customer_chasing: invoice.customer_chasing,
        applied_at,
        hold_until_expected_payment,
    }
}

pub(crate) fn past_sends(history: &[HistoryItem]) -> Vec<PastSend> {
    history.iter().map(|h| h.past.clone()).collect()
}

pub(crate) fn key_of(invoice: i64, occurrence: &Occurrence) -> String {
    occurrence_key(
        Subject::Invoice(invoice),
        occurrence.step,
        occurrence.occurrence,
        occurrence.channel,
    )
}

/// The outbox row behind an occurrence taken from history.
pub(crate) fn history_item<'h>(
    history: &'h [HistoryItem],
    occurrence: &Occurrence,
) -> Option<&'h HistoryItem> {
    let id = occurrence.id();
    history.iter().find(|h| h.past.id == id)
}

/// Who a reminder goes to: the invoice's own list, else the step's role, else the usual people.
pub(crate) fn audience(
    invoice: &BookInvoice,
    schedule: &Schedule,
    occurrence: &Occurrence,
) -> Audience {
    if invoice.own_recipients {
        return Audience::InvoiceOwn;
    }
    match schedule
        .steps()
        .get(occurrence.step)
        .and_then(|s| s.contact_role())
    {
        Some(role) => Audience::Role(role.to_owned()),
        None => Audience::Customer,
    }
}

pub(crate) fn audience_text(audience: &Audience) -> String {
    match audience {
        Audience::Customer => "customer".to_owned(),
        Audience::Role(role) => format!("role:{role}"),
        Audience::InvoiceOwn => "invoice".to_owned(),
    }
}

pub(crate) fn local_text(local: NaiveDateTime) -> String {
    local.format("%Y-%m-%dT%H:%M").to_string()
}

/// The state the owner sees, from the planner's state and, for an occurrence already in the
/// outbox, the outbox's own state (which tells missed and rescheduled items apart).
pub(crate) fn status_of(
    state: &OccurrenceState,
    stored: Option<&HistoryItem>,
) -> (OccurrenceStatus, Option<String>) {
    let reason = state.reason().map(str::to_owned);
    let status = match state {
        OccurrenceState::Scheduled => OccurrenceStatus::Scheduled,
        OccurrenceState::Due => OccurrenceStatus::Due,
        OccurrenceState::Sent => OccurrenceStatus::Sent,
        OccurrenceState::InDoubt => OccurrenceStatus::InDoubt,
        OccurrenceState::Failed { .. } => OccurrenceStatus::Failed,
        OccurrenceState::Skipped { .. } => OccurrenceStatus::Skipped,
        OccurrenceState::Cancelled { .. } => OccurrenceStatus::Cancelled,
        OccurrenceState::AwaitingApproval => {
            let Some(item) = stored else {
                return (OccurrenceStatus::AwaitingApproval, None);
            };
            let status = match item.state {
                OutboxState::Held if item.missed_at.is_some() => OccurrenceStatus::Missed,
                OutboxState::Planned => OccurrenceStatus::Rescheduled,
                OutboxState::Approved => OccurrenceStatus::Approved,
                OutboxState::Sending => OccurrenceStatus::Sending,
                _ => OccurrenceStatus::AwaitingApproval,
            };
            let reason = match status {
                OccurrenceStatus::AwaitingApproval => None,
                _ if !item.reason.is_empty() => Some(item.reason.clone()),
                _ => Some(missed_reason(item.past.at)),
            };
            return (status, reason);
        }
    };
    (status, reason)
}

pub(crate) fn missed_reason(due_at: DateTime<Utc>) -> String {
    format!(
        "fell due at {} while Settle was not running",
        instant_text(due_at)
    )
}

pub(crate) fn occurrence_view(
    invoice: &BookInvoice,
    occurrence: &Occurrence,
    history: &[HistoryItem],
) -> OccurrenceView {
    let (status, reason) = status_of(&occurrence.state, history_item(history, occurrence));
    OccurrenceView {
        key: key_of(invoice.id, occurrence),
        invoice_id: invoice.id,
        invoice_number: invoice.number.clone(),
        customer_id: invoice.contact_id,
        customer_name: invoice.contact_name.clone(),
        step: occurrence.step as u32 + 1,
        occurrence: occurrence.occurrence,
        channel: occurrence.channel.as_str().to_owned(),
        at: instant_text(occurrence.at),
        local: local_text(occurrence.local),
        status,
        reason,
    }
}

/// Sends (due or scheduled) count towards "what it would send".
pub(crate) fn is_send(state: &OccurrenceState) -> bool {
    state.is_pending()
}

pub(crate) fn step_views(steps: &[StepInput]) -> Vec<StepView> {
    steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let (days, date, every_days, times) = match &step.trigger {
                TriggerInput::WhenIssued => (None, None, None, None),
                TriggerInput::AfterIssue { days }
                | TriggerInput::BeforeDue { days }
                | TriggerInput::AfterDue { days } => (Some(*days as u32), None, None, None),
                TriggerInput::OnDate { date } => (None, Some(date.clone()), None, None),
                TriggerInput::Repeat { every_days, times } => {
                    (None, None, Some(*every_days as u32), Some(*times as u32))
                }
            };
            StepView {
                number: index as u32 + 1,
                trigger: trigger_name(&step.trigger).to_owned(),
                days,
                date,
                every_days,
                times,
                hour: step.hour as u32,
                channels: step
                    .channels
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect(),
                contact_role: step.contact_role.clone(),
                template: step.template.clone(),
                escalated_sender: step.escalated_sender,
                description: describe(step),
            }
        })
        .collect()
}

fn trigger_name(trigger: &TriggerInput) -> &'static str {
    match trigger {
        TriggerInput::WhenIssued => "when_issued",
        TriggerInput::AfterIssue { .. } => "after_issue",
        TriggerInput::BeforeDue { .. } => "before_due",
        TriggerInput::AfterDue { .. } => "after_due",
        TriggerInput::OnDate { .. } => "on_date",
        TriggerInput::Repeat { .. } => "repeat",
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// "7 days after the due date at 09:00 by email and SMS (to Accounts Payable)".
pub(crate) fn describe(step: &StepInput) -> String {
    let when = match &step.trigger {
        TriggerInput::WhenIssued => "when the invoice is issued".to_owned(),
        TriggerInput::AfterIssue { days: 0 } => "on the invoice date".to_owned(),
        TriggerInput::AfterIssue { days: n } => format!("{} after the invoice date", days(*n)),
        TriggerInput::BeforeDue { days: 0 } | TriggerInput::AfterDue { days: 0 } => {
            "on the due date".to_owned()
        }
        TriggerInput::BeforeDue { days: n } => format!("{} before the due date", days(*n)),
        TriggerInput::AfterDue { days: n } => format!("{} after the due date", days(*n)),
        TriggerInput::OnDate { date } => format!("on {date}"),
        TriggerInput::Repeat { every_days, times } => {
            let times = if *times == 1 {
                "once".to_owned()
            } else {
                format!("{times} times")
            };
            format!("then every {}, {times},", days(*every_days))
        }
    };
    let channels: Vec<&str> = step
        .channels
        .iter()
        .map(|c| match c {
            Channel::Email => "email",
            Channel::Sms => "SMS",
            Channel::Letter => "letter",
        })
        .collect();
    let channels = match channels.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let role = step
        .contact_role
        .as_deref()
        .map(|r| format!(" (to {r})"))
        .unwrap_or_default();
    // A stored step's key passed validation; an unknown one is shown as written.
    let template = step
        .template
        .as_deref()
        .map(|key| TemplateKind::parse(key).map_or(key, |kind| kind.name()))
        .map(|name| format!(", using '{name}'"))
        .unwrap_or_default();
    let sender = if step.escalated_sender {
        ", from the escalated sender"
    } else {
        ""
    };
    format!(
        "{when} at {:02}:00 by {channels}{role}{template}{sender}",
        step.hour
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_read_as_sentences() {
        let step = |trigger, channels: &[Channel], role: Option<&str>| StepInput {
            trigger,
            hour: 9,
            channels: channels.to_vec(),
            contact_role: role.map(str::to_owned),
            template: None,
            escalated_sender: false,
        };
        let cases = [
            (
                step(TriggerInput::AfterDue { days: 7 }, &[Channel::Email], None),
                "7 days after the due date at 09:00 by email",
            ),
            (
                step(
                    TriggerInput::BeforeDue { days: 1 },
                    &[Channel::Email, Channel::Sms],
                    Some("Accounts Payable"),
                ),
                "1 day before the due date at 09:00 by email and SMS (to Accounts Payable)",
            ),
            (
                step(
                    TriggerInput::Repeat {
                        every_days: 14,
                        times: 3,
                    },
                    &[Channel::Letter],
                    None,
                ),
                "then every 14 days, 3 times, at 09:00 by letter",
            ),
            (
                step(TriggerInput::WhenIssued, &[Channel::Email], None),
                "when the invoice is issued at 09:00 by email",
            ),
        ];
        for (step, text) in cases {
            assert_eq!(describe(&step), text);
        }
        let mut last = step(TriggerInput::AfterDue { days: 30 }, &[Channel::Email], None);
        last.template = Some("final_notice".into());
        last.escalated_sender = true;
        assert_eq!(
            describe(&last),
            "30 days after the due date at 09:00 by email, using 'Final notice', from the \
             escalated sender"
        );
        last.escalated_sender = false;
        last.template = Some("past_due".into());
        assert_eq!(
            describe(&last),
            "30 days after the due date at 09:00 by email, using 'Past due'"
        );
    }
}
