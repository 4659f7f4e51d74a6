//! Property tests of the invoice planner over random invoices, schedules, zones, histories and
//! times.

use std::collections::HashSet;

use chrono::{Days, Duration};
use proptest::prelude::*;

use super::*;
use crate::schedule::occurrence::Outcome;
use crate::schedule::step::{Channel, StepInput, TriggerInput};

const ZONES: [Tz; 7] = [
    chrono_tz::Europe::London,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Sydney,
    chrono_tz::Pacific::Auckland,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::UTC,
];

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn channels() -> impl Strategy<Value = Vec<Channel>> {
    (1u8..8).prop_map(|mask| {
        Channel::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, c)| c)
            .collect()
    })
}

fn trigger() -> impl Strategy<Value = TriggerInput> {
    prop_oneof![
        Just(TriggerInput::WhenIssued),
        (0i64..30).prop_map(|days| TriggerInput::AfterIssue { days }),
        (0i64..30).prop_map(|days| TriggerInput::BeforeDue { days }),
        (0i64..30).prop_map(|days| TriggerInput::AfterDue { days }),
        (0u64..800).prop_map(|d| TriggerInput::OnDate {
            date: (base() + Days::new(d)).format("%Y-%m-%d").to_string()
        }),
    ]
}

fn steps() -> impl Strategy<Value = Vec<StepInput>> {
    let step = (trigger(), 0i64..24, channels()).prop_map(|(trigger, hour, channels)| StepInput {
        trigger,
        hour,
        channels,
        contact_role: None,
        template: None,
        escalated_sender: false,
    });
    let repeat = prop::option::of((1i64..30, 1i64..=10, 0i64..24, channels()));
    (prop::collection::vec(step, 1..12), repeat).prop_map(|(mut steps, repeat)| {
        if let Some((every_days, times, hour, channels)) = repeat {
            steps.push(StepInput {
                trigger: TriggerInput::Repeat { every_days, times },
                hour,
                channels,
                contact_role: None,
                template: None,
                escalated_sender: false,
            });
        }
        steps
    })
}

/// An invoice, its zone, a first planning time (whose due sends become the history) and `now`.
#[derive(Debug, Clone)]
struct Case {
    input: InvoicePlanInput,
    tz: Tz,
    steps: Vec<StepInput>,
    earlier: DateTime<Utc>,
    now: DateTime<Utc>,
    outcomes: Vec<u8>,
}

fn case() -> impl Strategy<Value = Case> {
    let status = prop_oneof![
        12 => Just(InvoiceStatus::Authorised),
        1 => Just(InvoiceStatus::Paid),
        1 => Just(InvoiceStatus::Voided),
        1 => Just(InvoiceStatus::Deleted),
    ];
    let facts = (
        status,
        prop::bool::weighted(0.95),
        0u64..730,
        -5i64..60,
        prop::option::of(0u64..150),
        any::<[bool; 2]>(),
        [prop::bool::weighted(0.9), prop::bool::weighted(0.9)],
    );
    let times = (0usize..ZONES.len(), -720i64..2880, 0i64..1440, 0i64..1440);
    (
        facts,
        times,
        steps(),
        prop::collection::vec(any::<u8>(), 64),
    )
        .prop_map(|(facts, times, steps, outcomes)| {
            let (status, owes, issue, due, expected, flags, chasing) = facts;
            let (zone, applied, earlier, now) = times;
            let issue_date = base() + Days::new(issue);
            let midnight = issue_date.and_hms_opt(0, 0, 0).unwrap().and_utc();
            let applied_at = midnight + Duration::hours(applied);
            let earlier = applied_at + Duration::hours(earlier);
            Case {
                input: InvoicePlanInput {
                    status,
                    amount_due: if owes {
                        Decimal::ONE_HUNDRED
                    } else {
                        Decimal::ZERO
                    },
                    issue_date,
                    due_date: issue_date + Duration::days(due),
                    expected_payment_date: expected.map(|d| issue_date + Days::new(d)),
                    sent_to_contact: flags[0],
                    invoice_chasing: chasing[0],
                    customer_chasing: chasing[1],
                    applied_at,
                    hold_until_expected_payment: flags[1],
                },
                tz: ZONES[zone],
                steps,
                earlier,
                now: earlier + Duration::hours(now),
                outcomes,
            }
        })
}

/// What the outbox would hold after the engine acted on the plan made at `case.earlier`: each
/// due send became an outbox item with some outcome.
fn history(case: &Case, schedule: &Schedule) -> Vec<PastSend> {
    let chased = InvoicePlanInput {
        status: InvoiceStatus::Authorised,
        ..case.input.clone()
    };
    invoice_schedule(&chased, schedule, case.tz, &[], case.earlier)
        .into_iter()
        .filter(|o| o.state == OccurrenceState::Due)
        .enumerate()
        .map(|(i, o)| PastSend {
            id: o.id(),
            at: o.at,
            outcome: match case.outcomes[i % case.outcomes.len()] % 5 {
                0 => Outcome::AwaitingApproval,
                1 => Outcome::Failed {
                    reason: "no email address".into(),
                },
                2 => Outcome::InDoubt,
                3 => Outcome::Skipped {
                    reason: "skipped by the owner".into(),
                },
                _ => Outcome::Sent,
            },
        })
        .collect()
}

fn plan(case: &Case, schedule: &Schedule, history: &[PastSend]) -> Vec<Occurrence> {
    invoice_schedule(&case.input, schedule, case.tz, history, case.now)
}

proptest! {
    #[test]
    fn nothing_is_sent_before_the_invoice_date_or_once_chasing_has_stopped(case in case()) {
        let schedule = Schedule::new(&case.steps).unwrap();
        let history = history(&case, &schedule);
        for o in plan(&case, &schedule, &history) {
            if o.local.date() < case.input.issue_date {
                prop_assert!(matches!(o.state, OccurrenceState::Skipped { .. }), "{o:?}");
            }
            if case.input.stop_reason().is_some() {
                prop_assert!(
                    !matches!(o.state, OccurrenceState::Scheduled | OccurrenceState::Due | OccurrenceState::AwaitingApproval),
                    "{o:?}"
                );
            }
        }
    }

    #[test]
    fn the_same_inputs_give_the_same_plan_whatever_the_history_order(case in case()) {
        let schedule = Schedule::new(&case.steps).unwrap();
        let history = history(&case, &schedule);
        let first = plan(&case, &schedule, &history);
        prop_assert_eq!(&first, &plan(&case, &schedule, &history));
        let reversed: Vec<PastSend> = history.iter().rev().cloned().collect();
        prop_assert_eq!(&first, &plan(&case, &schedule, &reversed));
    }

    #[test]
    fn recording_the_due_sends_and_planning_again_changes_nothing_else(case in case()) {
        // The engine turns every due send into an outbox item and recomputes: the plan keeps
        // every send at its time, only due ones change state, and a further recompute is equal.
        let schedule = Schedule::new(&case.steps).unwrap();
        let mut history = history(&case, &schedule);
        let first = plan(&case, &schedule, &history);
        history.extend(first.iter().filter(|o| o.state == OccurrenceState::Due).map(|o| PastSend {
            id: o.id(),
            at: o.at,
            outcome: Outcome::AwaitingApproval,
        }));
        let second = plan(&case, &schedule, &history);
        prop_assert_eq!(first.len(), second.len());
        for (a, b) in first.iter().zip(&second) {
            prop_assert_eq!((a.id(), a.at), (b.id(), b.at));
            if a.state == OccurrenceState::Due {
                prop_assert_eq!(&b.state, &OccurrenceState::AwaitingApproval);
            } else {
                prop_assert_eq!(&a.state, &b.state);
            }
        }
        prop_assert_eq!(&second, &plan(&case, &schedule, &history));
    }

    #[test]
    fn the_plan_is_in_time_order_with_unique_keys(case in case()) {
        let schedule = Schedule::new(&case.steps).unwrap();
        let plan = plan(&case, &schedule, &history(&case, &schedule));
        prop_assert!(plan.windows(2).all(|w| w[0].at <= w[1].at));
        let ids: HashSet<_> = plan.iter().map(Occurrence::id).collect();
        prop_assert_eq!(ids.len(), plan.len());
    }

    #[test]
    fn at_most_one_send_per_channel_per_local_day(case in case()) {
        let schedule = Schedule::new(&case.steps).unwrap();
        let plan = plan(&case, &schedule, &history(&case, &schedule));
        let mut days = HashSet::new();
        for o in plan.iter().filter(|o| o.state.takes_the_day()) {
            prop_assert!(days.insert((o.local.date(), o.channel)), "two on one day: {o:?}");
        }
    }
}
