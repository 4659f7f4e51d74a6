//! Scenario tests of the Customers overview use cases on a real data folder with a fixed clock.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::{CustomerQuery, Engine, EngineError, ErrorCode, SortKey, Tab};

async fn demo_engine(dir: &tempfile::TempDir) -> Engine {
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap());
    let engine = Engine::open(dir.path(), Arc::new(clock)).await.unwrap();
    engine.create_demo(DemoSize::DEMO).await.unwrap();
    engine
}

fn query(tab: Tab) -> CustomerQuery {
    CustomerQuery {
        tab,
        search: String::new(),
        sort: SortKey::Name,
        descending: false,
        offset: 0,
        limit: 200,
    }
}

#[tokio::test]
async fn a_fresh_data_folder_has_no_organisation_until_the_demo_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap());
    let engine = Engine::open(dir.path(), Arc::new(clock)).await.unwrap();
    assert!(engine.status().await.unwrap().organisation.is_none());
    let err = engine.customers(&query(Tab::Chasing)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NoOrganisation);
    let org = engine.create_demo(DemoSize::DEMO).await.unwrap();
    assert!(org.is_demo);
    assert_eq!(org.today, "2026-11-22");
    assert_eq!(org.base_currency, "GBP");
    let status = engine.status().await.unwrap();
    assert_eq!(status.organisation.unwrap().name, org.name);
}

#[tokio::test]
async fn stopping_a_customer_moves_it_between_tabs_with_its_invoices() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo_engine(&dir).await;
    let before = engine.customers(&query(Tab::Chasing)).await.unwrap();
    assert!(before.counts.chasing > 0 && before.counts.not_chasing > 0);
    assert_eq!(before.matched, before.counts.chasing);
    let target = before
        .rows
        .iter()
        .find(|r| r.open_invoices > 0)
        .unwrap()
        .clone();

    let receipt = engine
        .set_customer_chasing(target.id, false, "test")
        .await
        .unwrap();
    assert_eq!(receipt.customers, 1);
    assert!(receipt
        .summary
        .starts_with(&format!("Stopped chasing {}", target.name)));

    let after = engine.customers(&query(Tab::NotChasing)).await.unwrap();
    assert_eq!(after.counts.chasing, before.counts.chasing - 1);
    assert_eq!(after.counts.not_chasing, before.counts.not_chasing + 1);
    assert!(after.rows.iter().any(|r| r.id == target.id && !r.chasing));
    let detail = engine.customer_detail(target.id).await.unwrap();
    assert!(!detail.chasing);
    assert!(detail.invoices.iter().all(|i| !i.chasing));
    assert_eq!(detail.outstanding, target.outstanding);
    assert!(detail.timeline.iter().any(|t| t.kind == "change"));

    engine.undo_change(receipt.audit_id, "test").await.unwrap();
    let restored = engine.customers(&query(Tab::Chasing)).await.unwrap();
    assert_eq!(restored.counts.chasing, before.counts.chasing);
}

#[tokio::test]
async fn set_all_to_not_chasing_empties_the_chasing_tab_and_undo_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo_engine(&dir).await;
    let before = engine.customers(&query(Tab::Chasing)).await.unwrap();
    let receipt = engine.set_all_chasing(false, "test").await.unwrap();
    let all_stopped = engine.customers(&query(Tab::Chasing)).await.unwrap();
    assert_eq!(all_stopped.counts.chasing, 0);
    assert!(all_stopped.rows.is_empty());
    assert_eq!(
        all_stopped.counts.not_chasing,
        before.counts.chasing + before.counts.not_chasing
    );
    let undo = engine.undo_change(receipt.audit_id, "test").await.unwrap();
    assert!(undo.summary.starts_with("Undone"));
    let restored = engine.customers(&query(Tab::Chasing)).await.unwrap();
    assert_eq!(restored.counts.chasing, before.counts.chasing);
    assert_eq!(restored.counts.not_chasing, before.counts.not_chasing);
    let again = engine
        .undo_change(receipt.audit_id, "test")
        .await
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::UndoUnavailable);
}

#[tokio::test]
async fn search_sort_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo_engine(&dir).await;
    let mut q = query(Tab::Chasing);
    q.sort = SortKey::Overdue;
    q.descending = true;
    let page = engine.customers(&q).await.unwrap();
    let overdue: Vec<rust_decimal::Decimal> = page
        .rows
        .iter()
        .map(|r| r.overdue.parse().unwrap())
        .collect();
    assert!(
        overdue.windows(2).all(|w| w[0] >= w[1]),
        "sorted by overdue, descending"
    );
    let total: rust_decimal::Decimal = page
        .rows
        .iter()
        .map(|r| r.outstanding.parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(page.outstanding, total.to_string());
    // Money is an exact decimal string with the currency's two places.
    assert!(page
        .rows
        .iter()
        .all(|r| r.outstanding.split('.').nth(1).map(str::len) == Some(2)));

    let name = page.rows[0].name.clone();
    q.search = name.to_uppercase();
    let found = engine.customers(&q).await.unwrap();
    assert_eq!(found.matched, 1);
    assert_eq!(found.rows[0].name, name);
}

#[tokio::test]
async fn the_cli_lookup_names_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo_engine(&dir).await;
    let missing = engine.find_customer("No Such Customer").await.unwrap_err();
    assert!(matches!(missing, EngineError::NotFound(_)));
    assert!(missing
        .to_string()
        .contains("No customer is called 'No Such Customer'"));
    let page = engine.customers(&query(Tab::Chasing)).await.unwrap();
    let first = &page.rows[0];
    assert_eq!(
        engine.find_customer(&first.name).await.unwrap().id,
        first.id
    );
    assert_eq!(
        engine
            .find_customer(&first.id.to_string())
            .await
            .unwrap()
            .id,
        first.id
    );
    let ambiguous = engine.find_customer("Ltd").await.unwrap_err();
    assert_eq!(ambiguous.code(), ErrorCode::InvalidInput);
}

#[tokio::test]
async fn overview_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo_engine(&dir).await;
    let page = engine.customers(&query(Tab::Chasing)).await.unwrap();
    let json = serde_json::to_value(&page).unwrap();
    for key in [
        "counts",
        "matched",
        "outstanding",
        "overdue",
        "baseCurrency",
        "rows",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let row = &json["rows"][0];
    for key in [
        "id",
        "name",
        "archived",
        "chasing",
        "schedule",
        "openInvoices",
        "outstanding",
        "overdue",
        "balances",
        "lastReminderAt",
        "nextReminderAt",
    ] {
        assert!(row.get(key).is_some(), "row missing {key}");
    }
    assert!(
        row["outstanding"].is_string(),
        "money is a string, never a float"
    );
    assert_eq!(json["counts"]["notChasing"], page.counts.not_chasing);
}

#[tokio::test]
async fn the_next_reminder_comes_from_the_latest_planning_run_and_only_for_chased_customers() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo_engine(&dir).await;
    engine.plan_due(engine.now()).await.unwrap();
    let page = engine.customers(&query(Tab::Chasing)).await.unwrap();
    let with_next: Vec<_> = page
        .rows
        .iter()
        .filter(|r| r.next_reminder_at.is_some())
        .collect();
    assert!(
        with_next.len() > page.rows.len() / 2,
        "most chased customers have a reminder ahead ({} of {})",
        with_next.len(),
        page.rows.len()
    );
    // The earliest of the customer's invoices' next reminders, which the invoice pages agree on.
    let row = with_next[0];
    let detail = engine.customer_detail(row.id).await.unwrap();
    let mut earliest: Option<String> = None;
    for invoice in &detail.invoices {
        let view = engine.invoice_chasing(invoice.id).await.unwrap();
        for o in &view.occurrences {
            let pending = matches!(
                o.status,
                settle_engine::OccurrenceStatus::Scheduled
                    | settle_engine::OccurrenceStatus::AwaitingApproval
            );
            if pending && earliest.as_deref().is_none_or(|e| o.at.as_str() < e) {
                earliest = Some(o.at.clone());
            }
        }
    }
    assert_eq!(row.next_reminder_at, earliest);

    // Stopping the customer clears it at once, before any planning run.
    engine
        .set_customer_chasing(row.id, false, "owner")
        .await
        .unwrap();
    let stopped = engine.customers(&query(Tab::NotChasing)).await.unwrap();
    let stopped_row = stopped.rows.iter().find(|r| r.id == row.id).unwrap();
    assert_eq!(stopped_row.next_reminder_at, None);
}
