//! Two Settle processes refreshing the same Xero sign-in at the same moment (issue 4, "two
//! processes refreshing at once"): a real `settle sync` and a second process standing in for the
//! app (this test binary run again, opening the same data folder through the engine and calling
//! Xero) start together, round after round, against an in-process fake-xero. Each process holds
//! its access token in memory only, so each must refresh once; the cross-process refresh lock
//! and the re-read of the store after taking it must make them rotate one after the other: every
//! refresh presents the then-current refresh token (fake-xero's counters: none superseded, none
//! refused), both processes succeed, and after the fake's clock passes Xero's 30-minute grace
//! the stored token still works — nobody kept a superseded one.
//!
//! (Two `settle sync` commands on one data folder do not both run: the sync lock refuses the
//! second at once, before it refreshes anything, so the race is between a sync and the app.)

mod fake_xero_support;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use fake_xero::{Contact, FakeXero, FakeXeroConfig, Invoice, ManualClock, Organisation};
use fake_xero_support::{connect, settle, with_fake_xero};
use rust_decimal::Decimal;
use settle_engine::{Engine, SystemClock, XeroSettings};

const ROUNDS: u32 = 4;
/// Set in the child run of this test: the data folder the "app" process opens.
const APP_DATA_DIR: &str = "SETTLE_RACE_TEST_APP_DATA_DIR";
const THIS_TEST: &str = "a_sync_and_the_app_refreshing_at_once_rotate_the_token_in_turn";

/// This test binary again, as the app: see [`app_process`].
fn app(dir: &Path, urls: &fake_xero::Urls) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([THIS_TEST, "--exact", "--nocapture"])
        .env(APP_DATA_DIR, dir);
    with_fake_xero(&mut command, dir, urls);
    command
}

/// The app's side: open the data folder and ask Xero for the organisation, which needs an
/// access token and so a refresh (this process has none in memory).
async fn app_process(dir: &Path) {
    let engine = Engine::open(dir, Arc::new(SystemClock)).await.unwrap();
    let connected = engine
        .connected_xero(&XeroSettings::from_env())
        .await
        .unwrap();
    let organisation = connected
        .client
        .organisation(connected.tenant)
        .await
        .unwrap();
    assert_eq!(organisation.name, "Harbour Plumbing Ltd");
    engine.close().await;
}

/// Starts every command before waiting for any, so their refreshes overlap.
async fn run_together(commands: Vec<Command>) -> Vec<Output> {
    let children: Vec<_> = commands
        .into_iter()
        .map(|mut c| {
            c.stdout(Stdio::piped()).stderr(Stdio::piped());
            c.spawn().unwrap()
        })
        .collect();
    tokio::task::spawn_blocking(move || {
        children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect()
    })
    .await
    .unwrap()
}

fn succeeded(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_and_the_app_refreshing_at_once_rotate_the_token_in_turn() {
    if let Some(dir) = std::env::var_os(APP_DATA_DIR) {
        app_process(Path::new(&dir)).await;
        return;
    }
    #[allow(clippy::disallowed_methods)] // the fake serves real time to real processes
    let clock = ManualClock::new(Utc::now() - chrono::Duration::days(1));
    let xero = FakeXero::start(FakeXeroConfig::new(clock.clock()))
        .await
        .unwrap();
    let state = xero.state();
    let tenant = state.add_organisation(Organisation::new("Harbour Plumbing Ltd"));
    let issued = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    for c in 0..3 {
        let contact = state
            .add_contact(tenant, Contact::new(&format!("Customer {c}")))
            .unwrap();
        let invoice = Invoice::accrec(
            contact,
            &format!("INV-{c}"),
            issued,
            issued + chrono::Days::new(30),
            Decimal::new(12_500 + c, 2),
        );
        state.add_invoice(tenant, invoice).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let urls = xero.urls().clone();
    connect(dir.path(), &urls).await;

    for round in 1..=ROUNDS {
        // Past the grace of every token superseded so far: spending one now is invalid_grant.
        clock.advance(chrono::Duration::minutes(31));
        let before = state.refresh_counts();
        let mut sync = settle(dir.path(), &urls);
        sync.args(["sync", "--json"]);
        let outputs = run_together(vec![sync, app(dir.path(), &urls)]).await;
        succeeded(&outputs[0], &format!("round {round}: settle sync"));
        succeeded(&outputs[1], &format!("round {round}: the app process"));
        let report: serde_json::Value = serde_json::from_slice(&outputs[0].stdout).unwrap();
        assert_eq!(
            report["organisation"], "Harbour Plumbing Ltd",
            "round {round}"
        );
        let after = state.refresh_counts();
        assert_eq!(
            (
                after.current - before.current,
                after.superseded - before.superseded,
                after.refused - before.refused
            ),
            (2, 0, 0),
            "round {round}: each process rotates once, each time with the current token \
             (current, superseded, refused)"
        );
    }

    // The token left in the store is the current one: it still works after the grace.
    clock.advance(chrono::Duration::minutes(31));
    let mut last = settle(dir.path(), &urls);
    last.arg("sync");
    let out = run_together(vec![last]).await;
    succeeded(&out[0], "the sync after the last round");
    let counts = state.refresh_counts();
    assert_eq!(
        counts.superseded, 0,
        "no refresh ever spent a superseded token"
    );
    assert_eq!(counts.refused, 0, "no invalid_grant");
    assert_eq!(counts.current, 2 * ROUNDS + 1);
}
