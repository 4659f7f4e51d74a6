//! Sending for an organisation connected to a running fake-xero (a real sign-in, real syncs) and
//! the real SMTP test server: the gate syncs first and cancels a reminder whose invoice was paid
//! in Xero meanwhile (never sent); the rest goes with the invoice PDF fetched from Xero attached
//! (multipart with application/pdf, cached under the data folder) and the online invoice link in
//! the body. Xero unreachable, or the sign-in revoked (reconnect needed): everything approved is
//! held with the reason and what to do, and nothing is sent.

mod fake_xero_support;
mod sending_support;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fake_xero::{Contact, FakeXero, FakeXeroConfig, Invoice, ManualClock, Organisation};
use fake_xero_support::{connect_and_sync, revoke_at_xero};
use rust_decimal::Decimal;
use sending_support::{Certificates, SmtpServer, Tls, PASSWORD, USER};
use settle_core::secret::Secret;
use settle_engine::{Engine, OutgoingMessageView, SenderView, SmtpSettingsView, XeroSettings};
use uuid::Uuid;

struct Connected {
    xero: FakeXero,
    clock: ManualClock,
    tenant: Uuid,
    invoices: Vec<(String, Uuid)>,
    dir: tempfile::TempDir,
    engine: Engine,
    settings: XeroSettings,
    server: SmtpServer,
    _certs: Certificates,
}

impl Connected {
    /// Twelve overdue invoices of twelve customers in fake-xero; Settle connected, synced,
    /// chasing resumed, a sender and SMTP set, and three days planned so reminders wait.
    async fn start() -> Self {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 20, 21, 0, 0).unwrap());
        let xero = FakeXero::start(FakeXeroConfig::new(clock.clock()))
            .await
            .unwrap();
        let state = xero.state();
        let tenant = state.add_organisation(Organisation::new("Harbour Plumbing Ltd"));
        let mut invoices = Vec::new();
        for n in 0..12u32 {
            let contact = state
                .add_contact(
                    tenant,
                    Contact::new(&format!("Customer {n:02}"))
                        .with_email(&format!("ap{n}@customer.example")),
                )
                .unwrap();
            let number = format!("INV-{n:03}");
            let due = NaiveDate::from_ymd_opt(2026, 10, 1 + n * 2).unwrap();
            let invoice = Invoice::accrec(
                contact,
                &number,
                due - Duration::days(30),
                due,
                Decimal::new(10_000 + i64::from(n) * 1_000, 2),
            );
            invoices.push((number, state.add_invoice(tenant, invoice).unwrap()));
        }
        let (dir, engine, settings) = fake_xero_support::open(&xero, &clock).await;
        connect_and_sync(&engine, &settings, tenant).await;
        engine.set_starting_chasing(true).await.unwrap();
        engine.resume_chasing().await.unwrap();
        engine.plan_due(clock.now()).await.unwrap();
        clock.advance(Duration::days(3));
        engine.plan_due(clock.now()).await.unwrap();
        let certs = Certificates::loopback();
        let server = SmtpServer::start(Tls::StartTls, &certs, true);
        engine
            .save_sender(SenderView {
                escalated: false,
                name: "Accounts".into(),
                email: "accounts@harbour.example".into(),
                signature: "Harbour Plumbing".into(),
            })
            .await
            .unwrap();
        engine
            .save_smtp_settings(
                SmtpSettingsView {
                    host: "127.0.0.1".into(),
                    port: server.port,
                    security: "starttls".into(),
                    username: USER.into(),
                    extra_root_certificate_pem: Some(certs.ca_pem.clone()),
                    has_password: false,
                },
                Some(Secret::new(PASSWORD)),
                &settings,
            )
            .await
            .unwrap();
        Self {
            xero,
            clock,
            tenant,
            invoices,
            dir,
            engine,
            settings,
            server,
            _certs: certs,
        }
    }

    /// Every email message awaiting approval.
    async fn email_waiting(&self) -> Vec<OutgoingMessageView> {
        self.engine
            .approvals()
            .await
            .unwrap()
            .messages
            .into_iter()
            .filter(|m| m.channel == "email")
            .collect()
    }

    /// Every email message awaiting approval, approved to go now.
    async fn approve_all_now(&self) -> Vec<OutgoingMessageView> {
        let waiting = self.email_waiting().await;
        assert!(waiting.len() >= 2, "reminders fell due: {waiting:?}");
        let ids: Vec<i64> = waiting.iter().map(|m| m.id).collect();
        self.engine.approve(&ids, true).await.unwrap();
        waiting
    }

    fn xero_id(&self, number: &str) -> Uuid {
        self.invoices.iter().find(|(n, _)| n == number).unwrap().1
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paid_invoice_is_cancelled_at_the_gate_and_the_rest_goes_with_its_pdf_and_link() {
    let s = Connected::start().await;
    let waiting = s.approve_all_now().await;
    assert!(
        waiting[0].attachments[0].ends_with(".pdf"),
        "{:?}",
        waiting[0].attachments
    );
    // Paid in Xero after the approval: the gate's sync must catch it.
    let paid = &waiting[0].invoices[0];
    let amount: Decimal = paid
        .amount_due
        .split_whitespace()
        .last()
        .unwrap()
        .parse()
        .unwrap();
    s.xero
        .state()
        .add_payment(
            s.tenant,
            s.xero_id(&paid.number),
            s.clock.now().date_naive(),
            amount,
            "bank",
        )
        .unwrap();
    let report = s
        .engine
        .send_batch(&s.settings, s.clock.now())
        .await
        .unwrap();
    assert_eq!(report.gate, "xero", "{:?}", report.gate_reason);
    assert!(report.cancelled >= 1);
    let cancelled = s.engine.outbox(Some("cancelled")).await.unwrap();
    let item = cancelled
        .iter()
        .find(|i| i.invoice_number.as_deref() == Some(paid.number.as_str()))
        .expect("the paid invoice's reminder is cancelled");
    assert!(item.reason.contains("is paid"), "{}", item.reason);
    let received = s.server.events("message");
    assert_eq!(received.len() as u32, report.sent, "{:?}", report.outcomes);
    assert!(report.sent as usize >= waiting.len() - 1);
    for event in &received {
        let raw = String::from_utf8(s.server.stored(event["file"].as_str().unwrap())).unwrap();
        assert!(
            !raw.contains(&paid.number),
            "nothing sent for the paid invoice"
        );
        assert!(raw.contains("multipart/mixed"), "{raw}");
        assert!(raw.contains("Content-Type: application/pdf"), "{raw}");
        assert!(raw.contains("filename=\"Invoice INV-"), "{raw}");
        let part = raw.split("Content-Type: application/pdf").nth(1).unwrap();
        let body = part
            .split("\r\n\r\n")
            .nth(1)
            .unwrap_or_else(|| part.split("\n\n").nth(1).unwrap());
        assert!(
            body.starts_with("%PDF-") || body.starts_with("JVBERi0"),
            "a PDF: {body}"
        );
        assert!(
            body.contains("%%EOF") || part.contains("base64"),
            "the whole PDF: {body}"
        );
        assert!(
            raw.contains("/in/"),
            "the online invoice link is in the body"
        );
    }
    let cached = std::fs::read_dir(s.dir.path().join("cache").join("invoice-pdf"))
        .unwrap()
        .count();
    assert_eq!(
        cached as u32, report.sent,
        "one cached PDF per invoice sent"
    );
    let entry = s
        .engine
        .conversation_for_customer(s.engine.messages(Some("sent")).await.unwrap()[0].customer_id)
        .await
        .unwrap();
    assert!(
        entry[0].attachments[0].starts_with("Invoice INV-"),
        "{:?}",
        entry[0].attachments
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xero_unreachable_holds_everything_with_the_reason() {
    let s = Connected::start().await;
    let waiting = s.approve_all_now().await;
    let Connected {
        xero,
        engine,
        settings,
        clock,
        server,
        ..
    } = s;
    xero.shutdown().await;
    let report = engine.send_batch(&settings, clock.now()).await.unwrap();
    assert_eq!(report.gate, "held");
    assert_eq!(report.sent, 0);
    assert_eq!(report.held as usize, waiting.len());
    let reason = report.gate_reason.unwrap();
    assert!(reason.contains("could not sync with Xero"), "{reason}");
    for m in engine.messages(Some("held")).await.unwrap() {
        assert!(
            m.reason.contains("the next batch tries again"),
            "{}",
            m.reason
        );
    }
    assert!(server.events("message").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_sign_in_holds_everything_until_reconnected() {
    let s = Connected::start().await;
    let waiting = s.approve_all_now().await;
    revoke_at_xero(&s.xero, s.dir.path()).await;
    let report = s
        .engine
        .send_batch(&s.settings, s.clock.now())
        .await
        .unwrap();
    assert_eq!(report.gate, "held");
    assert_eq!(report.sent, 0);
    assert_eq!(report.held as usize, waiting.len());
    let reason = report.gate_reason.unwrap();
    assert!(
        reason.contains("reconnect") || reason.contains("Reconnect"),
        "{reason}"
    );
    let held = s.engine.messages(Some("held")).await.unwrap();
    assert_eq!(held.len(), waiting.len());
    assert!(held
        .iter()
        .all(|m| m.reason.contains("settle connect xero")));
    // The next batch holds them still (chasing is paused for the reconnect), and sends nothing.
    let again = s
        .engine
        .send_batch(&s.settings, s.clock.now() + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(again.sent, 0);
    assert!(s.server.events("message").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pdf_that_cannot_be_fetched_holds_the_message_and_nothing_goes_without_it() {
    let s = Connected::start().await;
    let waiting = s.email_waiting().await;
    assert!(waiting.len() >= 2);
    let (first, second) = (&waiting[0], &waiting[1]);
    // A first batch (its gate also reconciles every open invoice) sends one message.
    s.engine.approve(&[first.id], true).await.unwrap();
    let report = s
        .engine
        .send_batch(&s.settings, s.clock.now())
        .await
        .unwrap();
    assert_eq!(report.sent, 1, "{:?}", report.outcomes);
    // The second's invoice disappears from Xero between the gate's sync and the PDF fetch (as
    // if deleted that moment): its stored Xero id now names nothing, so the PDF answer is 404.
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        s.dir.path().join("settle.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("UPDATE invoices SET xero_invoice_id = ? WHERE id = ?")
        .bind(Uuid::new_v4().to_string())
        .bind(second.invoices[0].id)
        .execute(&pool)
        .await
        .unwrap();
    s.engine.approve(&[second.id], true).await.unwrap();
    let later = s.clock.now() + Duration::minutes(5);
    let report = s.engine.send_batch(&s.settings, later).await.unwrap();
    assert_eq!(report.gate, "xero");
    assert_eq!(report.sent, 0, "{:?}", report.outcomes);
    let held = s
        .engine
        .messages(Some("held"))
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.id == second.id)
        .expect("held, not sent without its PDF");
    assert!(
        held.reason.contains("could not be fetched from Xero"),
        "{}",
        held.reason
    );
    assert_eq!(
        s.server.events("message").len(),
        1,
        "only the first message arrived"
    );
}
