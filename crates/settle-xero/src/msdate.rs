//! Xero's MS-JSON dates, `/Date(<ms since epoch>[±hhmm])/` (NOTES.md §5): the milliseconds are
//! always the UTC instant and the suffix is the organisation's offset at that instant, so a
//! date-only field (`Date`, `DueDate`, `ExpectedPaymentDate`…) is the calendar day at
//! instant + offset — never converted through the machine's own zone. Negative milliseconds are
//! dates before 1970. Also the If-Modified-Since spelling Settle sends. Owns: parsing and
//! formatting those. Must not: decide which field is a date and which an instant (the DTOs do).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Deserializer};

/// One MS-JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsDate {
    instant: DateTime<Utc>,
    offset: FixedOffset,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an MS-JSON date such as /Date(1539993600000+0000)/")]
pub struct MsDateError(pub String);

impl MsDate {
    /// Parses `^/Date\((-?\d+)([+-]\d{4})?\)/$`.
    pub fn parse(text: &str) -> Result<Self, MsDateError> {
        let bad = || MsDateError(text.to_owned());
        let inner = text
            .trim()
            .strip_prefix("/Date(")
            .and_then(|t| t.strip_suffix(")/"))
            .ok_or_else(bad)?;
        // The offset sign is the first + or - after the leading (optional) minus of the number.
        let split = inner
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '+' || *c == '-')
            .map_or(inner.len(), |(i, _)| i);
        let (millis, suffix) = inner.split_at(split);
        let digits = millis.strip_prefix('-').unwrap_or(millis);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let millis: i64 = millis.parse().map_err(|_| bad())?;
        let instant = DateTime::from_timestamp_millis(millis).ok_or_else(bad)?;
        let offset = if suffix.is_empty() {
            FixedOffset::east_opt(0).ok_or_else(bad)?
        } else {
            parse_offset(suffix).ok_or_else(bad)?
        };
        Ok(Self { instant, offset })
    }

    /// The UTC instant (for timestamps such as UpdatedDateUTC, whatever their suffix says).
    pub fn instant(&self) -> DateTime<Utc> {
        self.instant
    }

    /// The calendar day in the organisation's zone (for date-only fields).
    pub fn date(&self) -> NaiveDate {
        (self.instant.naive_utc() + Duration::seconds(i64::from(self.offset.local_minus_utc())))
            .date()
    }

    pub fn offset(&self) -> FixedOffset {
        self.offset
    }
}

fn parse_offset(suffix: &str) -> Option<FixedOffset> {
    let (sign, digits) = match suffix.as_bytes().first()? {
        b'+' => (1, &suffix[1..]),
        b'-' => (-1, &suffix[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

impl<'de> Deserialize<'de> for MsDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// For optional date fields: absent, `null` and `""` (how a cleared date can come back) are `None`.
pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<MsDate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        Some(text) if !text.trim().is_empty() => MsDate::parse(&text)
            .map(Some)
            .map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

/// The If-Modified-Since value Settle sends: `YYYY-MM-DDTHH:MM:SS` in UTC, fraction dropped (Xero
/// filters to the second and fractions were reported refused, NOTES.md §4.1).
pub fn if_modified_since(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn plain_and_zero_offset_values() {
        let d = MsDate::parse("/Date(1539993600000+0000)/").unwrap();
        assert_eq!(d.date(), day(2018, 10, 20));
        assert_eq!(
            d.instant(),
            Utc.with_ymd_and_hms(2018, 10, 20, 0, 0, 0).unwrap()
        );
        let envelope = MsDate::parse("/Date(1552326816230)/").unwrap();
        assert_eq!(envelope.instant().timestamp_millis(), 1_552_326_816_230);
        assert_eq!(
            MsDate::parse("/Date(0+0000)/").unwrap().date(),
            day(1970, 1, 1)
        );
    }

    #[test]
    fn non_zero_offsets_give_the_local_calendar_day() {
        // D-DATES' own example: 2014-12-30T11:00Z is 31 Dec 2014 at 00:00 +13:00.
        let d = MsDate::parse("/Date(1419937200000+1300)/").unwrap();
        assert_eq!(d.date(), day(2014, 12, 31));
        assert_eq!(
            d.instant(),
            Utc.with_ymd_and_hms(2014, 12, 30, 11, 0, 0).unwrap()
        );
        assert_eq!(d.offset().local_minus_utc(), 13 * 3600);
        // West of UTC: local midnight 1 Jan 2026 at -05:00 is 05:00Z.
        let west = MsDate::parse("/Date(1767243600000-0500)/").unwrap();
        assert_eq!(west.date(), day(2026, 1, 1));
        // Half-hour zones.
        let adelaide = MsDate::parse("/Date(1767187800000+1030)/").unwrap();
        assert_eq!(adelaide.date(), day(2026, 1, 1));
    }

    #[test]
    fn dates_before_1970() {
        assert_eq!(
            MsDate::parse("/Date(-1642464000000+0000)/").unwrap().date(),
            day(1917, 12, 15)
        );
        // One millisecond before the epoch is still 31 Dec 1969, not 1 Jan 1970.
        assert_eq!(
            MsDate::parse("/Date(-1)/").unwrap().date(),
            day(1969, 12, 31)
        );
        // 1 Mar 1965 at local midnight in +13:00 is 28 Feb 1965 11:00Z.
        let ms = -152_668_800_000_i64 - 13 * 3_600_000;
        let d = MsDate::parse(&format!("/Date({ms}+1300)/")).unwrap();
        assert_eq!(d.date(), day(1965, 3, 1));
        // -0500 before 1970: 30 Dec 1969 19:00Z is 30 Dec at -05:00 local 14:00.
        let d = MsDate::parse("/Date(-104400000-0500)/").unwrap();
        assert_eq!(d.date(), day(1969, 12, 30));
    }

    #[test]
    fn garbage_is_refused_with_the_value() {
        for bad in [
            "",
            "2018-10-20",
            "/Date()/",
            "/Date(abc)/",
            "/Date(12+13)/",
            "/Date(1-2-3)/",
            "/Date(--1)/",
            "Date(1)",
        ] {
            let err = MsDate::parse(bad).unwrap_err();
            assert!(err.to_string().contains(bad), "{bad}");
        }
    }

    #[test]
    fn if_modified_since_is_whole_seconds_utc() {
        let at = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 7).unwrap() + Duration::milliseconds(950);
        assert_eq!(if_modified_since(at), "2026-05-04T09:00:07");
    }
}
