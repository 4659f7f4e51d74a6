//! Amounts on the wire. Xero writes money as JSON numbers with fixed decimals (`115.00`,
//! `CurrencyRate: 1.000000`); we emit that exact text from a `Decimal` so nothing passes through
//! f64 on our side and clients can parse the digits they are given. Owns: that serialisation.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// A decimal written with a fixed number of decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    value: Decimal,
    places: u32,
}

impl Fixed {
    /// Money amounts: two places, as Xero shows them.
    pub fn money(value: Decimal) -> Self {
        Self { value, places: 2 }
    }

    /// Rates such as CurrencyRate: six places.
    pub fn rate(value: Decimal) -> Self {
        Self { value, places: 6 }
    }

    /// Quantities on line items: four places.
    pub fn quantity(value: Decimal) -> Self {
        Self { value, places: 4 }
    }
}

impl Serialize for Fixed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = self.value.round_dp_with_strategy(
            self.places,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        );
        value.rescale(self.places);
        let raw = RawValue::from_string(value.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn writes_exact_decimal_text() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let json = serde_json::to_string(&[
            Fixed::money(d("115")),
            Fixed::money(d("0.1")),
            Fixed::money(d("-3.456")),
            Fixed::rate(d("1")),
            Fixed::quantity(d("2.5")),
        ])
        .unwrap();
        assert_eq!(json, "[115.00,0.10,-3.46,1.000000,2.5000]");
    }
}
