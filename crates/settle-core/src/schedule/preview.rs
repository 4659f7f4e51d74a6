//! The preview shown before a cadence or schedule change is saved: what the plan would send over
//! the next days (90 by default), and how that differs from today's plan.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::occurrence::{Occurrence, OccurrenceId, OccurrenceState, PastSend};
use super::plan::{invoice_schedule, InvoicePlanInput};
use super::step::Schedule;

/// How far ahead the preview looks unless told otherwise.
pub const PREVIEW_DAYS: u32 = 90;

/// The occurrences of `plan` from `now` to `days` days later (both ends included), plus any
/// already `Due`: those would go out at once, so they belong in "what it would send".
pub fn within_window(plan: &[Occurrence], now: DateTime<Utc>, days: u32) -> Vec<Occurrence> {
    let end = now + Duration::days(days.into());
    plan.iter()
        .filter(|o| (o.at >= now && o.at <= end) || o.state == OccurrenceState::Due)
        .cloned()
        .collect()
}

/// The preview of one invoice: its plan under `schedule`, cut to the window.
pub fn invoice_preview(
    input: &InvoicePlanInput,
    schedule: &Schedule,
    tz: Tz,
    history: &[PastSend],
    now: DateTime<Utc>,
    days: u32,
) -> Vec<Occurrence> {
    within_window(
        &invoice_schedule(input, schedule, tz, history, now),
        now,
        days,
    )
}

/// One occurrence before and after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub before: Occurrence,
    pub after: Occurrence,
}

/// How one plan differs from another, matched by step, send number and channel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlanDiff {
    /// Only in the new plan.
    pub added: Vec<Occurrence>,
    /// Only in the old plan.
    pub removed: Vec<Occurrence>,
    /// In both, at a different time (its state may have changed too).
    pub moved: Vec<Change>,
    /// In both, at the same time, in a different state.
    pub state_changed: Vec<Change>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.state_changed.is_empty()
    }
}

/// Compares two plans of the same invoice. Each list keeps the time order of the plan it comes
/// from (`removed` of `before`, the others of `after`).
pub fn diff(before: &[Occurrence], after: &[Occurrence]) -> PlanDiff {
    let mut by_id: Vec<(OccurrenceId, &Occurrence)> = before.iter().map(|o| (o.id(), o)).collect();
    by_id.sort_unstable_by_key(|(id, _)| *id);
    let find = |id: OccurrenceId| {
        by_id
            .binary_search_by_key(&id, |(id, _)| *id)
            .ok()
            .map(|i| by_id[i].1)
    };
    let mut result = PlanDiff::default();
    let mut matched = std::collections::HashSet::new();
    for new in after {
        let id = new.id();
        let Some(old) = find(id) else {
            result.added.push(new.clone());
            continue;
        };
        matched.insert(id);
        let change = || Change {
            before: old.clone(),
            after: new.clone(),
        };
        if old.at != new.at {
            result.moved.push(change());
        } else if old.state != new.state {
            result.state_changed.push(change());
        }
    }
    result.removed = before
        .iter()
        .filter(|o| !matched.contains(&o.id()))
        .cloned()
        .collect();
    result
}

#[cfg(test)]
mod tests;
