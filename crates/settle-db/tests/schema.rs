//! The schema opens with the pragmas Settle relies on, and refuses files it must not touch.

mod common;

use std::time::Duration;

use settle_db::{Database, DbError, OpenOptions};
use sqlx::Row;

#[tokio::test]
async fn fresh_database_has_wal_foreign_keys_and_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::open(&dir).await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(db.writer())
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(db.reader())
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(db.writer())
        .await
        .unwrap();
    assert_eq!(sync, 2, "synchronous=FULL");
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(db.reader())
            .await
            .unwrap();
    for table in [
        "organisations",
        "contacts",
        "contact_persons",
        "contact_person_roles",
        "contact_roles",
        "phones",
        "addresses",
        "invoices",
        "cadences",
        "cadence_steps",
        "invoice_schedules",
        "invoice_schedule_steps",
        "customer_schedules",
        "customer_schedule_steps",
        "outbox_items",
        "messages",
        "sync_state",
        "audit_log",
        "audit_changes",
    ] {
        assert!(tables.iter().any(|t| t == table), "missing table {table}");
    }
    // Every domain table carries organisation_id.
    let domain = |t: &&String| !t.starts_with('_') && !t.starts_with("sqlite_");
    for table in tables
        .iter()
        .filter(domain)
        .filter(|t| *t != "organisations")
    {
        let cols: Vec<String> = sqlx::query(&format!("PRAGMA table_info({table})"))
            .fetch_all(db.reader())
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.get::<String, _>("name"))
            .collect();
        assert!(
            cols.iter().any(|c| c == "organisation_id"),
            "{table} lacks organisation_id"
        );
    }
}

#[tokio::test]
async fn outbox_occurrence_keys_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let contact: i64 = sqlx::query_scalar("SELECT id FROM contacts LIMIT 1")
        .fetch_one(db.reader())
        .await
        .unwrap();
    let insert = || {
        sqlx::query(
            "INSERT INTO outbox_items (organisation_id, occurrence_key, contact_id, channel, \
             due_at, state, created_at, updated_at) VALUES (?, 'inv:1/step:1/1/email', ?, \
             'email', '2026-11-23T09:00:00Z', 'planned', '2026-11-22T10:00:00Z', \
             '2026-11-22T10:00:00Z')",
        )
        .bind(org)
        .bind(contact)
        .execute(db.writer())
    };
    insert().await.expect("first occurrence");
    let second = insert()
        .await
        .expect_err("a second row for the same occurrence");
    assert!(second.to_string().contains("UNIQUE"), "{second}");
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settle.db");
    let db = common::open(&dir).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', 1, x'00', 0)",
    )
    .execute(db.writer())
    .await
    .unwrap();
    db.close().await;
    let before = std::fs::read(&path).unwrap();
    let err = Database::open(&path, &OpenOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, DbError::Newer { version: 9999, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version of Settle"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "file unchanged");
}

#[tokio::test]
async fn a_corrupt_file_is_refused_and_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settle.db");
    let garbage = b"this is not a database, it is a shopping list: milk, eggs".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    let err = Database::open(&path, &OpenOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged"));
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[tokio::test]
async fn an_unwritable_data_folder_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the data folder should be: creating the folder must fail, for root too.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let err = Database::open(&blocker.join("settle.db"), &OpenOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, DbError::Unwritable { .. }), "{err:?}");
    assert!(err.to_string().contains("not-a-folder"));
}

#[tokio::test]
async fn a_database_held_by_another_writer_is_reported_as_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settle.db");
    let (db, org) = common::demo_db(&dir).await;
    db.close().await;
    // Another program holds the write lock (an open write transaction, as `sqlite3` would).
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("UPDATE contacts SET chasing = chasing")
        .execute(&mut conn)
        .await
        .unwrap();

    let quick = OpenOptions {
        busy_timeout: Duration::from_millis(200),
        ..OpenOptions::default()
    };
    let result = match Database::open(&path, &quick).await {
        Err(e) => Err(e),
        Ok(db) => db
            .set_chasing(
                org,
                settle_db::ChangeScope::All,
                false,
                "test",
                common::now(),
                |_, _| String::new(),
            )
            .await
            .map(|_| ()),
    };
    let err = result.unwrap_err();
    assert!(matches!(err, DbError::Locked { .. }), "{err:?}");
    assert!(err.to_string().contains("in use by another program"));
    sqlx::query("ROLLBACK").execute(&mut conn).await.unwrap();
}

#[tokio::test]
async fn the_change_marker_moves_on_every_commit_from_any_connection() {
    let dir = tempfile::tempdir().unwrap();
    let (db, org) = common::demo_db(&dir).await;
    let first = db.change_marker().await.unwrap();
    assert_eq!(
        db.change_marker().await.unwrap(),
        first,
        "stable while nothing changes"
    );
    db.set_chasing(
        org,
        settle_db::ChangeScope::All,
        false,
        "test",
        common::now(),
        |_, _| String::new(),
    )
    .await
    .unwrap();
    let second = db.change_marker().await.unwrap();
    assert_ne!(second, first, "our own writer's commit");
    // Another process (here: another connection to the same file) commits.
    let other = Database::open(db.path(), &OpenOptions::default())
        .await
        .unwrap();
    sqlx::query("UPDATE contacts SET chasing = 1 WHERE id = (SELECT MIN(id) FROM contacts)")
        .execute(other.writer())
        .await
        .unwrap();
    assert_ne!(
        db.change_marker().await.unwrap(),
        second,
        "another connection's commit"
    );
}
