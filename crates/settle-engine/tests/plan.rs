//! Scenario tests of planning with a fixed clock on a real data folder: the outbox never gets a
//! second item for an occurrence, paid invoices stop at once, and reminders that fell due while
//! Settle was not running wait for the owner.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::{
    Engine, MissedAction, MissedSelection, OccurrenceStatus, PreviewScope, PREVIEW_DAYS,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

async fn engine_at(dir: &tempfile::TempDir, now: DateTime<Utc>) -> Engine {
    Engine::open(dir.path(), Arc::new(FixedClock(now)))
        .await
        .unwrap()
}

async fn demo(dir: &tempfile::TempDir) -> Engine {
    let engine = engine_at(dir, t0()).await;
    engine.create_demo(DemoSize::DEMO).await.unwrap();
    engine
}

async fn pool(dir: &tempfile::TempDir) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("settle.db").display()
    ))
    .await
    .unwrap()
}

async fn outbox_states(dir: &tempfile::TempDir) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT occurrence_key, state, due_at FROM outbox_items ORDER BY occurrence_key")
        .fetch_all(&pool(dir).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn planning_twice_creates_no_duplicate_outbox_items() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    // Settle runs through the first day, then plans again three days later at 09:30.
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 30, 0).unwrap();
    let first = engine.plan_due(at).await.unwrap();
    assert!(first.new_items > 0, "something is due at 09:30");
    let after_first = outbox_states(&dir).await;

    let second = engine.plan_due(at).await.unwrap();
    assert_eq!(second.new_items, 0);
    assert_eq!(second.new_missed, 0);
    assert_eq!(second.awaiting_approval, first.awaiting_approval);
    // A few minutes later, and from another process's engine: still nothing new.
    let other = engine_at(&dir, at).await;
    let third = other.plan_due(at + Duration::minutes(3)).await.unwrap();
    assert_eq!(third.new_items, 0);
    assert_eq!(outbox_states(&dir).await, after_first);

    // What is awaiting approval is exactly what the view lists, each key once.
    let mut keys: Vec<&String> = third
        .customers
        .iter()
        .flat_map(|c| &c.messages)
        .flat_map(|m| &m.keys)
        .collect();
    let listed = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), listed);
    assert_eq!(listed as u32, third.awaiting_approval);
}

#[tokio::test]
async fn a_paid_invoice_gets_no_new_items_and_its_future_occurrences_show_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let at = t0() + Duration::minutes(5);
    engine.plan_due(at).await.unwrap();
    // An invoice with sends still to come.
    let preview = engine
        .preview(PREVIEW_DAYS, &PreviewScope::Organisation, None)
        .await
        .unwrap();
    let target = preview
        .occurrences
        .iter()
        .find(|o| o.status == OccurrenceStatus::Scheduled)
        .unwrap()
        .clone();
    // It is paid in Xero (as a sync would record it).
    sqlx::query("UPDATE invoices SET status = 'PAID', amount_due_e4 = 0 WHERE id = ?")
        .bind(target.invoice_id)
        .execute(&pool(&dir).await)
        .await
        .unwrap();

    let later = engine
        .plan_due(target_time(&target) + Duration::minutes(1))
        .await
        .unwrap();
    assert!(later
        .customers
        .iter()
        .flat_map(|c| &c.messages)
        .all(|m| m.invoices.iter().all(|i| i.id != target.invoice_id)));
    let prefix = format!("invoice:{}:", target.invoice_id);
    assert!(
        outbox_states(&dir)
            .await
            .iter()
            .all(|(key, state, _)| !key.starts_with(&prefix) || state == "cancelled"),
        "no item for the paid invoice waits or is new"
    );

    let view = engine
        .preview(
            PREVIEW_DAYS,
            &PreviewScope::Invoice(target.invoice_number.clone()),
            None,
        )
        .await
        .unwrap();
    assert!(!view.occurrences.is_empty());
    assert_eq!(view.sends, 0);
    for o in &view.occurrences {
        assert_eq!(o.status, OccurrenceStatus::Cancelled, "{o:?}");
        assert_eq!(o.reason.as_deref(), Some("the invoice was paid"));
    }
}

fn target_time(o: &settle_engine::OccurrenceView) -> DateTime<Utc> {
    o.at.parse().unwrap()
}

#[tokio::test]
async fn a_reminder_waiting_for_approval_is_withdrawn_when_its_invoice_is_paid() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 30, 0).unwrap();
    let plan = engine.plan_due(at).await.unwrap();
    let waiting = &plan.customers[0].messages[0];
    let invoice = waiting.invoices[0].id;
    sqlx::query("UPDATE invoices SET status = 'PAID', amount_due_e4 = 0 WHERE id = ?")
        .bind(invoice)
        .execute(&pool(&dir).await)
        .await
        .unwrap();
    let again = engine.plan_due(at + Duration::minutes(1)).await.unwrap();
    assert!(again.withdrawn >= 1);
    assert!(again.awaiting_approval < plan.awaiting_approval);
    let prefix = format!("invoice:{invoice}:");
    for (key, state, _) in outbox_states(&dir).await {
        if key.starts_with(&prefix) {
            assert_eq!(state, "cancelled", "{key}");
        }
    }
}

#[tokio::test]
async fn missed_occurrences_are_never_put_in_the_outbox_as_sendable() {
    let dir = tempfile::tempdir().unwrap();
    let engine = demo(&dir).await;
    let last_run = t0() + Duration::minutes(5);
    engine.plan_due(last_run).await.unwrap();
    // The computer was off for four days; Settle starts at 11:00.
    let back = Utc.with_ymd_and_hms(2026, 11, 26, 11, 0, 0).unwrap();
    let plan = engine.plan_due(back).await.unwrap();
    assert!(plan.new_missed > 0);
    let hour_over = back - Duration::hours(1);
    for (key, state, due_at) in outbox_states(&dir).await {
        let due: DateTime<Utc> = due_at.parse().unwrap();
        if due > last_run && due <= hour_over && state != "cancelled" {
            assert_eq!(state, "held", "{key} fell due while Settle was off");
        }
    }
    assert!(plan.customers.iter().flat_map(|c| &c.messages).all(|m| m
        .at
        .parse::<DateTime<Utc>>()
        .unwrap()
        > hour_over));

    // The owner sees them grouped by customer; looking changes nothing.
    let owner = engine_at(&dir, back + Duration::minutes(2)).await;
    let before = outbox_states(&dir).await;
    let missed = owner.missed().await.unwrap();
    assert_eq!(missed.total, plan.new_missed);
    assert!(missed.customers.iter().all(|c| c
        .occurrences
        .iter()
        .all(|o| o.status == OccurrenceStatus::Missed && o.customer_id == c.customer_id)));
    assert_eq!(outbox_states(&dir).await, before);
    // Planning again does not release them either.
    let again = owner.plan_due(back + Duration::minutes(2)).await.unwrap();
    assert_eq!((again.new_items, again.new_missed), (0, 0));
    assert_eq!(owner.missed().await.unwrap().total, missed.total);

    // Send one customer's now, reschedule one, skip the rest.
    let first = &missed.customers[0];
    let sent = owner
        .resolve_missed(
            &MissedSelection::Customer {
                id: first.customer_id,
            },
            &MissedAction::SendNow,
        )
        .await
        .unwrap();
    assert_eq!(sent.count as usize, first.occurrences.len());
    let queued = owner.plan_due(back + Duration::minutes(3)).await.unwrap();
    assert_eq!(
        queued.awaiting_approval,
        again.awaiting_approval + sent.count
    );

    let remaining = owner.missed().await.unwrap();
    if let Some(customer) = remaining.customers.first() {
        let key = customer.occurrences[0].key.clone();
        let past = owner
            .resolve_missed(
                &MissedSelection::Keys {
                    keys: vec![key.clone()],
                },
                &MissedAction::Reschedule {
                    at: "2026-11-20T09:00:00Z".into(),
                },
            )
            .await
            .unwrap_err();
        assert!(past.to_string().contains("after now"), "{past}");
        owner
            .resolve_missed(
                &MissedSelection::Keys { keys: vec![key] },
                &MissedAction::Reschedule {
                    at: "2026-11-27T09:00:00Z".into(),
                },
            )
            .await
            .unwrap();
        owner
            .resolve_missed(&MissedSelection::All, &MissedAction::Skip { reason: None })
            .await
            .unwrap();
    }
    assert_eq!(owner.missed().await.unwrap().total, 0);
    let none = owner
        .resolve_missed(&MissedSelection::All, &MissedAction::SendNow)
        .await
        .unwrap_err();
    assert!(none.to_string().contains("no missed reminders"), "{none}");
}
