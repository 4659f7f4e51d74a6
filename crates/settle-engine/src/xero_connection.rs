//! Connecting Settle to Xero and remembering the connection: building the client (the data
//! folder holds the cross-process refresh lock), finishing the browser sign-in (which lists the
//! organisations the consent connected: one is adopted at once, the one already connected is
//! adopted again on a reconnect, several are left for the owner to choose), adopting the chosen
//! organisation (its record is stored at once), reading the connection back, and disconnecting
//! (the sign-in is revoked at Xero and the saved token deleted; the synced data stays).
//! Owns: those use cases. Must not: open the browser or know which keychain backs the
//! `SecretStore` (the app and the CLI choose).

use std::sync::Arc;

use serde::Serialize;
use settle_xero::{
    AuthorizationCode, ClientId, Connection, Endpoints, SecretStore, TenantType, XeroClient,
    XeroConfig,
};
use ts_rs::TS;
use uuid::Uuid;

use crate::engine::instant_text;
use crate::{ChasingPauseView, Engine, EngineError, XeroConnectionView};

/// The SecretStore name of the Xero refresh token.
pub const XERO_SECRET_NAME: &str = "xero.refresh_token";

/// An organisation a Xero sign-in reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct XeroTenantView {
    pub tenant_id: String,
    pub name: String,
}

/// How a browser sign-in ended: connected to one organisation, or several to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct XeroSignInView {
    /// The Client ID signed in with (the window passes it back with the chosen organisation).
    pub client_id: String,
    /// Set when an organisation was adopted; `None` = the owner chooses from `organisations`.
    pub connection: Option<XeroConnectionView>,
    /// Every organisation the sign-in reaches (practices and other tenant kinds left out).
    pub organisations: Vec<XeroTenantView>,
    /// The chasing pause left after a reconnect (`None` = chasing runs, or nothing changed).
    pub pause: Option<ChasingPauseView>,
}

/// The organisations Settle can chase for: Xero organisations, not practices or WorkflowMax.
pub(crate) fn organisations_of(connections: &[Connection]) -> Vec<XeroTenantView> {
    connections
        .iter()
        .filter(|c| c.tenant_type == TenantType::Organisation)
        .map(|c| XeroTenantView {
            tenant_id: c.tenant_id.to_string(),
            name: c
                .tenant_name
                .clone()
                .unwrap_or_else(|| c.tenant_id.to_string()),
        })
        .collect()
}

/// A Xero tenant id from the window or the command line.
pub fn parse_tenant(tenant: &str) -> Result<Uuid, EngineError> {
    tenant.trim().parse().map_err(|_| {
        EngineError::InvalidInput(format!(
            "\"{tenant}\" is not a Xero organisation id (they look like \
             0de00000-0000-4000-8000-000000000001). Copy it from the list Settle printed."
        ))
    })
}

/// Which organisation a finished sign-in adopts without asking: the one already connected (a
/// reconnect), else the only one; `None` when the owner must choose.
pub(crate) fn adopt_without_asking(
    organisations: &[XeroTenantView],
    connected: Option<&str>,
) -> Option<Uuid> {
    let pick = match connected.and_then(|t| organisations.iter().find(|o| o.tenant_id == t)) {
        Some(found) => found,
        None if organisations.len() == 1 => &organisations[0],
        None => return None,
    };
    pick.tenant_id.parse().ok()
}

impl Engine {
    /// A Xero client for this data folder: the refresh token lives in `store` under
    /// [`XERO_SECRET_NAME`], the refresh lock in the data folder.
    pub fn xero_client(
        &self,
        client_id: ClientId,
        endpoints: Endpoints,
        store: Arc<dyn SecretStore>,
    ) -> Result<XeroClient, EngineError> {
        let mut config = XeroConfig::new(client_id, XERO_SECRET_NAME, self.data_dir().to_owned());
        config.endpoints = endpoints;
        Ok(XeroClient::new(config, store, Arc::clone(&self.clock))?)
    }

    /// Exchanges the code (the refresh token is saved through the client's store) and lists the
    /// organisations the consent reaches, adopting none: onboarding adopts only once the owner
    /// has confirmed, so cancelling before that stores nothing.
    pub async fn sign_in_xero(
        &self,
        client: &XeroClient,
        code: AuthorizationCode,
    ) -> Result<Vec<XeroTenantView>, EngineError> {
        let organisations = organisations_of(&client.complete_sign_in(code).await?);
        if organisations.is_empty() {
            return Err(EngineError::InvalidInput(
                "The Xero sign-in did not connect any organisation. Connect again and tick the \
                 organisation Settle should chase for on Xero's consent page."
                    .into(),
            ));
        }
        Ok(organisations)
    }

    /// Finishes connecting: [`Engine::sign_in_xero`], then adopts the organisation already
    /// connected (a reconnect, which also lifts the pause the lost sign-in caused) or the only
    /// one; with several new ones nothing is adopted and the caller asks the owner.
    pub async fn complete_xero_connection(
        &self,
        client: &XeroClient,
        code: AuthorizationCode,
    ) -> Result<XeroSignInView, EngineError> {
        let organisations = self.sign_in_xero(client, code).await?;
        let connected = self.xero_connection().await?.map(|c| c.tenant_id);
        let client_id = client.config().client_id.as_str().to_owned();
        let Some(tenant) = adopt_without_asking(&organisations, connected.as_deref()) else {
            return Ok(XeroSignInView {
                client_id,
                connection: None,
                organisations,
                pause: None,
            });
        };
        let connection = self.adopt_xero_tenant(client, tenant).await?;
        let pause = self.reconnected(connection.organisation_id).await?;
        Ok(XeroSignInView {
            client_id,
            connection: Some(connection),
            organisations,
            pause,
        })
    }

    /// [`Engine::adopt_xero_tenant`] for a tenant id given as text (the CLI's `--tenant`).
    pub async fn adopt_xero_organisation(
        &self,
        client: &XeroClient,
        tenant: &str,
    ) -> Result<XeroConnectionView, EngineError> {
        let tenant = parse_tenant(tenant)?;
        self.adopt_xero_tenant(client, tenant).await
    }

    /// Makes `tenant` Settle's connected organisation (its /Organisation record is fetched and
    /// stored now; contacts and invoices come with the first sync).
    pub async fn adopt_xero_tenant(
        &self,
        client: &XeroClient,
        tenant: Uuid,
    ) -> Result<XeroConnectionView, EngineError> {
        let dto = client.organisation(tenant).await?;
        let organisation = dto.to_core(tenant).map_err(|e| {
            EngineError::InvalidInput(format!("Xero's organisation record could not be read: {e}"))
        })?;
        let write = settle_db::XeroOrganisationWrite {
            organisation,
            xero_timezone: dto.timezone.clone(),
            period_lock_date: dto.period_lock_date.map(|d| d.date()),
            end_of_year_lock_date: dto.end_of_year_lock_date.map(|d| d.date()),
        };
        let (org, _) = self.db.upsert_xero_organisation(&write, self.now()).await?;
        self.db
            .set_xero_client_id(org, Some(client.config().client_id.as_str()))
            .await?;
        self.xero_connection_of(org)
            .await?
            .ok_or(EngineError::XeroNotConnected)
    }

    /// The organisation connected to Xero, if any.
    pub async fn xero_connection(&self) -> Result<Option<XeroConnectionView>, EngineError> {
        for stored in self.db.organisations().await? {
            if let Some(view) = self.xero_connection_of(stored.id).await? {
                return Ok(Some(view));
            }
        }
        Ok(None)
    }

    async fn xero_connection_of(
        &self,
        org: i64,
    ) -> Result<Option<XeroConnectionView>, EngineError> {
        let stored = self.db.organisation(org).await?;
        let Some(tenant) = stored.organisation.xero_tenant_id.clone() else {
            return Ok(None);
        };
        let Some(client_id) = self.db.xero_client_id(stored.id).await? else {
            return Ok(None);
        };
        let states = self.db.sync_states(stored.id).await?;
        let invoices = states.iter().find(|s| s.entity == "invoices");
        Ok(Some(XeroConnectionView {
            organisation_id: stored.id,
            organisation: stored.organisation.name.clone(),
            tenant_id: tenant,
            client_id,
            last_synced_at: invoices.and_then(|s| s.last_success_at).map(instant_text),
            last_error: states.iter().find_map(|s| s.last_error.clone()),
        }))
    }

    /// Disconnects: revokes the sign-in at Xero (which removes its connections) and deletes the
    /// saved token. Synced data stays, so Settle still shows it; watermarks are forgotten, so a
    /// reconnect starts with a full sync.
    pub async fn disconnect_xero(&self, client: &XeroClient) -> Result<(), EngineError> {
        match client.revoke().await {
            Ok(()) | Err(settle_xero::XeroError::NotConnected) => {}
            Err(e) => return Err(e.into()),
        }
        if let Some(connection) = self.xero_connection().await? {
            self.db
                .set_xero_client_id(connection.organisation_id, None)
                .await?;
            self.db.clear_sync_state(connection.organisation_id).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: u128, name: &str) -> XeroTenantView {
        XeroTenantView {
            tenant_id: Uuid::from_u128(id).to_string(),
            name: name.to_owned(),
        }
    }

    #[test]
    fn one_organisation_is_adopted_several_are_left_to_the_owner() {
        let one = [org(1, "Harbour")];
        assert_eq!(adopt_without_asking(&one, None), Some(Uuid::from_u128(1)));
        let two = [org(1, "Harbour"), org(2, "Ridge")];
        assert_eq!(adopt_without_asking(&two, None), None);
        assert_eq!(adopt_without_asking(&[], None), None);
    }

    #[test]
    fn a_reconnect_adopts_the_organisation_already_connected() {
        let two = [org(1, "Harbour"), org(2, "Ridge")];
        let connected = Uuid::from_u128(2).to_string();
        assert_eq!(
            adopt_without_asking(&two, Some(&connected)),
            Some(Uuid::from_u128(2))
        );
        // The connected one is gone from the consent: the owner chooses again.
        let gone = Uuid::from_u128(3).to_string();
        assert_eq!(adopt_without_asking(&two, Some(&gone)), None);
    }
}
