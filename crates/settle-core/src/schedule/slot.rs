//! Slots: the calendar date each send of each step falls on, before channels, history and the
//! chasing rules are considered. Shared by invoice and customer schedules.

use chrono::{Days, NaiveDate};

use super::step::{Schedule, Step, Trigger};

/// The dates triggers count from. A customer schedule uses the due date of the invoice that
/// started its loop for both.
#[derive(Debug, Clone, Copy)]
pub(super) struct Anchors {
    pub issue: NaiveDate,
    pub due: NaiveDate,
}

/// One send of one step, on one date.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    pub step: usize,
    pub occurrence: u32,
    pub date: NaiveDate,
}

/// Calls `visit` for every slot of `schedule`, in step order. A repeating step's sends count from
/// the previous step's date (not its sent time), so they do not drift with clock changes or late
/// sends.
pub(super) fn for_each_slot(
    schedule: &Schedule,
    anchors: Anchors,
    mut visit: impl FnMut(Slot, &Step),
) {
    let mut previous: Option<NaiveDate> = None;
    for (step_index, step) in schedule.steps().iter().enumerate() {
        let single = |date| {
            Some(Slot {
                step: step_index,
                occurrence: 1,
                date,
            })
        };
        let slot = match step.trigger() {
            Trigger::WhenIssued => single(anchors.issue),
            Trigger::AfterIssue { days } => single(plus(anchors.issue, days.into())),
            Trigger::BeforeDue { days } => single(minus(anchors.due, days.into())),
            Trigger::AfterDue { days } => single(plus(anchors.due, days.into())),
            Trigger::OnDate { date } => single(date),
            Trigger::Repeat { every_days, times } => {
                // Validation keeps a repeating step from coming first; the issue date stands in
                // should an unvalidated schedule ever get here.
                let base = previous.unwrap_or(anchors.issue);
                for n in 1..=u32::from(times) {
                    let slot = Slot {
                        step: step_index,
                        occurrence: n,
                        date: plus(base, u64::from(every_days) * u64::from(n)),
                    };
                    visit(slot, step);
                }
                None
            }
        };
        if let Some(slot) = slot {
            previous = Some(slot.date);
            visit(slot, step);
        }
    }
}

// Offsets are at most 10 × 3650 days, so only a date at the very end of chrono's calendar could
// overflow; saturating keeps the planner total without a panic path.
fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

fn minus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}
