//! The overview aggregate agrees with settle-core's rules computed invoice by invoice.

mod common;

use std::collections::HashMap;

use rust_decimal::Decimal;
use settle_core::money::to_base;
use settle_core::overview::{is_listed, settled_window_start};

#[tokio::test]
async fn aggregates_match_the_core_rules_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let today = common::today();
    let facts = db.customer_facts(org, today).await.unwrap();
    let invoices = db.invoices_of_organisation(org).await.unwrap();

    // Recompute each customer's totals from the invoices with settle-core.
    let mut expected: HashMap<i64, (Decimal, Decimal, u32)> = HashMap::new();
    let mut settled: HashMap<i64, chrono::NaiveDate> = HashMap::new();
    for stored in &invoices {
        let inv = &stored.invoice;
        if inv.is_open() {
            let e = expected.entry(stored.contact_id).or_default();
            e.0 += to_base(inv.amount_due, inv.currency_rate);
            if inv.is_overdue(today) {
                e.1 += to_base(inv.amount_due, inv.currency_rate);
            }
            e.2 += 1;
        }
        if let Some(paid) = inv
            .fully_paid_on
            .filter(|d| *d >= settled_window_start(today))
        {
            let s = settled.entry(stored.contact_id).or_insert(paid);
            *s = (*s).max(paid);
        }
    }
    let listed: Vec<_> = facts.iter().filter(|f| is_listed(f, today)).collect();
    assert!(
        listed.len() > 30,
        "most demo customers are listed: {}",
        listed.len()
    );
    for f in &facts {
        let (out, due, n) = expected.get(&f.id).copied().unwrap_or_default();
        assert_eq!(f.outstanding_base(), out, "{}", f.name);
        assert_eq!(f.overdue_base(), due, "{}", f.name);
        assert_eq!(f.open_invoices(), n, "{}", f.name);
        assert_eq!(f.last_settled_on, settled.get(&f.id).copied(), "{}", f.name);
    }
    // Every customer with an open invoice or a recent settlement came back from SQL.
    for id in expected.keys().chain(settled.keys()) {
        assert!(facts.iter().any(|f| f.id == *id), "customer {id} missing");
    }
    // Demo customers billed in euros show their balance in euros as well as in pounds.
    assert!(facts
        .iter()
        .flat_map(|f| &f.balances)
        .any(|b| b.currency.as_str() != "GBP" && b.outstanding != b.outstanding_base));
}

#[tokio::test]
async fn refreshing_the_demo_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, first) = common::demo_db(&dir).await;
    let demo = settle_core::demo::generate(1, settle_core::demo::DemoSize::DEMO, common::today());
    let second = db.replace_demo(&demo, common::now()).await.unwrap();
    assert_ne!(first, second);
    let orgs = db.organisations().await.unwrap();
    assert_eq!(orgs.len(), 1);
    let contacts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts")
        .fetch_one(db.reader())
        .await
        .unwrap();
    assert_eq!(contacts, 60, "old demo rows cascade away");
}
