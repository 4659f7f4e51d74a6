//! Syncing from a running fake-xero into a real SQLite file: full sync equals the fake, cheap
//! incremental syncs, the 1000-record page boundary, records changing between pages, a malformed
//! page, archived contacts, voids, quiet changes caught by reconcile, resuming a cancelled sync,
//! and held contacts fetched again by id.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use fake_xero::{
    Contact, ContactStatus, FakeXero, FakeXeroConfig, Invoice, ManualClock, Organisation,
    RateLimits,
};
use rust_decimal::Decimal;
use settle_core::Clock;
use settle_engine::{
    database_path, Engine, ErrorCode, FileSecretStore, Reconcile, SyncOptions, SyncProgress,
    SyncReport, SyncStage, XERO_SECRET_NAME,
};
use settle_xero::{CancellationToken, ClientId, Endpoints, Secret, SecretStore, XeroClient};
use sqlx::Row;
use uuid::Uuid;

#[derive(Debug, Clone)]
struct TestClock(ManualClock);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

struct Fake {
    xero: FakeXero,
    clock: ManualClock,
    tenant: Uuid,
    contacts: Vec<Uuid>,
    invoices: Vec<Uuid>,
}

impl Fake {
    async fn start() -> Self {
        let clock = ManualClock::new(t0());
        let mut config = FakeXeroConfig::new(clock.clock());
        // Enforced but generous, so every answer carries X-DayLimit-Remaining to count calls by.
        config.rate_limits = RateLimits {
            enforce: true,
            concurrent: 5,
            per_minute: 1_000_000,
            per_day: 1_000_000,
            app_per_minute: 1_000_000,
        };
        let xero = FakeXero::start(config).await.unwrap();
        let tenant = xero
            .state()
            .add_organisation(Organisation::new("Harbour Plumbing Ltd"));
        Self {
            xero,
            clock,
            tenant,
            contacts: Vec::new(),
            invoices: Vec::new(),
        }
    }

    /// `contacts` customers with `per_contact` invoices each; UpdatedDateUTC moves one second
    /// every ten records, so keyset paging has seconds to advance by.
    fn seed(&mut self, contacts: usize, per_contact: usize) {
        let state = self.xero.state();
        for c in 0..contacts {
            let id = state
                .add_contact(
                    self.tenant,
                    Contact::new(&format!("Customer {c:04}")).with_email("ap@c.example"),
                )
                .unwrap();
            self.contacts.push(id);
            for i in 0..per_contact {
                let n = self.invoices.len();
                if n.is_multiple_of(10) {
                    self.clock.advance(Duration::seconds(1));
                }
                let amount = Decimal::new(10_000 + (n as i64 * 137) % 90_000, 2);
                let invoice = Invoice::accrec(
                    id,
                    &format!("INV-{n:05}"),
                    day(4, 1),
                    day(5, 1 + (i % 28) as u32),
                    amount,
                );
                self.invoices
                    .push(state.add_invoice(self.tenant, invoice).unwrap());
            }
        }
        // Later, one more change of each: the watermark then sits well after the seeding, as it
        // would in a real organisation, so the overlap does not reach back over every record.
        self.clock.advance(Duration::minutes(10));
        state
            .touch_invoice(self.tenant, *self.invoices.last().unwrap())
            .unwrap();
        state
            .touch_contact(self.tenant, *self.contacts.last().unwrap())
            .unwrap();
    }

    fn endpoints(&self) -> Endpoints {
        let urls = self.xero.urls();
        Endpoints {
            authorize: urls.authorize.clone(),
            token: urls.token.clone(),
            revocation: urls.revocation.clone(),
            connections: urls.connections.clone(),
            api: urls.api.clone(),
        }
    }
}

struct Local {
    _dir: tempfile::TempDir,
    engine: Engine,
    client: XeroClient,
}

impl Local {
    async fn open(fake: &Fake) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path(), Arc::new(TestClock(fake.clock.clone())))
            .await
            .unwrap();
        let store = FileSecretStore::new(&dir.path().join("secrets.json"));
        let refresh = fake
            .xero
            .state()
            .mint_tokens_for_settle()
            .refresh_token
            .unwrap();
        store.set(XERO_SECRET_NAME, &Secret::new(refresh)).unwrap();
        let client = engine
            .xero_client(
                ClientId::parse(fake_xero::DEFAULT_CLIENT_ID).unwrap(),
                fake.endpoints(),
                Arc::new(store),
            )
            .unwrap();
        Self {
            _dir: dir,
            engine,
            client,
        }
    }

    async fn sync_with(
        &self,
        fake: &Fake,
        options: SyncOptions,
        progress: &(dyn Fn(&SyncProgress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<SyncReport, settle_engine::EngineError> {
        self.engine
            .sync_xero(&self.client, fake.tenant, options, progress, cancel)
            .await
    }

    async fn sync(&self, fake: &Fake, options: SyncOptions) -> SyncReport {
        self.sync_with(fake, options, &|_| {}, &CancellationToken::new())
            .await
            .unwrap()
    }

    async fn rows(&self) -> Vec<String> {
        snapshot(&database_path(self.engine.data_dir())).await
    }
}

fn full() -> SyncOptions {
    SyncOptions {
        full: true,
        reconcile: Reconcile::Auto,
    }
}

fn incremental() -> SyncOptions {
    SyncOptions {
        full: false,
        reconcile: Reconcile::Never,
    }
}

/// Every synced row as text, for comparing two databases and a database with the fake.
async fn snapshot(path: &Path) -> Vec<String> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let mut rows: Vec<String> = sqlx::query(
        "SELECT i.xero_invoice_id, i.invoice_number, i.status, i.due_date, i.total_e4, \
         i.amount_due_e4, i.amount_paid_e4, i.chasing, c.xero_contact_id, i.xero_updated_at \
         FROM invoices i JOIN contacts c ON c.id = i.contact_id ORDER BY i.xero_invoice_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        format!(
            "invoice {} {} {} {} {} {} {} {} {} {}",
            r.get::<String, _>(0),
            r.get::<String, _>(1),
            r.get::<String, _>(2),
            r.get::<String, _>(3),
            r.get::<i64, _>(4),
            r.get::<i64, _>(5),
            r.get::<i64, _>(6),
            r.get::<i64, _>(7),
            r.get::<String, _>(8),
            r.get::<String, _>(9),
        )
    })
    .collect();
    rows.extend(
        sqlx::query(
            "SELECT xero_contact_id, name, contact_status, chasing FROM contacts \
             ORDER BY xero_contact_id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "contact {} {} {} {}",
                r.get::<String, _>(0),
                r.get::<String, _>(1),
                r.get::<String, _>(2),
                r.get::<i64, _>(3)
            )
        }),
    );
    pool.close().await;
    rows
}

/// The fake's sales invoices as (id, status, total e4, due e4, due date) — what the database must
/// hold after a sync.
fn fake_invoices(fake: &Fake) -> Vec<(String, String, i64, i64, String)> {
    let e4 = |d: Decimal| {
        (d * Decimal::new(10_000, 0))
            .trunc()
            .to_string()
            .parse()
            .unwrap()
    };
    let mut all: Vec<_> = fake
        .xero
        .state()
        .invoices(fake.tenant)
        .unwrap()
        .into_iter()
        .map(|i| {
            (
                i.id.to_string(),
                i.status.as_str().to_owned(),
                e4(i.total()),
                e4(i.amount_due()),
                i.due_date.to_string(),
            )
        })
        .collect();
    all.sort();
    all
}

async fn local_invoices(local: &Local) -> Vec<(String, String, i64, i64, String)> {
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        database_path(local.engine.data_dir()).display()
    ))
    .await
    .unwrap();
    let rows = sqlx::query(
        "SELECT xero_invoice_id, status, total_e4, amount_due_e4, due_date FROM invoices \
         ORDER BY xero_invoice_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
    .collect();
    pool.close().await;
    rows
}

#[tokio::test]
async fn a_full_sync_equals_the_fake_and_an_incremental_one_costs_three_calls() {
    let mut fake = Fake::start().await;
    fake.seed(30, 40); // 1200 invoices: two pages
    let state = fake.xero.state();
    state
        .set_contact_status(fake.tenant, fake.contacts[3], ContactStatus::Archived)
        .unwrap();
    state
        .add_payment(
            fake.tenant,
            fake.invoices[0],
            day(4, 20),
            Decimal::new(2_500, 2),
            "part",
        )
        .unwrap();
    state.void_invoice(fake.tenant, fake.invoices[1]).unwrap();
    let local = Local::open(&fake).await;

    let first = local.sync(&fake, full()).await;
    assert_eq!(local_invoices(&local).await, fake_invoices(&fake));
    assert_eq!(first.contacts.inserted, 30);
    assert_eq!(first.invoices.inserted, 1200);
    assert!(first.reconcile.is_some(), "a full sync reconciles");
    assert!(first.held.is_empty());
    let archived = local.rows().await;
    assert_eq!(
        archived.iter().filter(|r| r.contains(" ARCHIVED ")).count(),
        1,
        "archived contacts are synced and marked"
    );

    // 100 invoices change in Xero; an ordinary sync fetches only them.
    fake.clock.advance(Duration::minutes(10));
    for id in &fake.invoices[100..200] {
        state
            .update_invoice(fake.tenant, *id, |i| i.reference = "PO 7".into())
            .unwrap();
    }
    let before = first.rate_budget.day_remaining.unwrap();
    let second = local.sync(&fake, incremental()).await;
    let used = before - second.rate_budget.day_remaining.unwrap();
    assert!(used <= 3, "{used} calls (organisation, contacts, invoices)");
    assert_eq!(second.api_calls, used);
    // The 100, plus the overlap's three (the touched, the part-paid and the voided invoice).
    assert_eq!(second.invoices.updated, 103);
    assert_eq!(second.invoices.inserted, 0);
    assert_eq!(local_invoices(&local).await, fake_invoices(&fake));
}

#[tokio::test]
async fn exactly_one_thousand_invoices_take_one_page() {
    let mut fake = Fake::start().await;
    fake.seed(10, 100);
    let local = Local::open(&fake).await;
    let report = local.sync(&fake, full()).await;
    assert_eq!(report.invoices.pages, 1);
    assert_eq!(report.invoices.inserted, 1000);
    // Then one more invoice arrives: one page again, with one record.
    fake.seed(1, 1);
    let report = local.sync(&fake, incremental()).await;
    assert_eq!((report.invoices.pages, report.invoices.inserted), (1, 1));
    assert_eq!(local_invoices(&local).await, fake_invoices(&fake));
}

#[tokio::test]
async fn records_changing_between_pages_are_not_missed() {
    let mut fake = Fake::start().await;
    fake.seed(25, 100); // 2500 invoices: three pages
    let local = Local::open(&fake).await;
    let early: Vec<Uuid> = fake.invoices[..20].to_vec();
    let (state, tenant, clock) = (fake.xero.state(), fake.tenant, fake.clock.clone());
    let changed = std::sync::atomic::AtomicBool::new(false);
    // Organisation, contacts and the first invoice page are answered; the second invoice page
    // waits until the first is stored and Xero has changed (the sync fetches ahead while it
    // stores, so without the hold the second page could be served before the change).
    state.pass_next(3);
    state.hold_next();
    let report = local
        .sync_with(
            &fake,
            full(),
            &|p| {
                // After the first invoice page is stored, Xero changes records already read and
                // records not read yet: they move to the end of the ordering.
                if p.stage == SyncStage::Invoices
                    && p.page == 1
                    && !changed.swap(true, std::sync::atomic::Ordering::SeqCst)
                {
                    clock.advance(Duration::seconds(5));
                    for id in &early {
                        state
                            .update_invoice(tenant, *id, |i| i.reference = "moved".into())
                            .unwrap();
                    }
                    state.void_invoice(tenant, fake.invoices[2400]).unwrap();
                    state.release_requests();
                }
            },
            &CancellationToken::new(),
        )
        .await
        .unwrap();
    assert!(changed.load(std::sync::atomic::Ordering::SeqCst));
    assert!(report.invoices.pages >= 3);
    assert_eq!(local_invoices(&local).await, fake_invoices(&fake));
}

#[tokio::test]
async fn a_malformed_page_stores_nothing_of_it_and_a_rerun_completes() {
    let mut fake = Fake::start().await;
    fake.seed(25, 100);
    let local = Local::open(&fake).await;
    let state = fake.xero.state();
    // Organisation, contacts and two invoice pages are answered; the third is malformed.
    state.pass_next(4);
    state.malformed_json_next(1);
    let error = local
        .sync_with(&fake, full(), &|_| {}, &CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::XeroUnavailable);
    assert!(error.to_string().contains("could not read"), "{error}");
    // The pages fetched before the fault commit whole (1000 + 990, the second repeating the
    // first's last second); the third, malformed, stores nothing.
    assert_eq!(
        local_invoices(&local).await.len(),
        1990,
        "only the first two pages, whole"
    );
    let status = local.engine.xero_connection().await.unwrap();
    assert!(status.is_none(), "sync alone does not record a connection");

    let rerun = local.sync(&fake, incremental()).await;
    assert!(rerun.invoices.resumed);
    assert_eq!(local_invoices(&local).await, fake_invoices(&fake));
}

#[tokio::test]
async fn voids_stop_chasing_and_reconcile_catches_what_xero_does_not_timestamp() {
    let mut fake = Fake::start().await;
    fake.seed(3, 4);
    let local = Local::open(&fake).await;
    local.sync(&fake, full()).await;
    let state = fake.xero.state();
    let (voided, part_paid) = (fake.invoices[0], fake.invoices[1]);
    fake.clock.advance(Duration::minutes(10));
    state
        .add_payment(
            fake.tenant,
            part_paid,
            day(4, 20),
            Decimal::new(1_000, 2),
            "part",
        )
        .unwrap();
    local.sync(&fake, incremental()).await;
    // Another change later moves the watermark past the payment.
    fake.clock.advance(Duration::minutes(10));
    state.touch_invoice(fake.tenant, fake.invoices[5]).unwrap();
    local.sync(&fake, incremental()).await;
    fake.clock.advance(Duration::minutes(10));
    state.void_invoice(fake.tenant, voided).unwrap();
    // A DueDate edit on a part-paid invoice does not move UpdatedDateUTC (NOTES.md §4.1).
    state
        .set_due_date(fake.tenant, part_paid, day(6, 30))
        .unwrap();
    fake.clock.advance(Duration::minutes(10));

    let plain = local.sync(&fake, incremental()).await;
    assert_eq!(
        plain.invoices.updated, 2,
        "the void and the overlap's touched invoice; the DueDate edit is not seen"
    );
    let local_due = |rows: &[(String, String, i64, i64, String)]| {
        rows.iter()
            .find(|r| r.0 == part_paid.to_string())
            .unwrap()
            .4
            .clone()
    };
    assert_eq!(local_due(&local_invoices(&local).await), "2026-05-02");
    let voided_row = local_invoices(&local)
        .await
        .into_iter()
        .find(|r| r.0 == voided.to_string())
        .unwrap();
    assert_eq!(voided_row.1, "VOIDED");

    let reconciled = local
        .sync(
            &fake,
            SyncOptions {
                full: false,
                reconcile: Reconcile::Always,
            },
        )
        .await;
    let reconcile = reconciled.reconcile.unwrap();
    assert_eq!(reconcile.listed, 11);
    assert_eq!(local_due(&local_invoices(&local).await), "2026-06-30");
    assert_eq!(local_invoices(&local).await, fake_invoices(&fake));

    // The planner no longer sees the voided invoice as open.
    let plan = local.engine.plan_due(fake.clock.now()).await.unwrap();
    let text = serde_json::to_string(&plan).unwrap();
    assert!(!text.contains("INV-00000"), "{text}");
}

#[tokio::test]
async fn a_cancelled_full_sync_resumes_to_the_same_rows_as_an_uninterrupted_one() {
    let mut fake = Fake::start().await;
    fake.seed(25, 100);
    let whole = Local::open(&fake).await;
    let reference = whole.sync(&fake, full()).await;
    assert_eq!(reference.invoices.inserted, 2500);

    let interrupted = Local::open(&fake).await;
    let cancel = CancellationToken::new();
    let error = interrupted
        .sync_with(
            &fake,
            full(),
            &|p| {
                if p.stage == SyncStage::Invoices && p.page == 1 {
                    cancel.cancel();
                }
            },
            &cancel,
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), ErrorCode::Cancelled);
    assert_eq!(local_invoices(&interrupted).await.len(), 1000);

    let resumed = interrupted.sync(&fake, full()).await;
    assert!(resumed.invoices.resumed, "a full sync resumes a full pass");
    assert!(
        resumed.invoices.fetched < 2500,
        "{}",
        resumed.invoices.fetched
    );
    assert_eq!(interrupted.rows().await, whole.rows().await);
}

#[tokio::test]
async fn a_full_sync_reconciles_from_its_own_listing_without_listing_again() {
    let mut fake = Fake::start().await;
    fake.seed(3, 4);
    let local = Local::open(&fake).await;
    local.sync(&fake, full()).await;
    let state = fake.xero.state();
    let (voided, part_paid) = (fake.invoices[0], fake.invoices[1]);
    fake.clock.advance(Duration::minutes(10));
    state
        .add_payment(
            fake.tenant,
            part_paid,
            day(4, 20),
            Decimal::new(1_000, 2),
            "part",
        )
        .unwrap();
    state.void_invoice(fake.tenant, voided).unwrap();
    fake.clock.advance(Duration::minutes(10));
    // A DueDate edit on a part-paid invoice does not move UpdatedDateUTC (NOTES.md §4.1): only a
    // listing of everything sees it, which a full sync's invoices pass is.
    state
        .set_due_date(fake.tenant, part_paid, day(6, 30))
        .unwrap();
    fake.clock.advance(Duration::minutes(10));

    let again = local.sync(&fake, full()).await;
    let reconcile = again.reconcile.expect("a full sync reconciles");
    assert_eq!(
        reconcile.listed, 11,
        "the AUTHORISED invoices the invoices pass listed"
    );
    assert_eq!(
        reconcile.refetched, 0,
        "nothing open in Settle is missing from the listing"
    );
    assert_eq!(
        again.api_calls, 3,
        "organisation, contacts and invoices: the invoices are not listed a second time"
    );
    let rows = local_invoices(&local).await;
    let due = |id: Uuid| {
        rows.iter()
            .find(|r| r.0 == id.to_string())
            .unwrap()
            .4
            .clone()
    };
    assert_eq!(due(part_paid), "2026-06-30");
    assert_eq!(rows, fake_invoices(&fake));
}

/// A contact an earlier sync could not store (held, e.g. for a ContactStatus Settle did not know)
/// is fetched again by id on the next ordinary sync, not only by a full one: when it maps now,
/// it is stored and its hold released, for one extra call.
#[tokio::test]
async fn a_held_contact_is_fetched_again_by_id_on_the_next_sync() {
    let mut fake = Fake::start().await;
    fake.seed(3, 2);
    let local = Local::open(&fake).await;
    let first = local.sync(&fake, full()).await;
    // An hour later another customer changes: the contacts watermark moves past the held one,
    // so only the retry by id can read it again.
    fake.clock.advance(Duration::hours(1));
    fake.xero
        .state()
        .touch_contact(fake.tenant, fake.contacts[2])
        .unwrap();
    let moved = local.sync(&fake, incremental()).await;
    assert_eq!(moved.contacts.fetched, 1, "{moved:?}");
    let held_id = fake.contacts[1];
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        database_path(local.engine.data_dir()).display()
    ))
    .await
    .unwrap();
    // What an earlier sync leaves when Xero sent this contact in a form Settle could not map:
    // the hold, and the contact's last good values (here, an older name).
    sqlx::query(
        "INSERT INTO sync_holds (organisation_id, entity, xero_id, label, reason, held_at) \
         VALUES (?1, 'contact', ?2, 'Customer 0001', 'unknown ContactStatus ''MERGED''', ?3)",
    )
    .bind(first.organisation_id)
    .bind(held_id.to_string())
    .bind("2026-05-04T09:00:00Z")
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("UPDATE contacts SET name = 'Old name' WHERE xero_contact_id = ?1")
        .bind(held_id.to_string())
        .execute(&pool)
        .await
        .unwrap();

    let report = local.sync(&fake, incremental()).await;
    assert_eq!(
        report.contacts.fetched, 1,
        "the pass itself reads only the changed one"
    );
    assert!(report.held.is_empty(), "{:?}", report.held);
    // Organisation, contacts, invoices, and the held contact by id.
    assert_eq!(report.api_calls, 4);
    let name: String = sqlx::query_scalar("SELECT name FROM contacts WHERE xero_contact_id = ?1")
        .bind(held_id.to_string())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(name, "Customer 0001");

    // Nothing held: an ordinary sync is back to three calls.
    let again = local.sync(&fake, incremental()).await;
    assert_eq!(again.api_calls, 3);
}
