//! What Settle writes to Xero and the single-invoice reads around a reminder, against
//! fake-xero's update rules: ExpectedPaymentDate set and cleared with minimal bodies, Xero's
//! refusals in Xero's words (payment allocated, lock date, voided), History notes (cap,
//! idempotency), the PDF and the online-invoice link.

mod support;

use fake_xero::InvoiceStatus as FakeStatus;
use settle_xero::{RefusalKind, XeroError, MAX_NOTE_CHARS};
use support::{day, money, Harness};
use uuid::Uuid;

#[tokio::test]
async fn expected_payment_date_is_set_and_cleared() {
    let h = Harness::start().await;
    let contact = h.add_contact("Cafe");
    let invoice = h.add_invoice(contact, "INV-1", "100.00");
    let client = h.signed_in();

    let saved = client
        .set_expected_payment_date(h.tenant, invoice, Some(day(2026, 6, 15)), "epd-1")
        .await
        .unwrap();
    assert_eq!(
        saved.expected_payment_date.map(|d| d.date()),
        Some(day(2026, 6, 15))
    );
    assert_eq!(
        h.state()
            .invoice(h.tenant, invoice)
            .unwrap()
            .expected_payment_date,
        Some(day(2026, 6, 15))
    );

    let cleared = client
        .set_expected_payment_date(h.tenant, invoice, None, "epd-2")
        .await
        .unwrap();
    assert_eq!(cleared.expected_payment_date, None);
    assert_eq!(
        h.state()
            .invoice(h.tenant, invoice)
            .unwrap()
            .expected_payment_date,
        None,
        "cleared through ExpectedPaymentDateString"
    );
}

#[tokio::test]
async fn refusals_say_why_in_xeros_words() {
    let h = Harness::start_with(|_| {}, |org| org.period_lock_date = Some(day(2026, 3, 31))).await;
    let contact = h.add_contact("Cafe");
    let client = h.signed_in();

    let paid = h.add_invoice(contact, "INV-PAID", "100.00");
    h.state()
        .add_payment(h.tenant, paid, day(2026, 5, 1), money("100.00"), "EFT")
        .unwrap();
    let err = client
        .set_expected_payment_date(h.tenant, paid, Some(day(2026, 6, 1)), "k1")
        .await
        .unwrap_err();
    match &err {
        XeroError::Refused { refusal, .. } => {
            assert_eq!(refusal.kind, RefusalKind::PaymentAllocated);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "Xero refused to set the expected payment date: This document cannot be edited as it \
         has a payment or credit note allocated to it. (Xero does not allow this once a payment \
         or credit note is applied.)"
    );

    let locked = h
        .state()
        .add_invoice(
            h.tenant,
            fake_xero::Invoice::accrec(
                contact,
                "INV-OLD",
                day(2026, 3, 1),
                day(2026, 3, 31),
                money("50.00"),
            ),
        )
        .unwrap();
    let err = client
        .set_expected_payment_date(h.tenant, locked, Some(day(2026, 6, 1)), "k2")
        .await
        .unwrap_err();
    let XeroError::Refused { refusal, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(refusal.kind, RefusalKind::LockDate);
    assert!(
        err.to_string()
            .contains("period lock date, currently set at 31-Mar-2026"),
        "{err}"
    );

    let voided = h.add_invoice(contact, "INV-VOID", "10.00");
    h.state().void_invoice(h.tenant, voided).unwrap();
    let err = client
        .set_expected_payment_date(h.tenant, voided, None, "k3")
        .await
        .unwrap_err();
    let XeroError::Refused { refusal, action } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(refusal.kind, RefusalKind::InvalidStatus);
    assert_eq!(action, "clear the expected payment date");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn history_notes_are_added_once_per_key_and_capped() {
    let h = Harness::start().await;
    let contact = h.add_contact("Cafe");
    let invoice = h.add_invoice(contact, "INV-1", "100.00");
    let client = h.signed_in();

    let note = "Reminder 1 sent by Settle to ap@example.com";
    let record = client
        .add_history_note(h.tenant, invoice, note, "outbox-41")
        .await
        .unwrap();
    assert_eq!(record.details, note);
    assert_eq!(record.user, "System Generated");
    // A retry after a lost answer, with the same key, does not add a second note.
    client
        .add_history_note(h.tenant, invoice, note, "outbox-41")
        .await
        .unwrap();
    let notes: Vec<_> = h
        .state()
        .history(h.tenant, invoice)
        .unwrap()
        .into_iter()
        .filter(|r| r.details == note)
        .collect();
    assert_eq!(notes.len(), 1);
    let history = client.invoice_history(h.tenant, invoice).await.unwrap();
    assert_eq!(history[0].details, note, "newest first");

    let long = "x".repeat(MAX_NOTE_CHARS + 1);
    let err = client
        .add_history_note(h.tenant, invoice, &long, "outbox-42")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            XeroError::NoteTooLong {
                chars: 251,
                max: 250
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn pdf_and_online_invoice_link() {
    let h = Harness::start().await;
    let contact = h.add_contact("Cafe");
    let invoice = h.add_invoice(contact, "INV-1", "100.00");
    let draft = h
        .state()
        .add_invoice(
            h.tenant,
            fake_xero::Invoice::accrec(
                contact,
                "INV-D",
                day(2026, 4, 1),
                day(2026, 4, 30),
                money("5.00"),
            )
            .with_status(FakeStatus::Draft),
        )
        .unwrap();
    let client = h.signed_in();

    let pdf = client.invoice_pdf(h.tenant, invoice).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    let url = client.online_invoice_url(h.tenant, invoice).await.unwrap();
    assert!(url.contains(&invoice.simple().to_string()), "{url}");
    let err = client
        .online_invoice_url(h.tenant, draft)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, XeroError::Refused { action, .. } if action == "give the online invoice link"),
        "{err:?}"
    );

    let err = client.invoice(h.tenant, Uuid::new_v4()).await.unwrap_err();
    assert!(matches!(err, XeroError::NotFound { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Xero has no such record (GET /Invoices/{id}); it may have been deleted in Xero."
    );
}
