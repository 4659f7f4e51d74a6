//! Records as fake-xero sends them, read into DTOs and mapped to settle-core: exact money, dates
//! with non-zero offsets and before 1970, the organisation's time zone, and unknown enum values
//! that refuse one record without failing the page.

mod support;

use fake_xero::{ContactPerson, Invoice};
use settle_core::contact::{ChasingStatus, ContactStatus, PhoneType};
use settle_core::invoice::InvoiceStatus as CoreStatus;
use settle_xero::{
    CancellationToken, ContactsEnvelope, InvoiceStatus, InvoicesEnvelope, ListQuery, MappingError,
};
use support::{day, money, t0, Harness};

#[tokio::test]
async fn dates_with_offsets_and_before_1970_keep_their_calendar_day() {
    // An Auckland organisation writing date-only fields as local midnight, `/Date(…+1300)/`.
    let h = Harness::start_with(|_| {}, |org| org.date_offsets = true).await;
    let contact = h.add_contact("Founders Club");
    let mut old = Invoice::accrec(
        contact,
        "INV-1965",
        day(1965, 3, 1),
        day(1965, 3, 31),
        money("42.00"),
    );
    old.expected_payment_date = Some(day(1969, 12, 31));
    let old = h.state().add_invoice(h.tenant, old).unwrap();
    // Summer time: +13:00 on 1 Jan 2026.
    let summer = h
        .state()
        .add_invoice(
            h.tenant,
            Invoice::accrec(
                contact,
                "INV-NEWYEAR",
                day(2026, 1, 1),
                day(2026, 1, 31),
                money("1.00"),
            ),
        )
        .unwrap();
    let client = h.signed_in();

    let invoice = client.invoice(h.tenant, old).await.unwrap();
    let date = invoice.date.unwrap();
    // New Zealand had no daylight saving until 1974: +12:00.
    assert_eq!(date.offset().local_minus_utc(), 12 * 3600);
    assert!(date.instant().timestamp_millis() < 0, "before 1970");
    let core = invoice.to_core(true).unwrap();
    assert_eq!(core.issue_date, day(1965, 3, 1));
    assert_eq!(core.due_date, day(1965, 3, 31));
    assert_eq!(core.expected_payment_date, Some(day(1969, 12, 31)));
    assert_eq!(core.updated_at, t0());

    let dto = client.invoice(h.tenant, summer).await.unwrap();
    assert_eq!(dto.date.unwrap().offset().local_minus_utc(), 13 * 3600);
    let core = dto.to_core(true).unwrap();
    assert_eq!(core.issue_date, day(2026, 1, 1), "not the UTC day before");
}

#[tokio::test]
async fn invoices_and_contacts_map_to_settle_core_exactly() {
    let h = Harness::start().await;
    let contact = h
        .state()
        .add_contact(
            h.tenant,
            fake_xero::Contact::new("Harbour Cafe").with_email("accounts@harbour.example"),
        )
        .unwrap();
    h.state()
        .update_contact(h.tenant, contact, |c| {
            c.persons.push(ContactPerson {
                first_name: "Ana".into(),
                last_name: "Reyes".into(),
                email: "ana@harbour.example".into(),
                include_in_emails: true,
            });
        })
        .unwrap();
    let invoice = h.add_invoice(contact, "INV-7", "1150.10");
    h.state()
        .add_payment(h.tenant, invoice, day(2026, 5, 1), money("150.05"), "EFT")
        .unwrap();
    let client = h.signed_in();
    let cancel = CancellationToken::new();

    let listed = client
        .invoices(h.tenant, &ListQuery::default())
        .collect(&cancel)
        .await
        .unwrap();
    let dto = &listed.items[0];
    assert_eq!(dto.contact.contact_id, contact);
    assert_eq!(dto.payments.len(), 1);
    let core = dto.to_core(true).unwrap();
    assert_eq!(core.status, CoreStatus::Authorised);
    assert_eq!(core.total.to_string(), "1150.10");
    assert_eq!(core.amount_paid.to_string(), "150.05");
    assert_eq!(core.amount_due.to_string(), "1000.05");
    assert_eq!(core.currency.as_str(), "NZD");
    assert!(core.is_open());
    assert_eq!(core.xero_invoice_id, invoice.to_string());

    let contacts = client
        .contacts(h.tenant, &ListQuery::default())
        .collect(&cancel)
        .await
        .unwrap();
    let core = contacts.items[0].to_core(ChasingStatus::Chasing).unwrap();
    assert_eq!(core.email.as_deref(), Some("accounts@harbour.example"));
    assert_eq!(core.status, ContactStatus::Active);
    assert_eq!(core.persons.len(), 1);
    assert_eq!(
        core.persons[0].email.as_deref(),
        Some("ana@harbour.example")
    );
    assert!(
        core.phones.is_empty(),
        "Xero's empty placeholder phones dropped"
    );
    assert!(core.addresses.is_empty(), "and its empty addresses");

    let org = client.organisation(h.tenant).await.unwrap();
    let core = org.to_core(h.tenant).unwrap();
    assert_eq!(core.timezone, chrono_tz::Pacific::Auckland);
    assert_eq!(core.base_currency.as_str(), "NZD");
    assert_eq!(core.xero_short_code.as_deref(), Some("!fAk3X"));
}

#[tokio::test]
async fn unknown_enum_values_refuse_one_record_not_the_page() {
    let h = Harness::start().await;
    let contact = h.add_contact("Cafe");
    h.state()
        .update_contact(h.tenant, contact, |c| {
            c.phones[0].number = "555 0100".into()
        })
        .unwrap();
    h.add_contact("Bakery");
    h.add_invoice(contact, "INV-1", "10.00");
    h.add_invoice(contact, "INV-2", "20.00");
    let tokens = h.state().mint_tokens_for_settle();
    let http = reqwest::Client::new();
    let get = |path: &str| {
        http.get(format!("{}{path}", h.xero.urls().api))
            .bearer_auth(&tokens.access_token)
            .header("xero-tenant-id", h.tenant.to_string())
            .header("Accept", "application/json")
            .send()
    };

    // A status Xero might add one day, on the first invoice only.
    let body = get("/Invoices?page=1").await.unwrap().text().await.unwrap();
    let body = body.replacen("\"Status\":\"AUTHORISED\"", "\"Status\":\"ONHOLD\"", 1);
    let page: InvoicesEnvelope = serde_json::from_str(&body).unwrap();
    assert_eq!(page.invoices.len(), 2, "the page still parses");
    assert_eq!(
        page.invoices[0].status,
        InvoiceStatus::Other("ONHOLD".into())
    );
    assert_eq!(
        page.invoices[0].to_core(true).unwrap_err(),
        MappingError::UnknownValue {
            field: "Invoice Status",
            value: "ONHOLD".into()
        }
    );
    assert!(page.invoices[1].to_core(true).is_ok());

    let body = get("/Contacts?page=1").await.unwrap().text().await.unwrap();
    let body = body
        .replacen(
            "\"ContactStatus\":\"ACTIVE\"",
            "\"ContactStatus\":\"MERGED\"",
            1,
        )
        .replace("\"PhoneType\":\"DDI\"", "\"PhoneType\":\"SATELLITE\"");
    let page: ContactsEnvelope = serde_json::from_str(&body).unwrap();
    assert_eq!(page.contacts.len(), 2);
    let err = page.contacts[0]
        .to_core(ChasingStatus::Chasing)
        .unwrap_err();
    assert!(err.to_string().contains("\"MERGED\""), "{err}");
    let bakery = page.contacts[1].to_core(ChasingStatus::NotChasing).unwrap();
    assert_eq!(bakery.chasing, ChasingStatus::NotChasing);

    // With only the phone type unknown, the contact maps and keeps the phones it understands.
    let body = get("/Contacts?page=1").await.unwrap().text().await.unwrap();
    let body = body.replace("\"PhoneType\":\"DEFAULT\"", "\"PhoneType\":\"SATELLITE\"");
    let page: ContactsEnvelope = serde_json::from_str(&body).unwrap();
    let cafe = page
        .contacts
        .iter()
        .find(|c| c.contact_id == contact)
        .unwrap();
    assert!(cafe
        .to_core(ChasingStatus::Chasing)
        .unwrap()
        .phones
        .is_empty());
    let body = get("/Contacts?page=1").await.unwrap().text().await.unwrap();
    let page: ContactsEnvelope = serde_json::from_str(&body).unwrap();
    let cafe = page
        .contacts
        .iter()
        .find(|c| c.contact_id == contact)
        .unwrap()
        .to_core(ChasingStatus::Chasing)
        .unwrap();
    assert_eq!(cafe.phones.len(), 1);
    assert_eq!(cafe.phones[0].phone_type, PhoneType::Default);
    assert_eq!(cafe.phones[0].number, "555 0100");
}
