//! Settle's demo business as Xero data: seeds an in-process fake-xero with the organisation,
//! contacts and invoices that `settle_core::demo::generate` describes, with the same Xero ids, so
//! the demo reaches Settle through the real sync (decision 0020). Payments and credits are
//! allocated the way Xero would hold them; the fake derives PAID, AmountDue and FullyPaidOnDate.
//!
//! Owns: that mapping and the demo's fixed tenant id. Must not: write to Settle's database (the
//! sync does) or start the server (`demo_server.rs` does). fake-xero itself cannot do this: it
//! depends on no Settle crate (decision 0012).

use chrono::{Duration, NaiveDate};
use fake_xero::{
    Address, AddressType, Contact, ContactPerson, ContactStatus, CreditKind, FakeState,
    FakeXeroError, Invoice, InvoiceStatus, LineItem, Organisation, Phone, PhoneType,
};
use rust_decimal::Decimal;
use settle_core::contact as core;
use settle_core::demo::{DemoOrganisation, DEMO_TIMEZONE};
use settle_core::invoice::{Invoice as CoreInvoice, InvoiceStatus as CoreStatus};
use uuid::Uuid;

/// The demo organisation's Xero tenant id. Fixed, so a restarted demo server serves the tenant
/// the data folder already holds; distinct from fake-xero's own `--seed-demo` organisation.
pub const DEMO_TENANT_ID: Uuid = Uuid::from_u128(0x5e77_1e00_de30_4000_8000_0000_0000_0001);

/// Xero's name for the demo's time zone (Europe/London).
const DEMO_XERO_TIMEZONE: &str = "GMTSTANDARDTIME";

/// Adds `demo` to the fake as its only organisation (tenant [`DEMO_TENANT_ID`]).
pub(crate) fn seed(state: &FakeState, demo: &DemoOrganisation) -> Result<Uuid, FakeXeroError> {
    let now = state.now();
    let settle = &demo.organisation;
    let mut org = Organisation::new(&settle.name);
    org.id = DEMO_TENANT_ID;
    org.short_code = "!H4rth".to_owned();
    org.base_currency = settle.base_currency.to_string();
    org.country_code = settle.country.clone();
    org.timezone = DEMO_TIMEZONE;
    org.timezone_name = DEMO_XERO_TIMEZONE.to_owned();
    org.version = "UK".to_owned();
    org.is_demo_company = true;
    org.created_utc = now - Duration::days(400);
    // Date-only fields carry the local offset, as Xero writes them (D-DATES).
    org.date_offsets = true;
    let today = org.today(now);
    let tenant = state.add_organisation(org);
    for customer in &demo.customers {
        let contact = state.add_contact(tenant, contact(&customer.contact)?)?;
        for invoice in &customer.invoices {
            add_invoice(state, tenant, contact, invoice, today)?;
        }
    }
    Ok(tenant)
}

fn xero_id(id: &str) -> Result<Uuid, FakeXeroError> {
    Uuid::parse_str(id).map_err(|e| FakeXeroError::Refused(format!("demo id {id}: {e}")))
}

fn contact(c: &core::Contact) -> Result<Contact, FakeXeroError> {
    let mut contact = Contact::new(&c.name);
    contact.id = xero_id(&c.xero_contact_id)?;
    contact.first_name = c.first_name.clone();
    contact.last_name = c.last_name.clone();
    contact.email = c.email.clone().unwrap_or_default();
    contact.status = match c.status {
        core::ContactStatus::Active => ContactStatus::Active,
        core::ContactStatus::Archived => ContactStatus::Archived,
        core::ContactStatus::Gdprrequest => ContactStatus::GdprRequest,
    };
    contact.persons = c
        .persons
        .iter()
        .map(|p| ContactPerson {
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            email: p.email.clone().unwrap_or_default(),
            include_in_emails: p.include_in_emails,
        })
        .collect();
    contact.phones = c
        .phones
        .iter()
        .map(|p| Phone {
            kind: match p.phone_type {
                core::PhoneType::Default => PhoneType::Default,
                core::PhoneType::Ddi => PhoneType::Ddi,
                core::PhoneType::Mobile => PhoneType::Mobile,
                core::PhoneType::Fax => PhoneType::Fax,
            },
            number: p.number.clone(),
            area_code: p.area_code.clone(),
            country_code: p.country_code.clone(),
        })
        .collect();
    contact.addresses = c.addresses.iter().map(address).collect();
    Ok(contact)
}

fn address(a: &core::Address) -> Address {
    let mut address = Address::empty(match a.address_type {
        core::AddressType::Pobox => AddressType::Pobox,
        core::AddressType::Street => AddressType::Street,
    });
    for (slot, line) in address.lines.iter_mut().zip(&a.lines) {
        slot.clone_from(line);
    }
    address.city.clone_from(&a.city);
    address.region.clone_from(&a.region);
    address.postal_code.clone_from(&a.postal_code);
    address.country.clone_from(&a.country);
    address
}

/// One invoice with its allocations: paid invoices get one payment of the total on their paid
/// date (the fake then derives PAID), part-paid ones a payment and credited ones a credit note,
/// dated on the issue date or today, whichever is earlier.
fn add_invoice(
    state: &FakeState,
    tenant: Uuid,
    contact: Uuid,
    i: &CoreInvoice,
    today: NaiveDate,
) -> Result<(), FakeXeroError> {
    let mut invoice = Invoice::accrec(contact, &i.number, i.issue_date, i.due_date, Decimal::ZERO);
    invoice.id = xero_id(&i.xero_invoice_id)?;
    invoice.reference.clone_from(&i.reference);
    invoice.currency = i.currency.to_string();
    invoice.currency_rate = i.currency_rate;
    invoice.lines = vec![LineItem::new(
        "Homewares",
        Decimal::ONE,
        i.total,
        Decimal::ZERO,
    )];
    invoice.expected_payment_date = i.expected_payment_date;
    invoice.sent_to_contact = i.sent_to_contact;
    invoice.status = match i.status {
        CoreStatus::Draft => InvoiceStatus::Draft,
        CoreStatus::Submitted => InvoiceStatus::Submitted,
        CoreStatus::Voided => InvoiceStatus::Voided,
        CoreStatus::Deleted => InvoiceStatus::Deleted,
        CoreStatus::Authorised | CoreStatus::Paid => InvoiceStatus::Authorised,
    };
    let id = state.add_invoice(tenant, invoice)?;
    let on = i.issue_date.min(today);
    if !i.amount_paid.is_zero() {
        let paid_on = i.fully_paid_on.unwrap_or(on);
        state.add_payment(tenant, id, paid_on, i.amount_paid, "Bank transfer")?;
    }
    if !i.amount_credited.is_zero() {
        let number = format!("CN-{}", i.number.trim_start_matches("INV-"));
        state.add_credit(
            tenant,
            id,
            CreditKind::CreditNote,
            &number,
            on,
            i.amount_credited,
        )?;
    }
    Ok(())
}
