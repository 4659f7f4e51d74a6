//! The limits of chasing schedules and cadences, kept in one place so every check, every error
//! message and the documentation agree on the same numbers.
//!
//! The remaining limit of CHASING.md, "each invoice is sent at most once per channel per day", is
//! a planning rule rather than an input check: see [`super::daily_limit`].

use super::error::ScheduleError;

/// Steps in one schedule (a cadence, or the copy of it put on an invoice or customer).
pub const MAX_STEPS_PER_SCHEDULE: usize = 50;

/// Named cadences one organisation can keep.
pub const MAX_CADENCES_PER_ORGANISATION: usize = 100;

/// Repeating steps in one schedule; it must also be the last step.
pub const MAX_REPEATING_STEPS: usize = 1;

/// How many times a repeating step may send.
pub const MIN_REPEAT_TIMES: i64 = 1;
pub const MAX_REPEAT_TIMES: i64 = 10;

/// The latest hour of the day a step can send at (hours run 0–23 in the organisation's zone).
pub const MAX_HOUR: i64 = 23;

/// The longest offset a trigger can count, in days: ten years is far beyond any credit term and
/// keeps every computed date well inside the calendar's range.
pub const MAX_DAYS: i64 = 3650;

/// The shortest repeat interval: every 0 days would put every repeat on the same day, where the
/// once-per-channel-per-day rule would skip all but one.
pub const MIN_REPEAT_EVERY_DAYS: i64 = 1;

/// The days of the month a monthly statement can be set to; later days are not in every month,
/// so the month's last day is chosen as `last` instead.
pub const MIN_STATEMENT_DAY: i64 = 1;
pub const MAX_STATEMENT_DAY: i64 = 28;

/// Refuses to add a cadence to an organisation that already has `existing` of them.
pub fn ensure_room_for_cadence(existing: usize) -> Result<(), ScheduleError> {
    if existing >= MAX_CADENCES_PER_ORGANISATION {
        Err(ScheduleError::TooManyCadences { existing })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hundred_and_first_cadence_is_refused_with_the_limit_in_the_message() {
        // 99 existing leaves room for the 100th; 100 existing is the limit.
        assert!(ensure_room_for_cadence(99).is_ok());
        let err = ensure_room_for_cadence(100).unwrap_err();
        assert!(err.to_string().contains("100 cadences"), "{err}");
    }
}
