//! Steps and their triggers: the raw form a person or a file gives ([`StepInput`]), the validated
//! form the planner uses ([`Step`], [`Trigger`]) and the one way between them,
//! [`Schedule::new`], which refuses bad input with an error naming the step and the field.
//!
//! The raw form uses wide types (`i64` days and hours, `String` dates) on purpose: a cadence file
//! saying `"hour": 24` or `"days": -3` must reach validation and get a precise message, not fail
//! inside the JSON parser.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::ScheduleError;
use super::limits::{
    MAX_DAYS, MAX_HOUR, MAX_REPEAT_TIMES, MAX_STEPS_PER_SCHEDULE, MIN_REPEAT_EVERY_DAYS,
    MIN_REPEAT_TIMES,
};
use crate::template::TemplateKind;

/// How a reminder is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
    Letter,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Letter];

    /// The stored and serialised name (`email`, `sms`, `letter`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Letter => "letter",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A trigger as typed or read from a file, before validation. Serialised with a `trigger` tag:
/// `{"trigger": "after_due", "days": 7}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "trigger", rename_all = "snake_case")]
pub enum TriggerInput {
    WhenIssued,
    AfterIssue {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
    },
    BeforeDue {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
    },
    AfterDue {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
    },
    /// `date` is `YYYY-MM-DD`.
    OnDate {
        date: String,
    },
    Repeat {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        every_days: i64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        times: i64,
    },
}

/// One step as typed or read from a file, before validation:
/// `{"trigger": "after_due", "days": 7, "hour": 9, "channels": ["email"]}`, optionally with
/// `"template": "final_notice"` and `"escalated_sender": true` — both left out at their defaults,
/// so files written before they existed read the same and round-trip unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StepInput {
    #[serde(flatten)]
    pub trigger: TriggerInput,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub hour: i64,
    pub channels: Vec<Channel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_role: Option<String>,
    /// A template key (`final_notice`, see [`TemplateKind`]); `None` chooses by the invoice's
    /// status on the day it sends. Says which email goes out, never when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Send from the escalated sender (docs/SENDING.md) rather than the normal one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub escalated_sender: bool,
}

/// When a step sends, counted in calendar days in the organisation's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trigger {
    /// On the invoice (issue) date.
    WhenIssued,
    AfterIssue {
        days: u16,
    },
    BeforeDue {
        days: u16,
    },
    AfterDue {
        days: u16,
    },
    OnDate {
        date: NaiveDate,
    },
    /// `times` more sends, `every_days` apart, counted from the previous step's date.
    Repeat {
        every_days: u16,
        times: u8,
    },
}

impl Trigger {
    /// The tag used in the stored form, also used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::WhenIssued => "when_issued",
            Self::AfterIssue { .. } => "after_issue",
            Self::BeforeDue { .. } => "before_due",
            Self::AfterDue { .. } => "after_due",
            Self::OnDate { .. } => "on_date",
            Self::Repeat { .. } => "repeat",
        }
    }
}

/// A validated step. Fields are private so every `Step` has passed [`Schedule::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    trigger: Trigger,
    hour: u8,
    channels: Vec<Channel>,
    contact_role: Option<String>,
    template: Option<TemplateKind>,
    escalated_sender: bool,
}

impl Step {
    pub fn trigger(&self) -> Trigger {
        self.trigger
    }

    /// Hour of the day (0–23) in the organisation's time zone.
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// One or more channels, each listed once, in the order given.
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    /// The contact role that restricts who receives it; `None` for the usual recipients.
    pub fn contact_role(&self) -> Option<&str> {
        self.contact_role.as_deref()
    }

    /// The template this step names; `None` when it is chosen by the invoice's status.
    pub fn template(&self) -> Option<TemplateKind> {
        self.template
    }

    /// Whether it goes out from the escalated sender.
    pub fn escalated_sender(&self) -> bool {
        self.escalated_sender
    }
}

/// A validated, ordered list of steps: a cadence, or the copy of one put on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<StepInput>", into = "Vec<StepInput>")]
pub struct Schedule {
    steps: Vec<Step>,
}

impl Schedule {
    /// Validates every step and the schedule as a whole. Field errors are reported for the first
    /// bad step; then the repeating-step rules, second repeat first, so "step 4: a second
    /// repeating step" is reported as such rather than as "step 2 is not last".
    pub fn new(inputs: &[StepInput]) -> Result<Self, ScheduleError> {
        if inputs.len() > MAX_STEPS_PER_SCHEDULE {
            return Err(ScheduleError::TooManySteps {
                count: inputs.len(),
            });
        }
        let steps = inputs
            .iter()
            .enumerate()
            .map(|(index, input)| validate_step(index + 1, input))
            .collect::<Result<Vec<_>, _>>()?;
        let mut repeating = steps
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s.trigger, Trigger::Repeat { .. }))
            .map(|(index, _)| index + 1);
        if let Some(first) = repeating.next() {
            if let Some(second) = repeating.next() {
                return Err(ScheduleError::SecondRepeat {
                    step: second,
                    first,
                });
            }
            if first == 1 {
                return Err(ScheduleError::RepeatFirst { step: first });
            }
            if first != steps.len() {
                return Err(ScheduleError::RepeatNotLast { step: first });
            }
        }
        Ok(Self { steps })
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The raw form again, for storage and cadence files; `Schedule::new` accepts it unchanged.
    pub fn to_inputs(&self) -> Vec<StepInput> {
        self.steps.iter().map(to_input).collect()
    }
}

impl TryFrom<Vec<StepInput>> for Schedule {
    type Error = ScheduleError;
    fn try_from(inputs: Vec<StepInput>) -> Result<Self, Self::Error> {
        Self::new(&inputs)
    }
}

impl From<Schedule> for Vec<StepInput> {
    fn from(schedule: Schedule) -> Self {
        schedule.to_inputs()
    }
}

fn validate_step(step: usize, input: &StepInput) -> Result<Step, ScheduleError> {
    let trigger = validate_trigger(step, &input.trigger)?;
    if !(0..=MAX_HOUR).contains(&input.hour) {
        return Err(ScheduleError::Hour {
            step,
            hour: input.hour,
        });
    }
    if input.channels.is_empty() {
        return Err(ScheduleError::NoChannel { step });
    }
    for (index, channel) in input.channels.iter().enumerate() {
        if input.channels[..index].contains(channel) {
            return Err(ScheduleError::DuplicateChannel {
                step,
                channel: *channel,
            });
        }
    }
    // A blank role in a file or form means "no role", not a role nobody can hold.
    let contact_role = input
        .contact_role
        .as_deref()
        .map(str::trim)
        .filter(|role| !role.is_empty())
        .map(str::to_owned);
    Ok(Step {
        trigger,
        hour: u8::try_from(input.hour).expect("checked against 0..=23"),
        channels: input.channels.clone(),
        contact_role,
        template: check_template(step, input.template.as_deref())?,
        escalated_sender: input.escalated_sender,
    })
}

/// A blank template means "automatic"; anything else must be one of the five built-in keys (the
/// owner edits those five in place, so there are no other keys to name).
fn check_template(step: usize, key: Option<&str>) -> Result<Option<TemplateKind>, ScheduleError> {
    let Some(key) = key.map(str::trim).filter(|key| !key.is_empty()) else {
        return Ok(None);
    };
    TemplateKind::parse(key)
        .map(Some)
        .ok_or_else(|| ScheduleError::UnknownTemplate {
            step,
            key: key.to_owned(),
            known: TemplateKind::ALL.map(TemplateKind::as_str).join(", "),
        })
}

fn validate_trigger(step: usize, input: &TriggerInput) -> Result<Trigger, ScheduleError> {
    Ok(match input {
        TriggerInput::WhenIssued => Trigger::WhenIssued,
        TriggerInput::AfterIssue { days } => Trigger::AfterIssue {
            days: validate_days(step, *days)?,
        },
        TriggerInput::BeforeDue { days } => Trigger::BeforeDue {
            days: validate_days(step, *days)?,
        },
        TriggerInput::AfterDue { days } => Trigger::AfterDue {
            days: validate_days(step, *days)?,
        },
        TriggerInput::OnDate { date } => Trigger::OnDate {
            date: parse_date(date).ok_or_else(|| ScheduleError::Date {
                step,
                date: date.clone(),
            })?,
        },
        TriggerInput::Repeat { every_days, times } => {
            if !(MIN_REPEAT_EVERY_DAYS..=MAX_DAYS).contains(every_days) {
                return Err(ScheduleError::RepeatEvery {
                    step,
                    every_days: *every_days,
                });
            }
            if !(MIN_REPEAT_TIMES..=MAX_REPEAT_TIMES).contains(times) {
                return Err(ScheduleError::RepeatTimes {
                    step,
                    times: *times,
                });
            }
            Trigger::Repeat {
                every_days: u16::try_from(*every_days).expect("checked against 1..=3650"),
                times: u8::try_from(*times).expect("checked against 1..=10"),
            }
        }
    })
}

fn validate_days(step: usize, days: i64) -> Result<u16, ScheduleError> {
    if days < 0 {
        return Err(ScheduleError::NegativeDays { step, days });
    }
    if days > MAX_DAYS {
        return Err(ScheduleError::TooManyDays { step, days });
    }
    Ok(u16::try_from(days).expect("checked against 0..=3650"))
}

/// Only the ISO form `YYYY-MM-DD`: chrono alone would also take `2026-2-3` or `+2026-02-03`,
/// which a cadence file should not silently reinterpret.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn to_input(step: &Step) -> StepInput {
    let trigger = match step.trigger {
        Trigger::WhenIssued => TriggerInput::WhenIssued,
        Trigger::AfterIssue { days } => TriggerInput::AfterIssue { days: days.into() },
        Trigger::BeforeDue { days } => TriggerInput::BeforeDue { days: days.into() },
        Trigger::AfterDue { days } => TriggerInput::AfterDue { days: days.into() },
        Trigger::OnDate { date } => TriggerInput::OnDate {
            date: date.format("%Y-%m-%d").to_string(),
        },
        Trigger::Repeat { every_days, times } => TriggerInput::Repeat {
            every_days: every_days.into(),
            times: times.into(),
        },
    };
    StepInput {
        trigger,
        hour: step.hour.into(),
        channels: step.channels.clone(),
        contact_role: step.contact_role.clone(),
        template: step.template.map(|kind| kind.as_str().to_owned()),
        escalated_sender: step.escalated_sender,
    }
}

#[cfg(test)]
mod tests;
