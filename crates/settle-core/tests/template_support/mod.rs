//! Contexts the template tests render: a customer with one to three invoices around a fixed day.

#![allow(dead_code)] // each test file uses a different part of this module

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use settle_core::template::{ContactFields, InvoiceFields, SenderFields, TemplateContext};
use settle_core::{CurrencyCode, Money};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn today() -> NaiveDate {
    date(2026, 3, 17)
}

pub fn money(amount: &str, currency: &str) -> Money {
    Money::new(
        amount.parse::<Decimal>().unwrap(),
        CurrencyCode::new(currency).unwrap(),
    )
}

/// Invoice `i` (from 0): INV-1000+i, due `due_offset` days from today (negative = overdue).
pub fn invoice(i: usize, due_offset: i64, link: bool) -> InvoiceFields {
    let due = if due_offset >= 0 {
        today() + Days::new(due_offset as u64)
    } else {
        today() - Days::new(due_offset.unsigned_abs())
    };
    InvoiceFields {
        number: format!("INV-{}", 1000 + i),
        reference: if i.is_multiple_of(2) {
            format!("PO {}", 70 + i)
        } else {
            String::new()
        },
        total: money("1500.00", "GBP"),
        amount_due: money(&format!("{}.50", 1234 + i), "GBP"),
        issue_date: due - Days::new(30),
        due_date: due,
        online_url: link.then(|| format!("https://in.xero.com/Inv{}?a=1&b=2", 1000 + i)),
    }
}

/// A customer with `count` invoices: 12 days overdue, due today, due in 14 days (repeating).
pub fn context(count: usize) -> TemplateContext {
    let offsets = [-12, 0, 14];
    TemplateContext {
        organisation_name: "Harbour Design Ltd".to_owned(),
        today: today(),
        contact: ContactFields {
            first_name: "Sam".to_owned(),
            last_name: "Taylor".to_owned(),
            company_name: "Brightwater Cafe".to_owned(),
        },
        invoices: (0..count)
            .map(|i| invoice(i, offsets[i % 3], i != 1))
            .collect(),
        sender: SenderFields {
            name: "Alex Morgan".to_owned(),
            email: "accounts@harbourdesign.example".to_owned(),
            signature: "Alex Morgan\nAccounts, Harbour Design Ltd\n020 7946 0000".to_owned(),
        },
    }
}
