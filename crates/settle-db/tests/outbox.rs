//! The outbox: one row per occurrence key however often a plan is recorded, withdrawals,
//! rescheduled items, the heartbeat and settling missed items — against a real database file.

mod common;

use chrono::{DateTime, Duration, Utc};
use settle_core::schedule::{occurrence_key, Channel, Outcome, Subject};
use settle_db::{BookScope, Database, NewOutboxItem, OutboxState, PlanWrite};

async fn first_scheduled_invoice(db: &Database) -> (i64, i64) {
    sqlx::query_as(
        "SELECT i.id, i.contact_id FROM invoices i JOIN invoice_schedules s \
         ON s.invoice_id = i.id ORDER BY i.id LIMIT 1",
    )
    .fetch_one(db.reader())
    .await
    .unwrap()
}

fn item(invoice: (i64, i64), step: usize, state: OutboxState, at: DateTime<Utc>) -> NewOutboxItem {
    NewOutboxItem {
        key: occurrence_key(Subject::Invoice(invoice.0), step, 1, Channel::Email),
        contact_id: invoice.1,
        invoice_id: Some(invoice.0),
        channel: Channel::Email,
        due_at: at,
        state,
        reason: String::new(),
        missed_at: (state == OutboxState::Held).then_some(at),
    }
}

#[tokio::test]
async fn inserting_the_same_occurrences_again_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let invoice = first_scheduled_invoice(&db).await;
    let now = common::now();
    let items = [
        item(invoice, 0, OutboxState::AwaitingApproval, now),
        item(invoice, 1, OutboxState::AwaitingApproval, now),
    ];
    assert_eq!(db.insert_outbox_items(org, &items, now).await.unwrap(), 2);
    assert_eq!(db.insert_outbox_items(org, &items, now).await.unwrap(), 0);
    // A different state for a key already there changes nothing either.
    let skipped = [item(invoice, 0, OutboxState::Skipped, now)];
    assert_eq!(db.insert_outbox_items(org, &skipped, now).await.unwrap(), 0);
    let stored = db.outbox_items(org, None).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored
        .iter()
        .all(|i| i.state == OutboxState::AwaitingApproval));
    assert_eq!(
        db.outbox_items(org, Some(OutboxState::Sent)).await.unwrap(),
        []
    );
}

#[tokio::test]
async fn the_planner_reads_the_history_back_per_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let invoice = first_scheduled_invoice(&db).await;
    let now = common::now();
    let mut cancelled = item(invoice, 2, OutboxState::Cancelled, now);
    cancelled.reason = "chasing is off for this customer".into();
    let items = [
        item(invoice, 0, OutboxState::Held, now),
        item(invoice, 1, OutboxState::Planned, now),
        cancelled,
    ];
    db.insert_outbox_items(org, &items, now).await.unwrap();
    let book = db
        .plan_book(org, &BookScope::Invoice(invoice.0), false)
        .await
        .unwrap();
    let history = book.history_of(invoice.0);
    let mut outcomes: Vec<_> = history
        .iter()
        .map(|h| (h.past.id.step, h.past.outcome.clone(), h.state))
        .collect();
    outcomes.sort_by_key(|o| o.0);
    assert_eq!(
        outcomes,
        [
            (0, Outcome::AwaitingApproval, OutboxState::Held),
            (1, Outcome::AwaitingApproval, OutboxState::Planned),
            (
                2,
                Outcome::Cancelled {
                    reason: "chasing is off for this customer".into()
                },
                OutboxState::Cancelled
            ),
        ]
    );
    let held = history
        .iter()
        .find(|h| h.state == OutboxState::Held)
        .unwrap();
    assert_eq!(held.missed_at, Some(now));
}

#[tokio::test]
async fn recording_a_plan_withdraws_promotes_and_keeps_the_latest_heartbeat() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let invoice = first_scheduled_invoice(&db).await;
    let now = common::now();
    let tomorrow = now + Duration::days(1);
    let waiting = item(invoice, 0, OutboxState::AwaitingApproval, now);
    let rescheduled = item(invoice, 1, OutboxState::Planned, tomorrow);
    let sent = item(invoice, 2, OutboxState::Sent, now);
    db.insert_outbox_items(org, &[waiting.clone(), rescheduled, sent.clone()], now)
        .await
        .unwrap();
    assert_eq!(db.last_planned_at(org).await.unwrap(), None);

    let write = PlanWrite {
        withdrawals: vec![
            (waiting.key.clone(), "the invoice was paid".into()),
            (sent.key.clone(), "the invoice was paid".into()),
        ],
        promote_until: Some(now),
        heartbeat: Some(tomorrow),
        ..PlanWrite::default()
    };
    let counts = db.record_plan(org, &write, now).await.unwrap();
    assert_eq!(
        (counts.withdrawn, counts.promoted),
        (1, 0),
        "a sent item stays sent"
    );
    assert_eq!(db.last_planned_at(org).await.unwrap(), Some(tomorrow));

    let write = PlanWrite {
        promote_until: Some(tomorrow),
        heartbeat: Some(now),
        ..PlanWrite::default()
    };
    let counts = db.record_plan(org, &write, now).await.unwrap();
    assert_eq!(counts.promoted, 1, "the rescheduled item is due now");
    assert_eq!(
        db.last_planned_at(org).await.unwrap(),
        Some(tomorrow),
        "an earlier planning instant does not move the heartbeat back"
    );
    let states: Vec<_> = db
        .outbox_items(org, None)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.key, i.state, i.reason))
        .collect();
    assert!(states.contains(&(
        waiting.key,
        OutboxState::Cancelled,
        "the invoice was paid".into()
    )));
    assert!(
        states
            .iter()
            .filter(|s| s.1 == OutboxState::AwaitingApproval)
            .count()
            == 1
    );
}

#[tokio::test]
async fn settling_missed_items_touches_only_held_rows_and_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let invoice = first_scheduled_invoice(&db).await;
    let now = common::now();
    let held = item(invoice, 0, OutboxState::Held, now);
    let sent = item(invoice, 1, OutboxState::Sent, now);
    db.insert_outbox_items(org, &[held.clone(), sent.clone()], now)
        .await
        .unwrap();
    let skip = |mut i: NewOutboxItem| {
        i.state = OutboxState::Skipped;
        i.reason = "spoke on the phone".into();
        i
    };
    // One of the two was already sent: nothing changes.
    let err = db
        .resolve_missed(org, &[skip(held.clone()), skip(sent)], now)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already acted on"), "{err}");
    assert_eq!(
        db.outbox_items(org, Some(OutboxState::Held))
            .await
            .unwrap()
            .len(),
        1
    );
    // A missed item never recorded is added with the chosen state.
    let unrecorded = skip(item(invoice, 3, OutboxState::Held, now));
    assert_eq!(
        db.resolve_missed(org, &[skip(held), unrecorded], now)
            .await
            .unwrap(),
        2
    );
    let skipped = db
        .outbox_items(org, Some(OutboxState::Skipped))
        .await
        .unwrap();
    assert_eq!(skipped.len(), 2);
    assert!(skipped
        .iter()
        .all(|i| i.reason == "spoke on the phone" && i.missed_at.is_some()));
}
