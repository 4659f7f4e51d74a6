//! Sales invoices (Xero `ACCREC`) and the status rules every chasing decision starts from.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{CoreError, CurrencyCode};

/// Xero's invoice status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InvoiceStatus {
    Draft,
    Submitted,
    Authorised,
    Paid,
    Voided,
    Deleted,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "DRAFT",
            Self::Submitted => "SUBMITTED",
            Self::Authorised => "AUTHORISED",
            Self::Paid => "PAID",
            Self::Voided => "VOIDED",
            Self::Deleted => "DELETED",
        }
    }

    pub fn parse(text: &str) -> Result<Self, CoreError> {
        Ok(match text {
            "DRAFT" => Self::Draft,
            "SUBMITTED" => Self::Submitted,
            "AUTHORISED" => Self::Authorised,
            "PAID" => Self::Paid,
            "VOIDED" => Self::Voided,
            "DELETED" => Self::Deleted,
            other => {
                return Err(CoreError::UnknownValue {
                    kind: "invoice status",
                    value: other.to_owned(),
                })
            }
        })
    }

    /// How the owner reads the status in Xero's vocabulary.
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Awaiting approval",
            Self::Authorised => "Awaiting payment",
            Self::Paid => "Paid",
            Self::Voided => "Voided",
            Self::Deleted => "Deleted",
        }
    }
}

/// An invoice as Settle stores it. Amounts are in the invoice's currency; `amount_due` (Xero's
/// `AmountDue`) is the source of truth for what is owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub xero_invoice_id: String,
    pub number: String,
    pub reference: String,
    pub status: InvoiceStatus,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub expected_payment_date: Option<NaiveDate>,
    /// Xero's `FullyPaidOnDate`: when the last payment or credit settled it.
    pub fully_paid_on: Option<NaiveDate>,
    pub currency: CurrencyCode,
    /// Xero's `CurrencyRate`: units of the invoice currency per unit of the base currency.
    pub currency_rate: Decimal,
    pub total: Decimal,
    pub amount_due: Decimal,
    pub amount_paid: Decimal,
    pub amount_credited: Decimal,
    pub sent_to_contact: bool,
    pub updated_at: DateTime<Utc>,
    pub chasing_enabled: bool,
}

impl Invoice {
    /// Issued (approved in Xero) and something is still owed: the only invoices ever chased or
    /// counted as outstanding.
    pub fn is_open(&self) -> bool {
        self.status == InvoiceStatus::Authorised && self.amount_due > Decimal::ZERO
    }

    /// Open and its due date is before `today` (in the organisation's time zone).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due_date < today
    }

    /// Whole days past due at `today`; zero when not overdue.
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        if self.is_overdue(today) {
            (today - self.due_date).num_days()
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn invoice(status: InvoiceStatus, amount_due: &str, due: &str) -> Invoice {
        Invoice {
            xero_invoice_id: "x".into(),
            number: "INV-1".into(),
            reference: String::new(),
            status,
            issue_date: NaiveDate::from_str("2026-01-01").unwrap(),
            due_date: NaiveDate::from_str(due).unwrap(),
            expected_payment_date: None,
            fully_paid_on: None,
            currency: CurrencyCode::new("GBP").unwrap(),
            currency_rate: Decimal::ONE,
            total: Decimal::from_str("100").unwrap(),
            amount_due: Decimal::from_str(amount_due).unwrap(),
            amount_paid: Decimal::ZERO,
            amount_credited: Decimal::ZERO,
            sent_to_contact: true,
            updated_at: DateTime::UNIX_EPOCH,
            chasing_enabled: true,
        }
    }

    #[test]
    fn open_and_overdue_follow_status_balance_and_due_date() {
        let today = NaiveDate::from_str("2026-02-10").unwrap();
        let cases = [
            // status, amount due, due date, open, overdue, days overdue
            (
                InvoiceStatus::Authorised,
                "100",
                "2026-02-09",
                true,
                true,
                1,
            ),
            (
                InvoiceStatus::Authorised,
                "100",
                "2026-02-10",
                true,
                false,
                0,
            ),
            (
                InvoiceStatus::Authorised,
                "0.01",
                "2025-07-25",
                true,
                true,
                200,
            ),
            (
                InvoiceStatus::Authorised,
                "0",
                "2026-01-01",
                false,
                false,
                0,
            ),
            (InvoiceStatus::Paid, "0", "2026-01-01", false, false, 0),
            (InvoiceStatus::Voided, "100", "2026-01-01", false, false, 0),
            (InvoiceStatus::Draft, "100", "2026-01-01", false, false, 0),
            (
                InvoiceStatus::Submitted,
                "100",
                "2026-01-01",
                false,
                false,
                0,
            ),
            (InvoiceStatus::Deleted, "100", "2026-01-01", false, false, 0),
        ];
        for (status, due_amount, due, open, overdue, days) in cases {
            let inv = invoice(status, due_amount, due);
            assert_eq!(inv.is_open(), open, "{status:?} {due_amount} {due}");
            assert_eq!(
                inv.is_overdue(today),
                overdue,
                "{status:?} {due_amount} {due}"
            );
            assert_eq!(
                inv.days_overdue(today),
                days,
                "{status:?} {due_amount} {due}"
            );
        }
    }

    #[test]
    fn statuses_round_trip_and_unknown_ones_are_named() {
        for s in [
            "DRAFT",
            "SUBMITTED",
            "AUTHORISED",
            "PAID",
            "VOIDED",
            "DELETED",
        ] {
            assert_eq!(InvoiceStatus::parse(s).unwrap().as_str(), s);
        }
        let err = InvoiceStatus::parse("PENDING").unwrap_err();
        assert!(err.to_string().contains("PENDING"));
    }
}
