//! Why a schedule was refused: one error per broken rule, each naming the step (counted from 1, as
//! the owner sees them) and the field, with the limit that applies, so a cadence editor or a
//! cadence file import can point at the exact place to fix.

use thiserror::Error;

use super::limits::{
    MAX_CADENCES_PER_ORGANISATION, MAX_DAYS, MAX_HOUR, MAX_REPEAT_TIMES, MAX_STEPS_PER_SCHEDULE,
    MIN_REPEAT_EVERY_DAYS, MIN_REPEAT_TIMES,
};
use super::step::Channel;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    #[error(
        "a schedule can have at most {max} steps (this one has {count}): remove some steps",
        max = MAX_STEPS_PER_SCHEDULE
    )]
    TooManySteps { count: usize },
    #[error(
        "an organisation can have at most {max} cadences (it has {existing}): delete one first",
        max = MAX_CADENCES_PER_ORGANISATION
    )]
    TooManyCadences { existing: usize },
    #[error("step {step}: hour {hour} is not an hour of the day (0–{max})", max = MAX_HOUR)]
    Hour { step: usize, hour: i64 },
    #[error("step {step}: days must be 0 or more (got {days})")]
    NegativeDays { step: usize, days: i64 },
    #[error("step {step}: days must be at most {max} (got {days})", max = MAX_DAYS)]
    TooManyDays { step: usize, days: i64 },
    #[error("step {step}: date '{date}' is not a calendar date (write it as YYYY-MM-DD)")]
    Date { step: usize, date: String },
    #[error("step {step}: channels must list at least one of email, sms or letter")]
    NoChannel { step: usize },
    #[error("step {step}: channel {channel} is listed twice")]
    DuplicateChannel { step: usize, channel: Channel },
    #[error(
        "step {step}: repeat every {every_days} days is out of range ({min}–{max})",
        min = MIN_REPEAT_EVERY_DAYS,
        max = MAX_DAYS
    )]
    RepeatEvery { step: usize, every_days: i64 },
    #[error(
        "step {step}: repeat {times} times is out of range ({min}–{max})",
        min = MIN_REPEAT_TIMES,
        max = MAX_REPEAT_TIMES
    )]
    RepeatTimes { step: usize, times: i64 },
    #[error("step {step}: a second repeating step (step {first} already repeats)")]
    SecondRepeat { step: usize, first: usize },
    #[error("step {step}: a repeating step repeats the step before it, so it cannot come first")]
    RepeatFirst { step: usize },
    #[error("step {step}: only the last step can repeat")]
    RepeatNotLast { step: usize },
    #[error(
        "step {step}: a customer schedule counts days overdue, so its steps must be after_due or \
         repeat (this one is {trigger})"
    )]
    CustomerTrigger { step: usize, trigger: &'static str },
    #[error(
        "step {step}: template '{key}' is not a template (use one of {known}, or leave it out to \
         choose by the invoice's status when it sends)"
    )]
    UnknownTemplate {
        step: usize,
        key: String,
        known: String,
    },
}

impl ScheduleError {
    /// The step at fault, counted from 1; `None` for errors about the whole schedule.
    pub fn step(&self) -> Option<usize> {
        match self {
            Self::TooManySteps { .. } | Self::TooManyCadences { .. } => None,
            Self::Hour { step, .. }
            | Self::NegativeDays { step, .. }
            | Self::TooManyDays { step, .. }
            | Self::Date { step, .. }
            | Self::NoChannel { step }
            | Self::DuplicateChannel { step, .. }
            | Self::RepeatEvery { step, .. }
            | Self::RepeatTimes { step, .. }
            | Self::SecondRepeat { step, .. }
            | Self::RepeatFirst { step }
            | Self::RepeatNotLast { step }
            | Self::CustomerTrigger { step, .. }
            | Self::UnknownTemplate { step, .. } => Some(*step),
        }
    }

    /// The field at fault, as named in the stored and file form of a step ([`super::StepInput`]),
    /// so an editor can highlight it.
    pub fn field(&self) -> &'static str {
        match self {
            Self::TooManySteps { .. } => "steps",
            Self::TooManyCadences { .. } => "cadences",
            Self::Hour { .. } => "hour",
            Self::NegativeDays { .. } | Self::TooManyDays { .. } => "days",
            Self::Date { .. } => "date",
            Self::NoChannel { .. } | Self::DuplicateChannel { .. } => "channels",
            Self::RepeatEvery { .. } => "every_days",
            Self::RepeatTimes { .. } => "times",
            Self::SecondRepeat { .. }
            | Self::RepeatFirst { .. }
            | Self::RepeatNotLast { .. }
            | Self::CustomerTrigger { .. } => "trigger",
            Self::UnknownTemplate { .. } => "template",
        }
    }
}
