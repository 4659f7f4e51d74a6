//! `settle connect xero`, `settle sync`, `settle disconnect` against an in-process fake-xero: the
//! test plays the browser (fake-xero approves at once and redirects to Settle's loopback), the
//! refresh token lives in a file (SETTLE_INSECURE_SECRETS_FILE; the keychain needs a desktop
//! session).

mod fake_xero_support;

use chrono::{NaiveDate, Utc};
use fake_xero::{Contact, FakeXero, FakeXeroConfig, Invoice, ManualClock, Organisation};
use fake_xero_support::{connect, connect_with, run_settle};
use rust_decimal::Decimal;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_sync_and_disconnect_through_the_command_line() {
    #[allow(clippy::disallowed_methods)] // the fake serves real time to a real process
    let clock = ManualClock::new(Utc::now());
    let xero = FakeXero::start(FakeXeroConfig::new(clock.clock()))
        .await
        .unwrap();
    let state = xero.state();
    let tenant = state.add_organisation(Organisation::new("Harbour Plumbing Ltd"));
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    for c in 0..3 {
        let contact = state
            .add_contact(
                tenant,
                Contact::new(&format!("Customer {c}")).with_email("a@b.example"),
            )
            .unwrap();
        for i in 0..4 {
            state
                .add_invoice(
                    tenant,
                    Invoice::accrec(
                        contact,
                        &format!("INV-{c}{i}"),
                        day(4, 1),
                        day(5, 1),
                        Decimal::new(12_345, 2),
                    ),
                )
                .unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let urls = xero.urls().clone();

    // Not connected yet: a clear error, exit 1.
    let out = run_settle(dir.path(), &urls, &["sync"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not connected to Xero"));

    // Connect: read the authorize URL from stdout, play the browser.
    let (url, json) = connect(dir.path(), &urls).await;
    assert!(url.starts_with(&urls.authorize), "{url}");
    let connection: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(connection["organisation"], "Harbour Plumbing Ltd");
    assert_eq!(connection["tenantId"], tenant.to_string());

    // Sync: the report on stdout, progress on stderr.
    let out = run_settle(dir.path(), &urls, &["sync", "--json"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["contacts"]["inserted"], 3);
    assert_eq!(report["invoices"]["inserted"], 12);
    assert!(String::from_utf8_lossy(&out.stderr).contains("invoices: page 1"));
    let customers = run_settle(dir.path(), &urls, &["customers", "--json"]).await;
    let page: serde_json::Value = serde_json::from_slice(&customers.stdout).unwrap();
    assert_eq!(page["outstanding"], "1481.40");

    // Disconnect: revoked at Xero, token file emptied, data kept.
    let out = run_settle(dir.path(), &urls, &["disconnect"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(state.connections().is_empty());
    let secrets = std::fs::read_to_string(dir.path().join("secrets.json")).unwrap();
    assert_eq!(secrets, "{}");
    let out = run_settle(dir.path(), &urls, &["sync"]).await;
    assert_eq!(out.status.code(), Some(1));
}

/// A sign-in that reaches two organisations: without `--tenant` nothing is connected and the
/// command lists the choices; an id the sign-in does not reach is refused with the list; the
/// chosen one (any case, spaces trimmed) is connected and `settle sync` fetches its books only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_organisations_need_a_tenant_and_only_the_chosen_one_is_synced() {
    #[allow(clippy::disallowed_methods)] // the fake serves real time to a real process
    let clock = ManualClock::new(Utc::now());
    let xero = FakeXero::start(FakeXeroConfig::new(clock.clock()))
        .await
        .unwrap();
    let state = xero.state();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let books = |name: &str, customers: usize| {
        let tenant = state.add_organisation(Organisation::new(name));
        for c in 0..customers {
            let contact = state
                .add_contact(tenant, Contact::new(&format!("{name} customer {c}")))
                .unwrap();
            let invoice = Invoice::accrec(
                contact,
                &format!("INV-{c}"),
                day(4, 1),
                day(5, 1),
                Decimal::new(10_000, 2),
            );
            state.add_invoice(tenant, invoice).unwrap();
        }
        tenant
    };
    let harbour = books("Harbour Plumbing Ltd", 1);
    let southern = books("Southern Cross Electrical Pty Ltd", 2);
    let dir = tempfile::tempdir().unwrap();
    let urls = xero.urls().clone();

    let (_, ended) = connect_with(dir.path(), &urls, &[]).await;
    assert_eq!(ended.status.code(), Some(1), "{}", ended.stderr);
    assert!(
        ended.stderr.contains("reaches several organisations")
            && ended.stderr.contains("--tenant")
            && ended.stderr.contains(&harbour.to_string())
            && ended.stderr.contains(&southern.to_string()),
        "{}",
        ended.stderr
    );
    let out = run_settle(dir.path(), &urls, &["sync"]).await;
    assert_eq!(out.status.code(), Some(1), "nothing was connected");

    let elsewhere = "00000000-0000-4000-8000-00000000beef";
    let (_, ended) = connect_with(dir.path(), &urls, &["--tenant", elsewhere]).await;
    assert_eq!(ended.status.code(), Some(1), "{}", ended.stderr);
    assert!(
        ended
            .stderr
            .contains(&format!("does not reach organisation {elsewhere}"))
            && ended.stderr.contains("Southern Cross Electrical Pty Ltd"),
        "{}",
        ended.stderr
    );

    let chosen = format!(" {} ", southern.to_string().to_uppercase());
    let (_, ended) = connect_with(dir.path(), &urls, &["--tenant", &chosen]).await;
    assert!(ended.status.success(), "{}", ended.stderr);
    let connection: serde_json::Value = serde_json::from_str(&ended.stdout).unwrap();
    assert_eq!(
        connection["organisation"],
        "Southern Cross Electrical Pty Ltd"
    );
    assert_eq!(connection["tenantId"], southern.to_string());

    let out = run_settle(dir.path(), &urls, &["sync", "--json"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["organisation"], "Southern Cross Electrical Pty Ltd");
    assert_eq!(report["contacts"]["inserted"], 2);
    assert_eq!(report["invoices"]["inserted"], 2);
}
