//! Creating or refreshing the built-in demo organisation.

use settle_core::demo::{generate, DemoSize, DEMO_SEED, DEMO_TIMEZONE};
use settle_core::organisation::local_today;

use crate::{Engine, EngineError, OrganisationView};

impl Engine {
    /// Replaces the demo organisation with a fresh one dated today (real organisations are never
    /// touched). The same day always gives the same demo.
    pub async fn create_demo(&self, size: DemoSize) -> Result<OrganisationView, EngineError> {
        let now = self.now();
        let today = local_today(DEMO_TIMEZONE, now);
        let demo = generate(DEMO_SEED, size, today);
        let id = self.db.replace_demo(&demo, now).await?;
        let org = self.db.organisation(id).await?;
        tracing::info!(
            customers = demo.customers.len(),
            "demo organisation created"
        );
        Ok(self.organisation_view(&org))
    }
}
