//! Money and rates from Xero's JSON without f64: the number's own text (a `RawValue`) goes
//! straight into `rust_decimal`. `115.00` stays `115.00`. Xero sends JSON numbers; quoted
//! decimals are accepted too. Owns: those serde helpers. Must not: round.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

fn parse<E: serde::de::Error>(raw: &RawValue) -> Result<Decimal, E> {
    let text = raw.get().trim();
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .map_err(|_| E::custom(format!("{text} is not a decimal amount")))
}

/// For fields Xero leaves out in some views (summaryOnly drops AmountDue); `null` is absent.
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    let raw = <Option<Box<RawValue>>>::deserialize(d)?;
    match raw {
        Some(raw) if raw.get().trim() != "null" => parse(&raw).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Row {
        #[serde(deserialize_with = "optional")]
        total: Option<Decimal>,
        #[serde(default, deserialize_with = "optional")]
        due: Option<Decimal>,
    }

    #[test]
    fn amounts_keep_their_exact_text() {
        let row: Row = serde_json::from_str(r#"{"total": 115.10, "due": "0.1"}"#).unwrap();
        assert_eq!(row.total.unwrap().to_string(), "115.10");
        assert_eq!(row.due, Some(Decimal::from_str("0.1").unwrap()));
        // 0.1 + 0.2 is exact here, unlike through f64.
        let row: Row = serde_json::from_str(r#"{"total": 0.30000000000000001}"#).unwrap();
        assert_eq!(row.total.unwrap().to_string(), "0.30000000000000001");
        assert_eq!(row.due, None);
        let row: Row = serde_json::from_str(r#"{"total": 1E+2, "due": null}"#).unwrap();
        assert_eq!(row.total, Some(Decimal::from(100)));
        assert_eq!(row.due, None);
        assert!(serde_json::from_str::<Row>(r#"{"total": "ten"}"#).is_err());
    }
}
