//! How dates, instants and money are written to and read from SQLite text and integer columns.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rust_decimal::Decimal;

use crate::DbError;

/// RFC 3339 in UTC with a `Z`, second precision: sorts correctly as text.
pub fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, DbError> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| d.with_timezone(&Utc))
        .map_err(|e| DbError::Conversion(format!("instant '{text}': {e}")))
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(text: &str) -> Result<NaiveDate, DbError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| DbError::Conversion(format!("date '{text}': {e}")))
}

pub fn parse_opt_date(text: Option<String>) -> Result<Option<NaiveDate>, DbError> {
    text.as_deref().map(parse_date).transpose()
}

pub fn parse_opt_instant(text: Option<String>) -> Result<Option<DateTime<Utc>>, DbError> {
    text.as_deref().map(parse_instant).transpose()
}

/// The trimmed, non-empty entries of a list stored as one text column, separated by `sep`
/// (addresses by commas, attachment paths one per line); blanks left by editing are dropped.
pub fn split_list(text: &str, sep: char) -> Vec<String> {
    text.split(sep)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn money(field: &'static str, amount: Decimal) -> Result<i64, DbError> {
    Ok(settle_core::money::to_storage_units(field, amount)?)
}

pub fn parse_money(units: i64) -> Decimal {
    settle_core::money::from_storage_units(units)
}
