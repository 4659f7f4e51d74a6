//! Customer-level schedules: steps keyed to how many days the customer's oldest overdue invoice
//! is past due, each sending one message that lists all of the customer's open invoices
//! (CHASING.md, "Customer chasing and statements").
//!
//! The loop:
//! - It starts when the customer has an open invoice on or past its due date and no loop is
//!   running: the oldest such invoice (earliest due date, then lowest id) becomes the loop's
//!   *anchor*, and every step counts its days from the anchor's due date (`after_due` 0 is the due
//!   date itself; a `repeat` step follows the step before it, as on invoices).
//! - It keeps its anchor while the customer owes anything, even after the anchor invoice is
//!   paid, so paying the oldest invoice alone does not restart the reminders from the top.
//! - It stops when the balance is cleared (no open invoice left): its remaining sends are
//!   cancelled and the returned anchor is `None`. The next invoice that falls due starts a new
//!   loop, with new outbox keys (see [`Subject::Customer`]).
//!
//! The engine stores the anchor this returns and passes it back next time; a balance that was
//! cleared and owed again between two runs of the engine, unseen, does not restart the loop.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::daily_limit::DailyLimit;
use super::error::ScheduleError;
use super::local_time::local_send_time;
use super::occurrence::{
    sort_in_time_order, Occurrence, OccurrenceId, OccurrenceState, PastSend, Subject,
};
use super::plan::BACKDATED;
use super::slot::{for_each_slot, Anchors};
use super::step::{Schedule, StepInput, Trigger};
use crate::organisation::local_today;

/// A schedule whose steps are all `after_due` (days overdue) or `repeat`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<StepInput>", into = "Vec<StepInput>")]
pub struct CustomerSchedule(Schedule);

impl CustomerSchedule {
    pub fn new(inputs: &[StepInput]) -> Result<Self, ScheduleError> {
        let schedule = Schedule::new(inputs)?;
        for (index, step) in schedule.steps().iter().enumerate() {
            let trigger = step.trigger();
            if !matches!(trigger, Trigger::AfterDue { .. } | Trigger::Repeat { .. }) {
                return Err(ScheduleError::CustomerTrigger {
                    step: index + 1,
                    trigger: trigger.name(),
                });
            }
        }
        Ok(Self(schedule))
    }

    pub fn schedule(&self) -> &Schedule {
        &self.0
    }
}

impl TryFrom<Vec<StepInput>> for CustomerSchedule {
    type Error = ScheduleError;
    fn try_from(inputs: Vec<StepInput>) -> Result<Self, Self::Error> {
        Self::new(&inputs)
    }
}

impl From<CustomerSchedule> for Vec<StepInput> {
    fn from(schedule: CustomerSchedule) -> Self {
        schedule.0.to_inputs()
    }
}

/// One of the customer's open invoices (issued, with an amount due).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerInvoice {
    pub id: i64,
    pub due_date: NaiveDate,
    /// An invoice with chasing off (say, a disputed one) is neither listed nor an anchor.
    pub chasing_enabled: bool,
}

/// The invoice that started the running loop, and its due date then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoopAnchor {
    pub invoice: i64,
    pub due_date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPlanInput {
    pub customer: i64,
    pub chasing_enabled: bool,
    /// Every open invoice of the customer, in any order.
    pub open_invoices: Vec<CustomerInvoice>,
    /// The anchor the previous plan returned.
    pub anchor: Option<LoopAnchor>,
    /// When the customer schedule was applied: earlier sends are backdated.
    pub applied_at: DateTime<Utc>,
}

/// One customer message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOccurrence {
    pub occurrence: Occurrence,
    /// The invoices a message sent now would list: the customer's chased open invoices, oldest
    /// due first.
    pub invoices: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerPlan {
    /// The anchor to store for the next plan; `None` when no loop is running.
    pub anchor: Option<LoopAnchor>,
    /// The running loop's sends (or, right after the balance is cleared, the ended loop's), in
    /// time order. `history` must hold that loop's outbox items only.
    pub occurrences: Vec<CustomerOccurrence>,
}

/// The outbox subject of the loop anchored on `anchor`.
pub fn customer_subject(customer: i64, anchor: LoopAnchor) -> Subject {
    Subject::Customer {
        customer,
        loop_anchor: anchor.invoice,
    }
}

/// Plans the customer's loop, as described in the module documentation.
pub fn customer_schedule(
    input: &CustomerPlanInput,
    schedule: &CustomerSchedule,
    tz: Tz,
    history: &[PastSend],
    now: DateTime<Utc>,
) -> CustomerPlan {
    let today = local_today(tz, now);
    let mut chased: Vec<&CustomerInvoice> = input
        .open_invoices
        .iter()
        .filter(|invoice| invoice.chasing_enabled)
        .collect();
    chased.sort_unstable_by_key(|invoice| (invoice.due_date, invoice.id));
    let cleared = input.open_invoices.is_empty();
    let anchor = if cleared {
        None
    } else {
        input.anchor.or_else(|| {
            chased
                .first()
                .filter(|oldest| oldest.due_date <= today)
                .map(|oldest| LoopAnchor {
                    invoice: oldest.id,
                    due_date: oldest.due_date,
                })
        })
    };
    // Right after clearing, the ended loop is still shown, so its cancelled sends are visible.
    let Some(shown) = anchor.or(input.anchor) else {
        return CustomerPlan::default();
    };
    let stop = if cleared {
        Some("the customer's balance was cleared")
    } else if !input.chasing_enabled {
        Some("chasing is off for this customer")
    } else if chased.is_empty() {
        Some("chasing is off for all of this customer's open invoices")
    } else {
        None
    };
    let mut plan = Vec::new();
    let anchors = Anchors {
        issue: shown.due_date,
        due: shown.due_date,
    };
    for_each_slot(schedule.schedule(), anchors, |slot, step| {
        let (at, local) = local_send_time(tz, slot.date, step.hour());
        for &channel in step.channels() {
            let id = OccurrenceId {
                step: slot.step,
                occurrence: slot.occurrence,
                channel,
            };
            if let Some(past) = history.iter().find(|past| past.id == id) {
                plan.push(past.to_occurrence(tz, stop));
                continue;
            }
            let state = if at < input.applied_at {
                OccurrenceState::Skipped {
                    reason: BACKDATED.to_owned(),
                }
            } else if let Some(reason) = stop {
                OccurrenceState::Cancelled {
                    reason: reason.to_owned(),
                }
            } else if at <= now {
                OccurrenceState::Due
            } else {
                OccurrenceState::Scheduled
            };
            plan.push(Occurrence {
                step: slot.step,
                occurrence: slot.occurrence,
                channel,
                at,
                local,
                state,
            });
        }
    });
    sort_in_time_order(&mut plan);
    DailyLimit::from_history(tz, history).apply(&mut plan, "customer");
    let invoices: Vec<i64> = chased.iter().map(|invoice| invoice.id).collect();
    CustomerPlan {
        anchor,
        occurrences: plan
            .into_iter()
            .map(|occurrence| CustomerOccurrence {
                occurrence,
                invoices: invoices.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
