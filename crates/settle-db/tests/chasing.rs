//! Start/stop chasing, Set all and undo, against a real database file.

mod common;

use settle_db::{ChangeScope, Database, DbError};

async fn chasing_flags(db: &Database) -> (Vec<(i64, i64)>, Vec<(i64, i64)>) {
    let contacts = sqlx::query_as("SELECT id, chasing FROM contacts ORDER BY id")
        .fetch_all(db.reader())
        .await
        .unwrap();
    let invoices = sqlx::query_as("SELECT id, chasing FROM invoices ORDER BY id")
        .fetch_all(db.reader())
        .await
        .unwrap();
    (contacts, invoices)
}

fn summary(c: u64, i: u64) -> String {
    format!("{c} customers, {i} invoices")
}

#[tokio::test]
async fn stopping_one_customer_stops_its_invoices_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let before = chasing_flags(&db).await;
    let (id,): (i64,) = sqlx::query_as(
        "SELECT c.id FROM contacts c WHERE chasing = 1 AND \
         (SELECT COUNT(*) FROM invoices i WHERE i.contact_id = c.id) >= 2 LIMIT 1",
    )
    .fetch_one(db.reader())
    .await
    .unwrap();
    let change = db
        .set_chasing(
            org,
            ChangeScope::Contact(id),
            false,
            "test",
            common::now(),
            summary,
        )
        .await
        .unwrap();
    assert_eq!(change.contacts, 1);
    assert!(change.invoices >= 2);
    let after = chasing_flags(&db).await;
    for ((cid, was), (_, now)) in before.0.iter().zip(&after.0) {
        assert_eq!(*now, if *cid == id { 0 } else { *was });
    }
    let of_customer: Vec<i64> =
        sqlx::query_scalar("SELECT chasing FROM invoices WHERE contact_id = ?")
            .bind(id)
            .fetch_all(db.reader())
            .await
            .unwrap();
    assert!(of_customer.iter().all(|c| *c == 0));
    // The timeline shows the change.
    let timeline = db.timeline(org, id).await.unwrap();
    assert!(timeline
        .iter()
        .any(|t| t.title == summary(1, change.invoices)));
}

#[tokio::test]
async fn set_all_then_undo_restores_every_flag_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let before = chasing_flags(&db).await;
    assert!(
        before.0.iter().any(|c| c.1 == 0),
        "demo has not-chasing customers"
    );
    let change = db
        .set_chasing(org, ChangeScope::All, false, "test", common::now(), summary)
        .await
        .unwrap();
    let stopped = chasing_flags(&db).await;
    assert!(stopped.0.iter().all(|c| c.1 == 0) && stopped.1.iter().all(|i| i.1 == 0));
    let undo = db
        .undo_chasing(org, change.audit_id, "test", common::now(), summary)
        .await
        .unwrap();
    assert_eq!(
        (undo.contacts, undo.invoices),
        (change.contacts, change.invoices)
    );
    assert_eq!(chasing_flags(&db).await, before);
    // A second undo of the same change is refused and changes nothing.
    let again = db
        .undo_chasing(org, change.audit_id, "test", common::now(), summary)
        .await
        .unwrap_err();
    assert!(matches!(again, DbError::UndoUnavailable(_)));
    assert_eq!(chasing_flags(&db).await, before);
}

#[tokio::test]
async fn set_all_to_chasing_leaves_archived_customers_alone_and_only_the_latest_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let first = db
        .set_chasing(org, ChangeScope::All, true, "test", common::now(), summary)
        .await
        .unwrap();
    let archived_chasing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM contacts WHERE contact_status = 'ARCHIVED' AND chasing = 1",
    )
    .fetch_one(db.reader())
    .await
    .unwrap();
    assert_eq!(archived_chasing, 0);
    let active_not_chasing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM contacts WHERE contact_status = 'ACTIVE' AND chasing = 0",
    )
    .fetch_one(db.reader())
    .await
    .unwrap();
    assert_eq!(active_not_chasing, 0);
    let second = db
        .set_chasing(org, ChangeScope::All, false, "test", common::now(), summary)
        .await
        .unwrap();
    let older = db
        .undo_chasing(org, first.audit_id, "test", common::now(), summary)
        .await
        .unwrap_err();
    assert!(matches!(older, DbError::UndoUnavailable(_)));
    db.undo_chasing(org, second.audit_id, "test", common::now(), summary)
        .await
        .unwrap();
    // Now the first is the latest change not undone, so it can be undone too.
    db.undo_chasing(org, first.audit_id, "test", common::now(), summary)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unknown_customer_is_not_found_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let err = db
        .set_chasing(
            org,
            ChangeScope::Contact(999_999),
            false,
            "test",
            common::now(),
            summary,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::NotFound(_)));
    let audits: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(db.reader())
        .await
        .unwrap();
    assert_eq!(audits, 0);
}
