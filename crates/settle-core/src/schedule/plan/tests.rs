//! Table tests of the invoice planner: where each trigger lands, the order of the plan, and how
//! outbox states and clock changes show in it. The chasing rules are in `rules.rs`.

use super::*;
use crate::schedule::fixtures::{
    date, email, open_invoice, past, plan_at, schedule, step, utc, LONDON, NOON_ON_ISSUE,
};
use crate::schedule::occurrence::Outcome;
use crate::schedule::step::{Channel, TriggerInput};

#[test]
fn each_trigger_lands_on_its_date_at_its_hour() {
    // Invoice issued 2026-01-05, due 2026-02-04; now is noon on the issue date.
    let cases: &[(TriggerInput, i64, &str, &str)] = &[
        // On the invoice date at the step's hour; 09:00 has passed at noon, so it is due.
        (
            TriggerInput::WhenIssued,
            9,
            "0.1 email 2026-01-05 09:00 due",
            "send when issued",
        ),
        (
            TriggerInput::AfterIssue { days: 3 },
            10,
            "0.1 email 2026-01-08 10:00 scheduled",
            "3 days after the invoice date",
        ),
        (
            TriggerInput::AfterIssue { days: 0 },
            18,
            "0.1 email 2026-01-05 18:00 scheduled",
            "0 days after: the invoice date itself",
        ),
        (
            TriggerInput::BeforeDue { days: 3 },
            9,
            "0.1 email 2026-02-01 09:00 scheduled",
            "3 days before the due date",
        ),
        (
            TriggerInput::BeforeDue { days: 0 },
            9,
            "0.1 email 2026-02-04 09:00 scheduled",
            "on the due date",
        ),
        (
            TriggerInput::AfterDue { days: 7 },
            14,
            "0.1 email 2026-02-11 14:00 scheduled",
            "7 days after the due date",
        ),
        (
            TriggerInput::OnDate {
                date: "2026-03-02".into(),
            },
            9,
            "0.1 email 2026-03-02 09:00 scheduled",
            "a fixed date",
        ),
    ];
    for (trigger, hour, expected, why) in cases {
        let plan = plan_at(
            &open_invoice(),
            &[email(trigger.clone(), *hour)],
            &[],
            NOON_ON_ISSUE,
        );
        assert_eq!(plan, [*expected], "{why}");
    }
}

#[test]
fn a_repeating_step_follows_the_previous_step_every_x_days() {
    // 7 days after due (11 Feb), then every 7 days, three times.
    let steps = [
        email(TriggerInput::AfterDue { days: 7 }, 9),
        email(
            TriggerInput::Repeat {
                every_days: 7,
                times: 3,
            },
            10,
        ),
    ];
    assert_eq!(
        plan_at(&open_invoice(), &steps, &[], NOON_ON_ISSUE),
        [
            "0.1 email 2026-02-11 09:00 scheduled",
            "1.1 email 2026-02-18 10:00 scheduled",
            "1.2 email 2026-02-25 10:00 scheduled",
            "1.3 email 2026-03-04 10:00 scheduled",
        ]
    );
}

#[test]
fn a_step_with_several_channels_plans_one_send_per_channel_at_the_same_time() {
    let steps = [step(
        TriggerInput::AfterDue { days: 1 },
        9,
        &[Channel::Letter, Channel::Email, Channel::Sms],
    )];
    // Same instant, ordered by channel so the order never depends on how the step lists them.
    assert_eq!(
        plan_at(&open_invoice(), &steps, &[], NOON_ON_ISSUE),
        [
            "0.1 email 2026-02-05 09:00 scheduled",
            "0.1 sms 2026-02-05 09:00 scheduled",
            "0.1 letter 2026-02-05 09:00 scheduled",
        ]
    );
}

#[test]
fn the_plan_is_in_time_order_whatever_the_step_order() {
    // Steps listed latest first still come out earliest first.
    let steps = [
        email(TriggerInput::AfterDue { days: 7 }, 9),
        email(TriggerInput::BeforeDue { days: 3 }, 9),
        email(TriggerInput::AfterIssue { days: 1 }, 9),
    ];
    assert_eq!(
        plan_at(&open_invoice(), &steps, &[], NOON_ON_ISSUE),
        [
            "2.1 email 2026-01-06 09:00 scheduled",
            "1.1 email 2026-02-01 09:00 scheduled",
            "0.1 email 2026-02-11 09:00 scheduled",
        ]
    );
}

#[test]
fn due_means_its_time_has_come_and_scheduled_means_it_has_not() {
    let steps = [email(TriggerInput::AfterIssue { days: 1 }, 9)];
    // Exactly at the instant it is due; a second before, still scheduled.
    let at = "2026-01-06 09:00";
    assert_eq!(
        plan_at(&open_invoice(), &steps, &[], at),
        ["0.1 email 2026-01-06 09:00 due"]
    );
    let plan = invoice_schedule(
        &open_invoice(),
        &schedule(&steps),
        LONDON,
        &[],
        utc(at) - chrono::Duration::seconds(1),
    );
    assert_eq!(plan[0].state, OccurrenceState::Scheduled);
}

#[test]
fn drafts_and_invoices_awaiting_approval_are_not_chased() {
    // Chasing applies once the invoice is issued (AUTHORISED).
    for status in [InvoiceStatus::Draft, InvoiceStatus::Submitted] {
        let input = InvoicePlanInput {
            status,
            ..open_invoice()
        };
        let steps = [email(TriggerInput::AfterDue { days: 1 }, 9)];
        assert!(
            plan_at(&input, &steps, &[], NOON_ON_ISSUE).is_empty(),
            "{status:?}"
        );
    }
}

#[test]
fn states_from_the_outbox_are_kept_and_never_planned_again() {
    let steps = [
        email(TriggerInput::AfterIssue { days: 1 }, 9),
        email(TriggerInput::AfterIssue { days: 2 }, 9),
        email(TriggerInput::AfterIssue { days: 3 }, 9),
        email(TriggerInput::AfterIssue { days: 4 }, 9),
    ];
    let failed = Outcome::Failed {
        reason: "email: the customer has no email address".into(),
    };
    let skipped = Outcome::Skipped {
        reason: "skipped by the owner".into(),
    };
    let history = [
        past(0, 1, Channel::Email, "2026-01-06 09:00", Outcome::Sent),
        past(1, 1, Channel::Email, "2026-01-07 09:00", failed),
        past(2, 1, Channel::Email, "2026-01-08 09:00", Outcome::InDoubt),
        past(3, 1, Channel::Email, "2026-01-09 09:00", skipped),
    ];
    // A failed or in-doubt send is not retried by the planner: it stays as the outbox left it.
    assert_eq!(
        plan_at(&open_invoice(), &steps, &history, "2026-01-10 12:00"),
        [
            "0.1 email 2026-01-06 09:00 sent",
            "1.1 email 2026-01-07 09:00 failed: email: the customer has no email address",
            "2.1 email 2026-01-08 09:00 in doubt",
            "3.1 email 2026-01-09 09:00 skipped: skipped by the owner",
        ]
    );
}

#[test]
fn an_hour_lost_to_the_clock_change_sends_at_the_change() {
    // London springs forward at 01:00 GMT on 29 March: the 01:00 step sends at 02:00 BST.
    let input = InvoicePlanInput {
        issue_date: date("2026-03-01"),
        due_date: date("2026-03-28"),
        applied_at: utc("2026-03-01 00:00"),
        ..open_invoice()
    };
    let plan = invoice_schedule(
        &input,
        &schedule(&[email(TriggerInput::AfterDue { days: 1 }, 1)]),
        LONDON,
        &[],
        utc("2026-03-01 00:00"),
    );
    assert_eq!(plan[0].at, utc("2026-03-29 01:00"));
    assert_eq!(plan[0].local.format("%H:%M").to_string(), "02:00");
}

#[test]
fn from_invoice_copies_the_facts_that_matter() {
    let invoice = crate::invoice::Invoice {
        xero_invoice_id: "x".into(),
        number: "INV-1".into(),
        reference: String::new(),
        status: InvoiceStatus::Authorised,
        issue_date: date("2026-01-05"),
        due_date: date("2026-02-04"),
        expected_payment_date: Some(date("2026-02-20")),
        fully_paid_on: None,
        currency: crate::CurrencyCode::new("GBP").unwrap(),
        currency_rate: Decimal::ONE,
        total: Decimal::new(12_000, 2),
        amount_due: Decimal::new(12_000, 2),
        amount_paid: Decimal::ZERO,
        amount_credited: Decimal::ZERO,
        sent_to_contact: false,
        updated_at: DateTime::UNIX_EPOCH,
        chasing_enabled: true,
    };
    let input = InvoicePlanInput::from_invoice(&invoice, true, utc("2026-01-05 00:00"), false);
    assert_eq!(
        input,
        InvoicePlanInput {
            expected_payment_date: Some(date("2026-02-20")),
            ..open_invoice()
        }
    );
}
