//! Pausing and resuming chasing on a real data folder: the audit log records each owner action,
//! resuming is refused while Xero needs reconnecting, a reconnect lifts only the pause it caused,
//! and planning carries on while paused so the plan stays visible.

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::chasing_pause::{NEW_CONNECTION_REASON, RECONNECT_REASON};
use settle_engine::{Engine, ErrorCode};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

async fn demo(dir: &tempfile::TempDir) -> (Engine, i64) {
    let engine = Engine::open(dir.path(), Arc::new(FixedClock(t0())))
        .await
        .unwrap();
    let org = engine.create_demo(DemoSize::DEMO).await.unwrap().id;
    (engine, org)
}

async fn pause_log(dir: &tempfile::TempDir) -> Vec<(String, String, String)> {
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("settle.db").display()
    ))
    .await
    .unwrap();
    sqlx::query_as(
        "SELECT actor, action, summary FROM audit_log \
         WHERE action IN ('chasing_paused', 'chasing_resumed') ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_owner_pauses_and_resumes_and_both_are_in_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, org) = demo(&dir).await;
    assert_eq!(engine.chasing_pause().await.unwrap(), None);

    let pause = engine.pause_chasing("  Away until Monday ").await.unwrap();
    assert_eq!(pause.organisation_id, org);
    assert_eq!(pause.reason, "Away until Monday");
    assert_eq!(pause.since, "2026-11-22T10:00:00Z");
    assert!(!pause.reconnect_needed);
    assert_eq!(engine.chasing_pause().await.unwrap(), Some(pause));

    engine.resume_chasing().await.unwrap();
    assert_eq!(engine.chasing_pause().await.unwrap(), None);
    // Resuming again is harmless and logs nothing more.
    engine.resume_chasing().await.unwrap();
    assert_eq!(
        pause_log(&dir).await,
        vec![
            (
                "owner".into(),
                "chasing_paused".into(),
                "Paused chasing: Away until Monday.".into()
            ),
            (
                "owner".into(),
                "chasing_resumed".into(),
                "Resumed chasing.".into()
            ),
        ]
    );
}

#[tokio::test]
async fn a_pause_without_a_reason_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, _) = demo(&dir).await;
    let err = engine.pause_chasing("   ").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("Say why"), "{err}");
    assert_eq!(engine.chasing_pause().await.unwrap(), None);
    assert!(pause_log(&dir).await.is_empty());
}

#[tokio::test]
async fn resuming_is_refused_while_xero_needs_reconnecting_and_a_reconnect_lifts_its_own_pause() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, org) = demo(&dir).await;
    let pause = engine
        .pause_for_reconnect(org, "the saved sign-in was revoked")
        .await
        .unwrap();
    assert!(pause.reconnect_needed);
    assert!(
        pause.reason.starts_with(RECONNECT_REASON),
        "{}",
        pause.reason
    );

    let err = engine.resume_chasing().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("Reconnect"), "{err}");
    assert_eq!(engine.chasing_pause().await.unwrap(), Some(pause.clone()));

    // A second refusal (the next sync) changes nothing and logs nothing more.
    let again = engine
        .pause_for_reconnect(org, "still revoked")
        .await
        .unwrap();
    assert_eq!(again, pause);

    // The pause was the reconnect's own: reconnecting resumes chasing.
    assert_eq!(engine.reconnected(org).await.unwrap(), None);
    assert_eq!(engine.chasing_pause().await.unwrap(), None);
    let log = pause_log(&dir).await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0].0, "settle");
    assert_eq!(log[1].2, "Reconnected to Xero; chasing resumed.");
}

#[tokio::test]
async fn a_reconnect_leaves_a_pause_the_owner_chose() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, org) = demo(&dir).await;
    engine.pause_chasing(NEW_CONNECTION_REASON).await.unwrap();
    let pause = engine.pause_for_reconnect(org, "revoked").await.unwrap();
    assert!(pause.reconnect_needed);
    assert_eq!(
        pause.reason, NEW_CONNECTION_REASON,
        "the owner's reason is kept"
    );
    assert!(engine.resume_chasing().await.is_err());

    let left = engine
        .reconnected(org)
        .await
        .unwrap()
        .expect("still paused");
    assert!(!left.reconnect_needed);
    assert_eq!(left.reason, NEW_CONNECTION_REASON);
    // Now the owner may resume.
    engine.resume_chasing().await.unwrap();
    assert_eq!(engine.chasing_pause().await.unwrap(), None);
}

#[tokio::test]
async fn planning_still_runs_while_paused() {
    let dir = tempfile::tempdir().unwrap();
    let (engine, _) = demo(&dir).await;
    engine
        .pause_chasing("Checking the plan first")
        .await
        .unwrap();
    // As plan.rs does: Settle runs through the first day, then plans three days later.
    engine.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 9, 30, 0).unwrap();
    let paused = engine.plan_due(at).await.unwrap();
    assert!(paused.new_items > 0, "the plan is still made while paused");
    assert!(engine.chasing_pause().await.unwrap().is_some());

    // Exactly the plan an unpaused copy makes.
    let other_dir = tempfile::tempdir().unwrap();
    let (other, _) = demo(&other_dir).await;
    other.plan_due(t0() + Duration::minutes(5)).await.unwrap();
    let unpaused = other.plan_due(at).await.unwrap();
    assert_eq!(
        serde_json::to_value(&paused).unwrap(),
        serde_json::to_value(&unpaused).unwrap()
    );
}
