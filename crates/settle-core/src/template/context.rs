//! What a reminder is rendered from: the organisation, the contact, the invoices and the sender.
//!
//! Owns: [`TemplateContext`] and its parts, and [`sample_context`] (the made-up customer that
//! previews and [`super::check_template`] render against). Must not: format values (format.rs)
//! or decide what templates may read (view.rs).

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{CurrencyCode, Money};

/// Everything one reminder email is made from. `invoices` is the one invoice of an invoice
/// reminder, or every invoice a grouped or customer-level message lists (at least one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateContext {
    pub organisation_name: String,
    pub today: NaiveDate,
    pub contact: ContactFields,
    pub invoices: Vec<InvoiceFields>,
    pub sender: SenderFields,
}

/// The customer (a Xero contact) the reminder goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFields {
    pub first_name: String,
    pub last_name: String,
    pub company_name: String,
}

/// One invoice as the reminder shows it. `online_url` is Xero's online invoice (view and pay)
/// link, when the invoice has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceFields {
    pub number: String,
    pub reference: String,
    pub total: Money,
    pub amount_due: Money,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub online_url: Option<String>,
}

/// Who signs the reminder: the step's normal or escalated sender, with their own signature
/// (several lines of plain text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderFields {
    pub name: String,
    pub email: String,
    pub signature: String,
}

/// A made-up but realistic customer with three GBP invoices around `today`: one 12 days overdue,
/// one due today without an online link, one due in two weeks. The template editor previews with
/// it, and [`super::check_template`] renders every template against it (and against its first
/// invoice alone) so a typo shows before anything is sent.
pub fn sample_context(today: NaiveDate) -> TemplateContext {
    let gbp = CurrencyCode::new("GBP").expect("GBP is a valid currency code");
    let money = |units: i64| Money::new(Decimal::new(units, 2), gbp.clone());
    let days_before = |days: u64| today.checked_sub_days(Days::new(days)).unwrap_or(today);
    let days_after = |days: u64| today.checked_add_days(Days::new(days)).unwrap_or(today);
    TemplateContext {
        organisation_name: "Harbour Design Ltd".to_owned(),
        today,
        contact: ContactFields {
            first_name: "Sam".to_owned(),
            last_name: "Taylor".to_owned(),
            company_name: "Brightwater Cafe".to_owned(),
        },
        invoices: vec![
            InvoiceFields {
                number: "INV-0042".to_owned(),
                reference: "PO 7731".to_owned(),
                total: money(150_000),
                amount_due: money(123_450),
                issue_date: days_before(42),
                due_date: days_before(12),
                online_url: Some("https://in.xero.com/Example0042".to_owned()),
            },
            InvoiceFields {
                number: "INV-0047".to_owned(),
                reference: String::new(),
                total: money(48_000),
                amount_due: money(48_000),
                issue_date: days_before(30),
                due_date: today,
                online_url: None,
            },
            InvoiceFields {
                number: "INV-0051".to_owned(),
                reference: "Spring menu design".to_owned(),
                total: money(72_000),
                amount_due: money(72_000),
                issue_date: days_before(16),
                due_date: days_after(14),
                online_url: Some("https://in.xero.com/Example0051".to_owned()),
            },
        ],
        sender: SenderFields {
            name: "Alex Morgan".to_owned(),
            email: "accounts@harbourdesign.example".to_owned(),
            signature: "Alex Morgan\nAccounts, Harbour Design Ltd\n020 7946 0000".to_owned(),
        },
    }
}
