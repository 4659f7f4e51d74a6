//! Table tests of send instants across the 2026 clock changes of five zones.

use chrono_tz::America::New_York;
use chrono_tz::Australia::{Lord_Howe, Sydney};
use chrono_tz::Europe::London;
use chrono_tz::Pacific::Auckland;

use chrono::Datelike;

use super::*;
use crate::schedule::fixtures::{date, utc};

/// (zone, local date, hour, expected UTC instant, expected wall clock, why). Every expected value
/// comes from the zone's 2026 rules and is checked here against chrono-tz's copy of the tz
/// database.
#[test]
fn send_instants_across_clock_changes() {
    #[rustfmt::skip]
    let cases: &[(Tz, &str, u8, &str, &str, &str)] = &[
        // Europe/London: GMT (+0) → BST (+1) at 01:00 GMT on 29 March; back at 02:00 BST on 25 Oct.
        (London, "2026-03-29", 0, "2026-03-29 00:00", "00:00", "before the change: GMT"),
        (London, "2026-03-29", 1, "2026-03-29 01:00", "02:00", "01:00 does not exist: sends at the change, 02:00 BST"),
        (London, "2026-03-29", 2, "2026-03-29 01:00", "02:00", "02:00 BST is the same instant as the skipped hour's send"),
        (London, "2026-03-29", 9, "2026-03-29 08:00", "09:00", "after the change: BST"),
        (London, "2026-10-25", 0, "2026-10-24 23:00", "00:00", "still BST"),
        (London, "2026-10-25", 1, "2026-10-25 00:00", "01:00", "01:00 happens twice: the first, BST"),
        (London, "2026-10-25", 2, "2026-10-25 02:00", "02:00", "after the change: GMT"),
        // America/New_York: EST (−5) → EDT (−4) at 02:00 on 8 March; back at 02:00 EDT on 1 Nov.
        (New_York, "2026-03-08", 1, "2026-03-08 06:00", "01:00", "before the change: EST"),
        (New_York, "2026-03-08", 2, "2026-03-08 07:00", "03:00", "02:00 does not exist: sends at 03:00 EDT"),
        (New_York, "2026-03-08", 3, "2026-03-08 07:00", "03:00", "after the change: EDT"),
        (New_York, "2026-11-01", 0, "2026-11-01 04:00", "00:00", "still EDT"),
        (New_York, "2026-11-01", 1, "2026-11-01 05:00", "01:00", "01:00 happens twice: the first, EDT"),
        (New_York, "2026-11-01", 2, "2026-11-01 07:00", "02:00", "after the change: EST"),
        // Australia/Sydney: AEDT (+11) → AEST (+10) at 03:00 on 5 April; forward at 02:00 on 4 Oct.
        (Sydney, "2026-04-05", 1, "2026-04-04 14:00", "01:00", "still AEDT"),
        (Sydney, "2026-04-05", 2, "2026-04-04 15:00", "02:00", "02:00 happens twice: the first, AEDT"),
        (Sydney, "2026-04-05", 3, "2026-04-04 17:00", "03:00", "after the change: AEST"),
        (Sydney, "2026-10-04", 1, "2026-10-03 15:00", "01:00", "before the change: AEST"),
        (Sydney, "2026-10-04", 2, "2026-10-03 16:00", "03:00", "02:00 does not exist: sends at 03:00 AEDT"),
        (Sydney, "2026-10-04", 3, "2026-10-03 16:00", "03:00", "after the change: AEDT"),
        // Pacific/Auckland: NZDT (+13) → NZST (+12) at 03:00 on 5 April; forward at 02:00 on 27 Sep.
        (Auckland, "2026-04-05", 1, "2026-04-04 12:00", "01:00", "still NZDT"),
        (Auckland, "2026-04-05", 2, "2026-04-04 13:00", "02:00", "02:00 happens twice: the first, NZDT"),
        (Auckland, "2026-04-05", 3, "2026-04-04 15:00", "03:00", "after the change: NZST"),
        (Auckland, "2026-09-27", 1, "2026-09-26 13:00", "01:00", "before the change: NZST"),
        (Auckland, "2026-09-27", 2, "2026-09-26 14:00", "03:00", "02:00 does not exist: sends at 03:00 NZDT"),
        (Auckland, "2026-09-27", 3, "2026-09-26 14:00", "03:00", "after the change: NZDT"),
        // Australia/Lord_Howe moves by 30 minutes: +11 → +10:30 at 02:00 on 5 April (01:30–02:00
        // repeats, so no whole hour happens twice); +10:30 → +11 at 02:00 on 4 October.
        (Lord_Howe, "2026-04-05", 1, "2026-04-04 14:00", "01:00", "01:00 is before the repeated half hour: once, at +11"),
        (Lord_Howe, "2026-04-05", 2, "2026-04-04 15:30", "02:00", "02:00 comes once, after the repeat, at +10:30"),
        (Lord_Howe, "2026-10-04", 1, "2026-10-03 14:30", "01:00", "before the change: +10:30"),
        (Lord_Howe, "2026-10-04", 2, "2026-10-03 15:30", "02:30", "02:00 does not exist: sends at the change, 02:30"),
        (Lord_Howe, "2026-10-04", 3, "2026-10-03 16:00", "03:00", "after the change: +11"),
    ];
    for &(tz, day, hour, expected_utc, expected_wall, why) in cases {
        let (at, wall) = local_send_time(tz, date(day), hour);
        assert_eq!(at, utc(expected_utc), "{tz} {day} {hour}:00 — {why}");
        assert_eq!(
            send_instant(tz, date(day), hour),
            at,
            "{tz} {day} {hour}:00"
        );
        assert_eq!(
            wall.format("%H:%M").to_string(),
            expected_wall,
            "{tz} {day} {hour}:00 — {why}"
        );
        // The wall clock shown is what the zone really reads at that instant.
        assert_eq!(
            at.with_timezone(&tz).naive_local(),
            wall,
            "{tz} {day} {hour}:00"
        );
    }
}

#[test]
fn every_hour_of_every_day_of_2026_maps_to_an_instant_at_or_after_its_wall_time() {
    // Across a whole year in each zone: the instant reads as the asked hour, or — in a gap —
    // later the same day; and hours never go backwards.
    for tz in [London, New_York, Sydney, Auckland, Lord_Howe] {
        let mut day = date("2026-01-01");
        while day.year() == 2026 {
            let mut last = None;
            for hour in 0..24u8 {
                let (at, wall) = local_send_time(tz, day, hour);
                let asked = day.and_hms_opt(hour.into(), 0, 0).unwrap();
                assert!(wall >= asked && wall.date() == day, "{tz} {day} {hour}");
                assert!(last.is_none_or(|l| at >= l), "{tz} {day} {hour}");
                last = Some(at);
            }
            day = day.succ_opt().unwrap();
        }
    }
}

#[test]
fn hours_past_23_are_read_as_23() {
    assert_eq!(
        send_instant(London, date("2026-01-05"), 30),
        utc("2026-01-05 23:00")
    );
}
