//! How placeholder values are written: amounts in the invoice's currency, dates for people, days
//! overdue.
//!
//! Owns: [`format_money`], [`format_totals`], [`format_date`], [`days_overdue`]. Must not: round
//! through `f64` (amounts stay [`rust_decimal::Decimal`] until they are text).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::Money;

/// An amount as a customer reads it: the currency's symbol for the two that are unambiguous
/// (`£1,234.50`, `€80.00`), otherwise the ISO code and a space (`USD 1,234.50`, `JPY 1,235`,
/// `BHD 12.500`), because `$` alone could be US, Australian, New Zealand or Canadian dollars.
/// Thousands are grouped with commas; the amount is rounded to the currency's minor units
/// (half away from zero, as Xero does) and always shows all of them.
pub fn format_money(money: &Money) -> String {
    let digits = grouped(money.rounded(), money.currency.minor_units());
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits.as_str()),
    };
    match money.currency.as_str() {
        "GBP" => format!("{sign}£{digits}"),
        "EUR" => format!("{sign}€{digits}"),
        code => format!("{sign}{code} {digits}"),
    }
}

/// The sum of several amounts, one figure per currency in the order the currencies first appear
/// (`£80.00 + €120.00`); amounts in different currencies are never added together.
pub fn format_totals<'a>(amounts: impl IntoIterator<Item = &'a Money>) -> String {
    let mut sums: Vec<Money> = Vec::new();
    for money in amounts {
        match sums.iter_mut().find(|sum| sum.currency == money.currency) {
            Some(sum) => sum.amount += money.amount,
            None => sums.push(money.clone()),
        }
    }
    sums.iter()
        .map(format_money)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// A date as people write it in a letter: `3 March 2026`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// Whole days since the due date; 0 on the due date and before it.
pub fn days_overdue(due_date: NaiveDate, today: NaiveDate) -> i64 {
    (today - due_date).num_days().max(0)
}

/// `1234.5` with 2 minor units → `1,234.50` (a leading `-` is kept).
fn grouped(mut amount: Decimal, minor_units: u32) -> String {
    amount.rescale(minor_units);
    if amount.is_zero() {
        amount.set_sign_positive(true); // never "-£0.00"
    }
    let text = amount.to_string();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let mut out = String::with_capacity(text.len() + whole.len() / 3 + 1);
    out.push_str(sign);
    out.push_str(&group_digits(whole));
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// `1234567` → `1,234,567` (ASCII digits only).
pub(crate) fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
