//! Creating or refreshing the built-in demo organisation (decision 0020).
//!
//! The demo's contacts and invoices come the way a real organisation's do: a fake-xero in this
//! process (`demo_server.rs`) serves the generated demo world on loopback, a real `XeroClient`
//! connects to it without a browser, and the real full sync stores it. What Xero does not hold
//! (which customers the demo does not chase, reminders already sent, contact roles, the demo
//! mark) is added afterwards by settle-db's `finish_synced_demo`. Benchmark sizes skip HTTP and
//! are imported straight into the database (`replace_demo`).
//!
//! Owns: choosing the path and running it. Must not: touch a real organisation or the owner's
//! SecretStore.

use std::sync::Arc;

use settle_core::demo::{generate, DemoSize, DEMO_SEED, DEMO_TIMEZONE};
use settle_core::organisation::local_today;
use settle_db::DemoRecipe;

use crate::demo_server::DemoXero;
use crate::demo_world::DEMO_TENANT_ID;
use crate::{CancellationToken, Engine, EngineError, OrganisationView, Reconcile, SyncOptions};

/// Demos up to this many customers go through fake-xero and the sync; bigger ones (the 20,000-
/// customer benchmark dataset) are imported directly, where HTTP would only slow bench setup.
pub const SYNCED_DEMO_MAX_CUSTOMERS: usize = 2_000;

impl Engine {
    /// Replaces the demo organisation with a fresh one dated today (real organisations are never
    /// touched). The same day always gives the same demo. Up to [`SYNCED_DEMO_MAX_CUSTOMERS`]
    /// customers it arrives through the demo's own Xero, which keeps serving while this engine
    /// lives ("Sync now", PDFs and online-invoice links work on the demo).
    pub async fn create_demo(&self, size: DemoSize) -> Result<OrganisationView, EngineError> {
        if size.customers > SYNCED_DEMO_MAX_CUSTOMERS {
            return self.import_demo(size).await;
        }
        let now = self.now();
        let recipe = DemoRecipe {
            seed: DEMO_SEED,
            size,
            day: local_today(DEMO_TIMEZONE, now),
        };
        let demo = generate(recipe.seed, recipe.size, recipe.day);
        // Held throughout, so a "Sync now" on the old demo cannot interleave with the refresh.
        let mut slot = self.demo.running.lock().await;
        *slot = None; // the old demo's server stops here
        let server = DemoXero::start(self, &demo).await?;
        self.db.remove_demo(&DEMO_TENANT_ID.to_string()).await?;
        let options = SyncOptions {
            full: true,
            reconcile: Reconcile::Auto,
        };
        let report = self
            .sync_xero(
                server.client(),
                server.tenant(),
                options,
                &|_| {},
                &CancellationToken::new(),
            )
            .await?;
        let id = report.organisation_id;
        self.db.finish_synced_demo(id, &demo, &recipe, now).await?;
        *slot = Some(Arc::new(server));
        let org = self.db.organisation(id).await?;
        tracing::info!(
            customers = demo.customers.len(),
            api_calls = report.api_calls,
            "demo organisation synced from its local Xero"
        );
        Ok(self.organisation_view(&org))
    }

    /// The direct path: the generated demo written straight into SQLite, without Xero.
    async fn import_demo(&self, size: DemoSize) -> Result<OrganisationView, EngineError> {
        let now = self.now();
        let demo = generate(DEMO_SEED, size, local_today(DEMO_TIMEZONE, now));
        *self.demo.running.lock().await = None;
        let id = self.db.replace_demo(&demo, now).await?;
        let org = self.db.organisation(id).await?;
        tracing::info!(
            customers = demo.customers.len(),
            "demo organisation imported"
        );
        Ok(self.organisation_view(&org))
    }
}
