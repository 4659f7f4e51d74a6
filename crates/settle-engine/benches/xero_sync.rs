//! Benchmark: syncing the 20,000-customer / ~200,000-invoice bench organisation from fake-xero
//! (rate limits off), against `sqlite3` importing the same rows from CSV in the same run; then an
//! incremental sync after 100 invoices change, and the API calls both cost against Xero's daily
//! limits (5,000 a day; 1,000 on the Starter tier).
//!
//! `cargo bench -p settle-engine --bench xero_sync` — prints a Markdown table for
//! docs/PERFORMANCE.md. Needs the `sqlite3` command on the PATH. The data is the bench demo
//! (`settle_core::demo::generate(DEMO_SEED, DemoSize::BENCH, …)`, the same organisation as the
//! overview and plan benches) seeded into an in-process fake-xero with its ids, numbers, amounts,
//! statuses, payments and credits; UpdatedDateUTC is spread over the 400 days before the run's
//! "now", in issue-date order. Work files go to `$SETTLE_BENCH_XERO_DIR` (default
//! `~/.cache/settle-bench-xero`), emptied on every run. Targets: full sync ≤ 3× the CSV import;
//! an incremental sync with 100 changed invoices ≤ 3 API calls.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fake_xero::{
    ContactPerson, CreditAllocation, FakeXero, FakeXeroConfig, ManualClock, Organisation, Payment,
};
use settle_core::demo::{generate, DemoOrganisation, DemoSize, DEMO_SEED};
use settle_core::invoice::InvoiceStatus;
use settle_core::Clock;
use settle_engine::{
    database_path, Engine, FileSecretStore, Reconcile, SyncOptions, SyncProgress, SyncReport,
    SyncStage, XERO_SECRET_NAME,
};
use settle_xero::{CancellationToken, ClientId, Endpoints, Secret, SecretStore};
use uuid::Uuid;

/// Xero's daily call limit per organisation, and the Starter tier's (NOTES.md §2.6).
const XERO_PER_DAY: u32 = 5_000;
const STARTER_PER_DAY: u32 = 1_000;
const CHANGED_INVOICES: usize = 100;

fn bench_dir() -> PathBuf {
    std::env::var_os("SETTLE_BENCH_XERO_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache").join("settle-bench-xero")
        })
}

/// Settle's clock follows the fake's, as in the engine's Xero tests.
#[derive(Debug, Clone)]
struct BenchClock(ManualClock);

impl Clock for BenchClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn main() {
    // Two workers, as on the measuring machine: fake-xero answers on one while Settle stores.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run());
}

/// Seeds `demo` into a new organisation of the fake: contacts first (a second apart), then the
/// invoices in issue-date order, their UpdatedDateUTC spread evenly over the 400 days before
/// `now` and ending ten minutes before it. Returns the tenant and the invoice ids in seeding order.
fn seed(
    xero: &FakeXero,
    clock: &ManualClock,
    demo: &DemoOrganisation,
    now: DateTime<Utc>,
) -> (Uuid, Vec<Uuid>) {
    let state = xero.state();
    let mut org = Organisation::new(&demo.organisation.name);
    org.legal_name = demo.organisation.name.clone();
    org.timezone = demo.organisation.timezone;
    org.timezone_name = "GMTSTANDARDTIME".to_owned();
    org.base_currency = demo.organisation.base_currency.as_str().to_owned();
    org.country_code = demo.organisation.country.clone();
    org.version = "UK".to_owned();
    let tenant = state.add_organisation(org);

    let mut invoices: Vec<(Uuid, &settle_core::invoice::Invoice)> = Vec::new();
    let span = chrono::Duration::days(400);
    let contacts_from = now - span - chrono::Duration::seconds(demo.customers.len() as i64 + 60);
    for (i, customer) in demo.customers.iter().enumerate() {
        clock.set(contacts_from + chrono::Duration::seconds(i as i64));
        let c = &customer.contact;
        let mut contact = fake_xero::Contact::new(&c.name);
        contact.id = Uuid::parse_str(&c.xero_contact_id).expect("demo ids are GUIDs");
        contact.first_name.clone_from(&c.first_name);
        contact.last_name.clone_from(&c.last_name);
        contact.email = c.email.clone().unwrap_or_default();
        contact.status = match c.status.as_str() {
            "ARCHIVED" => fake_xero::ContactStatus::Archived,
            "GDPRREQUEST" => fake_xero::ContactStatus::GdprRequest,
            _ => fake_xero::ContactStatus::Active,
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
        for phone in &c.phones {
            if let Some(slot) = contact
                .phones
                .iter_mut()
                .find(|s| s.kind.as_str() == phone.phone_type.as_str())
            {
                slot.number.clone_from(&phone.number);
                slot.area_code.clone_from(&phone.area_code);
                slot.country_code.clone_from(&phone.country_code);
            }
        }
        for address in &c.addresses {
            if let Some(slot) = contact
                .addresses
                .iter_mut()
                .find(|s| s.kind.as_str() == address.address_type.as_str())
            {
                for (line, text) in slot.lines.iter_mut().zip(&address.lines) {
                    line.clone_from(text);
                }
                slot.city.clone_from(&address.city);
                slot.region.clone_from(&address.region);
                slot.postal_code.clone_from(&address.postal_code);
                slot.country.clone_from(&address.country);
            }
        }
        let id = state.add_contact(tenant, contact).expect("seed contact");
        invoices.extend(customer.invoices.iter().map(|inv| (id, inv)));
    }

    invoices.sort_by(|a, b| (a.1.issue_date, &a.1.number).cmp(&(b.1.issue_date, &b.1.number)));
    let n = invoices.len() as i64;
    let step_ms = span.num_milliseconds() / n;
    let last = now - chrono::Duration::minutes(10);
    let mut ids = Vec::with_capacity(invoices.len());
    for (k, (contact_id, inv)) in invoices.into_iter().enumerate() {
        clock.set(last - chrono::Duration::milliseconds((n - 1 - k as i64) * step_ms));
        let mut invoice = fake_xero::Invoice::accrec(
            contact_id,
            &inv.number,
            inv.issue_date,
            inv.due_date,
            inv.total,
        );
        invoice.id = Uuid::parse_str(&inv.xero_invoice_id).expect("demo ids are GUIDs");
        invoice.reference.clone_from(&inv.reference);
        invoice.currency = inv.currency.as_str().to_owned();
        invoice.currency_rate = inv.currency_rate;
        invoice.sent_to_contact = inv.sent_to_contact;
        let paid_on = inv.fully_paid_on.unwrap_or(inv.issue_date);
        if !inv.amount_paid.is_zero() {
            invoice.payments.push(Payment {
                id: Uuid::from_u128(0x9a1d_0000_0000_0000_0000_0000_0000_0000 | k as u128),
                date: paid_on,
                amount: inv.amount_paid,
                reference: format!("Payment {}", inv.number),
            });
        }
        if !inv.amount_credited.is_zero() {
            invoice.credit_notes.push(CreditAllocation {
                id: Uuid::from_u128(0xc4ed_0000_0000_0000_0000_0000_0000_0000 | k as u128),
                number: format!("CN-{}", inv.number),
                date: inv.issue_date,
                amount: inv.amount_credited,
            });
        }
        invoice.status = match inv.status {
            InvoiceStatus::Draft => fake_xero::InvoiceStatus::Draft,
            InvoiceStatus::Voided => fake_xero::InvoiceStatus::Voided,
            // PAID follows from the payment.
            _ => fake_xero::InvoiceStatus::Authorised,
        };
        ids.push(state.add_invoice(tenant, invoice).expect("seed invoice"));
    }
    clock.set(now);
    (tenant, ids)
}

struct Local {
    engine: Engine,
    client: settle_xero::XeroClient,
}

async fn open_local(dir: &Path, clock: &ManualClock, xero: &FakeXero) -> Local {
    let engine = Engine::open(dir, Arc::new(BenchClock(clock.clone())))
        .await
        .expect("open data folder");
    let store = FileSecretStore::new(&dir.join("secrets.json"));
    let refresh = xero
        .state()
        .mint_tokens_for_settle()
        .refresh_token
        .expect("offline_access gives a refresh token");
    store
        .set(XERO_SECRET_NAME, &Secret::new(refresh))
        .expect("store token");
    let urls = xero.urls();
    let endpoints = Endpoints {
        authorize: urls.authorize.clone(),
        token: urls.token.clone(),
        revocation: urls.revocation.clone(),
        connections: urls.connections.clone(),
        api: urls.api.clone(),
    };
    let client = engine
        .xero_client(
            ClientId::parse(fake_xero::DEFAULT_CLIENT_ID).expect("client id"),
            endpoints,
            Arc::new(store),
        )
        .expect("xero client");
    Local { engine, client }
}

/// Runs one sync, timing each stage from its first progress report.
async fn sync(
    local: &Local,
    tenant: Uuid,
    options: SyncOptions,
) -> (SyncReport, Duration, Vec<(SyncStage, Duration)>) {
    let marks: Mutex<Vec<(SyncStage, Instant)>> = Mutex::new(Vec::new());
    let progress = |p: &SyncProgress| {
        let mut marks = marks.lock().unwrap();
        if marks.last().is_none_or(|(stage, _)| *stage != p.stage) {
            marks.push((p.stage, Instant::now()));
        }
    };
    let started = Instant::now();
    let report = local
        .engine
        .sync_xero(
            &local.client,
            tenant,
            options,
            &progress,
            &CancellationToken::new(),
        )
        .await
        .expect("sync");
    let finished = Instant::now();
    let marks = marks.into_inner().unwrap();
    let stages = marks
        .iter()
        .enumerate()
        .map(|(i, (stage, at))| {
            let end = marks.get(i + 1).map_or(finished, |(_, next)| *next);
            (*stage, end - *at)
        })
        .collect();
    (report, finished - started, stages)
}

fn stage_time(stages: &[(SyncStage, Duration)], stage: SyncStage) -> Duration {
    stages
        .iter()
        .filter(|(s, _)| *s == stage)
        .map(|(_, d)| *d)
        .sum()
}

/// fake-xero alone: the same contact and invoice pages over plain HTTP (offset paging, bodies
/// read but not parsed). Returns the time, the requests and the bytes.
async fn raw_fetch(
    xero: &FakeXero,
    tenant: Uuid,
    contacts: usize,
    invoices: usize,
) -> (Duration, u32, u64) {
    let token = xero.state().mint_tokens_for_settle().access_token;
    let http = reqwest::Client::new();
    let api = xero.urls().api.clone();
    let started = Instant::now();
    let (mut calls, mut bytes) = (0, 0);
    let lists = [
        ("Contacts", "includeArchived=true", contacts),
        ("Invoices", "where=Type%3D%3D%22ACCREC%22", invoices),
    ];
    for (path, filter, count) in lists {
        for page in 1..=count.div_ceil(1000) {
            let body = http
                .get(format!(
                    "{api}/{path}?{filter}&order=UpdatedDateUTC%20ASC&page={page}&pageSize=1000"
                ))
                .bearer_auth(&token)
                .header("xero-tenant-id", tenant.to_string())
                .header("Accept", "application/json")
                .send()
                .await
                .expect("GET")
                .error_for_status()
                .expect("200")
                .bytes()
                .await
                .expect("body");
            calls += 1;
            bytes += body.len() as u64;
        }
    }
    (started.elapsed(), calls, bytes)
}

fn sqlite3(db: &Path, args: &[&str], stdin: Option<&str>, stdout: Stdio) -> std::process::Output {
    let mut child = Command::new("sqlite3")
        .arg(db)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sqlite3 command (apt install sqlite3)");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .expect("write to sqlite3");
    }
    let out = child.wait_with_output().expect("sqlite3");
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "sqlite3 {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Exports the synced `contacts` and `invoices` tables to CSV, creates them (with their indexes)
/// in a fresh database, and times `sqlite3` importing the CSV there.
fn csv_import(db: &Path, work: &Path) -> (Duration, u64, String) {
    let fresh = work.join("import.db");
    let mut schema = String::new();
    let mut csv_bytes = 0;
    for table in ["contacts", "invoices"] {
        let file = std::fs::File::create(work.join(format!("{table}.csv"))).expect("csv file");
        sqlite3(
            db,
            &["-csv", &format!("SELECT * FROM {table} ORDER BY id")],
            None,
            Stdio::from(file),
        );
        csv_bytes += std::fs::metadata(work.join(format!("{table}.csv")))
            .expect("csv")
            .len();
        let out = sqlite3(db, &[&format!(".schema {table}")], None, Stdio::piped());
        schema.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    sqlite3(&fresh, &[], Some(&schema), Stdio::null());
    let script = format!(
        ".import --csv {} contacts\n.import --csv {} invoices\n",
        work.join("contacts.csv").display(),
        work.join("invoices.csv").display()
    );
    let started = Instant::now();
    sqlite3(&fresh, &[], Some(&script), Stdio::null());
    let took = started.elapsed();
    let counts = sqlite3(
        &fresh,
        &[
            "SELECT (SELECT count(*) FROM contacts) || ' contacts, ' || \
           (SELECT count(*) FROM invoices) || ' invoices'",
        ],
        None,
        Stdio::piped(),
    );
    let counts = String::from_utf8_lossy(&counts.stdout).trim().to_owned();
    (took, csv_bytes, counts)
}

fn share(calls: u32, per_day: u32) -> String {
    format!("{:.1} %", f64::from(calls) * 100.0 / f64::from(per_day))
}

async fn run() {
    let work = bench_dir();
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("bench dir");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();

    let started = Instant::now();
    let demo = generate(DEMO_SEED, DemoSize::BENCH, today);
    let clock = ManualClock::new(now);
    // Rate limits are counted (the X-*-Remaining headers) but not enforced: the default.
    let xero = FakeXero::start(FakeXeroConfig::new(clock.clock()))
        .await
        .expect("fake-xero");
    let (tenant, invoice_ids) = seed(&xero, &clock, &demo, now);
    let contacts = demo.customers.len();
    let seeded = started.elapsed();
    println!(
        "seeded fake-xero with {contacts} contacts and {} sales invoices in {}",
        invoice_ids.len(),
        secs(seeded)
    );

    // Full sync into a fresh data folder (reconcile included, as `settle sync --full` does).
    let local = open_local(&work.join("data"), &clock, &xero).await;
    let full = SyncOptions {
        full: true,
        reconcile: Reconcile::Auto,
    };
    let (first, full_time, stages) = sync(&local, tenant, full).await;
    let full_calls = first.api_calls;
    let day_used = XERO_PER_DAY - first.rate_budget.day_remaining.unwrap_or(XERO_PER_DAY);
    let reconcile = first.reconcile.as_ref().expect("a full sync reconciles");
    println!(
        "full sync: {} s; contacts {} new in {} pages, invoices {} new in {} pages, reconcile \
         listed {} (refetched {}), {} held, {} API calls (fake-xero counted {day_used})",
        full_time.as_secs_f64(),
        first.contacts.inserted,
        first.contacts.pages,
        first.invoices.inserted,
        first.invoices.pages,
        reconcile.listed,
        reconcile.refetched,
        first.held.len(),
        full_calls,
    );
    for (stage, took) in &stages {
        println!("  {stage:?}: {}", secs(*took));
    }

    // 100 invoices change in Xero ten minutes later; an ordinary sync.
    clock.advance(chrono::Duration::minutes(10));
    let state = xero.state();
    let stride = invoice_ids.len() / CHANGED_INVOICES;
    for id in invoice_ids.iter().step_by(stride).take(CHANGED_INVOICES) {
        state
            .update_invoice(tenant, *id, |i| i.reference = "PO changed".into())
            .expect("change");
    }
    let before = first.rate_budget.day_remaining.unwrap_or(XERO_PER_DAY);
    let incremental = SyncOptions {
        full: false,
        reconcile: Reconcile::Auto,
    };
    let (second, inc_time, _) = sync(&local, tenant, incremental).await;
    let inc_counted = before - second.rate_budget.day_remaining.unwrap_or(before);
    println!(
        "incremental sync: {} s; invoices {} updated, {} new; {} API calls (fake-xero counted \
         {inc_counted})",
        inc_time.as_secs_f64(),
        second.invoices.updated,
        second.invoices.inserted,
        second.api_calls,
    );

    // fake-xero's own share: the same pages over plain HTTP.
    let (raw_time, raw_calls, raw_bytes) =
        raw_fetch(&xero, tenant, contacts, invoice_ids.len()).await;
    println!(
        "fake-xero serving the contact and invoice pages alone: {} ({raw_calls} requests, {:.0} MB)",
        secs(raw_time),
        raw_bytes as f64 / 1e6
    );

    let db = database_path(local.engine.data_dir());
    local.engine.close().await;
    let (import_time, csv_bytes, imported) = csv_import(&db, &work);
    println!(
        "sqlite3 .import --csv: {imported} ({:.0} MB of CSV) in {}",
        csv_bytes as f64 / 1e6,
        secs(import_time)
    );

    let organisation = stage_time(&stages, SyncStage::Organisation);
    let contacts_t = stage_time(&stages, SyncStage::Contacts);
    let invoices_t = stage_time(&stages, SyncStage::Invoices);
    let reconcile_t = stage_time(&stages, SyncStage::Reconcile);
    let passes = organisation + contacts_t + invoices_t;
    let ratio = |d: Duration| d.as_secs_f64() / import_time.as_secs_f64();
    let reconcile_calls = full_calls - 1 - first.contacts.pages - first.invoices.pages;

    println!();
    println!("| measure | result | target |");
    println!("|---|---:|---|");
    println!(
        "| full sync, {} contacts + {} invoices (whole `sync_xero`, reconcile included) | {} | |",
        first.contacts.inserted,
        first.invoices.inserted,
        secs(full_time)
    );
    println!(
        "| · organisation + contacts pass + invoices pass | {} + {} + {} = {} | |",
        secs(organisation),
        secs(contacts_t),
        secs(invoices_t),
        secs(passes)
    );
    println!(
        "| · reconcile pass ({} AUTHORISED listed) | {} | |",
        reconcile.listed,
        secs(reconcile_t)
    );
    println!(
        "| fake-xero alone: the same {raw_calls} contact + invoice pages over HTTP, unparsed | {} | |",
        secs(raw_time)
    );
    println!(
        "| `sqlite3` `.import --csv` of the synced rows ({imported}) | {} | |",
        secs(import_time)
    );
    println!(
        "| ratio full sync / CSV import | {:.1}× | ≤ 3× |",
        ratio(full_time)
    );
    println!(
        "| ratio without reconcile / CSV import | {:.1}× | |",
        ratio(passes)
    );
    println!(
        "| API calls, full sync (1 organisation + {} contacts + {} invoices + {} reconcile pages) | {} | |",
        first.contacts.pages, first.invoices.pages, reconcile_calls, full_calls
    );
    println!(
        "| · of Xero's 5,000 a day / the Starter tier's 1,000 a day | {} / {} | |",
        share(full_calls, XERO_PER_DAY),
        share(full_calls, STARTER_PER_DAY)
    );
    println!(
        "| incremental sync, {CHANGED_INVOICES} changed invoices ({} re-read): API calls | {} | ≤ 3 |",
        second.invoices.updated, second.api_calls
    );
    println!("| · time | {} | |", secs(inc_time));
    println!(
        "| (seeding fake-xero: demo generation + {} `add_invoice`s) | {} | |",
        invoice_ids.len(),
        secs(seeded)
    );
}
