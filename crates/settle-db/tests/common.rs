//! Shared setup for settle-db's tests: a real SQLite file in a temporary folder.
#![allow(dead_code)]

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use settle_db::{Database, OpenOptions};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

pub fn today() -> NaiveDate {
    NaiveDate::from_str("2026-11-22").unwrap()
}

pub async fn open(dir: &tempfile::TempDir) -> Database {
    Database::open(&dir.path().join("settle.db"), &OpenOptions::default())
        .await
        .expect("open a fresh database")
}

pub async fn demo_db(dir: &tempfile::TempDir) -> (Database, i64) {
    let db = open(dir).await;
    let demo = settle_core::demo::generate(
        settle_core::demo::DEMO_SEED,
        settle_core::demo::DemoSize::DEMO,
        today(),
    );
    let org = db.replace_demo(&demo, now()).await.expect("import demo");
    (db, org)
}
