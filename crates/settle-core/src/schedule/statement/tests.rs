//! Table tests of monthly statements: validation, the dates months of every length give, clock
//! changes, and the planning rules; and a property: at most one per month and channel.

use std::collections::HashSet;

use chrono::Duration;
use proptest::prelude::*;

use super::*;
use crate::schedule::fixtures::{utc, LONDON};
use crate::schedule::occurrence::{parse_occurrence_key, statement_key, OccurrenceId, Outcome};
use crate::schedule::Subject;

fn input(day: StatementDayInput, hour: i64, channels: &[Channel]) -> StatementInput {
    StatementInput {
        day,
        hour,
        channels: channels.to_vec(),
    }
}

fn on(day: i64, hour: i64) -> Statement {
    Statement::new(&input(
        StatementDayInput::Day(day),
        hour,
        &[Channel::Letter],
    ))
    .unwrap()
}

fn last(hour: i64) -> Statement {
    Statement::new(&input(
        StatementDayInput::Text("last".into()),
        hour,
        &[Channel::Letter],
    ))
    .unwrap()
}

fn month(text: &str) -> StatementMonth {
    StatementMonth::parse(text).unwrap()
}

fn owed(set_at: &str) -> StatementPlanInput {
    StatementPlanInput {
        chasing_enabled: true,
        open_balance: true,
        set_at: utc(set_at),
    }
}

fn sent(month_text: &str, channel: Channel, at: &str, outcome: Outcome) -> StatementPastSend {
    StatementPastSend {
        month: month(month_text),
        send: PastSend {
            id: OccurrenceId {
                step: 0,
                occurrence: 1,
                channel,
            },
            at: utc(at),
            outcome,
        },
    }
}

/// `month channel local-time state` of each statement.
fn show(plan: &[StatementOccurrence]) -> Vec<String> {
    plan.iter()
        .map(|s| {
            let o = &s.occurrence;
            let state = match &o.state {
                OccurrenceState::Cancelled { reason } => format!("cancelled: {reason}"),
                OccurrenceState::Skipped { reason } => format!("skipped: {reason}"),
                other => format!("{other:?}").to_lowercase(),
            };
            format!(
                "{} {} {} {state}",
                s.month,
                o.channel,
                o.local.format("%Y-%m-%d %H:%M")
            )
        })
        .collect()
}

#[test]
fn bad_input_is_refused_naming_the_field() {
    let cases = [
        (
            input(StatementDayInput::Day(0), 9, &[Channel::Letter]),
            "day",
            "statement: day 0 is not a day every month has: use 1–28, or last for the month's \
             last day",
        ),
        (
            input(StatementDayInput::Day(29), 9, &[Channel::Letter]),
            "day",
            "statement: day 29 is not a day every month has: use 1–28, or last for the month's \
             last day",
        ),
        (
            input(
                StatementDayInput::Text("first".into()),
                9,
                &[Channel::Letter],
            ),
            "day",
            "statement: day 'first' is not a day every month has: use 1–28, or last for the \
             month's last day",
        ),
        (
            input(StatementDayInput::Day(1), 24, &[Channel::Letter]),
            "hour",
            "statement: hour 24 is not an hour of the day (0–23)",
        ),
        (
            input(StatementDayInput::Day(1), -1, &[Channel::Letter]),
            "hour",
            "statement: hour -1 is not an hour of the day (0–23)",
        ),
        (
            input(StatementDayInput::Day(1), 9, &[]),
            "channels",
            "statement: channels must list at least one of email, sms or letter",
        ),
        (
            input(
                StatementDayInput::Day(1),
                9,
                &[Channel::Letter, Channel::Email, Channel::Letter],
            ),
            "channels",
            "statement: channel letter is listed twice",
        ),
    ];
    for (bad, field, message) in cases {
        let err = Statement::new(&bad).unwrap_err();
        assert_eq!((err.field(), err.to_string().as_str()), (field, message));
    }
}

#[test]
fn day_reads_numbers_text_numbers_and_last_and_round_trips_as_json() {
    let statement: Statement =
        serde_json::from_str(r#"{"day": "last", "hour": 9, "channels": ["letter", "email"]}"#)
            .unwrap();
    assert_eq!(statement.day(), StatementDay::Last);
    assert_eq!(statement.channels(), [Channel::Letter, Channel::Email]);
    let json = serde_json::to_string(&statement).unwrap();
    assert_eq!(
        json,
        r#"{"day":"last","hour":9,"channels":["letter","email"]}"#
    );
    let numbered: Statement =
        serde_json::from_str(r#"{"day": 15, "hour": 0, "channels": ["sms"]}"#).unwrap();
    assert_eq!(numbered.day(), StatementDay::Day(15));
    let typed = Statement::new(&input(
        StatementDayInput::Text(" 7 ".into()),
        9,
        &[Channel::Email],
    ))
    .unwrap();
    assert_eq!(typed.day(), StatementDay::Day(7));
    let refused = serde_json::from_str::<Statement>(r#"{"day": 31, "hour": 9, "channels": []}"#);
    assert!(refused.unwrap_err().to_string().contains("day 31"));
}

#[test]
fn dates_in_months_of_every_length() {
    // month, day, expected date
    let cases = [
        ("2026-01", last(9), "2026-01-31"),
        ("2026-02", last(9), "2026-02-28"),
        ("2028-02", last(9), "2028-02-29"),
        ("2026-04", last(9), "2026-04-30"),
        ("2026-12", last(9), "2026-12-31"),
        ("2026-02", on(28, 9), "2026-02-28"),
        ("2026-04", on(28, 9), "2026-04-28"),
        ("2026-06", on(1, 9), "2026-06-01"),
    ];
    for (m, statement, expected) in cases {
        assert_eq!(
            statement.day().date_in(month(m)).to_string(),
            expected,
            "{m} {:?}",
            statement.day()
        );
    }
}

#[test]
fn clock_changes_follow_the_step_rules() {
    // New York springs forward at 02:00 on 8 March 2026: 02:00 does not exist, so 03:00 EDT.
    let new_york = chrono_tz::America::New_York;
    let (at, local) = on(8, 2).send_time(new_york, month("2026-03"));
    assert_eq!(
        (at, local.format("%H:%M").to_string()),
        (utc("2026-03-08 07:00"), "03:00".into())
    );
    // London falls back at 02:00 on 25 October 2026.
    let (at, local) = on(25, 1).send_time(LONDON, month("2026-10"));
    // 01:00 happens twice (BST then GMT): the first, 00:00 UTC.
    assert_eq!(
        (at, local.format("%H:%M").to_string()),
        (utc("2026-10-25 00:00"), "01:00".into())
    );
    // In summer 09:00 London is 08:00 UTC.
    assert_eq!(
        on(1, 9).send_time(LONDON, month("2026-07")).0,
        utc("2026-07-01 08:00")
    );
}

#[test]
fn months_from_the_one_it_was_set_in_with_a_passed_time_backdated() {
    // Set on 20 January for the 15th: January's had passed; February's and March's are planned.
    let plan = statement_schedule(
        &owed("2026-01-20 12:00"),
        &on(15, 9),
        LONDON,
        &[],
        utc("2026-01-20 12:00"),
        utc("2026-03-31 00:00"),
    );
    assert_eq!(
        show(&plan),
        [
            format!("2026-01 letter 2026-01-15 09:00 skipped: {STATEMENT_BACKDATED}"),
            "2026-02 letter 2026-02-15 09:00 scheduled".to_owned(),
            "2026-03 letter 2026-03-15 09:00 scheduled".to_owned(),
        ]
    );
}

#[test]
fn due_only_when_owed_and_chased_and_cancelled_otherwise() {
    let statement = last(9);
    let at = utc("2026-02-28 09:30");
    let plan = |input: StatementPlanInput| {
        show(&statement_schedule(&input, &statement, LONDON, &[], at, at))
    };
    assert_eq!(
        plan(owed("2026-01-01 00:00")),
        [
            "2026-02 letter 2026-02-28 09:00 due",
            // January's passed unseen, and February's time has passed too: not sent late.
        ]
    );
    let nothing_owed = StatementPlanInput {
        open_balance: false,
        ..owed("2026-01-01 00:00")
    };
    assert_eq!(
        plan(nothing_owed),
        [format!(
            "2026-02 letter 2026-02-28 09:00 cancelled: {STATEMENT_NOTHING_OWED}"
        )]
    );
    let not_chased = StatementPlanInput {
        chasing_enabled: false,
        ..owed("2026-01-01 00:00")
    };
    assert_eq!(
        plan(not_chased),
        [format!(
            "2026-02 letter 2026-02-28 09:00 cancelled: {STATEMENT_CHASING_OFF}"
        )]
    );
}

#[test]
fn the_outbox_decides_a_month_already_planned_and_a_waiting_one_is_cancelled_when_paid() {
    let statement = Statement::new(&input(
        StatementDayInput::Day(1),
        9,
        &[Channel::Letter, Channel::Email],
    ))
    .unwrap();
    let history = [
        sent(
            "2026-02",
            Channel::Letter,
            "2026-02-01 09:02",
            Outcome::Sent,
        ),
        sent(
            "2026-02",
            Channel::Email,
            "2026-02-01 09:00",
            Outcome::AwaitingApproval,
        ),
    ];
    let now = utc("2026-02-03 12:00");
    let plan = statement_schedule(
        &owed("2026-01-10 00:00"),
        &statement,
        LONDON,
        &history,
        now,
        utc("2026-03-01 10:00"),
    );
    let backdated = format!("skipped: {STATEMENT_BACKDATED}");
    assert_eq!(
        show(&plan),
        [
            format!("2026-01 email 2026-01-01 09:00 {backdated}"),
            format!("2026-01 letter 2026-01-01 09:00 {backdated}"),
            "2026-02 email 2026-02-01 09:00 awaitingapproval".to_owned(),
            "2026-02 letter 2026-02-01 09:02 sent".to_owned(),
            "2026-03 email 2026-03-01 09:00 scheduled".to_owned(),
            "2026-03 letter 2026-03-01 09:00 scheduled".to_owned(),
        ]
    );
    // Paid meanwhile: the waiting email is cancelled, the letter stays sent.
    let paid = StatementPlanInput {
        open_balance: false,
        ..owed("2026-01-10 00:00")
    };
    let plan = statement_schedule(&paid, &statement, LONDON, &history, now, now);
    assert_eq!(
        show(&plan),
        [
            format!("2026-01 email 2026-01-01 09:00 {backdated}"),
            format!("2026-01 letter 2026-01-01 09:00 {backdated}"),
            format!("2026-02 email 2026-02-01 09:00 cancelled: {STATEMENT_NOTHING_OWED}"),
            "2026-02 letter 2026-02-01 09:02 sent".to_owned(),
        ]
    );
    // Changing the day later in February does not send February again: the key is the month.
    let moved = Statement::new(&input(StatementDayInput::Day(20), 9, &[Channel::Letter])).unwrap();
    let plan = statement_schedule(
        &owed("2026-02-03 12:00"),
        &moved,
        LONDON,
        &history,
        utc("2026-02-21 12:00"),
        utc("2026-02-21 12:00"),
    );
    assert_eq!(show(&plan), ["2026-02 letter 2026-02-01 09:02 sent"]);
}

#[test]
fn keys_are_per_customer_month_and_channel_and_parse_back() {
    let key = statement_key(7, month("2026-12"), Channel::Email);
    assert_eq!(key, "customer:7:statement:2026-12:email");
    let (subject, id) = parse_occurrence_key(&key).unwrap();
    assert_eq!(
        subject,
        Subject::Statement {
            customer: 7,
            month: month("2026-12")
        }
    );
    assert_eq!((id.step, id.occurrence, id.channel), (0, 1, Channel::Email));
    for bad in [
        "customer:7:statement:2026-13:email",
        "customer:7:statement:2026-1:email",
        "customer:7:statement:26-01:email",
        "customer:7:statement:2026-01:fax",
        "customer:7:statement:2026-01",
        "customer:x:statement:2026-01:email",
        "customer:7:statement:2026-01:email:extra",
    ] {
        assert_eq!(parse_occurrence_key(bad), None, "{bad}");
    }
}

const ZONES: [Tz; 4] = [
    chrono_tz::Europe::London,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Auckland,
];

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Sent),
        Just(Outcome::AwaitingApproval),
        Just(Outcome::Cancelled { reason: "x".into() }),
    ]
}

proptest! {
    #[test]
    fn at_most_one_per_month_and_channel(
        zone in 0usize..ZONES.len(),
        day in prop_oneof![(1i64..=28).prop_map(StatementDayInput::Day),
                           Just(StatementDayInput::Text("last".into()))],
        hour in 0i64..=23,
        mask in 1u8..8,
        set_days in 0i64..400,
        now_days in 0i64..800,
        until_days in 0i64..120,
        open in any::<bool>(),
        chased in any::<bool>(),
        past in proptest::collection::vec((0u32..30, 0usize..3, outcome()), 0..10),
    ) {
        let channels: Vec<Channel> = Channel::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, c)| c)
            .collect();
        let statement = Statement::new(&input(day, hour, &channels)).unwrap();
        let tz = ZONES[zone];
        let start = utc("2025-01-01 00:00");
        let set_at = start + Duration::days(set_days) + Duration::minutes(set_days * 37 % 1440);
        let now = set_at + Duration::days(now_days) + Duration::minutes(now_days * 53 % 1440);
        let until = now + Duration::days(until_days);
        // A history unique per month and channel, as the outbox's unique key keeps it.
        let mut seen = HashSet::new();
        let history: Vec<StatementPastSend> = past
            .into_iter()
            .filter(|(m, c, _)| seen.insert((*m, *c)))
            .map(|(m, c, outcome)| {
                let mut month = StatementMonth { year: 2025, month: 1 };
                for _ in 0..m {
                    month = month.next();
                }
                StatementPastSend {
                    month,
                    send: PastSend {
                        id: OccurrenceId { step: 0, occurrence: 1, channel: Channel::ALL[c] },
                        at: statement.send_time(tz, month).0,
                        outcome,
                    },
                }
            })
            .collect();
        let input = StatementPlanInput { chasing_enabled: chased, open_balance: open, set_at };
        let plan = statement_schedule(&input, &statement, tz, &history, now, until);
        let mut keys = HashSet::new();
        for s in &plan {
            prop_assert!(keys.insert((s.month, s.occurrence.channel)), "twice: {} {}", s.month, s.occurrence.channel);
            prop_assert!(statement.channels().contains(&s.occurrence.channel));
            let from_history = history.iter().any(|h| h.month == s.month && h.send.id.channel == s.occurrence.channel);
            if !from_history {
                // Never before it was set, never after `until`, never two passed months due.
                prop_assert!(s.month >= StatementMonth::of(set_at.with_timezone(&tz).date_naive()));
                prop_assert!(s.occurrence.at <= until);
                if s.occurrence.state == OccurrenceState::Due {
                    prop_assert!(open && chased && s.occurrence.at <= now && s.occurrence.at >= set_at);
                }
            }
        }
        let due_months: HashSet<StatementMonth> = plan
            .iter()
            .filter(|s| s.occurrence.state == OccurrenceState::Due)
            .map(|s| s.month)
            .collect();
        prop_assert!(due_months.len() <= 1);
        // Planning again with the same inputs gives the same plan.
        prop_assert_eq!(plan, statement_schedule(&input, &statement, tz, &history, now, until));
    }
}
