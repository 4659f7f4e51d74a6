//! Paged, incremental listing against fake-xero: the 1000-record page boundary, If-Modified-Since
//! and the watermark, sales invoices only, archived contacts, ids in chunks, and a malformed page
//! named by endpoint and page.

mod support;

use chrono::Duration;
use fake_xero::{ContactStatus, Invoice, InvoiceType};
use settle_xero::{
    next_watermark, CancellationToken, InvoiceStatus, ListQuery, XeroError, WATERMARK_OVERLAP,
};
use support::{day, money, t0, Harness};
use uuid::Uuid;

fn calls_made(h: &Harness, client: &settle_xero::XeroClient) -> u32 {
    // fake-xero counts every call in X-MinLimit-Remaining (60 a minute, not enforced here).
    60 - client.rate_budget(h.tenant).minute_remaining.unwrap_or(60)
}

#[tokio::test]
async fn exactly_1000_invoices_is_one_page_and_1001_is_two() {
    let h = Harness::start().await;
    let contact = h.add_contact("Harbour Cafe");
    for n in 0..1000 {
        h.add_invoice(contact, &format!("INV-{n:04}"), "12.50");
    }
    let client = h.signed_in();
    let cancel = CancellationToken::new();

    let listing = client
        .invoices(h.tenant, &ListQuery::default())
        .collect(&cancel)
        .await
        .unwrap();
    assert_eq!(listing.items.len(), 1000);
    assert_eq!(listing.pages, 1, "pageCount says there is no page 2");
    assert_eq!(calls_made(&h, &client), 1);

    h.add_invoice(contact, "INV-1000", "12.50");
    let mut pager = client.invoices(h.tenant, &ListQuery::default());
    let first = pager.next_page(&cancel).await.unwrap().unwrap();
    assert_eq!((first.number, first.items.len()), (1, 1000));
    let second = pager.next_page(&cancel).await.unwrap().unwrap();
    assert_eq!((second.number, second.items.len()), (2, 1));
    assert!(pager.next_page(&cancel).await.unwrap().is_none());
    assert_eq!(calls_made(&h, &client), 3);
    let numbers: std::collections::HashSet<_> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|i| i.invoice_number.clone())
        .collect();
    assert_eq!(numbers.len(), 1001, "no record twice, none missing");
}

#[tokio::test]
async fn if_modified_since_returns_only_changed_records_and_the_watermark() {
    let h = Harness::start().await;
    let cafe = h.add_contact("Harbour Cafe");
    let bakery = h.add_contact("Bakery");
    let unchanged = h.add_invoice(cafe, "INV-1", "100.00");
    let edited = h.add_invoice(cafe, "INV-2", "200.00");
    let client = h.signed_in();
    let cancel = CancellationToken::new();

    let everything = client
        .invoices(h.tenant, &ListQuery::default())
        .collect(&cancel)
        .await
        .unwrap();
    assert_eq!(everything.items.len(), 2);
    assert_eq!(everything.max_updated, Some(t0()));
    let watermark = next_watermark(everything.max_updated.unwrap());
    assert_eq!(watermark, t0() - WATERMARK_OVERLAP);

    h.clock.advance(Duration::hours(1));
    h.state()
        .update_invoice(h.tenant, edited, |i| i.reference = "PO 7".into())
        .unwrap();
    let added = h.add_invoice(bakery, "INV-3", "50.00");
    h.state().touch_contact(h.tenant, bakery).unwrap();

    let since = t0() + Duration::minutes(30);
    let changed = client
        .invoices(h.tenant, &ListQuery::modified_since(Some(since)))
        .collect(&cancel)
        .await
        .unwrap();
    let ids: Vec<Uuid> = changed.items.iter().map(|i| i.invoice_id).collect();
    assert_eq!(ids, vec![edited, added], "ordered by UpdatedDateUTC");
    assert!(!ids.contains(&unchanged));
    assert_eq!(changed.max_updated, Some(t0() + Duration::hours(1)));

    let contacts = client
        .contacts(h.tenant, &ListQuery::modified_since(Some(since)))
        .collect(&cancel)
        .await
        .unwrap();
    assert_eq!(contacts.items.len(), 1);
    assert_eq!(contacts.items[0].contact_id, bakery);

    let nothing = client
        .invoices(
            h.tenant,
            &ListQuery::modified_since(Some(t0() + Duration::hours(2))),
        )
        .collect(&cancel)
        .await
        .unwrap();
    assert!(nothing.items.is_empty());
    assert_eq!(nothing.max_updated, None);
}

#[tokio::test]
async fn only_sales_invoices_and_archived_contacts_included() {
    let h = Harness::start().await;
    let customer = h.add_contact("Customer");
    let gone = h.add_contact("Closed Down Ltd");
    h.state()
        .set_contact_status(h.tenant, gone, ContactStatus::Archived)
        .unwrap();
    let supplier = h.add_contact("Supplier");
    let sale = h.add_invoice(customer, "INV-1", "10.00");
    let mut bill = Invoice::accrec(
        supplier,
        "BILL-1",
        day(2026, 4, 1),
        day(2026, 5, 1),
        money("9"),
    );
    bill.kind = InvoiceType::Accpay;
    h.state().add_invoice(h.tenant, bill).unwrap();
    let client = h.signed_in();
    let cancel = CancellationToken::new();

    let invoices = client
        .invoices(h.tenant, &ListQuery::default())
        .collect(&cancel)
        .await
        .unwrap();
    let ids: Vec<Uuid> = invoices.items.iter().map(|i| i.invoice_id).collect();
    assert_eq!(ids, vec![sale]);

    let contacts = client
        .contacts(h.tenant, &ListQuery::default())
        .collect(&cancel)
        .await
        .unwrap();
    assert_eq!(contacts.items.len(), 3, "archived contacts are included");

    let paid = h.add_invoice(customer, "INV-2", "20.00");
    h.state()
        .add_payment(h.tenant, paid, day(2026, 5, 2), money("20.00"), "EFT")
        .unwrap();
    let open_only = ListQuery {
        statuses: vec![InvoiceStatus::Authorised],
        ..ListQuery::default()
    };
    let open = client
        .invoices(h.tenant, &open_only)
        .collect(&cancel)
        .await
        .unwrap();
    let ids: Vec<Uuid> = open.items.iter().map(|i| i.invoice_id).collect();
    assert_eq!(ids, vec![sale]);
}

#[tokio::test]
async fn invoices_by_id_go_in_chunks_of_fifty() {
    let h = Harness::start().await;
    let contact = h.add_contact("Cafe");
    let mut ids: Vec<Uuid> = (0..120)
        .map(|n| h.add_invoice(contact, &format!("INV-{n}"), "1.00"))
        .collect();
    ids.push(Uuid::new_v4()); // deleted in Xero meanwhile: simply absent
    let client = h.signed_in();
    let found = client.invoices_by_ids(h.tenant, &ids).await.unwrap();
    assert_eq!(found.len(), 120);
    assert_eq!(calls_made(&h, &client), 3);
}

#[tokio::test]
async fn contacts_by_id_go_in_chunks_of_fifty_and_include_archived_ones() {
    let h = Harness::start().await;
    let mut ids: Vec<Uuid> = (0..60)
        .map(|n| h.add_contact(&format!("Customer {n}")))
        .collect();
    h.state()
        .set_contact_status(h.tenant, ids[7], ContactStatus::Archived)
        .unwrap();
    ids.push(Uuid::new_v4()); // unknown to Xero: simply absent
    let client = h.signed_in();
    let found = client.contacts_by_ids(h.tenant, &ids).await.unwrap();
    assert_eq!(found.len(), 60);
    assert!(
        found.iter().any(|c| c.contact_id == ids[7]),
        "the archived one too"
    );
    assert_eq!(calls_made(&h, &client), 2);
}

#[tokio::test]
async fn a_malformed_page_names_the_endpoint_and_page() {
    let h = Harness::start().await;
    let contact = h.add_contact("Cafe");
    for n in 0..3 {
        h.add_invoice(contact, &format!("INV-{n}"), "1.00");
    }
    let client = h.signed_in();
    let cancel = CancellationToken::new();
    let query = ListQuery {
        page_size: 2,
        ..ListQuery::default()
    };
    let mut pager = client.invoices(h.tenant, &query);
    pager.next_page(&cancel).await.unwrap().unwrap();
    h.state().malformed_json_next(1);
    let err = pager.next_page(&cancel).await.unwrap_err();
    match &err {
        XeroError::MalformedResponse { endpoint, .. } => {
            assert_eq!(endpoint, "GET /Invoices (page 2)");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_retryable());
    assert!(
        err.to_string()
            .starts_with("Xero sent a reply Settle could not read (GET /Invoices (page 2): "),
        "{err}"
    );
}
