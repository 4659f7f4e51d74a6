//! The organisation as Xero spells it (SPEC `Organisation`, NOTES.md §11) and its mapping to
//! [`settle_core::organisation::Organisation`]. Owns: that DTO and mapping. Must not: store.

use serde::Deserialize;
use settle_core::organisation::Organisation;
use settle_core::CurrencyCode;
use uuid::Uuid;

use crate::error::MappingError;
use crate::msdate::{self, MsDate};
use crate::timezone::iana_zone;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrganisationDto {
    #[serde(rename = "OrganisationID")]
    pub organisation_id: Uuid,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub legal_name: String,
    /// Starts with `!`; used in deep links (NOTES.md §10).
    #[serde(default)]
    pub short_code: Option<String>,
    #[serde(default)]
    pub base_currency: String,
    #[serde(default)]
    pub country_code: String,
    /// A Windows zone name such as `NEWZEALANDSTANDARDTIME`; kept as text (new values appear).
    #[serde(default)]
    pub timezone: String,
    #[serde(default, deserialize_with = "msdate::optional")]
    pub period_lock_date: Option<MsDate>,
    #[serde(default, deserialize_with = "msdate::optional")]
    pub end_of_year_lock_date: Option<MsDate>,
    #[serde(default)]
    pub is_demo_company: bool,
    /// `ACTIVE` when the API can reach it.
    #[serde(default)]
    pub organisation_status: String,
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub edition: String,
}

impl OrganisationDto {
    /// The settle-core organisation for the tenant `tenant_id` (from `/connections`).
    pub fn to_core(&self, tenant_id: Uuid) -> Result<Organisation, MappingError> {
        let timezone = iana_zone(&self.timezone)
            .ok_or_else(|| MappingError::UnknownTimezone(self.timezone.clone()))?;
        Ok(Organisation {
            name: self.name.clone(),
            country: self.country_code.clone(),
            timezone,
            base_currency: CurrencyCode::new(&self.base_currency)?,
            xero_tenant_id: Some(tenant_id.to_string()),
            xero_short_code: self.short_code.clone().filter(|s| !s.is_empty()),
            is_demo: self.is_demo_company,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct OrganisationsEnvelope {
    #[serde(default)]
    pub organisations: Vec<OrganisationDto>,
}
