//! The organisation-level chasing pause, against a real database file.

mod common;

use chrono::Duration;
use settle_db::{ChasingPause, DbError};

fn pause(reason: &str, reconnect_needed: bool) -> ChasingPause {
    ChasingPause {
        since: common::now(),
        reason: reason.to_owned(),
        reconnect_needed,
    }
}

#[tokio::test]
async fn an_organisation_starts_unpaused_and_a_pause_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    assert_eq!(db.chasing_pause(org).await.unwrap(), None);

    let first = pause("New connection: review your plan, then resume", false);
    db.set_chasing_pause(org, Some(&first)).await.unwrap();
    assert_eq!(db.chasing_pause(org).await.unwrap(), Some(first));

    // A later pause replaces the earlier one (one row per organisation).
    let mut second = pause("Xero needs you to sign in again", true);
    second.since = common::now() + Duration::hours(3);
    db.set_chasing_pause(org, Some(&second)).await.unwrap();
    assert_eq!(db.chasing_pause(org).await.unwrap(), Some(second));

    db.set_chasing_pause(org, None).await.unwrap();
    assert_eq!(db.chasing_pause(org).await.unwrap(), None);
    // Resuming what is not paused is harmless.
    db.set_chasing_pause(org, None).await.unwrap();
}

#[tokio::test]
async fn the_pause_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let p = pause("Paused by the owner", false);
    db.set_chasing_pause(org, Some(&p)).await.unwrap();
    db.close().await;
    let reopened = common::open(&dir).await;
    assert_eq!(reopened.chasing_pause(org).await.unwrap(), Some(p));
}

#[tokio::test]
async fn an_empty_reason_or_an_unknown_organisation_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let err = db
        .set_chasing_pause(org, Some(&pause("   ", false)))
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("reason"), "{err}");
    assert_eq!(db.chasing_pause(org).await.unwrap(), None);

    let err = db
        .set_chasing_pause(org + 999, Some(&pause("Paused", false)))
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn an_audited_change_writes_the_pause_and_its_log_entry_together() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let p = pause("Paused by the owner", false);
    let paused = db
        .change_chasing_pause(org, Some(&p), "owner", common::now(), "Paused chasing.")
        .await
        .unwrap();
    let resumed = db
        .change_chasing_pause(org, None, "cli", common::now(), "Resumed chasing.")
        .await
        .unwrap();
    assert!(resumed > paused);
    assert_eq!(db.chasing_pause(org).await.unwrap(), None);
    let log: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, actor, action, summary FROM audit_log WHERE organisation_id = ? \
         AND action LIKE 'chasing_%' AND action NOT IN ('chasing_contact', 'chasing_all', \
         'chasing_invoice') ORDER BY id",
    )
    .bind(org)
    .fetch_all(db.reader())
    .await
    .unwrap();
    assert_eq!(
        log,
        vec![
            (
                paused,
                "owner".into(),
                "chasing_paused".into(),
                "Paused chasing.".into()
            ),
            (
                resumed,
                "cli".into(),
                "chasing_resumed".into(),
                "Resumed chasing.".into()
            ),
        ]
    );

    // A refused pause writes no log entry either.
    let err = db
        .change_chasing_pause(org, Some(&pause("", false)), "owner", common::now(), "x")
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::Invalid(_)));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE summary = 'x'")
        .fetch_one(db.reader())
        .await
        .unwrap();
    assert_eq!(count, 0);
}
