//! A `settle sync --full` killed outright (SIGKILL, no chance to clean up) once its first invoice
//! page is committed, followed by a plain `settle sync` to completion, leaves the same contacts and
//! invoices as a sync that was never interrupted (docs/XERO-SYNC.md, "Interruptions"). The real
//! binary against an in-process fake-xero with 5,000 invoices (five pages of 1000) and an
//! injected latency per request, so the kill lands between pages; the database is read with the
//! `sqlite3` command.

mod fake_xero_support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use fake_xero::{
    Contact, ContactStatus, FakeXero, FakeXeroConfig, Invoice, ManualClock, Organisation,
};
use fake_xero_support::{connect, run, settle};
use rust_decimal::Decimal;

const CONTACTS: usize = 50;
const INVOICES_PER_CONTACT: usize = 100;

/// One query through the `sqlite3` command, rows as CSV lines.
fn sqlite(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3")
        .arg("-csv")
        .arg(db)
        .arg(sql)
        .output()
        .expect("the sqlite3 command");
    assert!(
        out.status.success(),
        "sqlite3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every contact and invoice column that comes from Xero (plus the chasing flag Settle derives
/// for a new record); Settle's row ids are replaced by Xero's ids.
fn synced_rows(dir: &Path) -> (String, String) {
    let db = dir.join("settle.db");
    let contacts = sqlite(
        &db,
        "SELECT xero_contact_id, name, first_name, last_name, email, contact_status, chasing, \
         xero_updated_at FROM contacts ORDER BY xero_contact_id",
    );
    let invoices = sqlite(
        &db,
        "SELECT i.xero_invoice_id, c.xero_contact_id, i.invoice_number, i.reference, i.status, \
         i.issue_date, i.due_date, i.expected_payment_date, i.fully_paid_on, i.currency_code, \
         i.currency_rate, i.total_e4, i.amount_due_e4, i.amount_paid_e4, i.amount_credited_e4, \
         i.amount_due_base_e4, i.sent_to_contact, i.xero_updated_at, i.chasing, i.held_reason \
         FROM invoices i JOIN contacts c ON c.id = i.contact_id ORDER BY i.xero_invoice_id",
    );
    (contacts, invoices)
}

fn sync_state(dir: &Path) -> String {
    sqlite(
        &dir.join("settle.db"),
        "SELECT entity, watermark, resume_from FROM sync_state \
         WHERE entity IN ('contacts', 'invoices') ORDER BY entity",
    )
}

/// Equal, or the first differing row.
fn same(resumed: &str, reference: &str, what: &str) {
    if resumed != reference {
        let diff = resumed.lines().zip(reference.lines()).find(|(a, b)| a != b);
        panic!(
            "{what} differ ({} rows resumed, {} reference); first difference: {diff:?}",
            resumed.lines().count(),
            reference.lines().count()
        );
    }
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_full_sync_resumes_to_the_same_rows_as_an_uninterrupted_one() {
    #[allow(clippy::disallowed_methods)] // the fake serves real time to a real process
    let clock = ManualClock::new(Utc::now() - chrono::Duration::days(1));
    let xero = FakeXero::start(FakeXeroConfig::new(clock.clock()))
        .await
        .unwrap();
    let state = xero.state();
    let tenant = state.add_organisation(Organisation::new("Harbour Plumbing Ltd"));
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let mut n = 0_usize;
    for c in 0..CONTACTS {
        let contact = state
            .add_contact(
                tenant,
                Contact::new(&format!("Customer {c:03}"))
                    .with_email(&format!("accounts@customer{c}.example")),
            )
            .unwrap();
        for i in 0..INVOICES_PER_CONTACT {
            // UpdatedDateUTC moves a second every ten invoices: keyset paging has seconds to
            // advance by, and each page of 1000 ends on a checkpoint.
            if n.is_multiple_of(10) {
                clock.advance(chrono::Duration::seconds(1));
            }
            let amount = Decimal::new(5_000 + (n as i64 * 7_919) % 400_000, 2);
            let issued = day(1 + (n % 9) as u32, 1 + (i % 28) as u32);
            let mut invoice = Invoice::accrec(
                contact,
                &format!("INV-{n:05}"),
                issued,
                issued + chrono::Days::new(30),
                amount,
            );
            if n.is_multiple_of(3) {
                invoice.reference = format!("PO {}", 1000 + n);
            }
            let id = state.add_invoice(tenant, invoice).unwrap();
            match n % 10 {
                0 => {
                    state
                        .add_payment(tenant, id, issued, amount, "paid")
                        .unwrap();
                }
                1 => {
                    state
                        .add_payment(tenant, id, issued, Decimal::new(1_000, 2), "part")
                        .unwrap();
                }
                2 if n % 100 == 2 => state.void_invoice(tenant, id).unwrap(),
                _ => {}
            }
            n += 1;
        }
        if c % 20 == 7 {
            state
                .set_contact_status(tenant, contact, ContactStatus::Archived)
                .unwrap();
        }
    }
    clock.advance(chrono::Duration::minutes(10));
    let total = CONTACTS * INVOICES_PER_CONTACT;
    let urls = xero.urls().clone();

    // The reference: a fresh data folder synced without interruption.
    let whole = tempfile::tempdir().unwrap();
    connect(whole.path(), &urls).await;
    let reference = json(
        &run({
            let mut c = settle(whole.path(), &urls);
            c.args(["sync", "--full", "--json"]);
            c
        })
        .await,
    );
    assert_eq!(reference["invoices"]["inserted"], total);

    // The interrupted one: every request now takes 250 ms, and the process is killed as soon
    // as the first invoice page and its checkpoint are committed.
    let killed = tempfile::tempdir().unwrap();
    connect(killed.path(), &urls).await;
    state.set_latency(Some(Duration::from_millis(250)));
    let db = killed.path().join("settle.db");
    let mut sync = settle(killed.path(), &urls);
    sync.args(["sync", "--full"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let stored_at_kill = tokio::task::spawn_blocking(move || {
        let mut child = sync.spawn().unwrap();
        let started = Instant::now();
        loop {
            let resumable = sqlite(
                &db,
                "SELECT count(*) FROM sync_state WHERE entity = 'invoices' \
                 AND resume_from IS NOT NULL",
            );
            if resumable.trim() == "1" {
                break;
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "the sync ended before its first invoice page was seen"
            );
            assert!(started.elapsed() < Duration::from_secs(20), "no page");
            std::thread::sleep(Duration::from_millis(10));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        sqlite(&db, "SELECT count(*) FROM invoices")
            .trim()
            .parse::<usize>()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        (1000..total).contains(&stored_at_kill),
        "killed mid-sync with {stored_at_kill} invoices stored"
    );
    state.set_latency(None);

    // An ordinary sync picks the full pass up from its checkpoint and completes it.
    let resumed = json(
        &run({
            let mut c = settle(killed.path(), &urls);
            c.args(["sync", "--json"]);
            c
        })
        .await,
    );
    assert_eq!(resumed["invoices"]["resumed"], true, "{resumed}");
    let fetched = resumed["invoices"]["fetched"].as_u64().unwrap() as usize;
    assert!(fetched < total, "re-read {fetched} invoices");

    let (contacts, invoices) = synced_rows(killed.path());
    let (ref_contacts, ref_invoices) = synced_rows(whole.path());
    assert_eq!(contacts.lines().count(), CONTACTS);
    assert_eq!(invoices.lines().count(), total);
    same(&contacts, &ref_contacts, "contacts");
    same(&invoices, &ref_invoices, "invoices");
    assert_eq!(sync_state(killed.path()), sync_state(whole.path()));
}
