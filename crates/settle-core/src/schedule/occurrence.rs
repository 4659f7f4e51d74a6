//! Occurrences: one planned send of one step on one channel, with the state it is in, the history
//! the planner reads back ([`PastSend`]), and the stable key the outbox stores each send under
//! (safety invariant 2: one outbox row per key, so nothing is sent twice).

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::statement::StatementMonth;
use super::step::Channel;

/// Where an occurrence stands. Planning produces `Scheduled`, `Due`, `Skipped` and `Cancelled`;
/// the others come from the outbox through [`PastSend`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OccurrenceState {
    /// Its time is still to come.
    Scheduled,
    /// Its time has come and nothing has been done with it yet.
    Due,
    AwaitingApproval,
    Sent,
    Failed {
        reason: String,
    },
    Skipped {
        reason: String,
    },
    Cancelled {
        reason: String,
    },
    /// The send may or may not have gone out (crash or timeout mid-send); never re-sent by itself.
    InDoubt,
}

impl OccurrenceState {
    /// Still to be acted on by the planner's output: `Scheduled` or `Due`.
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Scheduled | Self::Due)
    }

    /// Whether it uses up the invoice's one send per channel that day. A failed or in-doubt send
    /// counts: re-attempting it must not make two that day.
    pub fn takes_the_day(&self) -> bool {
        !matches!(self, Self::Skipped { .. } | Self::Cancelled { .. })
    }

    /// The why of a failed, skipped or cancelled occurrence.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Failed { reason } | Self::Skipped { reason } | Self::Cancelled { reason } => {
                Some(reason)
            }
            _ => None,
        }
    }
}

/// Which send of which step on which channel: unique within one invoice's (or one customer
/// loop's) schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OccurrenceId {
    /// Position of the step in its schedule, from 0.
    pub step: usize,
    /// 1 for a normal step; 1..=N for the sends of a repeating step.
    pub occurrence: u32,
    pub channel: Channel,
}

/// One planned send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// Position of the step in its schedule, from 0.
    pub step: usize,
    pub occurrence: u32,
    pub channel: Channel,
    /// When it sends (or, for one taken from history, when that happened).
    pub at: DateTime<Utc>,
    /// `at` on the organisation's wall clock.
    pub local: NaiveDateTime,
    pub state: OccurrenceState,
}

impl Occurrence {
    pub fn id(&self) -> OccurrenceId {
        OccurrenceId {
            step: self.step,
            occurrence: self.occurrence,
            channel: self.channel,
        }
    }
}

/// What the outbox says became of an occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    AwaitingApproval,
    Sent,
    Failed { reason: String },
    Skipped { reason: String },
    Cancelled { reason: String },
    InDoubt,
}

impl Outcome {
    /// See [`OccurrenceState::takes_the_day`].
    pub fn takes_the_day(&self) -> bool {
        !matches!(self, Self::Skipped { .. } | Self::Cancelled { .. })
    }
}

impl From<Outcome> for OccurrenceState {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::AwaitingApproval => Self::AwaitingApproval,
            Outcome::Sent => Self::Sent,
            Outcome::Failed { reason } => Self::Failed { reason },
            Outcome::Skipped { reason } => Self::Skipped { reason },
            Outcome::Cancelled { reason } => Self::Cancelled { reason },
            Outcome::InDoubt => Self::InDoubt,
        }
    }
}

/// One outbox item for this invoice (or customer loop), as the planner needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastSend {
    pub id: OccurrenceId,
    /// When it was sent or attempted, or for one awaiting approval, when it was planned for.
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
}

impl PastSend {
    /// The occurrence as the outbox left it. One still awaiting approval is shown cancelled when
    /// chasing has stopped (`stop` says why), so the engine withdraws it instead of asking the
    /// owner to approve a reminder for a paid invoice.
    pub(super) fn to_occurrence(&self, tz: Tz, stop: Option<&str>) -> Occurrence {
        let state = match (&self.outcome, stop) {
            (Outcome::AwaitingApproval, Some(reason)) => OccurrenceState::Cancelled {
                reason: reason.to_owned(),
            },
            (outcome, _) => outcome.clone().into(),
        };
        Occurrence {
            step: self.id.step,
            occurrence: self.id.occurrence,
            channel: self.id.channel,
            at: self.at,
            local: self.at.with_timezone(&tz).naive_local(),
            state,
        }
    }
}

/// Puts occurrences in time order; ties (several channels of one step) by step, send and channel,
/// so the order never depends on how they were produced.
pub(super) fn sort_in_time_order(occurrences: &mut [Occurrence]) {
    occurrences.sort_unstable_by_key(|o| (o.at, o.id()));
}

/// What a reminder is about: an invoice, one loop of a customer-level schedule (named by the
/// invoice that started the loop, so a loop that starts again after the balance was cleared gets
/// new keys and its reminders are sent again), or one month's statement of a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Invoice(i64),
    Customer {
        customer: i64,
        loop_anchor: i64,
    },
    /// A monthly statement has no steps: its key is the month, so there is at most one per
    /// customer, month and channel (whatever the day or hour, however often it is changed).
    Statement {
        customer: i64,
        month: StatementMonth,
    },
}

/// The stable, unique key of one send, e.g. `invoice:42:step:0:1:email`,
/// `customer:7:loop:42:step:2:3:sms` or `customer:7:statement:2026-12:letter`. The step is its
/// position from 0; a statement's key has no step (its `step` and `occurrence` are ignored, and
/// [`parse_occurrence_key`] reads them back as 0 and 1).
pub fn occurrence_key(subject: Subject, step: usize, occurrence: u32, channel: Channel) -> String {
    match subject {
        Subject::Invoice(id) => format!("invoice:{id}:step:{step}:{occurrence}:{channel}"),
        Subject::Customer {
            customer,
            loop_anchor,
        } => format!("customer:{customer}:loop:{loop_anchor}:step:{step}:{occurrence}:{channel}"),
        Subject::Statement { customer, month } => {
            format!("customer:{customer}:statement:{month}:{channel}")
        }
    }
}

/// The key of `customer`'s statement for `month` on `channel`.
pub fn statement_key(customer: i64, month: StatementMonth, channel: Channel) -> String {
    occurrence_key(Subject::Statement { customer, month }, 0, 1, channel)
}

/// Reads a key made by [`occurrence_key`] back; `None` for anything else.
pub fn parse_occurrence_key(key: &str) -> Option<(Subject, OccurrenceId)> {
    let parts: Vec<&str> = key.split(':').collect();
    let (subject, rest) = match parts.as_slice() {
        ["invoice", id, "step", rest @ ..] => (Subject::Invoice(id.parse().ok()?), rest),
        ["customer", customer, "loop", anchor, "step", rest @ ..] => (
            Subject::Customer {
                customer: customer.parse().ok()?,
                loop_anchor: anchor.parse().ok()?,
            },
            rest,
        ),
        ["customer", customer, "statement", month, channel] => {
            let subject = Subject::Statement {
                customer: customer.parse().ok()?,
                month: StatementMonth::parse(month)?,
            };
            let id = OccurrenceId {
                step: 0,
                occurrence: 1,
                channel: Channel::parse(channel)?,
            };
            return Some((subject, id));
        }
        _ => return None,
    };
    let [step, occurrence, channel] = rest else {
        return None;
    };
    let id = OccurrenceId {
        step: step.parse().ok()?,
        occurrence: occurrence.parse().ok()?,
        channel: Channel::parse(channel)?,
    };
    Some((subject, id))
}

#[cfg(test)]
mod tests;
