//! Table tests of the chasing rules the planner applies: stopping, backdating, send when issued,
//! the invoice date, holding until the expected payment date, and one send per channel per day.

use chrono_tz::Australia::Sydney;

use super::*;
use crate::schedule::fixtures::{
    date, email, open_invoice, past, plan_at, schedule, step, utc, NOON_ON_ISSUE,
};
use crate::schedule::occurrence::Outcome;
use crate::schedule::step::{Channel, TriggerInput};

#[test]
fn chasing_stops_at_once_with_the_reason() {
    let steps = [
        email(TriggerInput::AfterIssue { days: 1 }, 9),
        email(TriggerInput::AfterDue { days: 1 }, 9),
    ];
    let sent = [past(
        0,
        1,
        Channel::Email,
        "2026-01-06 09:00",
        Outcome::Sent,
    )];
    let now = "2026-01-20 12:00";
    let cases: Vec<(InvoicePlanInput, &str)> = vec![
        // Paid in full in Xero.
        (
            InvoicePlanInput {
                status: InvoiceStatus::Paid,
                amount_due: Decimal::ZERO,
                ..open_invoice()
            },
            "the invoice was paid",
        ),
        (
            InvoicePlanInput {
                status: InvoiceStatus::Voided,
                ..open_invoice()
            },
            "the invoice was voided",
        ),
        (
            InvoicePlanInput {
                status: InvoiceStatus::Deleted,
                ..open_invoice()
            },
            "the invoice was deleted",
        ),
        // Still AUTHORISED but nothing owed (credit note applied, Xero not yet marked PAID).
        (
            InvoicePlanInput {
                amount_due: Decimal::ZERO,
                ..open_invoice()
            },
            "nothing is owed on the invoice",
        ),
        (
            InvoicePlanInput {
                invoice_chasing: false,
                ..open_invoice()
            },
            "chasing is off for this invoice",
        ),
        (
            InvoicePlanInput {
                customer_chasing: false,
                ..open_invoice()
            },
            "chasing is off for this customer",
        ),
    ];
    for (input, reason) in cases {
        // What was sent stays sent; everything still to come is cancelled with the reason.
        assert_eq!(
            plan_at(&input, &steps, &sent, now),
            [
                "0.1 email 2026-01-06 09:00 sent".to_owned(),
                format!("1.1 email 2026-02-05 09:00 cancelled: {reason}"),
            ],
            "{reason}"
        );
    }
}

#[test]
fn a_send_awaiting_approval_is_cancelled_when_chasing_stops() {
    // The owner is never asked to approve a reminder for a paid invoice.
    let steps = [email(TriggerInput::AfterIssue { days: 1 }, 9)];
    let waiting = [past(
        0,
        1,
        Channel::Email,
        "2026-01-06 09:00",
        Outcome::AwaitingApproval,
    )];
    let paid = InvoicePlanInput {
        status: InvoiceStatus::Paid,
        ..open_invoice()
    };
    assert_eq!(
        plan_at(&open_invoice(), &steps, &waiting, "2026-01-06 10:00"),
        ["0.1 email 2026-01-06 09:00 awaiting approval"]
    );
    assert_eq!(
        plan_at(&paid, &steps, &waiting, "2026-01-06 10:00"),
        ["0.1 email 2026-01-06 09:00 cancelled: the invoice was paid"]
    );
}

#[test]
fn backdated_steps_are_skipped_when_the_schedule_is_applied_late() {
    // Applied on 3 Feb at 10:00: the 1 Feb step has passed, the due-date step at 09:00 on 3 Feb
    // has too, the 4 Feb one has not.
    let input = InvoicePlanInput {
        applied_at: utc("2026-02-03 10:00"),
        sent_to_contact: true,
        ..open_invoice()
    };
    let steps = [
        email(TriggerInput::BeforeDue { days: 3 }, 9),
        email(TriggerInput::BeforeDue { days: 1 }, 9),
        email(TriggerInput::BeforeDue { days: 0 }, 9),
    ];
    assert_eq!(
        plan_at(&input, &steps, &[], "2026-02-03 10:00"),
        [
            format!("0.1 email 2026-02-01 09:00 skipped: {BACKDATED}"),
            format!("1.1 email 2026-02-03 09:00 skipped: {BACKDATED}"),
            "2.1 email 2026-02-04 09:00 scheduled".to_owned(),
        ]
    );
}

#[test]
fn a_repeat_still_follows_a_backdated_step() {
    // The step before was skipped as backdated; the repeats keep its rhythm, and only those
    // after the schedule was applied are sent.
    let input = InvoicePlanInput {
        applied_at: utc("2026-02-15 00:00"),
        ..open_invoice()
    };
    let steps = [
        email(TriggerInput::AfterDue { days: 7 }, 9),
        email(
            TriggerInput::Repeat {
                every_days: 7,
                times: 2,
            },
            9,
        ),
    ];
    assert_eq!(
        plan_at(&input, &steps, &[], "2026-02-15 00:00"),
        [
            format!("0.1 email 2026-02-11 09:00 skipped: {BACKDATED}"),
            "1.1 email 2026-02-18 09:00 scheduled".to_owned(),
            "1.2 email 2026-02-25 09:00 scheduled".to_owned(),
        ]
    );
}

#[test]
fn send_when_issued_still_goes_once_if_the_invoice_was_never_sent() {
    let steps = [
        email(TriggerInput::WhenIssued, 9),
        email(TriggerInput::AfterIssue { days: 1 }, 9),
    ];
    let late = "2026-01-10 12:00";
    let never_sent = InvoicePlanInput {
        applied_at: utc(late),
        ..open_invoice()
    };
    // Never sent: the new-invoice email is due although its time had passed.
    assert_eq!(
        plan_at(&never_sent, &steps, &[], late),
        [
            "0.1 email 2026-01-05 09:00 due".to_owned(),
            format!("1.1 email 2026-01-06 09:00 skipped: {BACKDATED}"),
        ]
    );
    // Once it is in the outbox it is not due again.
    let history = [past(
        0,
        1,
        Channel::Email,
        "2026-01-10 12:05",
        Outcome::Sent,
    )];
    assert_eq!(
        plan_at(&never_sent, &steps, &history, "2026-01-11 12:00")[1],
        "0.1 email 2026-01-10 12:05 sent"
    );
    // Already sent (or marked sent) from Xero: skipped, whether backdated or not.
    for applied in [late, "2026-01-01 00:00"] {
        let sent = InvoicePlanInput {
            applied_at: utc(applied),
            sent_to_contact: true,
            ..open_invoice()
        };
        assert_eq!(
            plan_at(&sent, &steps[..1], &[], "2026-01-01 00:00"),
            ["0.1 email 2026-01-05 09:00 skipped: the invoice was already sent"],
            "applied {applied}"
        );
    }
}

#[test]
fn nothing_is_sent_before_the_invoice_date() {
    // Due 4 Feb: 40 days before due and a fixed date before issue both fall before 5 Jan.
    let steps = [
        email(TriggerInput::BeforeDue { days: 40 }, 9),
        email(
            TriggerInput::OnDate {
                date: "2026-01-04".into(),
            },
            9,
        ),
        email(
            TriggerInput::OnDate {
                date: "2026-01-05".into(),
            },
            9,
        ),
    ];
    assert_eq!(
        plan_at(&open_invoice(), &steps, &[], "2025-12-20 12:00"),
        [
            "0.1 email 2025-12-26 09:00 skipped: before the invoice date 2026-01-05",
            "1.1 email 2026-01-04 09:00 skipped: before the invoice date 2026-01-05",
            "2.1 email 2026-01-05 09:00 scheduled",
        ]
    );
}

#[test]
fn the_invoice_date_is_compared_in_the_organisation_zone() {
    // 09:00 on 5 Jan in Sydney is 22:00 UTC on 4 Jan: still on the invoice date locally.
    let steps = [email(TriggerInput::WhenIssued, 9)];
    let input = InvoicePlanInput {
        applied_at: utc("2026-01-01 00:00"),
        ..open_invoice()
    };
    let plan = invoice_schedule(
        &input,
        &schedule(&steps),
        Sydney,
        &[],
        utc("2026-01-01 00:00"),
    );
    assert_eq!(plan[0].at, utc("2026-01-04 22:00"));
    assert_eq!(plan[0].state, OccurrenceState::Scheduled);
}

#[test]
fn the_organisation_can_hold_reminders_until_the_expected_payment_date() {
    let steps = [
        email(TriggerInput::BeforeDue { days: 3 }, 9),
        email(TriggerInput::AfterDue { days: 6 }, 9),
        email(TriggerInput::AfterDue { days: 7 }, 9),
    ];
    let promised = InvoicePlanInput {
        expected_payment_date: Some(date("2026-02-11")),
        hold_until_expected_payment: true,
        ..open_invoice()
    };
    // Before the date: skipped with the date; on it: sent.
    let held = "skipped: held until the expected payment date 2026-02-11";
    assert_eq!(
        plan_at(&promised, &steps, &[], NOON_ON_ISSUE),
        [
            format!("0.1 email 2026-02-01 09:00 {held}"),
            format!("1.1 email 2026-02-10 09:00 {held}"),
            "2.1 email 2026-02-11 09:00 scheduled".to_owned(),
        ]
    );
    // Without the organisation setting, the expected date changes nothing.
    let not_held = InvoicePlanInput {
        hold_until_expected_payment: false,
        ..promised
    };
    assert!(plan_at(&not_held, &steps, &[], NOON_ON_ISSUE)
        .iter()
        .all(|line| line.ends_with("scheduled")));
}

#[test]
fn at_most_one_send_per_channel_per_day() {
    // Two email steps on 6 Jan: the later one is skipped; the SMS that day still goes.
    let steps = [
        email(TriggerInput::AfterIssue { days: 1 }, 15),
        step(
            TriggerInput::AfterIssue { days: 1 },
            9,
            &[Channel::Email, Channel::Sms],
        ),
        email(TriggerInput::AfterIssue { days: 2 }, 9),
    ];
    let same_day = "skipped: another reminder for this invoice goes by email that day";
    assert_eq!(
        plan_at(&open_invoice(), &steps, &[], NOON_ON_ISSUE),
        [
            "1.1 email 2026-01-06 09:00 scheduled".to_owned(),
            "1.1 sms 2026-01-06 09:00 scheduled".to_owned(),
            format!("0.1 email 2026-01-06 15:00 {same_day}"),
            "2.1 email 2026-01-07 09:00 scheduled".to_owned(),
        ]
    );
}

#[test]
fn a_message_already_sent_that_day_counts_even_from_a_step_no_longer_in_the_schedule() {
    // Step 5 of an earlier schedule emailed at 08:00; the new step at 09:00 that day waits.
    let steps = [email(TriggerInput::AfterIssue { days: 1 }, 9)];
    let history = [past(
        5,
        1,
        Channel::Email,
        "2026-01-06 08:00",
        Outcome::Sent,
    )];
    assert_eq!(
        plan_at(&open_invoice(), &steps, &history, NOON_ON_ISSUE),
        ["0.1 email 2026-01-06 09:00 skipped: another reminder for this invoice goes by email that day"]
    );
    // A send skipped by the owner does not use up the day.
    let skipped = [past(
        5,
        1,
        Channel::Email,
        "2026-01-06 08:00",
        Outcome::Skipped {
            reason: "no".into(),
        },
    )];
    assert_eq!(
        plan_at(&open_invoice(), &steps, &skipped, NOON_ON_ISSUE),
        ["0.1 email 2026-01-06 09:00 scheduled"]
    );
}
