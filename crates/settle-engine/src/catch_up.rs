//! The downtime catch-up rule (docs/decisions/0008-downtime-catch-up.md): which due occurrences
//! fell due while Settle was not running, and so wait for the owner instead of joining the
//! approvals queue.
//!
//! An occurrence is **missed** when both hold:
//! - it fell due after the later of the engine's last planning run (the heartbeat) and the
//!   moment its schedule was applied — nothing was planning when its time came;
//! - its scheduled hour is over at the planning instant (`at + 1 h ≤ planning instant`): sending
//!   it now would be outside its hour (safety invariant 3), which only the owner may allow.
//!
//! A "send when issued" step planned late on a newly applied schedule is not missed: its time
//! is before the schedule was applied, so Settle was not expected to send it then.

use chrono::{DateTime, Duration, Utc};

/// How long after its time an occurrence still counts as sent on time: the rest of its hour.
pub fn on_time_for() -> Duration {
    Duration::hours(1)
}

/// Whether an occurrence due at `due_at` on a schedule applied at `applied_at` was missed, seen
/// from a planning run at `planning_at` whose previous run was at `last_planned_at`.
pub fn is_missed(
    due_at: DateTime<Utc>,
    applied_at: DateTime<Utc>,
    last_planned_at: Option<DateTime<Utc>>,
    planning_at: DateTime<Utc>,
) -> bool {
    let watched_since = last_planned_at.map_or(applied_at, |beat| beat.max(applied_at));
    due_at > watched_since && planning_at - due_at >= on_time_for()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> DateTime<Utc> {
        format!("{text}:00Z").parse().unwrap()
    }

    #[test]
    fn the_rule_in_a_table() {
        let applied = t("2026-01-01T00:00");
        // due, last planned, planning at, missed?
        let cases = [
            // Planned every few minutes: a 09:00 send is picked up at 09:03, on time.
            (
                "2026-01-05T09:00",
                Some("2026-01-05T08:58"),
                "2026-01-05T09:03",
                false,
            ),
            // Off from 18:00 to the next morning at 10:00: the 09:00 send was missed.
            (
                "2026-01-05T09:00",
                Some("2026-01-04T18:00"),
                "2026-01-05T10:00",
                true,
            ),
            // Back at 09:40: still within its hour, so it goes to approval as usual.
            (
                "2026-01-05T09:00",
                Some("2026-01-04T18:00"),
                "2026-01-05T09:40",
                false,
            ),
            // Exactly one hour late: the hour is over.
            (
                "2026-01-05T09:00",
                Some("2026-01-04T18:00"),
                "2026-01-05T10:00",
                true,
            ),
            // Due before the last run yet never planned (a late-arriving when-issued step or
            // a changed due date): the engine was running, so not missed.
            (
                "2026-01-04T09:00",
                Some("2026-01-04T18:00"),
                "2026-01-05T10:00",
                false,
            ),
            // Never planned: watched since the schedule was applied.
            ("2026-01-03T09:00", None, "2026-01-05T10:00", true),
        ];
        for (due, last, planning, missed) in cases {
            assert_eq!(
                is_missed(t(due), applied, last.map(t), t(planning)),
                missed,
                "{due} last {last:?} at {planning}"
            );
        }
    }

    #[test]
    fn a_step_from_before_the_schedule_was_applied_is_never_missed() {
        // "Send when issued" on a schedule applied a week after the invoice date.
        let applied = t("2026-01-12T10:00");
        assert!(!is_missed(
            t("2026-01-05T09:00"),
            applied,
            None,
            t("2026-01-20T10:00")
        ));
    }
}
