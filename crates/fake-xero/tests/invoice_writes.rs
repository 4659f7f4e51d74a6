//! Writing to invoices over real HTTP: ExpectedPaymentDate and the update rules, History notes,
//! OnlineInvoice; success and 400 bodies validated against the SPEC.

mod support;

use chrono::Duration;
use fake_xero::{Invoice, InvoiceStatus};
use reqwest::Method;
use serde_json::{json, Value};
use support::{day, money, spec, Harness};

fn accounting() -> &'static spec::Spec {
    spec::accounting()
}

#[tokio::test]
async fn expected_payment_date_set_clear_and_the_empty_string_quirk() {
    let h = Harness::start().await;
    let (_, id) = h.seed_invoice("INV-E", "100");
    let path = format!("/Invoices/{id}");
    let before = h.state().invoice(h.tenant, id).unwrap().updated_utc;
    h.clock.advance(Duration::minutes(1));

    let (status, body) = h
        .send_json(
            Method::POST,
            &path,
            &json!({"Invoices": [{"InvoiceID": id, "ExpectedPaymentDate": "2026-08-01"}]}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    accounting().assert_operation("/Invoices/{InvoiceID}", "post", "200", &body);
    assert_eq!(
        body["Invoices"][0]["ExpectedPaymentDate"],
        "/Date(1785542400000+0000)/"
    );
    assert_eq!(
        body["Invoices"][0]["ExpectedPaymentDateString"],
        "2026-08-01T00:00:00"
    );
    assert_eq!(
        h.state().invoice(h.tenant, id).unwrap().updated_utc,
        before,
        "no bump by default"
    );

    let (status, _) = h
        .send_json(
            Method::POST,
            &path,
            &json!({"Invoices": [{"ExpectedPaymentDate": ""}]}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        h.state()
            .invoice(h.tenant, id)
            .unwrap()
            .expected_payment_date,
        Some(day(2026, 8, 1)),
        "\"\" does not clear (xero-node#476)"
    );

    let (status, body) = h
        .send_json(
            Method::POST,
            &path,
            &json!({"Invoices": [{"ExpectedPaymentDateString": ""}]}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(body["Invoices"][0].get("ExpectedPaymentDate").is_none());

    let (status, body) = h
        .send_json(
            Method::POST,
            &path,
            &json!({"Invoices": [{"ExpectedPaymentDate": "2017-12-14 00:00:00"}]}),
        )
        .await;
    assert_eq!(status, 400);
    accounting().assert_operation("/Invoices/{InvoiceID}", "post", "400", &body);
    assert_eq!(body["Type"], "PostDataInvalidException");
    assert_eq!(body["ErrorNumber"], 14);

    let round_trip = json!({"Invoices": [{"InvoiceID": id, "DateString": "2026-04-01T00:00:00"}]});
    let (status, body) = h.send_json(Method::POST, &path, &round_trip).await;
    assert_eq!(
        (status, body["Message"].as_str()),
        (400, Some("The element 'DateString' was not recognised"))
    );
}

async fn refusal(h: &Harness, id: uuid::Uuid, element: Value) -> String {
    let (status, body) = h
        .send_json(
            Method::POST,
            &format!("/Invoices/{id}"),
            &json!({"Invoices": [element]}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    accounting().assert_operation("/Invoices/{InvoiceID}", "post", "400", &body);
    assert_eq!(body["Type"], "ValidationException");
    assert_eq!(body["ErrorNumber"], 10);
    assert_eq!(body["Message"], "A validation exception occurred");
    assert_eq!(body["Elements"][0]["InvoiceID"], id.to_string());
    body["Elements"][0]["ValidationErrors"][0]["Message"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn update_rules_status_allocations_and_lock_dates() {
    let h = Harness::start().await;
    let (_, voided) = h.seed_invoice("INV-V", "10");
    h.state().void_invoice(h.tenant, voided).unwrap();
    let set = json!({"ExpectedPaymentDate": "2026-06-01"});
    assert_eq!(
        refusal(&h, voided, set.clone()).await,
        "Invoice not of valid status for modification"
    );

    let (_, paid) = h.seed_invoice("INV-P", "10");
    h.state()
        .add_payment(h.tenant, paid, day(2026, 4, 5), money("10"), "all")
        .unwrap();
    assert_eq!(
        refusal(&h, paid, set.clone()).await,
        "This document cannot be edited as it has a payment or credit note allocated to it."
    );

    let (_, part) = h.seed_invoice("INV-PP", "10");
    h.state()
        .add_payment(h.tenant, part, day(2026, 4, 5), money("4"), "some")
        .unwrap();
    let (status, _) = h
        .send_json(
            Method::POST,
            &format!("/Invoices/{part}"),
            &json!({"Invoices": [set]}),
        )
        .await;
    assert_eq!(
        status, 200,
        "part-paid accepts ExpectedPaymentDate by default (InvoiceRules)"
    );
    let reference = json!({"Reference": "PO 7"});
    assert!(refusal(&h, part, reference)
        .await
        .starts_with("This document cannot be edited"));

    let (_, locked) = h.seed_invoice("INV-L", "10");
    h.state()
        .update_organisation(h.tenant, |o| o.period_lock_date = Some(day(2026, 4, 1)))
        .unwrap();
    assert_eq!(
        refusal(&h, locked, json!({"ExpectedPaymentDate": "2026-06-01"})).await,
        "The document date cannot be before the period lock date, currently set at 01-Apr-2026"
    );
}

#[tokio::test]
async fn history_notes_are_added_listed_and_capped() {
    let h = Harness::start().await;
    let (_, id) = h.seed_invoice("INV-H", "10");
    let path = format!("/Invoices/{id}/History");
    let note = json!({"HistoryRecords": [{"Details": "Reminder 1 sent to ap@example.com"}]});
    let (status, body) = h.send_json(Method::PUT, &path, &note).await;
    assert_eq!(status, 200, "{body}");
    accounting().assert_operation("/Invoices/{InvoiceID}/History", "put", "200", &body);
    assert_eq!(
        body["HistoryRecords"][0]["DateUTCString"],
        "2026-05-04T09:00:00"
    );

    let listed = h.get_json(&path).await;
    accounting().assert_operation("/Invoices/{InvoiceID}/History", "get", "200", &listed);
    assert_eq!(
        listed["HistoryRecords"][0]["Details"],
        "Reminder 1 sent to ap@example.com"
    );
    assert_eq!(listed["HistoryRecords"][0]["User"], "System Generated");

    let long = json!({"HistoryRecords": [{"Details": "x".repeat(251)}]});
    let (status, body) = h.send_json(Method::PUT, &path, &long).await;
    assert_eq!(status, 400);
    accounting().assert_operation("/Invoices/{InvoiceID}/History", "put", "400", &body);

    // The same Idempotency-Key replays the first answer instead of adding a second note.
    let keyed = |key: &'static str| {
        h.http
            .put(h.api(&path))
            .headers(h.headers())
            .header("Idempotency-Key", key)
            .json(&note)
            .send()
    };
    let first: Value = keyed("k-1").await.unwrap().json().await.unwrap();
    let again: Value = keyed("k-1").await.unwrap().json().await.unwrap();
    assert_eq!(first, again);
    assert_eq!(
        h.state().history(h.tenant, id).unwrap().len(),
        3,
        "created + two notes"
    );
}

#[tokio::test]
async fn online_invoice_for_approved_sales_invoices_only() {
    let h = Harness::start().await;
    let (contact, id) = h.seed_invoice("INV-O", "10");
    let body = h.get_json(&format!("/Invoices/{id}/OnlineInvoice")).await;
    accounting().assert_operation("/Invoices/{InvoiceID}/OnlineInvoice", "get", "200", &body);
    let url = body["OnlineInvoices"][0]["OnlineInvoiceUrl"]
        .as_str()
        .unwrap();
    let page = h.http.get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("INV-O"));

    let draft = Invoice::accrec(
        contact,
        "INV-D",
        day(2026, 4, 1),
        day(2026, 4, 30),
        money("1"),
    )
    .with_status(InvoiceStatus::Draft);
    let draft = h.state().add_invoice(h.tenant, draft).unwrap();
    assert_eq!(
        h.get(&format!("/Invoices/{draft}/OnlineInvoice"))
            .await
            .status(),
        400
    );
}
