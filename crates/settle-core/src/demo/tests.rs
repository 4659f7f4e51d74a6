use std::collections::HashSet;
use std::str::FromStr;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_str("2026-11-22").unwrap()
}

#[test]
fn same_seed_same_organisation() {
    let a = generate(DEMO_SEED, DemoSize::DEMO, today());
    let b = generate(DEMO_SEED, DemoSize::DEMO, today());
    assert_eq!(a, b);
    let c = generate(DEMO_SEED + 1, DemoSize::DEMO, today());
    assert_ne!(a.customers[0].contact.name, c.customers[0].contact.name);
}

#[test]
fn demo_covers_every_scenario_the_overview_must_show() {
    let today = today();
    let demo = generate(DEMO_SEED, DemoSize::DEMO, today);
    assert_eq!(demo.customers.len(), 60);
    let invoices: Vec<_> = demo.customers.iter().flat_map(|c| &c.invoices).collect();
    let window = crate::overview::settled_window_start(today);
    let has = |pred: &dyn Fn(&Invoice) -> bool| invoices.iter().any(|i| pred(i));
    assert!(
        has(&|i| i.status == InvoiceStatus::Paid && i.fully_paid_on.is_some_and(|d| d >= window)),
        "paid last month"
    );
    assert!(
        has(&|i| i.is_open() && i.amount_paid > Decimal::ZERO),
        "part-paid"
    );
    assert!(
        has(&|i| i.is_open() && i.amount_credited > Decimal::ZERO),
        "credited"
    );
    assert!(has(&|i| i.status == InvoiceStatus::Voided), "voided");
    assert!(has(&|i| i.issue_date > today), "future-dated");
    assert!(has(&|i| i.is_open() && i.due_date == today), "due today");
    assert!(has(&|i| i.days_overdue(today) == 200), "200 days overdue");
    assert!(has(&|i| i.status == InvoiceStatus::Draft), "draft");
    let contacts: Vec<_> = demo.customers.iter().map(|c| &c.contact).collect();
    assert!(
        contacts.iter().any(|c| c.email.is_none()),
        "a contact without email"
    );
    assert!(
        contacts.iter().any(|c| c.status == ContactStatus::Archived),
        "archived"
    );
    assert!(
        contacts.iter().any(|c| !c.chasing.is_chasing()),
        "not chasing"
    );
    let currencies: HashSet<_> = invoices.iter().map(|i| i.currency.as_str()).collect();
    assert!(currencies.len() >= 2, "several currencies: {currencies:?}");
    assert!(
        demo.customers.iter().any(|c| !c.messages.is_empty()),
        "a sent reminder"
    );
}

#[test]
fn invoices_are_internally_consistent() {
    let today = today();
    let demo = generate(
        7,
        DemoSize {
            customers: 500,
            invoices_per_customer: 6,
        },
        today,
    );
    let mut numbers = HashSet::new();
    for invoice in demo.customers.iter().flat_map(|c| &c.invoices) {
        assert!(numbers.insert(invoice.number.clone()), "unique number");
        assert!(invoice.issue_date <= invoice.due_date);
        assert!(invoice.total > Decimal::ZERO);
        assert!(invoice.amount_due >= Decimal::ZERO);
        if invoice.status == InvoiceStatus::Authorised {
            assert_eq!(
                invoice.amount_due,
                invoice.total - invoice.amount_paid - invoice.amount_credited
            );
        }
        if invoice.status == InvoiceStatus::Paid {
            let paid = invoice.fully_paid_on.expect("paid invoices have a date");
            assert!(paid <= today && paid >= invoice.issue_date);
        }
        assert!(invoice.amount_due.scale() <= 2);
    }
    let names: HashSet<_> = demo.customers.iter().map(|c| &c.contact.name).collect();
    assert_eq!(names.len(), 500, "names are unique");
}

#[test]
fn demo_email_addresses_never_leave_the_reserved_example_domain() {
    let demo = generate(DEMO_SEED, DemoSize::DEMO, today());
    for c in &demo.customers {
        let emails = c
            .contact
            .email
            .iter()
            .chain(c.contact.persons.iter().filter_map(|p| p.email.as_ref()));
        for e in emails {
            assert!(e.ends_with(".example"), "{e}");
        }
    }
}
