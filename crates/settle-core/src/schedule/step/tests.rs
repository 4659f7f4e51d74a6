//! Tests of step validation: every trigger, every refusal message, and the stored JSON form.

use super::*;
use crate::schedule::fixtures::{email, step};
use crate::schedule::limits::MAX_STEPS_PER_SCHEDULE;
use crate::template::TemplateKind;

fn after_due(days: i64) -> StepInput {
    email(TriggerInput::AfterDue { days }, 9)
}

fn repeat(every_days: i64, times: i64) -> StepInput {
    email(TriggerInput::Repeat { every_days, times }, 9)
}

#[test]
fn every_trigger_validates_into_its_checked_form() {
    let inputs = [
        email(TriggerInput::WhenIssued, 8),
        email(TriggerInput::AfterIssue { days: 0 }, 0),
        email(TriggerInput::BeforeDue { days: 3 }, 23),
        email(TriggerInput::AfterDue { days: 3650 }, 9),
        email(
            TriggerInput::OnDate {
                date: "2028-02-29".into(),
            },
            9,
        ),
        repeat(7, 10),
    ];
    let schedule = Schedule::new(&inputs).unwrap();
    let triggers: Vec<Trigger> = schedule.steps().iter().map(Step::trigger).collect();
    assert_eq!(
        triggers,
        [
            Trigger::WhenIssued,
            Trigger::AfterIssue { days: 0 },
            Trigger::BeforeDue { days: 3 },
            Trigger::AfterDue { days: 3650 },
            Trigger::OnDate {
                date: NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
            },
            Trigger::Repeat {
                every_days: 7,
                times: 10
            },
        ]
    );
    assert_eq!(schedule.steps()[2].hour(), 23);
}

/// Each bad input, the exact message, and the step and field the error points at.
#[test]
fn bad_steps_are_refused_naming_the_step_and_the_field() {
    let ok = || after_due(1);
    let cases: Vec<(Vec<StepInput>, &str, Option<usize>, &str)> = vec![
        // An hour past 23 is not on the clock.
        (
            vec![ok(), ok(), email(TriggerInput::WhenIssued, 24)],
            "step 3: hour 24 is not an hour of the day (0–23)",
            Some(3),
            "hour",
        ),
        // Negative hours come from hand-edited files.
        (
            vec![email(TriggerInput::WhenIssued, -1)],
            "step 1: hour -1 is not an hour of the day (0–23)",
            Some(1),
            "hour",
        ),
        // A repeat in the middle would leave later steps with nothing to follow.
        (
            vec![ok(), repeat(7, 3), ok()],
            "step 2: only the last step can repeat",
            Some(2),
            "trigger",
        ),
        // Two repeats: the second is named, with the first it clashes with.
        (
            vec![ok(), repeat(7, 3), ok(), repeat(7, 2)],
            "step 4: a second repeating step (step 2 already repeats)",
            Some(4),
            "trigger",
        ),
        // More than ten repeats is over the limit.
        (
            vec![repeat(7, 11)],
            "step 1: repeat 11 times is out of range (1–10)",
            Some(1),
            "times",
        ),
        // Zero repeats would be a step that never sends.
        (
            vec![ok(), repeat(7, 0)],
            "step 2: repeat 0 times is out of range (1–10)",
            Some(2),
            "times",
        ),
        // Every 0 days would stack every repeat on one day.
        (
            vec![ok(), repeat(0, 3)],
            "step 2: repeat every 0 days is out of range (1–3650)",
            Some(2),
            "every_days",
        ),
        // A repeat needs a previous step to count from.
        (
            vec![repeat(7, 3)],
            "step 1: a repeating step repeats the step before it, so it cannot come first",
            Some(1),
            "trigger",
        ),
        // Negative days: the direction is in the trigger (before/after), not the sign.
        (
            vec![ok(), ok(), ok(), ok(), after_due(-3)],
            "step 5: days must be 0 or more (got -3)",
            Some(5),
            "days",
        ),
        // Each dated trigger checks its days, not just after_due.
        (
            vec![email(TriggerInput::BeforeDue { days: -1 }, 9)],
            "step 1: days must be 0 or more (got -1)",
            Some(1),
            "days",
        ),
        // Ten years is the longest offset.
        (
            vec![email(TriggerInput::AfterIssue { days: 3651 }, 9)],
            "step 1: days must be at most 3650 (got 3651)",
            Some(1),
            "days",
        ),
        // 30 February does not exist.
        (
            vec![
                ok(),
                email(
                    TriggerInput::OnDate {
                        date: "2026-02-30".into(),
                    },
                    9,
                ),
            ],
            "step 2: date '2026-02-30' is not a calendar date (write it as YYYY-MM-DD)",
            Some(2),
            "date",
        ),
        // Only the ISO shape is read, so nothing is silently reinterpreted.
        (
            vec![email(
                TriggerInput::OnDate {
                    date: "2026-2-3".into(),
                },
                9,
            )],
            "step 1: date '2026-2-3' is not a calendar date (write it as YYYY-MM-DD)",
            Some(1),
            "date",
        ),
        // A step must go somewhere.
        (
            vec![step(TriggerInput::WhenIssued, 9, &[])],
            "step 1: channels must list at least one of email, sms or letter",
            Some(1),
            "channels",
        ),
        // Listing a channel twice would send the same reminder twice.
        (
            vec![step(
                TriggerInput::WhenIssued,
                9,
                &[Channel::Sms, Channel::Email, Channel::Sms],
            )],
            "step 1: channel sms is listed twice",
            Some(1),
            "channels",
        ),
    ];
    for (inputs, message, step, field) in cases {
        let err = Schedule::new(&inputs).unwrap_err();
        assert_eq!(err.to_string(), message);
        assert_eq!(err.step(), step, "{message}");
        assert_eq!(err.field(), field, "{message}");
    }
}

#[test]
fn fifty_steps_are_allowed_and_fifty_one_are_not() {
    // The limit is inclusive: exactly 50 is a valid schedule.
    let fifty = vec![after_due(1); MAX_STEPS_PER_SCHEDULE];
    assert_eq!(Schedule::new(&fifty).unwrap().steps().len(), 50);
    let err = Schedule::new(&vec![after_due(1); 51]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a schedule can have at most 50 steps (this one has 51): remove some steps"
    );
    assert_eq!((err.step(), err.field()), (None, "steps"));
}

#[test]
fn the_first_bad_step_is_reported_before_the_repeat_rules() {
    // Step 2 repeats out of place, but step 3's hour is a field error, found first.
    let inputs = [
        after_due(1),
        repeat(7, 3),
        email(TriggerInput::WhenIssued, 25),
    ];
    assert_eq!(Schedule::new(&inputs).unwrap_err().step(), Some(3));
}

#[test]
fn an_empty_schedule_is_valid_and_plans_nothing() {
    // A cadence being built starts empty; it simply sends nothing.
    assert!(Schedule::new(&[]).unwrap().is_empty());
}

#[test]
fn a_blank_contact_role_means_no_role() {
    let mut input = after_due(1);
    input.contact_role = Some("  ".into());
    assert_eq!(
        Schedule::new(&[input.clone()]).unwrap().steps()[0].contact_role(),
        None
    );
    input.contact_role = Some(" Accounts Payable ".into());
    let schedule = Schedule::new(&[input]).unwrap();
    assert_eq!(schedule.steps()[0].contact_role(), Some("Accounts Payable"));
}

#[test]
fn the_stored_form_round_trips_through_json_and_is_validated_on_the_way_in() {
    let json = r#"[
        {"trigger": "when_issued", "hour": 8, "channels": ["email"]},
        {"trigger": "before_due", "days": 3, "hour": 9, "channels": ["email", "sms"],
         "contact_role": "Accounts Payable"},
        {"trigger": "on_date", "date": "2026-12-01", "hour": 10, "channels": ["letter"]},
        {"trigger": "after_due", "days": 7, "hour": 9, "channels": ["email"]},
        {"trigger": "repeat", "every_days": 7, "times": 4, "hour": 9, "channels": ["email"]}
    ]"#;
    let schedule: Schedule = serde_json::from_str(json).unwrap();
    assert_eq!(schedule.steps().len(), 5);
    let text = serde_json::to_string(&schedule).unwrap();
    let again: Schedule = serde_json::from_str(&text).unwrap();
    assert_eq!(again, schedule);
    assert_eq!(Schedule::new(&schedule.to_inputs()).unwrap(), schedule);

    // Out-of-range values parse as input and are refused by validation, with the step named.
    let bad = r#"[{"trigger": "after_due", "days": -3, "hour": 24, "channels": ["email"]}]"#;
    let inputs: Vec<StepInput> = serde_json::from_str(bad).unwrap();
    assert_eq!(inputs[0].hour, 24);
    let err = serde_json::from_str::<Schedule>(bad).unwrap_err();
    assert!(
        err.to_string()
            .contains("step 1: days must be 0 or more (got -3)"),
        "{err}"
    );
}

#[test]
fn channels_use_snake_case_names() {
    for channel in Channel::ALL {
        let json = serde_json::to_string(&channel).unwrap();
        assert_eq!(json, format!("\"{}\"", channel.as_str()));
        assert_eq!(Channel::parse(channel.as_str()), Some(channel));
    }
    assert_eq!(Channel::parse("fax"), None);
}

#[test]
fn a_step_may_name_a_template_and_the_escalated_sender() {
    let mut input = after_due(30);
    input.template = Some(" final_notice ".into());
    input.escalated_sender = true;
    let schedule = Schedule::new(&[input]).unwrap();
    let step = &schedule.steps()[0];
    assert_eq!(step.template(), Some(TemplateKind::FinalNotice));
    assert!(step.escalated_sender());
    // The raw form written back is trimmed, and the JSON names both fields.
    let back = schedule.to_inputs();
    assert_eq!(back[0].template.as_deref(), Some("final_notice"));
    let json = serde_json::to_string(&schedule).unwrap();
    assert!(
        json.contains(r#""template":"final_notice","escalated_sender":true"#),
        "{json}"
    );

    // A blank template is automatic, like a missing one.
    let mut blank = after_due(1);
    blank.template = Some("  ".into());
    assert_eq!(Schedule::new(&[blank]).unwrap().steps()[0].template(), None);
}

#[test]
fn steps_with_the_default_template_and_sender_keep_their_old_json() {
    let json = r#"[{"trigger":"after_due","days":7,"hour":9,"channels":["email"]}]"#;
    let schedule: Schedule = serde_json::from_str(json).unwrap();
    assert_eq!(schedule.steps()[0].template(), None);
    assert!(!schedule.steps()[0].escalated_sender());
    assert_eq!(serde_json::to_string(&schedule).unwrap(), json);
}

#[test]
fn an_unknown_template_is_refused_listing_the_keys() {
    let mut input = after_due(3);
    input.template = Some("very_angry".into());
    let err = Schedule::new(&[after_due(1), input]).unwrap_err();
    assert_eq!(err.step(), Some(2));
    assert_eq!(err.field(), "template");
    assert_eq!(
        err.to_string(),
        "step 2: template 'very_angry' is not a template (use one of new_invoice, \
         friendly_reminder, due_today, past_due, final_notice, or leave it out to choose by the \
         invoice's status when it sends)"
    );
}
