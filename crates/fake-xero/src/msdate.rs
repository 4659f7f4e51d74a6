//! Xero's date spellings (NOTES.md §5): MS-JSON `/Date(ms±hhmm)/`, the `*String` companions, the
//! identity service's 7-digit fractions, and the If-Modified-Since forms we accept. Owns: text
//! formatting and parsing of dates. Must not: decide which field uses which form (the DTOs do).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// A date-only field: the instant of local midnight, with the local offset as suffix.
/// `offset_seconds = 0` gives the common `/Date(1539993600000+0000)/`; D-DATES' example
/// `/Date(1419937200000+1300)/` is 2014-12-31 at +13:00.
pub fn ms_date(date: NaiveDate, offset_seconds: i32) -> String {
    let midnight = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    let ms = midnight.timestamp_millis() - i64::from(offset_seconds) * 1000;
    format!("/Date({ms}{})/", offset_suffix(offset_seconds))
}

/// A timestamp field such as UpdatedDateUTC: `/Date(1541176290160+0000)/`.
pub fn ms_instant(at: DateTime<Utc>) -> String {
    format!("/Date({}+0000)/", at.timestamp_millis())
}

/// The envelope's DateTimeUTC, which carries no offset: `/Date(1552326816230)/`.
pub fn ms_envelope(at: DateTime<Utc>) -> String {
    format!("/Date({})/", at.timestamp_millis())
}

/// `DateString` / `DueDateString`: ISO without a zone, always midnight.
pub fn date_string(date: NaiveDate) -> String {
    date.format("%Y-%m-%dT00:00:00").to_string()
}

/// `UpdatedDateUTCString`: ISO UTC with `Z`, whole seconds.
pub fn utc_z_string(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// History `DateUTCString`: ISO without a zone, whole seconds.
pub fn naive_seconds_string(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Identity `/connections` dates: `2019-12-07T18:46:19.5165400` (7 fractional digits, no zone).
pub fn connection_string(at: DateTime<Utc>) -> String {
    let hundred_ns = at.timestamp_subsec_nanos() / 100;
    format!("{}.{hundred_ns:07}", at.format("%Y-%m-%dT%H:%M:%S"))
}

/// The lock-date spelling in Xero's validation messages, e.g. `31-Mar-2026`.
pub fn lock_date_text(date: NaiveDate) -> String {
    date.format("%d-%b-%Y").to_string()
}

/// The instant in the 401 TokenExpired detail, e.g. `03/03/2020 09:46:07`.
pub fn token_expired_text(at: DateTime<Utc>) -> String {
    at.format("%m/%d/%Y %H:%M:%S").to_string()
}

fn offset_suffix(offset_seconds: i32) -> String {
    let sign = if offset_seconds < 0 { '-' } else { '+' };
    let minutes = offset_seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// Why an If-Modified-Since value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IfModifiedSinceError {
    /// Fractional seconds were reported as rejected by Xero (xero_gateway#145); refusing them
    /// here makes a client that sends them fail in tests rather than in production.
    #[error("If-Modified-Since must not carry fractional seconds: {0}")]
    Fraction(String),
    #[error("If-Modified-Since is not a timestamp fake-xero understands: {0}")]
    Unparsed(String),
}

/// Accepts `YYYY-MM-DDTHH:MM:SS` (taken as UTC, the form NOTES.md recommends), the same with `Z`
/// or a `±HH:MM` offset, and the RFC 1123 HTTP-date form.
pub fn parse_if_modified_since(value: &str) -> Result<DateTime<Utc>, IfModifiedSinceError> {
    let value = value.trim();
    if let Ok(at) = DateTime::parse_from_rfc2822(value) {
        return Ok(at.with_timezone(&Utc));
    }
    let date_time_part = value.get(..19).unwrap_or(value);
    if value.len() > 19 && value.as_bytes().get(19) == Some(&b'.') {
        return Err(IfModifiedSinceError::Fraction(value.to_owned()));
    }
    let naive = NaiveDateTime::parse_from_str(date_time_part, "%Y-%m-%dT%H:%M:%S")
        .map_err(|_| IfModifiedSinceError::Unparsed(value.to_owned()))?;
    let rest = &value[19..];
    match rest {
        "" | "Z" => Ok(naive.and_utc()),
        _ => {
            let offset = parse_offset(rest)
                .ok_or_else(|| IfModifiedSinceError::Unparsed(value.to_owned()))?;
            offset
                .from_local_datetime(&naive)
                .single()
                .map(|at| at.with_timezone(&Utc))
                .ok_or_else(|| IfModifiedSinceError::Unparsed(value.to_owned()))
        }
    }
}

fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn date_only_fields_match_the_spec_examples() {
        assert_eq!(ms_date(day(2018, 10, 20), 0), "/Date(1539993600000+0000)/");
        assert_eq!(
            ms_date(day(2014, 12, 31), 13 * 3600),
            "/Date(1419937200000+1300)/"
        );
        assert_eq!(ms_date(day(1969, 12, 31), 0), "/Date(-86400000+0000)/");
        assert_eq!(
            ms_date(day(2020, 1, 1), -(5 * 3600 + 1800)),
            "/Date(1577856600000-0530)/"
        );
        assert_eq!(date_string(day(2018, 10, 20)), "2018-10-20T00:00:00");
    }

    #[test]
    fn timestamps_and_companions() {
        let at = Utc.timestamp_millis_opt(1_541_176_290_160).unwrap();
        assert_eq!(ms_instant(at), "/Date(1541176290160+0000)/");
        assert_eq!(ms_envelope(at), "/Date(1541176290160)/");
        assert_eq!(utc_z_string(at), "2018-11-02T16:31:30Z");
        assert_eq!(connection_string(at), "2018-11-02T16:31:30.1600000");
        assert_eq!(lock_date_text(day(2026, 3, 31)), "31-Mar-2026");
        assert_eq!(token_expired_text(at), "11/02/2018 16:31:30");
    }

    #[test]
    fn if_modified_since_forms() {
        let expect = Utc.with_ymd_and_hms(2020, 2, 6, 20, 17, 43).unwrap();
        assert_eq!(
            parse_if_modified_since("2020-02-06T20:17:43").unwrap(),
            expect
        );
        assert_eq!(
            parse_if_modified_since("2020-02-06T20:17:43Z").unwrap(),
            expect
        );
        assert_eq!(
            parse_if_modified_since("2020-02-06T12:17:43-08:00").unwrap(),
            expect
        );
        assert_eq!(
            parse_if_modified_since("Thu, 06 Feb 2020 20:17:43 GMT").unwrap(),
            expect
        );
        assert!(matches!(
            parse_if_modified_since("2020-02-06T12:17:43.202-08:00"),
            Err(IfModifiedSinceError::Fraction(_))
        ));
        assert!(parse_if_modified_since("06/02/2020").is_err());
    }
}
