//! Tests of the preview window and of the diff between two plans.

use super::*;
use crate::schedule::fixtures::{email, open_invoice, schedule, utc, LONDON};
use crate::schedule::step::TriggerInput;

fn steps() -> Vec<crate::schedule::StepInput> {
    vec![
        email(TriggerInput::WhenIssued, 9),
        email(TriggerInput::AfterDue { days: 1 }, 9),
        email(TriggerInput::AfterDue { days: 60 }, 9),
        email(TriggerInput::AfterDue { days: 120 }, 9),
    ]
}

#[test]
fn the_preview_covers_the_next_ninety_days_and_what_is_due_now() {
    // Now is noon on the issue date: the 09:00 new-invoice email is due (it would go at once);
    // due+1 (5 Feb) and due+60 (5 Apr) are inside 90 days; due+120 (4 Jun) is not.
    let now = utc("2026-01-05 12:00");
    let preview = invoice_preview(
        &open_invoice(),
        &schedule(&steps()),
        LONDON,
        &[],
        now,
        PREVIEW_DAYS,
    );
    let steps: Vec<usize> = preview.iter().map(|o| o.step).collect();
    assert_eq!(steps, [0, 1, 2]);
    assert_eq!(preview[0].state, OccurrenceState::Due);
}

#[test]
fn the_window_includes_both_ends() {
    // A send exactly at the start or exactly at the end is in; a minute outside is out. The
    // invoice was already sent, so no new-invoice email is due and nothing else gets in.
    let sent = crate::schedule::InvoicePlanInput {
        sent_to_contact: true,
        ..open_invoice()
    };
    let plan = invoice_schedule(
        &sent,
        &schedule(&steps()),
        LONDON,
        &[],
        utc("2026-01-05 12:00"),
    );
    let at = plan.iter().find(|o| o.step == 2).unwrap().at;
    let has_it = |from, days| within_window(&plan, from, days).iter().any(|o| o.step == 2);
    let minute = Duration::minutes(1);
    assert!(has_it(at, 0), "at the start");
    assert!(!has_it(at + minute, 0), "a minute after it started");
    assert!(has_it(at - Duration::days(90), 90), "at the end");
    assert!(
        !has_it(at - Duration::days(90) - minute, 90),
        "a minute past the end"
    );
}

#[test]
fn the_diff_says_what_a_change_adds_removes_moves_and_restates() {
    let now = utc("2026-01-05 12:00");
    let today = invoice_schedule(&open_invoice(), &schedule(&steps()), LONDON, &[], now);
    // The change: step 1 moves from 09:00 to 10:00, step 3 is dropped, a step 4 is added, and
    // the invoice is marked sent, so the new-invoice email (step 0) becomes skipped.
    let mut changed_steps = steps();
    changed_steps[1] = email(TriggerInput::AfterDue { days: 1 }, 10);
    changed_steps[3] = email(TriggerInput::AfterDue { days: 30 }, 9);
    changed_steps.push(email(TriggerInput::AfterDue { days: 45 }, 9));
    let sent = crate::schedule::InvoicePlanInput {
        sent_to_contact: true,
        ..open_invoice()
    };
    let tomorrow = invoice_schedule(&sent, &schedule(&changed_steps), LONDON, &[], now);
    let change = diff(&today, &tomorrow);
    let steps_of = |list: &[Occurrence]| list.iter().map(|o| o.step).collect::<Vec<_>>();
    assert_eq!(steps_of(&change.added), [4]);
    assert!(
        change.removed.is_empty(),
        "step 3 still exists, so it moved"
    );
    let moved: Vec<(usize, String)> = change
        .moved
        .iter()
        .map(|c| {
            (
                c.after.step,
                c.after.local.format("%m-%d %H:%M").to_string(),
            )
        })
        .collect();
    assert_eq!(
        moved,
        [(1, "02-05 10:00".into()), (3, "03-06 09:00".into())]
    );
    assert_eq!(change.state_changed.len(), 1);
    assert_eq!(change.state_changed[0].before.state, OccurrenceState::Due);
    assert!(matches!(
        change.state_changed[0].after.state,
        OccurrenceState::Skipped { .. }
    ));

    // Removing the last step shows up as removed; the same plan twice is no change.
    let shorter = invoice_schedule(&open_invoice(), &schedule(&steps()[..3]), LONDON, &[], now);
    assert_eq!(steps_of(&diff(&today, &shorter).removed), [3]);
    assert!(diff(&today, &today).is_empty());
}
