//! Benchmark of reminder rendering (`cargo bench -p settle-core --bench render`): 10,000
//! reminders from the five built-in templates, each for a customer with one to three invoices,
//! as a large send batch or an approvals screen would render them. Plain `std::time::Instant`
//! timing on one thread; prints a Markdown table for docs/PERFORMANCE.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use settle_core::template::{
    builtin_templates, render_email, ContactFields, InvoiceFields, SenderFields, TemplateContext,
};
use settle_core::{CurrencyCode, Money};

const REMINDERS: usize = 10_000;
const RUNS: usize = 5;

/// A deterministic customer `i` with one to three invoices in one of three currencies.
fn context(i: usize, today: NaiveDate) -> TemplateContext {
    let currency = CurrencyCode::new(["GBP", "USD", "JPY"][i % 3]).expect("valid code");
    let invoices = (0..1 + i % 3)
        .map(|n| {
            let due = today - Days::new(((i * 7 + n * 11) % 40) as u64) + Days::new(10);
            InvoiceFields {
                number: format!("INV-{:05}", i * 3 + n),
                reference: if n.is_multiple_of(2) {
                    format!("PO {}", 1000 + i)
                } else {
                    String::new()
                },
                total: Money::new(Decimal::new(150_000 + i as i64, 2), currency.clone()),
                amount_due: Money::new(Decimal::new(120_050 + i as i64, 2), currency.clone()),
                issue_date: due - Days::new(30),
                due_date: due,
                online_url: (!i.is_multiple_of(4))
                    .then(|| format!("https://in.xero.com/Inv{i}x{n}")),
            }
        })
        .collect();
    TemplateContext {
        organisation_name: "Harbour Design Ltd".to_owned(),
        today,
        contact: ContactFields {
            first_name: if i.is_multiple_of(5) {
                String::new()
            } else {
                format!("Customer{i}")
            },
            last_name: "Taylor".to_owned(),
            company_name: format!("Company {i} & Co <Ltd>"),
        },
        invoices,
        sender: SenderFields {
            name: "Alex Morgan".to_owned(),
            email: "accounts@harbourdesign.example".to_owned(),
            signature: "Alex Morgan\nAccounts, Harbour Design Ltd\n020 7946 0000".to_owned(),
        },
    }
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).expect("valid date");
    let templates = builtin_templates();
    let contexts: Vec<TemplateContext> = (0..REMINDERS).map(|i| context(i, today)).collect();

    let mut times = Vec::with_capacity(RUNS);
    let mut bytes = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut total = 0;
        for (i, ctx) in contexts.iter().enumerate() {
            let template = &templates[i % templates.len()].template;
            let email = render_email(template, ctx).expect("the built-in templates render");
            total += email.subject.len() + email.text.len() + email.html.len();
        }
        times.push(started.elapsed());
        bytes = black_box(total);
    }
    times.sort();
    let median = times[times.len() / 2];
    let best = times[0];
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
    let verdict = if median < Duration::from_secs(2) {
        "met"
    } else {
        "MISSED"
    };
    println!("| benchmark | size | median | best | target | result |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| render reminders (5 built-ins, 1–3 invoices, subject + text + HTML) | {REMINDERS} \
         reminders, {:.1} MB out | {} | {} | < 2 s | {verdict} |",
        bytes as f64 / 1e6,
        ms(median),
        ms(best),
    );
    println!(
        "| … per reminder | | {:.1} µs | | | |",
        median.as_secs_f64() * 1e6 / REMINDERS as f64
    );
}
