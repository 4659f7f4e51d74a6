//! The outbox state machine against a real database file: illegal moves are refused (and change
//! nothing), every move is recorded with reason and actor — the planner's bulk statements too —
//! and a message covering several items moves them together, through approval and an attempt.

mod common;

use chrono::Duration;
use settle_core::schedule::{occurrence_key, Channel, Subject};
use settle_db::{
    AttemptEnd, Database, MessageKey, NewAttempt, NewOutboxItem, OutboxState, PlanWrite,
};

async fn two_invoices_of_one_customer(db: &Database) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT a.contact_id, a.id, b.id FROM invoices a JOIN invoices b \
         ON b.contact_id = a.contact_id AND b.id > a.id ORDER BY a.id LIMIT 1",
    )
    .fetch_one(db.reader())
    .await
    .unwrap()
}

fn item(contact: i64, invoice: i64) -> NewOutboxItem {
    NewOutboxItem {
        key: occurrence_key(Subject::Invoice(invoice), 0, 1, Channel::Email),
        contact_id: contact,
        invoice_id: Some(invoice),
        channel: Channel::Email,
        due_at: common::now(),
        state: OutboxState::AwaitingApproval,
        reason: String::new(),
        missed_at: None,
    }
}

async fn setup() -> (tempfile::TempDir, Database, i64, Vec<i64>, i64) {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let (contact, a, b) = two_invoices_of_one_customer(&db).await;
    let now = common::now();
    // The demo may have planned items already; these keys are new (step 0, occurrence 1 may
    // exist, so clear the outbox first).
    sqlx::query("DELETE FROM outbox_items")
        .execute(db.writer())
        .await
        .unwrap();
    db.insert_outbox_items(org, &[item(contact, a), item(contact, b)], now)
        .await
        .unwrap();
    let ids: Vec<i64> = db
        .outbox_items(org, None)
        .await
        .unwrap()
        .iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(ids.len(), 2);
    (dir, db, org, ids, contact)
}

#[test]
fn the_transition_table_allows_only_the_documented_moves() {
    use OutboxState::*;
    for from in OutboxState::ALL {
        for to in OutboxState::ALL {
            let legal = from.can_move_to(to);
            if matches!(from, Sent | Skipped | Cancelled) || from == to {
                assert!(!legal, "{from:?} -> {to:?} must be refused");
            }
        }
    }
    assert!(AwaitingApproval.can_move_to(Approved));
    assert!(Approved.can_move_to(Sending));
    assert!(Sending.can_move_to(InDoubt));
    // Nothing jumps the queue: not straight to sending without approval, never in-doubt → sending.
    assert!(!AwaitingApproval.can_move_to(Sending));
    assert!(!InDoubt.can_move_to(Sending));
    assert!(!Held.can_move_to(Sending));
    assert!(!Failed.can_move_to(Sending));
}

#[tokio::test]
async fn an_illegal_transition_is_refused_and_changes_nothing() {
    let (_dir, db, org, ids, _) = setup().await;
    let now = common::now();
    // One legal and one illegal move in one call: all or nothing.
    db.move_items(
        org,
        &ids[..1],
        OutboxState::Skipped,
        "owner skipped",
        "owner",
        now,
    )
    .await
    .unwrap();
    let err = db
        .move_items(org, &ids, OutboxState::Approved, "approve", "owner", now)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("cannot become approved"), "{err}");
    let items = db.outbox_items(org, None).await.unwrap();
    let state = |id| items.iter().find(|i| i.id == id).unwrap().state;
    assert_eq!(state(ids[0]), OutboxState::Skipped);
    assert_eq!(
        state(ids[1]),
        OutboxState::AwaitingApproval,
        "the legal half was not applied"
    );
    let err = db
        .move_items(org, &[ids[1]], OutboxState::Sending, "x", "owner", now)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("cannot become sending"), "{err}");
}

#[tokio::test]
async fn every_transition_is_recorded_with_reason_and_actor_including_the_planners() {
    let (_dir, db, org, ids, _) = setup().await;
    let now = common::now();
    let later = now + Duration::minutes(5);
    db.move_items(
        org,
        &ids[..1],
        OutboxState::Held,
        "gate: Xero sync failed",
        "gate",
        now,
    )
    .await
    .unwrap();
    db.move_items(
        org,
        &ids[..1],
        OutboxState::Approved,
        "gate passed",
        "gate",
        later,
    )
    .await
    .unwrap();
    // The planner's withdrawal goes through its own bulk statement: still recorded.
    let key = db.outbox_items(org, None).await.unwrap()[0].key.clone();
    let write = PlanWrite {
        withdrawals: vec![(key, "invoice paid".to_owned())],
        ..PlanWrite::default()
    };
    db.record_plan(org, &write, later).await.unwrap();
    let log = db.outbox_transitions(org, ids[0]).await.unwrap();
    let moves: Vec<_> = log
        .iter()
        .map(|t| (t.from, t.to, t.reason.as_str(), t.actor.as_str()))
        .collect();
    assert_eq!(
        moves,
        [
            (None, OutboxState::AwaitingApproval, "", "planner"),
            (
                Some(OutboxState::AwaitingApproval),
                OutboxState::Held,
                "gate: Xero sync failed",
                "gate"
            ),
            (
                Some(OutboxState::Held),
                OutboxState::Approved,
                "gate passed",
                "gate"
            ),
            (
                Some(OutboxState::Approved),
                OutboxState::Cancelled,
                "invoice paid",
                "planner"
            ),
        ]
    );
    assert_eq!(log[2].at, later);
}

#[tokio::test]
async fn a_message_covering_several_items_moves_them_together() {
    let (_dir, db, org, ids, contact) = setup().await;
    let now = common::now();
    let key = MessageKey {
        contact_id: contact,
        channel: Channel::Email,
        local_date: common::today(),
        audience: "customer".to_owned(),
    };
    let assignments: Vec<_> = ids.iter().map(|&id| (id, key.clone())).collect();
    assert_eq!(db.assign_messages(org, &assignments, now).await.unwrap(), 2);
    // Assigning again changes nothing.
    assert_eq!(db.assign_messages(org, &assignments, now).await.unwrap(), 0);
    let messages = db
        .outgoing_messages(org, &[OutboxState::AwaitingApproval])
        .await
        .unwrap();
    assert_eq!(messages.len(), 1, "one message for both invoices");
    let message = &messages[0];
    assert_eq!(message.item_ids(), ids);
    assert_eq!(
        db.approve_message(org, message.id, "owner", false, now)
            .await
            .unwrap(),
        2
    );
    let attempt = NewAttempt {
        message_id_header: "<1.abc@example.test>".to_owned(),
        from: "ar@example.test".to_owned(),
        to: vec!["ap@customer.test".to_owned()],
        cc: vec![],
        subject: "Two invoices".to_owned(),
        text: "Hello".to_owned(),
        html: None,
        attachments: vec![],
        raw_path: Some("archive/2026/1.eml".to_owned()),
        raw_sha256: Some("00".repeat(32)),
    };
    let id = db
        .begin_attempt(org, message.id, &attempt, now)
        .await
        .unwrap()
        .unwrap();
    let states = |m: settle_db::StoredMessage| m.items.iter().map(|i| i.state).collect::<Vec<_>>();
    let stored = db.outgoing_message(org, message.id).await.unwrap();
    assert_eq!(states(stored), [OutboxState::Sending, OutboxState::Sending]);
    // A second begin finds nothing approved: nothing may be sent twice.
    assert_eq!(
        db.begin_attempt(org, message.id, &attempt, now)
            .await
            .unwrap(),
        None
    );
    db.finish_attempt(org, id, AttemptEnd::Sent, "250 OK", now)
        .await
        .unwrap();
    let stored = db.outgoing_message(org, message.id).await.unwrap();
    assert_eq!(states(stored), [OutboxState::Sent, OutboxState::Sent]);
    let timeline: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM messages WHERE message_id_header = '<1.abc@example.test>'",
    )
    .fetch_one(db.reader())
    .await
    .unwrap();
    assert_eq!(timeline, 2, "one timeline row per invoice");
    let conversation = db
        .conversation(org, settle_db::ConversationOf::Customer(contact))
        .await
        .unwrap();
    assert_eq!(conversation.len(), 1);
    assert_eq!(conversation[0].state, "sent");
    assert_eq!(conversation[0].invoice_ids.len(), 2);
}

#[tokio::test]
async fn items_left_sending_by_a_crash_become_in_doubt() {
    let (_dir, db, org, ids, contact) = setup().await;
    let now = common::now();
    let key = MessageKey {
        contact_id: contact,
        channel: Channel::Email,
        local_date: common::today(),
        audience: "customer".to_owned(),
    };
    db.assign_messages(org, &[(ids[0], key)], now)
        .await
        .unwrap();
    let message = db.outgoing_messages(org, &[]).await.unwrap()[0].id;
    db.approve_message(org, message, "owner", false, now)
        .await
        .unwrap();
    let attempt = NewAttempt {
        message_id_header: "<2.abc@example.test>".to_owned(),
        from: "ar@example.test".to_owned(),
        to: vec!["ap@customer.test".to_owned()],
        cc: vec![],
        subject: "s".to_owned(),
        text: "t".to_owned(),
        html: None,
        attachments: vec![],
        raw_path: None,
        raw_sha256: None,
    };
    db.begin_attempt(org, message, &attempt, now)
        .await
        .unwrap()
        .unwrap();
    // "Crash": reopen the file.
    let path = db.path().to_path_buf();
    db.close().await;
    let db = Database::open(&path, &settle_db::OpenOptions::default())
        .await
        .unwrap();
    assert_eq!(db.recover_sending(org, now).await.unwrap(), 1);
    assert_eq!(db.recover_sending(org, now).await.unwrap(), 0);
    let item = &db.outgoing_message(org, message).await.unwrap().items[0];
    assert_eq!(item.state, OutboxState::InDoubt);
    assert!(!item.state.can_move_to(OutboxState::Sending));
}
