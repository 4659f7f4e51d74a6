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
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The organisation Settle is working on: the first one added. (Choosing among several comes
    /// with the Xero connection.)
    pub(crate) async fn current(&self) -> Result<StoredOrganisation, EngineError> {
        self.db
            .organisations()
            .await?
            .into_iter()
            .next()
            .ok_or(EngineError::NoOrganisation)
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
