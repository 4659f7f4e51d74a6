//! A cache of the overview's per-customer facts, so scrolling, sorting and searching 20,000
//! customers re-runs only the pure Rust part (milliseconds), not the SQL aggregate.
//!
//! The cache is keyed by organisation, local date and the database's change marker (SQLite's
//! `data_version`), which moves on any commit by this process or another (the CLI while the
//! window is open), so a cached answer is never stale.

use std::sync::Arc;

use chrono::NaiveDate;
use settle_core::overview::CustomerFacts;
use settle_db::Database;
use tokio::sync::Mutex;

use crate::EngineError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    org: i64,
    today: NaiveDate,
    marker: i64,
}

#[derive(Debug, Default)]
pub(crate) struct OverviewCache {
    slot: Mutex<Option<(Key, Arc<Vec<CustomerFacts>>)>>,
}

impl OverviewCache {
    /// The facts for `org` at `today`, from the cache when nothing has changed since.
    pub async fn facts(
        &self,
        db: &Database,
        org: i64,
        today: NaiveDate,
    ) -> Result<Arc<Vec<CustomerFacts>>, EngineError> {
        // Read the marker before the facts: a commit racing with the query then shows up as a
        // new marker on the next call, never as stale facts under a current marker.
        let key = Key {
            org,
            today,
            marker: db.change_marker().await?,
        };
        // Holding the lock while computing makes concurrent page requests share one query.
        let mut slot = self.slot.lock().await;
        if let Some((cached, facts)) = slot.as_ref() {
            if *cached == key {
                return Ok(Arc::clone(facts));
            }
        }
        let facts = Arc::new(db.customer_facts(org, today).await?);
        *slot = Some((key, Arc::clone(&facts)));
        Ok(facts)
    }
}
