//! The demo organisation: a deterministic, seeded generator of a believable small business with
//! customers and invoices of every age and status.
//!
//! The same `(seed, size, today)` always yields the same organisation, so the demo, the tests and
//! the benchmarks agree. Dates are placed relative to `today` so "due today" and "200 days overdue"
//! stay true whenever the demo is refreshed. The first customers are given one invoice of every
//! scenario in [`Scenario::ALL`], so even a tiny demo shows them all.

mod names;

use std::collections::HashSet;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;

use crate::contact::{
    Address, AddressType, ChasingStatus, Contact, ContactPerson, ContactStatus, Phone, PhoneType,
};
use crate::invoice::{Invoice, InvoiceStatus};
use crate::organisation::Organisation;
use crate::CurrencyCode;

/// How big a demo to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSize {
    pub customers: usize,
    /// Average invoices per customer (each customer gets between 1 and `2 * avg - 1`).
    pub invoices_per_customer: usize,
}

impl DemoSize {
    /// About sixty customers: the demo an owner explores.
    pub const DEMO: Self = Self {
        customers: 60,
        invoices_per_customer: 5,
    };
    /// 20,000 customers and about 200,000 invoices: the benchmark dataset.
    pub const BENCH: Self = Self {
        customers: 20_000,
        invoices_per_customer: 10,
    };
}

/// The demo business is in the UK.
pub const DEMO_TIMEZONE: Tz = chrono_tz::Europe::London;

/// The seed used by `settle demo` and the app's demo button.
pub const DEMO_SEED: u64 = 0x005e_771e;

/// What an invoice in the demo is meant to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    PaidLongAgo,
    PaidLastMonth,
    NotYetDue,
    DueToday,
    Overdue,
    Overdue200Days,
    PartPaid,
    Credited,
    Voided,
    FutureDated,
    Draft,
}

impl Scenario {
    pub const ALL: [Scenario; 11] = [
        Self::PaidLastMonth,
        Self::PartPaid,
        Self::Credited,
        Self::Voided,
        Self::FutureDated,
        Self::DueToday,
        Self::Overdue200Days,
        Self::Overdue,
        Self::NotYetDue,
        Self::PaidLongAgo,
        Self::Draft,
    ];

    /// The everyday mix: most invoices are paid, a good share is open, a few are odd.
    fn pick(rng: &mut ChaCha8Rng) -> Self {
        match rng.random_range(0..100) {
            0..=44 => Self::PaidLongAgo,
            45..=52 => Self::PaidLastMonth,
            53..=66 => Self::NotYetDue,
            67..=68 => Self::DueToday,
            69..=83 => Self::Overdue,
            84..=85 => Self::Overdue200Days,
            86..=90 => Self::PartPaid,
            91..=93 => Self::Credited,
            94..=95 => Self::Voided,
            96..=97 => Self::FutureDated,
            _ => Self::Draft,
        }
    }
}

/// A reminder the demo business "already sent", so the timeline and last-reminder column have a
/// history to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMessage {
    /// Index into the customer's `invoices`.
    pub invoice: usize,
    pub sent_at: DateTime<Utc>,
    pub subject: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoCustomer {
    pub contact: Contact,
    pub invoices: Vec<Invoice>,
    pub messages: Vec<DemoMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOrganisation {
    pub organisation: Organisation,
    pub roles: Vec<String>,
    /// Name of the default cadence every chased customer follows.
    pub default_cadence: String,
    pub customers: Vec<DemoCustomer>,
}

/// Generates the demo organisation for `today` (the organisation's local date).
pub fn generate(seed: u64, size: DemoSize, today: NaiveDate) -> DemoOrganisation {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let timezone = DEMO_TIMEZONE;
    let organisation = Organisation {
        name: "Harbour & Hearth Homewares Ltd".into(),
        country: "GB".into(),
        timezone,
        base_currency: currency("GBP"),
        xero_tenant_id: None,
        xero_short_code: None,
        is_demo: true,
    };
    let mut used_names = HashSet::new();
    let mut next_number = 1_u32;
    let mut forced = Scenario::ALL.iter().copied();
    let customers = (0..size.customers)
        .map(|index| {
            let name = names::business_name(&mut rng, &mut used_names);
            let mut customer = make_contact(&mut rng, index, name);
            let (code, rate) = names::currency_for(&mut rng);
            let max = size.invoices_per_customer.max(1) * 2 - 1;
            let count = rng.random_range(1..=max);
            for _ in 0..count {
                let scenario = forced.next().unwrap_or_else(|| Scenario::pick(&mut rng));
                let invoice = make_invoice(&mut rng, scenario, today, next_number, code, rate);
                next_number += 1;
                customer.invoices.push(invoice);
            }
            add_sent_reminders(&mut rng, &mut customer, today, timezone);
            customer
        })
        .collect();
    DemoOrganisation {
        organisation,
        roles: vec!["Accounts Payable".into(), "Director".into()],
        default_cadence: "Standard reminders".into(),
        customers,
    }
}

fn currency(code: &str) -> CurrencyCode {
    CurrencyCode::new(code).expect("demo currency codes are valid")
}

fn xero_id(rng: &mut ChaCha8Rng) -> String {
    let v: u128 = rng.random();
    let h = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn make_contact(rng: &mut ChaCha8Rng, index: usize, name: String) -> DemoCustomer {
    let (first_name, last_name) = names::person_name(rng);
    let domain = names::email_domain(&name);
    // About one customer in twelve has no email address at all: chasing must say so, not fail.
    let email = (rng.random_range(0..12) != 0).then(|| format!("accounts@{domain}"));
    let archived = index % 20 == 7;
    let chasing = !archived && rng.random_range(0..10) < 8;
    let persons = (0..rng.random_range(0..=2))
        .map(|p| {
            let (first, last) = names::person_name(rng);
            ContactPerson {
                email: Some(format!(
                    "{}.{}@{domain}",
                    first.to_lowercase(),
                    last.to_lowercase()
                )),
                first_name: first,
                last_name: last,
                include_in_emails: p == 0,
                roles: match p {
                    0 => vec!["Accounts Payable".into()],
                    _ => vec!["Director".into()],
                },
            }
        })
        .collect();
    let phones = vec![Phone {
        phone_type: if rng.random_bool(0.5) {
            PhoneType::Default
        } else {
            PhoneType::Mobile
        },
        country_code: "44".into(),
        area_code: format!("{}", rng.random_range(1100..=7999)),
        number: format!("{:06}", rng.random_range(100_000..=999_999)),
    }];
    let addresses = vec![Address {
        address_type: AddressType::Pobox,
        lines: vec![format!(
            "{} {}",
            rng.random_range(1..=240),
            names::street(rng)
        )],
        city: names::town(rng).into(),
        region: String::new(),
        postal_code: names::postcode(rng),
        country: "United Kingdom".into(),
    }];
    DemoCustomer {
        contact: Contact {
            xero_contact_id: xero_id(rng),
            name,
            first_name,
            last_name,
            email,
            status: if archived {
                ContactStatus::Archived
            } else {
                ContactStatus::Active
            },
            chasing: ChasingStatus::from_flag(chasing),
            persons,
            phones,
            addresses,
        },
        invoices: Vec::new(),
        messages: Vec::new(),
    }
}

fn cents(rng: &mut ChaCha8Rng, low: i64, high: i64) -> Decimal {
    Decimal::new(rng.random_range(low..=high), 2)
}

fn make_invoice(
    rng: &mut ChaCha8Rng,
    scenario: Scenario,
    today: NaiveDate,
    number: u32,
    currency_code: &str,
    rate: Decimal,
) -> Invoice {
    let terms = [7_u64, 14, 30, 30, 30][rng.random_range(0..5)];
    // Days between the due date and today (positive = overdue), per scenario.
    let days_past_due: i64 = match scenario {
        Scenario::PaidLongAgo => rng.random_range(60..=400),
        Scenario::PaidLastMonth => rng.random_range(0..=40),
        Scenario::NotYetDue => -rng.random_range(1..=(terms as i64)),
        Scenario::DueToday => 0,
        Scenario::Overdue | Scenario::Credited => rng.random_range(1..=120),
        Scenario::Overdue200Days => 200,
        Scenario::PartPaid => rng.random_range(1..=60),
        Scenario::Voided | Scenario::Draft => rng.random_range(-10..=60),
        Scenario::FutureDated => -(terms as i64) - rng.random_range(2..=20),
    };
    let due_date = shift(today, -days_past_due);
    let issue_date = shift(due_date, -(terms as i64));
    let total = cents(rng, 4_500, 480_000);
    let mut amount_paid = Decimal::ZERO;
    let mut amount_credited = Decimal::ZERO;
    let mut fully_paid_on = None;
    let status = match scenario {
        Scenario::PaidLongAgo | Scenario::PaidLastMonth => {
            amount_paid = total;
            let paid = if scenario == Scenario::PaidLastMonth {
                shift(today, -rng.random_range(0..=25))
            } else {
                shift(due_date, rng.random_range(-5..=20))
            };
            fully_paid_on = Some(paid.max(issue_date).min(today));
            InvoiceStatus::Paid
        }
        Scenario::PartPaid => {
            amount_paid = (total * Decimal::new(rng.random_range(20..=70), 2)).round_dp(2);
            InvoiceStatus::Authorised
        }
        Scenario::Credited => {
            amount_credited = (total * Decimal::new(rng.random_range(10..=50), 2)).round_dp(2);
            InvoiceStatus::Authorised
        }
        Scenario::Voided => InvoiceStatus::Voided,
        Scenario::Draft => InvoiceStatus::Draft,
        _ => InvoiceStatus::Authorised,
    };
    let amount_due = match status {
        InvoiceStatus::Authorised => total - amount_paid - amount_credited,
        InvoiceStatus::Draft => total,
        _ => Decimal::ZERO,
    };
    let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("valid time");
    Invoice {
        xero_invoice_id: xero_id(rng),
        number: format!("INV-{number:05}"),
        reference: if rng.random_bool(0.4) {
            format!("PO {}", rng.random_range(1000..=9999))
        } else {
            String::new()
        },
        status,
        issue_date,
        due_date,
        expected_payment_date: None,
        fully_paid_on,
        currency: currency(currency_code),
        currency_rate: rate,
        total,
        amount_due,
        amount_paid,
        amount_credited,
        sent_to_contact: !matches!(status, InvoiceStatus::Draft) && rng.random_range(0..6) != 0,
        updated_at: Utc.from_utc_datetime(&issue_date.and_time(noon)),
        chasing_enabled: true,
    }
}

fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        date.checked_add_days(Days::new(days as u64))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    }
    .expect("demo dates stay within chrono's range")
}

/// Reminders "already sent" for overdue invoices of chased customers with an email address: one a
/// week after the due date, at 09:00 in the organisation's time zone.
fn add_sent_reminders(rng: &mut ChaCha8Rng, customer: &mut DemoCustomer, today: NaiveDate, tz: Tz) {
    let Some(to) = customer.contact.email.clone() else {
        return;
    };
    if !customer.contact.chasing.is_chasing() {
        return;
    }
    for (index, invoice) in customer.invoices.iter().enumerate() {
        if !invoice.is_overdue(today) || invoice.days_overdue(today) < 7 || rng.random_bool(0.3) {
            continue;
        }
        let day = shift(invoice.due_date, 7);
        let local = day.and_hms_opt(9, 0, 0).expect("valid time");
        let Some(sent_at) = tz.from_local_datetime(&local).earliest() else {
            continue;
        };
        customer.messages.push(DemoMessage {
            invoice: index,
            sent_at: sent_at.with_timezone(&Utc),
            subject: format!("Reminder: invoice {} is now overdue", invoice.number),
            to: to.clone(),
        });
    }
}

#[cfg(test)]
mod tests;
