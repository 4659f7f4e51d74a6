//! Table tests of customer-level schedules: which steps are allowed, where the loop is anchored,
//! what it lists, and how it continues, stops and restarts.

use super::*;
use crate::schedule::fixtures::{date, email, past, utc, LONDON};
use crate::schedule::occurrence::{occurrence_key, Outcome};
use crate::schedule::step::{Channel, TriggerInput};

fn steps() -> CustomerSchedule {
    CustomerSchedule::new(&[
        email(TriggerInput::AfterDue { days: 7 }, 9),
        email(TriggerInput::AfterDue { days: 14 }, 9),
        email(
            TriggerInput::Repeat {
                every_days: 14,
                times: 2,
            },
            9,
        ),
    ])
    .unwrap()
}

fn invoice(id: i64, due: &str) -> CustomerInvoice {
    CustomerInvoice {
        id,
        due_date: date(due),
        chasing_enabled: true,
    }
}

fn input(open: Vec<CustomerInvoice>, anchor: Option<LoopAnchor>) -> CustomerPlanInput {
    CustomerPlanInput {
        customer: 7,
        chasing_enabled: true,
        open_invoices: open,
        anchor,
        applied_at: utc("2026-01-01 00:00"),
    }
}

fn plan(input: &CustomerPlanInput, history: &[PastSend], now: &str) -> CustomerPlan {
    customer_schedule(input, &steps(), LONDON, history, utc(now))
}

/// `step.occurrence date state` of each message.
fn show(plan: &CustomerPlan) -> Vec<String> {
    plan.occurrences
        .iter()
        .map(|c| {
            let o = &c.occurrence;
            let state = match &o.state {
                OccurrenceState::Cancelled { reason } => format!("cancelled: {reason}"),
                OccurrenceState::Skipped { reason } => format!("skipped: {reason}"),
                other => format!("{other:?}").to_lowercase(),
            };
            format!("{}.{} {} {state}", o.step, o.occurrence, o.local.date())
        })
        .collect()
}

#[test]
fn only_days_overdue_steps_are_allowed() {
    // Issue-date and fixed-date triggers mean nothing for a customer's whole balance.
    let err = CustomerSchedule::new(&[
        email(TriggerInput::AfterDue { days: 7 }, 9),
        email(TriggerInput::BeforeDue { days: 3 }, 9),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "step 2: a customer schedule counts days overdue, so its steps must be after_due or \
         repeat (this one is before_due)"
    );
    assert_eq!((err.step(), err.field()), (Some(2), "trigger"));
}

#[test]
fn the_loop_counts_from_the_oldest_overdue_invoice_and_lists_every_open_one() {
    // Invoice 2 (due 10 Jan) is the oldest overdue; 3 is not due yet but is still listed.
    let open = vec![
        invoice(3, "2026-02-20"),
        invoice(2, "2026-01-10"),
        invoice(1, "2026-01-12"),
    ];
    let result = plan(&input(open, None), &[], "2026-01-12 12:00");
    assert_eq!(
        result.anchor,
        Some(LoopAnchor {
            invoice: 2,
            due_date: date("2026-01-10")
        })
    );
    assert_eq!(
        show(&result),
        [
            "0.1 2026-01-17 scheduled",
            "1.1 2026-01-24 scheduled",
            "2.1 2026-02-07 scheduled",
            "2.2 2026-02-21 scheduled",
        ]
    );
    assert!(result.occurrences.iter().all(|c| c.invoices == [2, 1, 3]));
    let key = occurrence_key(
        customer_subject(7, result.anchor.unwrap()),
        0,
        1,
        Channel::Email,
    );
    assert_eq!(key, "customer:7:loop:2:step:0:1:email");
}

#[test]
fn nothing_is_planned_until_an_invoice_falls_due() {
    let open = vec![invoice(1, "2026-01-20")];
    let result = plan(&input(open, None), &[], "2026-01-12 12:00");
    assert_eq!(result, CustomerPlan::default());
}

#[test]
fn paying_the_oldest_invoice_alone_keeps_the_loop_going() {
    // The balance was never cleared: the loop keeps its anchor and rhythm.
    let anchor = LoopAnchor {
        invoice: 2,
        due_date: date("2026-01-10"),
    };
    let history = [past(
        0,
        1,
        Channel::Email,
        "2026-01-17 09:00",
        Outcome::Sent,
    )];
    let result = plan(
        &input(vec![invoice(1, "2026-01-12")], Some(anchor)),
        &history,
        "2026-01-20 12:00",
    );
    assert_eq!(result.anchor, Some(anchor));
    assert_eq!(
        show(&result)[..2],
        ["0.1 2026-01-17 sent", "1.1 2026-01-24 scheduled"]
    );
    assert!(result.occurrences.iter().all(|c| c.invoices == [1]));
}

#[test]
fn clearing_the_balance_stops_the_loop_and_the_next_due_invoice_starts_a_new_one() {
    let anchor = LoopAnchor {
        invoice: 2,
        due_date: date("2026-01-10"),
    };
    let history = [past(
        0,
        1,
        Channel::Email,
        "2026-01-17 09:00",
        Outcome::Sent,
    )];
    let cleared = plan(&input(vec![], Some(anchor)), &history, "2026-01-20 12:00");
    assert_eq!(cleared.anchor, None);
    let reason = "cancelled: the customer's balance was cleared";
    assert_eq!(
        show(&cleared),
        [
            "0.1 2026-01-17 sent".to_owned(),
            format!("1.1 2026-01-24 {reason}"),
            format!("2.1 2026-02-07 {reason}"),
            format!("2.2 2026-02-21 {reason}"),
        ]
    );
    // Later a new invoice falls due: a new loop, anchored on it, with its own keys.
    let restarted = plan(
        &input(vec![invoice(5, "2026-03-01")], None),
        &[],
        "2026-03-02 12:00",
    );
    assert_eq!(restarted.anchor.map(|a| a.invoice), Some(5));
    assert_eq!(show(&restarted)[0], "0.1 2026-03-08 scheduled");
}

#[test]
fn chasing_off_cancels_with_the_reason() {
    let off = CustomerPlanInput {
        chasing_enabled: false,
        ..input(vec![invoice(1, "2026-01-10")], None)
    };
    assert!(show(&plan(&off, &[], "2026-01-12 12:00"))
        .iter()
        .all(|line| line.ends_with("cancelled: chasing is off for this customer")));
    // An invoice with chasing off is neither listed nor an anchor.
    let disputed = CustomerInvoice {
        chasing_enabled: false,
        ..invoice(1, "2026-01-01")
    };
    let result = plan(
        &input(vec![disputed, invoice(2, "2026-01-10")], None),
        &[],
        "2026-01-12 12:00",
    );
    assert_eq!(result.anchor.map(|a| a.invoice), Some(2));
    assert!(result.occurrences.iter().all(|c| c.invoices == [2]));
}

#[test]
fn steps_that_had_passed_when_the_schedule_was_applied_are_backdated() {
    // Applied on 20 Jan to a customer 10 days overdue: the 7-day step had passed.
    let late = CustomerPlanInput {
        applied_at: utc("2026-01-20 12:00"),
        ..input(vec![invoice(1, "2026-01-10")], None)
    };
    assert_eq!(
        show(&plan(&late, &[], "2026-01-20 12:00"))[..2],
        [
            format!("0.1 2026-01-17 skipped: {BACKDATED}"),
            "1.1 2026-01-24 scheduled".to_owned()
        ]
    );
}
