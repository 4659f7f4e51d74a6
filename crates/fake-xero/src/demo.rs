//! The demo organisation `--seed-demo` serves: a small New Zealand trade business with customers
//! in every state Settle must handle (overdue at several ages, due soon, part-paid, credited,
//! paid, voided, draft, an archived and a GDPR-request contact, a bill to ignore). Dates are
//! relative to the clock's "today" so the demo always looks current; ids are fixed so a Settle
//! database survives restarts of the fake. Date-only fields carry the +12/+13 offset.

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::error::FakeXeroError;
use crate::model::{
    Contact, ContactPerson, ContactStatus, Invoice, InvoiceStatus, InvoiceType, LineItem,
    Organisation, Phone, PhoneType,
};
use crate::state::{CreditKind, FakeState};

/// The demo organisation's tenant id (also its OrganisationID).
pub const DEMO_TENANT_ID: Uuid = Uuid::from_u128(0x0de0_0000_0000_4000_8000_0000_0000_0001);

fn id(kind: u128, n: u128) -> Uuid {
    Uuid::from_u128(0x0de0_0000_0000_4000_8000_0000_0000_0000 | (kind << 16) | n)
}

fn money(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// (name, first, last, email, extra person as (name, email), status)
type CustomerRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
    ContactStatus,
);

const CUSTOMERS: &[CustomerRow] = &[
    (
        "Harbour View Cafe",
        "Mere",
        "Tane",
        "accounts@harbourview.example",
        Some(("Sam Ng", "sam@harbourview.example")),
        ContactStatus::Active,
    ),
    (
        "Kōwhai Dental",
        "Aroha",
        "Wilson",
        "ap@kowhaidental.example",
        None,
        ContactStatus::Active,
    ),
    (
        "Ridgeline Builders",
        "Tom",
        "Baker",
        "tom@ridgeline.example",
        Some(("Office", "office@ridgeline.example")),
        ContactStatus::Active,
    ),
    (
        "Southern Lights Motel",
        "Priya",
        "Shah",
        "priya@southernlights.example",
        None,
        ContactStatus::Active,
    ),
    (
        "Beacon Street Gym",
        "Leo",
        "Martin",
        "leo@beaconstreet.example",
        None,
        ContactStatus::Active,
    ),
    (
        "Old Mill Bakery",
        "Ann",
        "Ropata",
        "ann@oldmill.example",
        None,
        ContactStatus::Archived,
    ),
    (
        "Former Client Ltd",
        "",
        "",
        "privacy@former.example",
        None,
        ContactStatus::GdprRequest,
    ),
    (
        "Pipe Supplies NZ",
        "",
        "",
        "sales@pipesupplies.example",
        None,
        ContactStatus::Active,
    ),
];

pub fn seed(state: &FakeState) -> Result<Uuid, FakeXeroError> {
    let now = state.now();
    let mut org = Organisation::new("Demo Plumbing Ltd");
    org.id = DEMO_TENANT_ID;
    org.short_code = "!dEm0P".to_owned();
    org.is_demo_company = true;
    org.created_utc = now - Duration::days(400);
    org.date_offsets = true;
    let today = org.today(now);
    org.period_lock_date = Some(today - Duration::days(120));
    let tenant = state.add_organisation(org);

    let mut contacts = Vec::new();
    for (n, (name, first, last, email, person, status)) in CUSTOMERS.iter().enumerate() {
        let mut contact = Contact::new(name).with_email(email);
        contact.id = id(1, n as u128);
        contact.first_name = (*first).to_owned();
        contact.last_name = (*last).to_owned();
        contact.contact_number = Some(format!("C-{:03}", n + 1));
        contact.status = *status;
        contact.phones[0] = Phone {
            kind: PhoneType::Default,
            number: format!("555-01{n:02}"),
            area_code: "09".to_owned(),
            country_code: "64".to_owned(),
        };
        if let Some((person_name, person_email)) = person {
            let (first, last) = person_name.split_once(' ').unwrap_or((person_name, ""));
            contact.persons.push(ContactPerson {
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                email: (*person_email).to_owned(),
                include_in_emails: true,
            });
        }
        contacts.push(state.add_contact(tenant, contact)?);
    }

    // (contact, days ago issued, days until due (negative = overdue), cents, status)
    let plan: &[(usize, i64, i64, i64, InvoiceStatus)] = &[
        (0, 75, -45, 115_000, InvoiceStatus::Authorised),
        (0, 20, 0, 34_500, InvoiceStatus::Authorised),
        (1, 50, -20, 287_500, InvoiceStatus::Authorised),
        (1, 10, 10, 46_000, InvoiceStatus::Authorised),
        (2, 100, -70, 920_000, InvoiceStatus::Authorised),
        (2, 40, -10, 161_000, InvoiceStatus::Authorised),
        (3, 33, -3, 23_000, InvoiceStatus::Authorised),
        (3, 60, -30, 69_000, InvoiceStatus::Authorised),
        (4, 15, 5, 57_500, InvoiceStatus::Authorised),
        (4, 45, -15, 80_500, InvoiceStatus::Voided),
        (4, 2, 28, 12_000, InvoiceStatus::Draft),
        (5, 200, -170, 30_000, InvoiceStatus::Authorised),
        (6, 90, -60, 18_500, InvoiceStatus::Authorised),
    ];
    let mut invoices = Vec::new();
    for (n, (contact, issued, due_in, cents, status)) in plan.iter().enumerate() {
        let date = today - Duration::days(*issued);
        let due = today + Duration::days(*due_in);
        let mut invoice = Invoice::accrec(
            contacts[*contact],
            &format!("INV-{:04}", n + 1),
            date,
            due,
            Decimal::ZERO,
        );
        invoice.id = id(2, n as u128);
        let net = money(cents * 100 / 115);
        invoice.lines = vec![LineItem::new(
            "Plumbing services",
            Decimal::ONE,
            net,
            money(*cents) - net,
        )];
        invoice.status = *status;
        invoice.sent_to_contact = *status != InvoiceStatus::Draft;
        invoice.reference = format!("Job {}", 1000 + n);
        invoices.push(state.add_invoice(tenant, invoice)?);
    }
    let day = |ago: i64| -> NaiveDate { today - Duration::days(ago) };
    // Part-paid, credited, fully paid, and a promise to pay.
    state.add_payment(
        tenant,
        invoices[4],
        day(30),
        money(400_000),
        "Progress payment",
    )?;
    state.add_credit(
        tenant,
        invoices[5],
        CreditKind::CreditNote,
        "CN-0001",
        day(5),
        money(11_000),
    )?;
    state.add_payment(tenant, invoices[7], day(2), money(69_000), "Direct credit")?;
    state.add_credit(
        tenant,
        invoices[6],
        CreditKind::Overpayment,
        "",
        day(1),
        money(3_000),
    )?;
    state.update_invoice_quietly(tenant, invoices[2], |i| {
        i.expected_payment_date = Some(today + Duration::days(7))
    })?;

    let mut bill = Invoice::accrec(contacts[7], "PS-7781", day(12), day(-18), money(64_400));
    bill.id = id(3, 0);
    bill.kind = InvoiceType::Accpay;
    state.add_invoice(tenant, bill)?;
    Ok(tenant)
}
