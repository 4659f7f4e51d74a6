//! Monthly statements (CHASING.md, "Customer chasing and statements"): on a chosen day of the
//! month, at a chosen hour in the organisation's time zone, a statement of the customer's open
//! items goes out on each chosen channel. This plans them; the statement document itself is made
//! when it is sent.
//!
//! The rules:
//! - **Day** 1–28, or `last` (the month's last day: 28 or 29 February, 30 or 31 otherwise). Days
//!   29–31 are refused rather than moved, so "the 30th" never silently means 28 February.
//! - **Hour** 0–23 on the organisation's wall clock, with the step rules on clock-change days
//!   ([`super::local_time`]): an hour that does not exist sends when the clocks have changed, an
//!   hour that happens twice sends at the first.
//! - **Channels**: at least one of email, sms and letter, each once.
//! - **One per month and channel.** Each month's statement on each channel has one outbox key
//!   (`customer:C:statement:YYYY-MM:CHANNEL`), whatever the day or hour and however often the
//!   statement is changed: a month already sent is never sent again.
//! - **Never before it was set.** The months start with the one the statement was set in (its
//!   local month); a time in that month already past when it was set is skipped (backdated).
//! - **Only when owed and chased.** At its time, a statement is due if the customer is chased and
//!   has an open balance (any open invoice, including one whose own chasing is off: a statement
//!   is an account of what is owed, not a reminder of one invoice). Otherwise it is cancelled
//!   with the reason, and the engine records that, so a balance that appears later in the month
//!   does not send that month's statement late. One awaiting approval is cancelled when chasing
//!   stops or the balance is cleared.
//! - **No pile-up.** Of the months whose time has passed without an outbox item (Settle was not
//!   running), only the latest is planned (and so held as missed by the engine); the earlier
//!   ones are left out: two statements of the same open items are not sent on wake.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::limits::{MAX_HOUR, MAX_STATEMENT_DAY, MIN_STATEMENT_DAY};
use super::local_time::local_send_time;
use super::occurrence::{Occurrence, OccurrenceState, PastSend};
use super::step::Channel;

/// The day of the month as typed or read from a file: a number (`15`) or the text `"last"`.
/// Wide on purpose, like [`super::StepInput`]: `31` or `"first"` must reach validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(untagged)]
pub enum StatementDayInput {
    Day(#[cfg_attr(feature = "ts", ts(type = "number"))] i64),
    /// `"last"`.
    Text(String),
}

/// A monthly statement as typed or read from a file, before validation:
/// `{"day": 1, "hour": 9, "channels": ["letter", "email"]}` or `{"day": "last", …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StatementInput {
    pub day: StatementDayInput,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub hour: i64,
    pub channels: Vec<Channel>,
}

/// Why a statement was refused; each error names its field (as in [`StatementInput`]).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum StatementError {
    #[error(
        "statement: day {day} is not a day every month has: use {min}–{max}, or last for the \
         month's last day",
        min = MIN_STATEMENT_DAY,
        max = MAX_STATEMENT_DAY
    )]
    Day { day: String },
    #[error("statement: hour {hour} is not an hour of the day (0–{max})", max = MAX_HOUR)]
    Hour { hour: i64 },
    #[error("statement: channels must list at least one of email, sms or letter")]
    NoChannel,
    #[error("statement: channel {channel} is listed twice")]
    DuplicateChannel { channel: Channel },
}

impl StatementError {
    /// The field at fault, as named in [`StatementInput`].
    pub fn field(&self) -> &'static str {
        match self {
            Self::Day { .. } => "day",
            Self::Hour { .. } => "hour",
            Self::NoChannel | Self::DuplicateChannel { .. } => "channels",
        }
    }
}

/// The validated day of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatementDay {
    /// 1–28: a day every month has.
    Day(u8),
    /// The month's last day.
    Last,
}

impl StatementDay {
    /// The date it falls on in `month`.
    pub fn date_in(self, month: StatementMonth) -> NaiveDate {
        match self {
            Self::Day(day) => NaiveDate::from_ymd_opt(month.year, month.month, u32::from(day))
                .expect("days 1-28 exist in every month"),
            Self::Last => month.next().first_day().pred_opt().expect("in range"),
        }
    }
}

impl fmt::Display for StatementDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Day(day) => write!(f, "{day}"),
            Self::Last => f.write_str("last"),
        }
    }
}

/// A validated monthly statement. Fields are private so every one has passed
/// [`Statement::new`]; its stored and file form is [`StatementInput`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "StatementInput", into = "StatementInput")]
pub struct Statement {
    day: StatementDay,
    hour: u8,
    channels: Vec<Channel>,
}

impl Statement {
    /// Validates day, hour and channels, in that order.
    pub fn new(input: &StatementInput) -> Result<Self, StatementError> {
        let day = match &input.day {
            StatementDayInput::Day(day)
                if (MIN_STATEMENT_DAY..=MAX_STATEMENT_DAY).contains(day) =>
            {
                StatementDay::Day(*day as u8)
            }
            StatementDayInput::Day(day) => {
                return Err(StatementError::Day {
                    day: day.to_string(),
                })
            }
            StatementDayInput::Text(text) if text.trim().eq_ignore_ascii_case("last") => {
                StatementDay::Last
            }
            StatementDayInput::Text(text) => match text.trim().parse::<i64>() {
                Ok(day) => {
                    return Self::new(&StatementInput {
                        day: StatementDayInput::Day(day),
                        ..input.clone()
                    })
                }
                Err(_) => {
                    return Err(StatementError::Day {
                        day: format!("'{text}'"),
                    })
                }
            },
        };
        if !(0..=MAX_HOUR).contains(&input.hour) {
            return Err(StatementError::Hour { hour: input.hour });
        }
        if input.channels.is_empty() {
            return Err(StatementError::NoChannel);
        }
        for (index, channel) in input.channels.iter().enumerate() {
            if input.channels[..index].contains(channel) {
                return Err(StatementError::DuplicateChannel { channel: *channel });
            }
        }
        Ok(Self {
            day,
            hour: input.hour as u8,
            channels: input.channels.clone(),
        })
    }

    pub fn day(&self) -> StatementDay {
        self.day
    }

    /// Hour of the day (0–23) in the organisation's time zone.
    pub fn hour(&self) -> u8 {
        self.hour
    }

    /// One or more channels, each listed once, in the order given.
    pub fn channels(&self) -> &[Channel] {
        &self.channels
    }

    pub fn to_input(&self) -> StatementInput {
        StatementInput {
            day: match self.day {
                StatementDay::Day(day) => StatementDayInput::Day(i64::from(day)),
                StatementDay::Last => StatementDayInput::Text("last".to_owned()),
            },
            hour: i64::from(self.hour),
            channels: self.channels.clone(),
        }
    }

    /// When `month`'s statement sends, and the wall-clock time it shows.
    pub fn send_time(
        &self,
        tz: Tz,
        month: StatementMonth,
    ) -> (DateTime<Utc>, chrono::NaiveDateTime) {
        local_send_time(tz, self.day.date_in(month), self.hour)
    }
}

impl TryFrom<StatementInput> for Statement {
    type Error = StatementError;
    fn try_from(input: StatementInput) -> Result<Self, Self::Error> {
        Self::new(&input)
    }
}

impl From<Statement> for StatementInput {
    fn from(statement: Statement) -> Self {
        statement.to_input()
    }
}

/// A calendar month, shown and keyed as `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StatementMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl StatementMonth {
    /// The month `date` is in.
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a valid month")
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Reads `YYYY-MM` (exactly: four-digit year, two-digit month).
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4
            || month.len() != 2
            || !year
                .bytes()
                .chain(month.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let month: u32 = month.parse().ok()?;
        (1..=12).contains(&month).then_some(Self {
            year: year.parse().ok()?,
            month,
        })
    }
}

impl fmt::Display for StatementMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What the planner needs to know about the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementPlanInput {
    /// The customer's chasing switch.
    pub chasing_enabled: bool,
    /// Whether the customer has any open invoice (issued, with an amount due).
    pub open_balance: bool,
    /// When the statement was set (or last changed): earlier times are backdated, earlier months
    /// not planned.
    pub set_at: DateTime<Utc>,
}

/// One outbox item of the customer's statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementPastSend {
    pub month: StatementMonth,
    /// Its `id.step` and `id.occurrence` are 0 and 1.
    pub send: PastSend,
}

/// One month's statement on one channel. Its `occurrence` has step 0 and occurrence 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementOccurrence {
    pub month: StatementMonth,
    pub occurrence: Occurrence,
}

/// Why a statement whose time had passed when it was set is skipped.
pub const STATEMENT_BACKDATED: &str =
    "backdated: this statement's time had passed when the statement was set";

/// Why a statement whose time came is not sent.
pub const STATEMENT_CHASING_OFF: &str = "chasing is off for this customer";
pub const STATEMENT_NOTHING_OWED: &str = "the customer has no open balance";

/// Plans the customer's statements from the month it was set until `until` (at least until
/// `now`), as described in the module documentation, in time order. The outbox items of the
/// statement's channels are always included (a statement already sent or waiting stays what it
/// is, whatever its month); items of channels no longer chosen are left out.
pub fn statement_schedule(
    input: &StatementPlanInput,
    statement: &Statement,
    tz: Tz,
    history: &[StatementPastSend],
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Vec<StatementOccurrence> {
    let stop = if !input.chasing_enabled {
        Some(STATEMENT_CHASING_OFF)
    } else if !input.open_balance {
        Some(STATEMENT_NOTHING_OWED)
    } else {
        None
    };
    let until = until.max(now);
    let first = StatementMonth::of(input.set_at.with_timezone(&tz).date_naive());
    // Months from the one it was set in, while their time is no later than `until`.
    let mut months = Vec::new();
    let mut month = first;
    loop {
        let (at, local) = statement.send_time(tz, month);
        if at > until {
            break;
        }
        months.push((month, at, local));
        month = month.next();
    }
    let latest_passed = months
        .iter()
        .rev()
        .find(|(_, at, _)| *at <= now)
        .map(|(month, _, _)| *month);
    let mut plan = Vec::new();
    for past in history {
        if statement.channels().contains(&past.send.id.channel) {
            plan.push(StatementOccurrence {
                month: past.month,
                occurrence: past.send.to_occurrence(tz, stop),
            });
        }
    }
    for (month, at, local) in months {
        for &channel in statement.channels() {
            if history
                .iter()
                .any(|past| past.month == month && past.send.id.channel == channel)
            {
                continue;
            }
            let state = if at < input.set_at {
                OccurrenceState::Skipped {
                    reason: STATEMENT_BACKDATED.to_owned(),
                }
            } else if at <= now && Some(month) != latest_passed {
                // Passed unseen, and a later month's time has passed too: not sent late.
                continue;
            } else if let Some(reason) = stop {
                OccurrenceState::Cancelled {
                    reason: reason.to_owned(),
                }
            } else if at <= now {
                OccurrenceState::Due
            } else {
                OccurrenceState::Scheduled
            };
            plan.push(StatementOccurrence {
                month,
                occurrence: Occurrence {
                    step: 0,
                    occurrence: 1,
                    channel,
                    at,
                    local,
                    state,
                },
            });
        }
    }
    plan.sort_by_key(|s| (s.occurrence.at, s.month, s.occurrence.channel));
    plan
}

#[cfg(test)]
mod tests;
