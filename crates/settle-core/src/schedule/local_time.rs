//! Turning "this date at this hour, in the organisation's time zone" into the one UTC instant a
//! reminder is sent, including on the days the clocks change.
//!
//! - An hour that does not exist that day (clocks go forward through it) sends at the first
//!   instant that does exist after it: the moment the clocks change.
//! - An hour that happens twice (clocks go back through it) sends once, at the first of the two.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::limits::MAX_HOUR;

/// The UTC instant a step at `hour` on `date` sends, in zone `tz`. Hours past 23 are read as 23
/// (validated steps never carry them).
pub fn send_instant(tz: Tz, date: NaiveDate, hour: u8) -> DateTime<Utc> {
    local_send_time(tz, date, hour).0
}

/// The send instant and the wall-clock time it shows in `tz` (which differs from `date` at
/// `hour` only when that hour does not exist).
pub fn local_send_time(tz: Tz, date: NaiveDate, hour: u8) -> (DateTime<Utc>, NaiveDateTime) {
    let hour = u32::from(hour).min(MAX_HOUR as u32);
    let wall = date
        .and_hms_opt(hour, 0, 0)
        .expect("hours 0-23 exist on every date");
    if let Some(at) = tz.from_local_datetime(&wall).earliest() {
        return (at.with_timezone(&Utc), wall);
    }
    let at = end_of_gap(tz, wall);
    (at, at.with_timezone(&tz).naive_local())
}

/// The first existing instant after a wall-clock time that falls in a gap. Zone changes happen on
/// whole minutes and gaps last at most a day (Samoa skipped 30 December 2011 whole), so walking
/// forward a minute at a time finds it; this runs only on the rare days a gap is hit.
fn end_of_gap(tz: Tz, wall: NaiveDateTime) -> DateTime<Utc> {
    (1..=48 * 60)
        .find_map(|minutes| {
            tz.from_local_datetime(&(wall + Duration::minutes(minutes)))
                .earliest()
        })
        .map(|at| at.with_timezone(&Utc))
        // No real zone has a gap this long; reading the wall time as UTC still gives an answer.
        .unwrap_or_else(|| wall.and_utc())
}

#[cfg(test)]
mod tests;
