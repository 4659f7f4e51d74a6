//! Writing back to a running fake-xero and linking to it, for an organisation connected with a
//! real sign-in and synced into a real SQLite file: the expected payment date set and cleared in
//! Xero (and the planner sees it at once); refused for a payment allocated and for a lock date,
//! then kept in Settle only with the reason (nothing lost, the planner still uses it); Xero
//! unreachable, kept the same way; the PDF fetched once then served from the cache; the deep
//! links from the short code; a History note that Xero then lists.

mod fake_xero_support;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fake_xero::{Contact, FakeXero, FakeXeroConfig, Invoice, ManualClock, Organisation};
use fake_xero_support::{connect_and_sync, sync, unreachable};
use rust_decimal::Decimal;
use settle_engine::{database_path, Engine, ExpectedDateWhere, XeroSettings};
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Connected {
    xero: FakeXero,
    tenant: Uuid,
    dir: tempfile::TempDir,
    engine: Engine,
    settings: XeroSettings,
}

impl Connected {
    /// INV-OPEN (open), INV-PART (part-paid), INV-OLD (dated before the period lock date) and
    /// INV-DRAFT, with Xero refusing an expected payment date on part-paid invoices.
    async fn start() -> Self {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 20, 21, 0, 0).unwrap());
        let mut config = FakeXeroConfig::new(clock.clock());
        config.invoice_rules.expected_payment_date_when_part_paid = false;
        let xero = FakeXero::start(config).await.unwrap();
        let state = xero.state();
        let mut org = Organisation::new("Harbour Plumbing Ltd");
        org.short_code = "!hArb0".to_owned();
        org.period_lock_date = Some(day(2026, 6, 30));
        let tenant = state.add_organisation(org);
        let contact = state
            .add_contact(
                tenant,
                Contact::new("Harbour View Cafe").with_email("ap@hv.example"),
            )
            .unwrap();
        let amount = Decimal::new(115_000, 2);
        for (number, issued) in [
            ("INV-OPEN", day(2026, 10, 1)),
            ("INV-PART", day(2026, 10, 2)),
            ("INV-OLD", day(2026, 6, 1)),
            ("INV-DRAFT", day(2026, 11, 1)),
        ] {
            let mut invoice =
                Invoice::accrec(contact, number, issued, issued + Duration::days(20), amount);
            if number == "INV-DRAFT" {
                invoice.status = fake_xero::InvoiceStatus::Draft;
            }
            let id = state.add_invoice(tenant, invoice).unwrap();
            if number == "INV-PART" {
                state
                    .add_payment(
                        tenant,
                        id,
                        day(2026, 11, 1),
                        Decimal::new(50_000, 2),
                        "Part",
                    )
                    .unwrap();
            }
        }
        let (dir, engine, settings) = fake_xero_support::open(&xero, &clock).await;
        connect_and_sync(&engine, &settings, tenant).await;
        Self {
            xero,
            tenant,
            dir,
            engine,
            settings,
        }
    }

    /// Settle's id and Xero's id of invoice `number`.
    async fn ids(&self, number: &str) -> (i64, Uuid) {
        let pool = sqlx::SqlitePool::connect(&format!(
            "sqlite://{}",
            database_path(self.dir.path()).display()
        ))
        .await
        .unwrap();
        let (id, xero): (i64, String) =
            sqlx::query_as("SELECT id, xero_invoice_id FROM invoices WHERE invoice_number = ?")
                .bind(number)
                .fetch_one(&pool)
                .await
                .unwrap();
        pool.close().await;
        (id, xero.parse().unwrap())
    }

    fn xero_expected(&self, id: Uuid) -> Option<NaiveDate> {
        self.xero
            .state()
            .invoice(self.tenant, id)
            .unwrap()
            .expected_payment_date
    }

    /// The date the planner uses for the invoice (through the invoice page's plan).
    async fn planned_expected(&self, id: i64) -> Option<String> {
        self.engine
            .invoice_chasing(id)
            .await
            .unwrap()
            .expected_payment_date
    }

    async fn audit_summaries(&self) -> Vec<String> {
        let pool = sqlx::SqlitePool::connect(&format!(
            "sqlite://{}",
            database_path(self.dir.path()).display()
        ))
        .await
        .unwrap();
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT summary FROM audit_log WHERE action = 'expected_payment_date' ORDER BY id",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        pool.close().await;
        rows
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_and_clear_reach_xero_and_the_planner_at_once() {
    let c = Connected::start().await;
    let (id, xero_id) = c.ids("INV-OPEN").await;
    let date = day(2026, 12, 15);

    let set = c
        .engine
        .set_expected_payment_date(&c.settings, id, Some(date), "owner")
        .await
        .unwrap();
    assert_eq!(set.stored_in, ExpectedDateWhere::Xero, "{set:?}");
    assert_eq!(set.date.as_deref(), Some("2026-12-15"));
    assert!(set.message.starts_with("Saved in Xero"), "{}", set.message);
    assert_eq!(c.xero_expected(xero_id), Some(date));
    assert_eq!(c.planned_expected(id).await.as_deref(), Some("2026-12-15"));

    let cleared = c
        .engine
        .set_expected_payment_date(&c.settings, id, None, "owner")
        .await
        .unwrap();
    assert_eq!(cleared.stored_in, ExpectedDateWhere::Xero);
    assert_eq!(cleared.date, None);
    assert_eq!(
        c.xero_expected(xero_id),
        None,
        "ExpectedPaymentDateString \"\" cleared it"
    );
    assert_eq!(c.planned_expected(id).await, None);
    let audit = c.audit_summaries().await;
    assert_eq!(
        audit,
        [
            "Expected payment date set to 2026-12-15 (saved in Xero)",
            "Expected payment date cleared (in Xero)"
        ]
    );
    // A sync afterwards agrees with what was written.
    sync(&c.engine, &c.settings).await.unwrap();
    assert_eq!(c.planned_expected(id).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_keep_the_date_in_settle_with_the_reason() {
    let c = Connected::start().await;
    let (part, part_xero) = c.ids("INV-PART").await;
    let date = day(2026, 12, 1);
    let kept = c
        .engine
        .set_expected_payment_date(&c.settings, part, Some(date), "owner")
        .await
        .unwrap();
    assert_eq!(kept.stored_in, ExpectedDateWhere::SettleOnly, "{kept:?}");
    assert_eq!(kept.date.as_deref(), Some("2026-12-01"));
    assert_eq!(kept.xero_date, None);
    let reason = kept.kept_reason.clone().unwrap();
    assert!(
        reason.contains("payment or credit note is allocated"),
        "{reason}"
    );
    assert!(
        kept.message.starts_with("Kept in Settle only:"),
        "{}",
        kept.message
    );
    assert_eq!(c.xero_expected(part_xero), None, "Xero refused it");
    assert_eq!(
        c.planned_expected(part).await.as_deref(),
        Some("2026-12-01")
    );
    // A sync (which rewrites Xero's value) does not lose it.
    sync(&c.engine, &c.settings).await.unwrap();
    assert_eq!(
        c.planned_expected(part).await.as_deref(),
        Some("2026-12-01")
    );
    let shown = c.engine.expected_payment_date(part).await.unwrap();
    assert_eq!(shown.stored_in, ExpectedDateWhere::SettleOnly);
    assert_eq!(shown.kept_reason.as_deref(), Some(reason.as_str()));

    let (old, _) = c.ids("INV-OLD").await;
    let locked = c
        .engine
        .set_expected_payment_date(&c.settings, old, Some(date), "owner")
        .await
        .unwrap();
    let reason = locked.kept_reason.unwrap();
    assert!(reason.contains("period locked in Xero"), "{reason}");
    assert!(
        reason.contains("move the lock date"),
        "says what to do: {reason}"
    );
    assert!(reason.contains("period lock date"), "quotes Xero: {reason}");
    assert_eq!(c.planned_expected(old).await.as_deref(), Some("2026-12-01"));

    // Clearing a date only Settle kept: Xero has none either, so Settle simply forgets it.
    let cleared = c
        .engine
        .set_expected_payment_date(&c.settings, old, None, "owner")
        .await
        .unwrap();
    assert_eq!(cleared.date, None);
    assert_eq!(cleared.stored_in, ExpectedDateWhere::Xero);
    assert_eq!(cleared.kept_reason, None);
    assert_eq!(c.planned_expected(old).await, None);
    assert_eq!(c.audit_summaries().await.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xero_unreachable_keeps_the_date_and_saving_again_puts_it_in_xero() {
    let c = Connected::start().await;
    let (id, xero_id) = c.ids("INV-OPEN").await;
    let date = day(2027, 1, 8);
    let offline = unreachable(&c.settings);
    let kept = c
        .engine
        .set_expected_payment_date(&offline, id, Some(date), "owner")
        .await
        .unwrap();
    assert_eq!(kept.stored_in, ExpectedDateWhere::SettleOnly);
    assert!(
        kept.kept_reason.unwrap().contains("Save again"),
        "actionable"
    );
    assert_eq!(c.planned_expected(id).await.as_deref(), Some("2027-01-08"));

    let saved = c
        .engine
        .set_expected_payment_date(&c.settings, id, Some(date), "owner")
        .await
        .unwrap();
    assert_eq!(saved.stored_in, ExpectedDateWhere::Xero);
    assert_eq!(saved.kept_reason, None);
    assert_eq!(c.xero_expected(xero_id), Some(date));

    let (paid_draft, _) = c.ids("INV-DRAFT").await;
    let draft = c.engine.expected_payment_date(paid_draft).await.unwrap();
    assert!(draft.can_set, "drafts take an expected date");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pdf_is_fetched_once_then_served_from_the_cache() {
    let c = Connected::start().await;
    let (id, _) = c.ids("INV-OPEN").await;
    let first = c.engine.invoice_pdf_file(&c.settings, id).await.unwrap();
    let bytes = std::fs::read(&first).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(first.starts_with(c.dir.path().join("cache").join("invoice-pdf")));
    // Xero unreachable: the cached file still opens.
    let offline = unreachable(&c.settings);
    let again = c.engine.invoice_pdf_file(&offline, id).await.unwrap();
    assert_eq!(again, first);
    assert_eq!(std::fs::read(&again).unwrap(), bytes);
    // An uncached invoice while offline: a clear error, not a broken file.
    let (other, _) = c.ids("INV-PART").await;
    let error = c
        .engine
        .invoice_pdf_file(&offline, other)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("Check the internet connection"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_come_from_the_short_code_and_the_online_invoice() {
    let c = Connected::start().await;
    let (open, open_xero) = c.ids("INV-OPEN").await;
    let links = c.engine.invoice_links(&c.settings, open).await.unwrap();
    assert_eq!(
        links.view_in_xero.unwrap(),
        format!(
            "https://go.xero.com/organisationlogin/default.aspx?shortcode=%21hArb0&redirecturl=\
             %2FAccountsReceivable%2FView.aspx%3FInvoiceID%3D{open_xero}"
        )
    );
    assert!(links.edit_in_xero.unwrap().contains("Edit.aspx"));
    let online = links.online_invoice.unwrap();
    assert!(online.starts_with("http"), "{online}");
    // Kept: offline, the link still comes.
    let offline = unreachable(&c.settings);
    let cached = c.engine.invoice_links(&offline, open).await.unwrap();
    assert_eq!(cached.online_invoice.as_deref(), Some(online.as_str()));

    let (part, _) = c.ids("INV-PART").await;
    let part_links = c.engine.invoice_links(&c.settings, part).await.unwrap();
    assert!(part_links.view_in_xero.is_some());
    assert_eq!(part_links.edit_in_xero, None, "a payment is allocated");

    let (draft, _) = c.ids("INV-DRAFT").await;
    let draft_links = c.engine.invoice_links(&c.settings, draft).await.unwrap();
    assert_eq!(draft_links.online_invoice, None);
    assert!(draft_links.note.unwrap().contains("draft"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_note_appears_in_the_invoice_history() {
    let c = Connected::start().await;
    let (id, xero_id) = c.ids("INV-OPEN").await;
    let text = "Payment reminder emailed to ap@hv.example by Settle: Invoice INV-OPEN is overdue";
    c.engine
        .note_reminder_sent_in_xero(&c.settings, id, text)
        .await
        .unwrap();
    let history = c.xero.state().history(c.tenant, xero_id).unwrap();
    assert!(history.iter().any(|h| h.details == text), "{history:?}");
    // Too long for Xero: cut to 250 characters rather than refused.
    let long = format!("{text} {}", "x".repeat(400));
    c.engine
        .note_reminder_sent_in_xero(&c.settings, id, &long)
        .await
        .unwrap();
    let history = c.xero.state().history(c.tenant, xero_id).unwrap();
    assert!(history
        .iter()
        .any(|h| h.details.chars().count() == 250 && h.details.ends_with('…')));
    // Xero unreachable: an error for the caller to log.
    let offline = unreachable(&c.settings);
    let error = c
        .engine
        .note_reminder_sent_in_xero(&offline, id, text)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("could not reach Xero"),
        "{error}"
    );
}
