//! The engine: an open data folder, the clock, and the current organisation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rust_decimal::Decimal;
use settle_core::organisation::local_today;
use settle_core::{Clock, CurrencyCode};
use settle_db::{Database, OpenOptions, StoredOrganisation};

use crate::overview_cache::OverviewCache;
use crate::{database_path, AppStatus, EngineError, OrganisationView};

/// Settle's use cases over one data folder. Cheap to clone; safe to share between threads.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) db: Database,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) overview: Arc<OverviewCache>,
    /// The demo's in-process Xero while this engine (or a clone) lives (decision 0020).
    pub(crate) demo: Arc<crate::demo_server::DemoSlot>,
    /// The connected organisation's Xero client, shared by this engine's clones (xero_app.rs).
    pub(crate) xero_client: Arc<crate::xero_app::XeroClientSlot>,
    data_dir: PathBuf,
}

impl Engine {
    /// Opens (creating if needed) the database in `data_dir`. Refuses, with an error that says
    /// what to do, a database from a newer Settle, a damaged or locked one, or an unwritable folder.
    pub async fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Self, EngineError> {
        let db = Database::open(&database_path(data_dir), &OpenOptions::default()).await?;
        Ok(Self {
            db,
            clock,
            overview: Arc::default(),
            demo: Arc::default(),
            xero_client: Arc::default(),
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The organisation Settle is working on (see [`pick_current`]).
    pub(crate) async fn current(&self) -> Result<StoredOrganisation, EngineError> {
        pick_current(self.db.organisations().await?).ok_or(EngineError::NoOrganisation)
    }

    pub(crate) fn today(&self, org: &StoredOrganisation) -> NaiveDate {
        local_today(org.organisation.timezone, self.now())
    }

    pub async fn status(&self) -> Result<AppStatus, EngineError> {
        let organisation = match self.current().await {
            Ok(org) => Some(self.organisation_view(&org)),
            Err(EngineError::NoOrganisation) => None,
            Err(e) => return Err(e),
        };
        Ok(AppStatus {
            organisation,
            data_dir: self.data_dir.display().to_string(),
        })
    }

    pub(crate) fn organisation_view(&self, org: &StoredOrganisation) -> OrganisationView {
        let o = &org.organisation;
        OrganisationView {
            id: org.id,
            name: o.name.clone(),
            country: o.country.clone(),
            timezone: o.timezone.name().to_owned(),
            base_currency: o.base_currency.to_string(),
            is_demo: o.is_demo,
            today: self.today(org).format("%Y-%m-%d").to_string(),
        }
    }

    pub async fn close(&self) {
        self.db.close().await;
    }
}

/// An amount as an exact decimal string with exactly the currency's minor digits ("1234.50").
pub(crate) fn money_text(amount: Decimal, currency: &CurrencyCode) -> String {
    let mut rounded = settle_core::Money::new(amount, currency.clone()).rounded();
    rounded.rescale(currency.minor_units());
    rounded.to_string()
}

pub(crate) fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Which organisation the app and the CLI work on: the owner's own business connected to Xero
/// when there is one, so connecting Xero after trying the demo moves Settle to the real books;
/// otherwise the first one added (the demo, on a fresh install). `organisations` is in the order
/// they were added.
pub(crate) fn pick_current(organisations: Vec<StoredOrganisation>) -> Option<StoredOrganisation> {
    let real = organisations
        .iter()
        .position(|o| !o.organisation.is_demo && o.organisation.xero_tenant_id.is_some());
    let mut organisations = organisations;
    match real {
        Some(index) => Some(organisations.swap_remove(index)),
        None => organisations.into_iter().next(),
    }
}

#[cfg(test)]
mod current_tests {
    use settle_core::organisation::Organisation;
    use settle_core::CurrencyCode;

    use super::*;

    fn org(id: i64, demo: bool, tenant: Option<&str>) -> StoredOrganisation {
        StoredOrganisation {
            id,
            organisation: Organisation {
                name: format!("Org {id}"),
                country: "GB".into(),
                timezone: chrono_tz::Europe::London,
                base_currency: CurrencyCode::new("GBP").unwrap(),
                xero_tenant_id: tenant.map(str::to_owned),
                xero_short_code: None,
                is_demo: demo,
            },
        }
    }

    #[test]
    fn the_connected_business_wins_over_the_demo_and_otherwise_the_first_is_used() {
        assert_eq!(pick_current(Vec::new()).map(|o| o.id), None);
        assert_eq!(
            pick_current(vec![org(1, true, None)]).map(|o| o.id),
            Some(1)
        );
        // Demo first, then the owner's Xero organisation: the Xero one.
        let both = vec![org(1, true, None), org(2, false, Some("tenant-a"))];
        assert_eq!(pick_current(both).map(|o| o.id), Some(2));
        // A demo served through a (fake) Xero connection is still the demo.
        let demo_via_xero = vec![org(1, true, Some("demo-tenant")), org(2, false, None)];
        assert_eq!(pick_current(demo_via_xero).map(|o| o.id), Some(1));
        // Two connected businesses: the first connected.
        let two = vec![org(3, false, Some("a")), org(4, false, Some("b"))];
        assert_eq!(pick_current(two).map(|o| o.id), Some(3));
    }
}
