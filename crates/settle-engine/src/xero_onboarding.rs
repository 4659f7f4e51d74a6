//! Onboarding a Xero organisation from the window: the details the owner confirms before
//! anything is stored (name, country, time zone with today's local time, base currency, read
//! from Xero's /Organisation), then adopting it with chasing paused ("review your plan, then
//! resume"), and after the first sync the starting chasing status of every customer ("chase all
//! or most" / "chase only a few"). Owns: those steps. Must not: run the sync (the caller runs it
//! with progress) or open the browser.

use serde::Serialize;
use settle_xero::XeroClient;
use ts_rs::TS;
use uuid::Uuid;

use crate::chasing::ACTOR_WINDOW;
use crate::chasing_pause::NEW_CONNECTION_REASON;
use crate::{ChangeReceipt, ChasingPauseView, Engine, EngineError, OrganisationView};

/// A Xero organisation as the owner confirms it, before Settle stores anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct XeroOrganisationDetailsView {
    pub tenant_id: String,
    pub name: String,
    /// ISO 3166 code as Xero gives it (`NZ`).
    pub country: String,
    /// The IANA time zone chasing uses (`Pacific/Auckland`).
    pub timezone: String,
    /// Xero's own name for it (`NEWZEALANDSTANDARDTIME`).
    pub xero_timezone: String,
    pub base_currency: String,
    /// Now on the organisation's wall clock, `YYYY-MM-DD HH:MM`.
    pub local_time: String,
    /// The offset from UTC now (`+13:00`).
    pub utc_offset: String,
}

/// An onboarded organisation, opened with chasing paused.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OnboardedView {
    pub organisation: OrganisationView,
    pub pause: ChasingPauseView,
}

impl Engine {
    /// Reads Xero organisation `tenant`'s details for the owner to confirm; stores nothing.
    pub async fn xero_organisation_details(
        &self,
        client: &XeroClient,
        tenant: Uuid,
    ) -> Result<XeroOrganisationDetailsView, EngineError> {
        let dto = client.organisation(tenant).await?;
        let org = dto.to_core(tenant).map_err(|e| {
            EngineError::InvalidInput(format!(
                "Xero's record of this organisation could not be read ({e}). Choose another \
                 organisation, or update Settle."
            ))
        })?;
        let local = self.now().with_timezone(&org.timezone);
        Ok(XeroOrganisationDetailsView {
            tenant_id: tenant.to_string(),
            name: org.name,
            country: org.country,
            timezone: org.timezone.name().to_owned(),
            xero_timezone: dto.timezone,
            base_currency: org.base_currency.to_string(),
            local_time: local.format("%Y-%m-%d %H:%M").to_string(),
            utc_offset: local.format("%:z").to_string(),
        })
    }

    /// Adopts `tenant` as Settle's organisation with chasing paused until the owner has
    /// reviewed the plan. The starting chasing statuses come after the first sync
    /// ([`Engine::set_starting_chasing`]): before it there are no customers to set.
    pub async fn onboard_xero_organisation(
        &self,
        client: &XeroClient,
        tenant: Uuid,
    ) -> Result<OnboardedView, EngineError> {
        let connection = self.adopt_xero_tenant(client, tenant).await?;
        let org = connection.organisation_id;
        let pause = self
            .pause_organisation(org, NEW_CONNECTION_REASON, ACTOR_WINDOW)
            .await?;
        let stored = self.db.organisation(org).await?;
        Ok(OnboardedView {
            organisation: self.organisation_view(&stored),
            pause,
        })
    }

    /// "Chase all or most customers" (`true`: every customer chasing) or "Chase only a few"
    /// (`false`: none chasing, the owner starts the few): the Set all use case, recorded and
    /// undoable like any other.
    pub async fn set_starting_chasing(
        &self,
        chase_all: bool,
    ) -> Result<ChangeReceipt, EngineError> {
        self.set_all_chasing(chase_all, ACTOR_WINDOW).await
    }
}
