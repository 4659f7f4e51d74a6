//! Money: an exact decimal amount in one currency.
//!
//! Amounts arrive from Xero as decimal strings and are kept as [`rust_decimal::Decimal`]; they are
//! never routed through `f64`. Storage uses a fixed scale of 4 decimal places (Xero's own maximum,
//! used for unit prices), so sums in SQL stay exact integers.

use std::fmt;
use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::CoreError;

/// Number of decimal places used by the integer storage form of an amount.
pub const STORAGE_SCALE: u32 = 4;

/// An upper-case ISO 4217 code such as `GBP`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CurrencyCode(String);

impl CurrencyCode {
    pub fn new(code: &str) -> Result<Self, CoreError> {
        let ok = code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase());
        if ok {
            Ok(Self(code.to_owned()))
        } else {
            Err(CoreError::InvalidCurrency(code.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Decimal places an amount in this currency is shown and rounded with (ISO 4217 minor unit).
    pub fn minor_units(&self) -> u32 {
        match self.0.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "XOF" | "XAF" | "XPF" | "UGX" | "PYG" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
            _ => 2,
        }
    }
}

impl TryFrom<String> for CurrencyCode {
    type Error = CoreError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::new(&value)
    }
}

impl From<CurrencyCode> for String {
    fn from(value: CurrencyCode) -> Self {
        value.0
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An exact amount of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount: Decimal,
    pub currency: CurrencyCode,
}

impl Money {
    pub fn new(amount: Decimal, currency: CurrencyCode) -> Self {
        Self { amount, currency }
    }

    /// The amount rounded to the currency's minor unit (banker's rounding is not used: invoices
    /// round half away from zero, as Xero does).
    pub fn rounded(&self) -> Decimal {
        self.amount.round_dp_with_strategy(
            self.currency.minor_units(),
            RoundingStrategy::MidpointAwayFromZero,
        )
    }
}

/// Parses a decimal amount such as `"1234.50"`, refusing anything that is not an exact decimal
/// (exponents, NaN, more than four decimal places).
pub fn parse_amount(field: &'static str, text: &str) -> Result<Decimal, CoreError> {
    let invalid = |reason| CoreError::InvalidAmount {
        field,
        value: text.to_owned(),
        reason,
    };
    let text_trimmed = text.trim();
    // Only plain decimals: an optional sign, digits, one optional point. rust_decimal would also
    // accept forms such as `1_000` that no accounting system sends.
    let digits = text_trimmed.strip_prefix('-').unwrap_or(text_trimmed);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && digits.bytes().any(|b| b.is_ascii_digit());
    if !plain {
        return Err(invalid("not a decimal number"));
    }
    let value = Decimal::from_str(text_trimmed).map_err(|_| invalid("not a decimal number"))?;
    if value.scale() > STORAGE_SCALE {
        return Err(invalid("more than 4 decimal places"));
    }
    Ok(value)
}

/// The integer storage form: the amount times 10^4. Fails only for amounts beyond ±9.2e14.
pub fn to_storage_units(field: &'static str, amount: Decimal) -> Result<i64, CoreError> {
    let scaled = amount
        .round_dp_with_strategy(STORAGE_SCALE, RoundingStrategy::MidpointAwayFromZero)
        * Decimal::from(10_i64.pow(STORAGE_SCALE));
    scaled.to_i64().ok_or(CoreError::InvalidAmount {
        field,
        value: amount.to_string(),
        reason: "too large to store",
    })
}

/// Back from the integer storage form to an exact decimal, normalised (no trailing zeros beyond
/// two places) so `12.5000` reads as `12.50`.
pub fn from_storage_units(units: i64) -> Decimal {
    let mut value = Decimal::new(units, STORAGE_SCALE).normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    value
}

/// Converts an amount in a foreign currency to the organisation's base currency using Xero's
/// `CurrencyRate` convention: the rate is units of the invoice currency per one unit of the base
/// currency, so base = amount / rate. A zero or missing rate means "same currency".
pub fn to_base(amount: Decimal, currency_rate: Decimal) -> Decimal {
    if currency_rate.is_zero() {
        return amount;
    }
    (amount / currency_rate)
        .round_dp_with_strategy(STORAGE_SCALE, RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn currency_codes_are_three_upper_case_letters() {
        assert!(CurrencyCode::new("GBP").is_ok());
        for bad in ["gbp", "GB", "GBPX", "G1P", ""] {
            assert_eq!(
                CurrencyCode::new(bad),
                Err(CoreError::InvalidCurrency(bad.into()))
            );
        }
    }

    #[test]
    fn storage_round_trip_is_exact() {
        for text in [
            "0",
            "0.01",
            "1234.56",
            "-99.99",
            "0.0001",
            "921337203685.4775",
        ] {
            let value = parse_amount("Total", text).unwrap();
            let units = to_storage_units("Total", value).unwrap();
            assert_eq!(from_storage_units(units), value, "{text}");
        }
        assert_eq!(to_storage_units("Total", d("12.34")).unwrap(), 123_400);
        assert_eq!(from_storage_units(125_000).to_string(), "12.50");
    }

    #[test]
    fn parse_refuses_what_is_not_an_exact_decimal() {
        for bad in [
            "1e3",
            "NaN",
            "12.345678",
            "abc",
            "",
            "1_000",
            "1.2.3",
            "-",
            ".",
        ] {
            assert!(parse_amount("AmountDue", bad).is_err(), "{bad}");
        }
        let err = parse_amount("AmountDue", "12.345678").unwrap_err();
        assert!(err.to_string().contains("AmountDue"));
    }

    #[test]
    fn base_conversion_divides_by_xero_rate() {
        // 100 USD on a GBP organisation with CurrencyRate 1.25 USD per GBP is 80 GBP.
        assert_eq!(to_base(d("100"), d("1.25")), d("80"));
        assert_eq!(to_base(d("100"), Decimal::ZERO), d("100"));
        assert_eq!(to_base(d("10"), d("3")), d("3.3333"));
    }

    #[test]
    fn rounding_follows_minor_units() {
        let yen = Money::new(d("1234.5"), CurrencyCode::new("JPY").unwrap());
        assert_eq!(yen.rounded(), d("1235"));
        let pounds = Money::new(d("2.345"), CurrencyCode::new("GBP").unwrap());
        assert_eq!(pounds.rounded(), d("2.35"));
    }
}
