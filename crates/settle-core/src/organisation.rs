//! An organisation: one business whose invoices Settle chases (a bookkeeper may hold several).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::{CoreError, CurrencyCode};

/// What Settle needs to know about a business to chase for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    pub name: String,
    /// ISO 3166 alpha-2, as Xero reports it.
    pub country: String,
    pub timezone: Tz,
    pub base_currency: CurrencyCode,
    pub xero_tenant_id: Option<String>,
    pub xero_short_code: Option<String>,
    pub is_demo: bool,
}

/// Parses an IANA time-zone name (`Europe/London`), with a message an owner can act on.
pub fn parse_timezone(name: &str) -> Result<Tz, CoreError> {
    name.parse::<Tz>()
        .map_err(|_| CoreError::InvalidTimezone(name.to_owned()))
}

/// The calendar date at `now` in the organisation's time zone: "today" for every date rule
/// (overdue, due today, settled in the last month).
pub fn local_today(timezone: Tz, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&timezone).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn today_is_taken_in_the_organisation_time_zone() {
        // 23:30 UTC on 1 March is already 2 March in Auckland and still 1 March in New York.
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 23, 30, 0).unwrap();
        let auckland = parse_timezone("Pacific/Auckland").unwrap();
        let new_york = parse_timezone("America/New_York").unwrap();
        assert_eq!(
            local_today(auckland, now),
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
        );
        assert_eq!(
            local_today(new_york, now),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
    }

    #[test]
    fn unknown_time_zones_are_refused_by_name() {
        let err = parse_timezone("Mars/Olympus").unwrap_err();
        assert!(err.to_string().contains("Mars/Olympus"));
    }
}
