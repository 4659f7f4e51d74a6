//! Table tests of how values are written (money, dates, days overdue) and of the status-based
//! choice of template.

mod template_support;

use settle_core::template::{
    days_overdue, format_date, format_money, format_totals, kind_for_invoice, TemplateKind,
};
use template_support::{date, money};

#[test]
fn money_is_grouped_with_the_currency_minor_units() {
    let cases = [
        ("1234.5", "GBP", "£1,234.50"),
        ("80", "GBP", "£80.00"),
        ("0.005", "GBP", "£0.01"), // half away from zero, as Xero rounds
        ("1234567.891", "EUR", "€1,234,567.89"),
        ("999.999", "USD", "USD 1,000.00"),
        ("1234.5", "NZD", "NZD 1,234.50"),
        ("1234.5", "JPY", "JPY 1,235"), // no minor unit
        ("100", "JPY", "JPY 100"),
        ("1234.5", "BHD", "BHD 1,234.500"), // three decimals
        ("12.3456", "KWD", "KWD 12.346"),
        ("0", "AUD", "AUD 0.00"),
        ("-5", "GBP", "-£5.00"),
        ("-0.001", "GBP", "£0.00"),
        ("-1234.5", "CHF", "-CHF 1,234.50"),
        ("123", "GBP", "£123.00"),
        ("123456", "GBP", "£123,456.00"),
    ];
    for (amount, currency, expected) in cases {
        assert_eq!(
            format_money(&money(amount, currency)),
            expected,
            "{amount} {currency}"
        );
    }
}

#[test]
fn totals_are_summed_per_currency_never_across() {
    let gbp = [money("80", "GBP"), money("20.5", "GBP")];
    assert_eq!(format_totals(&gbp), "£100.50");
    let mixed = [money("80", "GBP"), money("120", "EUR"), money("1", "GBP")];
    assert_eq!(format_totals(&mixed), "£81.00 + €120.00");
    assert_eq!(format_totals(&[]), "");
}

#[test]
fn dates_read_as_in_a_letter() {
    assert_eq!(format_date(date(2026, 3, 3)), "3 March 2026");
    assert_eq!(format_date(date(2025, 12, 31)), "31 December 2025");
}

#[test]
fn days_overdue_count_whole_days_after_the_due_date() {
    let due = date(2026, 3, 17);
    let cases = [
        (date(2026, 3, 1), 0),
        (date(2026, 3, 16), 0),
        (date(2026, 3, 17), 0),
        (date(2026, 3, 18), 1),
        (date(2026, 4, 17), 31),
        (date(2027, 3, 17), 365),
    ];
    for (today, expected) in cases {
        assert_eq!(days_overdue(due, today), expected, "{today}");
    }
}

#[test]
fn the_template_follows_the_invoice_status_on_the_day() {
    use TemplateKind::*;
    let issued = date(2026, 3, 1);
    let due = date(2026, 3, 31);
    let cases = [
        // (today, reminded before, expected)
        (date(2026, 3, 1), false, NewInvoice),
        (date(2026, 3, 20), false, NewInvoice),
        (date(2026, 3, 20), true, FriendlyReminder),
        (date(2026, 3, 30), true, FriendlyReminder),
        (date(2026, 3, 31), false, DueToday),
        (date(2026, 3, 31), true, DueToday),
        (date(2026, 4, 1), false, PastDue),
        (date(2026, 4, 1), true, PastDue),
        (date(2026, 9, 1), true, PastDue),
    ];
    for (today, reminded, expected) in cases {
        assert_eq!(
            kind_for_invoice(issued, due, today, reminded),
            expected,
            "{today} {reminded}"
        );
    }
    // Due on receipt: first sent on its issue day it is a new invoice, not "due today".
    let same_day = date(2026, 3, 5);
    assert_eq!(
        kind_for_invoice(same_day, same_day, same_day, false),
        NewInvoice
    );
    assert_eq!(
        kind_for_invoice(same_day, same_day, same_day, true),
        DueToday
    );
    assert_eq!(
        kind_for_invoice(same_day, same_day, date(2026, 3, 6), false),
        PastDue
    );
    // The final notice is only ever named by a step.
    for today in [date(2026, 1, 1), date(2027, 1, 1)] {
        for reminded in [false, true] {
            assert_ne!(kind_for_invoice(issued, due, today, reminded), FinalNotice);
        }
    }
}

#[test]
fn kind_keys_round_trip() {
    for kind in TemplateKind::ALL {
        assert_eq!(TemplateKind::parse(kind.as_str()), Some(kind));
        assert_eq!(kind.to_string(), kind.as_str());
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(serde_json::from_str::<TemplateKind>(&json).unwrap(), kind);
    }
    assert_eq!(TemplateKind::parse("New_Invoice"), None);
}
