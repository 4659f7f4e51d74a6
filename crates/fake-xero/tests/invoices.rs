//! Reading invoices over real HTTP: filters, paging (with the 1000-record boundary),
//! If-Modified-Since, MS-JSON dates, exact amounts and the PDF; bodies validated against the SPEC.

mod support;

use chrono::Duration;
use fake_xero::{Contact, CreditKind, Invoice, InvoiceStatus, InvoiceType};
use serde_json::{json, Value};
use support::{day, money, spec, t0, Harness};

fn accounting() -> &'static spec::Spec {
    spec::accounting()
}

#[tokio::test]
async fn if_modified_since_is_inclusive_to_the_second_and_skips_quiet_changes() {
    let h = Harness::start().await;
    let (_, early) = h.seed_invoice("INV-1", "100");
    h.clock.advance(Duration::minutes(5));
    let (_, late) = h.seed_invoice("INV-2", "200");
    let since = (t0() + Duration::minutes(5))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string();
    let list = |since: String| {
        h.http
            .get(h.api("/Invoices"))
            .headers(h.headers())
            .header("If-Modified-Since", since)
            .send()
    };
    let body: Value = list(since.clone()).await.unwrap().json().await.unwrap();
    accounting().assert_operation("/Invoices", "get", "200", &body);
    let ids: Vec<_> = body["Invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["InvoiceID"].clone())
        .collect();
    assert_eq!(ids, vec![json!(late)]);

    // A part-paid invoice's DueDate edit creates no journal, so no bump (D-RR).
    h.state()
        .add_payment(h.tenant, early, day(2026, 5, 1), money("10"), "part")
        .unwrap();
    h.clock.advance(Duration::minutes(5));
    let since = h.clock.now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    h.state()
        .set_due_date(h.tenant, early, day(2026, 6, 30))
        .unwrap();
    let body: Value = list(since).await.unwrap().json().await.unwrap();
    assert_eq!(body["Invoices"], json!([]));

    let fraction = list("2026-05-04T09:00:00.123".into()).await.unwrap();
    assert_eq!(
        fraction.status(),
        400,
        "fractional seconds are refused (xero_gateway#145)"
    );
}

#[tokio::test]
async fn invoice_lists_filter_page_and_drop_line_items_without_page() {
    let h = Harness::start().await;
    let (contact, open) = h.seed_invoice("INV-1", "115");
    let draft = Invoice::accrec(
        contact,
        "INV-2",
        day(2026, 4, 2),
        day(2026, 5, 2),
        money("50"),
    )
    .with_status(InvoiceStatus::Draft);
    h.state().add_invoice(h.tenant, draft).unwrap();
    let mut bill = Invoice::accrec(
        contact,
        "BILL-1",
        day(2026, 4, 3),
        day(2026, 5, 3),
        money("70"),
    );
    bill.kind = InvoiceType::Accpay;
    h.state().add_invoice(h.tenant, bill).unwrap();

    let reconcile = h
        .get_json("/Invoices?Statuses=AUTHORISED&where=Type%3D%3D%22ACCREC%22&page=1")
        .await;
    accounting().assert_operation("/Invoices", "get", "200", &reconcile);
    let invoices = reconcile["Invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), 1);
    assert_eq!(invoices[0]["InvoiceID"], open.to_string());
    assert_eq!(
        invoices[0]["LineItems"].as_array().unwrap().len(),
        1,
        "paged lists carry lines"
    );
    assert_eq!(
        invoices[0]["Contact"]["Addresses"],
        json!([]),
        "lists carry a summary contact"
    );
    assert_eq!(invoices[0]["AmountDue"], json!(115.0));

    let unpaged = h
        .get_json("/Invoices?where=Type==%22ACCREC%22&order=InvoiceNumber%20DESC")
        .await;
    accounting().assert_operation("/Invoices", "get", "200", &unpaged);
    let numbers: Vec<_> = unpaged["Invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["InvoiceNumber"].clone())
        .collect();
    assert_eq!(numbers, vec![json!("INV-2"), json!("INV-1")]);
    assert!(
        unpaged["Invoices"][0].get("LineItems").is_none(),
        "no page, no LineItems"
    );

    let summary = h.get_json("/Invoices?summaryOnly=true").await;
    accounting().assert_operation("/Invoices", "get", "200", &summary);
    assert!(
        summary["Invoices"][0].get("AmountDue").is_none(),
        "do not rely on AmountDue in summaryOnly"
    );

    let bad = h.get("/Invoices?where=Colour==%22red%22").await;
    assert_eq!(bad.status(), 400);
    let body: Value = bad.json().await.unwrap();
    assert_eq!(body["Type"], "QueryParseException");

    let ids: Vec<String> = (0..53).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let too_many = h.get(&format!("/Invoices?IDs={}", ids.join(","))).await;
    assert_eq!(
        too_many.status(),
        404,
        "more than 52 IDs overflow Xero's URL limit"
    );
}

#[tokio::test]
async fn the_page_boundary_at_exactly_1000_records() {
    let h = Harness::start().await;
    let contact = h
        .state()
        .add_contact(h.tenant, Contact::new("Bulk Buyer"))
        .unwrap();
    for n in 0..1000 {
        let invoice = Invoice::accrec(
            contact,
            &format!("INV-{n:05}"),
            day(2026, 4, 1),
            day(2026, 4, 30),
            money("1"),
        );
        h.state().add_invoice(h.tenant, invoice).unwrap();
    }
    let first = h.get_json("/Invoices?page=1&pageSize=1000").await;
    accounting().assert_operation("/Invoices", "get", "200", &first);
    assert_eq!(first["Invoices"].as_array().unwrap().len(), 1000);
    assert_eq!(
        first["pagination"],
        json!({"page": 1, "pageSize": 1000, "pageCount": 1, "itemCount": 1000})
    );
    let second = h.get_json("/Invoices?page=2&pageSize=1000").await;
    assert_eq!(
        second["Invoices"],
        json!([]),
        "a full last page is followed by an empty one"
    );

    let extra = Invoice::accrec(
        contact,
        "INV-99999",
        day(2026, 4, 1),
        day(2026, 4, 30),
        money("1"),
    );
    h.state().add_invoice(h.tenant, extra).unwrap();
    let first = h.get_json("/Invoices?page=1&pageSize=5000").await;
    assert_eq!(
        first["pagination"]["pageSize"], 1000,
        "pageSize is capped at 1000"
    );
    assert_eq!(first["pagination"]["pageCount"], 2);
    let second = h.get_json("/Invoices?page=2&pageSize=1000").await;
    assert_eq!(second["Invoices"].as_array().unwrap().len(), 1);
    let default_size = h.get_json("/Invoices?page=1").await;
    assert_eq!(default_size["Invoices"].as_array().unwrap().len(), 100);
}

#[tokio::test]
async fn one_invoice_with_allocations_dates_and_exact_amounts() {
    let h = Harness::start().await;
    h.state()
        .update_organisation(h.tenant, |o| o.date_offsets = true)
        .unwrap();
    let (_, id) = h.seed_invoice("INV-7", "1000.10");
    h.state()
        .add_payment(h.tenant, id, day(2026, 4, 10), money("400"), "Deposit")
        .unwrap();
    h.state()
        .add_credit(
            h.tenant,
            id,
            CreditKind::CreditNote,
            "CN-1",
            day(2026, 4, 11),
            money("100.05"),
        )
        .unwrap();
    h.state()
        .add_credit(
            h.tenant,
            id,
            CreditKind::Overpayment,
            "",
            day(2026, 4, 12),
            money("0.05"),
        )
        .unwrap();
    h.state()
        .add_credit(
            h.tenant,
            id,
            CreditKind::Prepayment,
            "",
            day(2026, 4, 13),
            money("100"),
        )
        .unwrap();

    let raw = h
        .get(&format!("/Invoices/{id}"))
        .await
        .text()
        .await
        .unwrap();
    for exact in [
        r#""AmountDue":400.00"#,
        r#""AmountPaid":400.00"#,
        r#""AmountCredited":200.10"#,
        r#""Total":1000.10"#,
    ] {
        assert!(
            raw.contains(exact),
            "AmountDue = Total - AmountPaid - AmountCredited, as exact text: {exact}"
        );
    }
    let body: Value = serde_json::from_str(&raw).unwrap();
    accounting().assert_operation("/Invoices/{InvoiceID}", "get", "200", &body);
    let i = &body["Invoices"][0];
    assert_eq!(i["Status"], "AUTHORISED");
    // 1 April 2026 at 00:00 in Auckland (+13:00) is 31 March 11:00Z.
    assert_eq!(i["Date"], "/Date(1774954800000+1300)/");
    assert_eq!(i["DateString"], "2026-04-01T00:00:00");
    assert_eq!(
        i["DueDate"], "/Date(1777464000000+1200)/",
        "NZST after the DST change"
    );
    assert!(
        i["Contact"]["ContactStatus"].is_string(),
        "by-ID fetches carry the full contact"
    );

    h.state()
        .add_payment(h.tenant, id, day(2026, 4, 20), money("400"), "Rest")
        .unwrap();
    let paid = h.get_json(&format!("/Invoices/{id}")).await;
    assert_eq!(paid["Invoices"][0]["Status"], "PAID");
    assert_eq!(
        paid["Invoices"][0]["FullyPaidOnDate"],
        "/Date(1776600000000+1200)/"
    );
    assert!(
        h.state()
            .add_payment(h.tenant, id, day(2026, 4, 21), money("1"), "x")
            .is_err(),
        "nothing is due"
    );

    let by_number = h.get_json("/Invoices/INV-7").await;
    assert_eq!(by_number["Invoices"][0]["InvoiceID"], id.to_string());
    assert_eq!(
        h.get(&format!("/Invoices/{}", uuid::Uuid::new_v4()))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn pre_1970_dates_have_negative_epochs() {
    let h = Harness::start().await;
    let contact = h
        .state()
        .add_contact(h.tenant, Contact::new("Historic"))
        .unwrap();
    let old = Invoice::accrec(
        contact,
        "OLD-1",
        day(1969, 7, 20),
        day(1969, 8, 19),
        money("5"),
    );
    let id = h.state().add_invoice(h.tenant, old).unwrap();
    let body = h.get_json(&format!("/Invoices/{id}")).await;
    accounting().assert_operation("/Invoices/{InvoiceID}", "get", "200", &body);
    assert_eq!(body["Invoices"][0]["Date"], "/Date(-14256000000+0000)/");
}

#[tokio::test]
async fn pdf_only_with_accept_pdf_on_the_invoice_itself() {
    let h = Harness::start().await;
    let (_, id) = h.seed_invoice("INV-PDF", "42");
    let pdf = h
        .get_with(&format!("/Invoices/{id}"), &[("Accept", "application/pdf")])
        .await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF\n"));
    let text = String::from_utf8_lossy(&bytes);
    let xref_at: usize = text
        .rsplit("startxref\n")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        text[xref_at..].starts_with("xref"),
        "startxref points at the xref table"
    );

    assert_eq!(
        h.get(&format!("/Invoices/{id}/pdf")).await.status(),
        404,
        "the SPEC's /pdf path 404s"
    );
    let xml = h
        .http
        .get(h.api("/Invoices"))
        .bearer_auth(&h.access_token)
        .header("xero-tenant-id", h.tenant.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        xml.status(),
        406,
        "no Accept: application/json would be XML at Xero"
    );
}
