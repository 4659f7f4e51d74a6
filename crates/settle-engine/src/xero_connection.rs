//! Connecting Settle to Xero and remembering the connection: building the client (the data
//! folder holds the cross-process refresh lock), finishing the browser sign-in (the first
//! organisation the consent connected becomes Settle's; its record is stored at once), reading
//! the connection back, and disconnecting (the sign-in is revoked at Xero and the saved token
//! deleted; the synced data stays). Owns: those use cases. Must not: open the browser or know
//! which keychain backs the `SecretStore` (the app and the CLI choose).

use std::sync::Arc;

use settle_xero::{
    AuthorizationCode, ClientId, Endpoints, SecretStore, TenantType, XeroClient, XeroConfig,
};
use uuid::Uuid;

use crate::engine::instant_text;
use crate::{Engine, EngineError, XeroConnectionView};

/// The SecretStore name of the Xero refresh token.
pub const XERO_SECRET_NAME: &str = "xero.refresh_token";

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

    /// Finishes connecting: exchanges the code (the refresh token is saved through the client's
    /// store), picks the first organisation the consent connected, stores its record and which
    /// Xero app it is connected through.
    pub async fn complete_xero_connection(
        &self,
        client: &XeroClient,
        code: AuthorizationCode,
    ) -> Result<XeroConnectionView, EngineError> {
        let tenants = client.complete_sign_in(code).await?;
        let tenant = tenants
            .iter()
            .find(|t| t.tenant_type == TenantType::Organisation)
            .or(tenants.first())
            .ok_or(EngineError::XeroNotConnected)?;
        self.adopt_xero_tenant(client, tenant.tenant_id).await
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
        self.xero_connection()
            .await?
            .ok_or(EngineError::XeroNotConnected)
    }

    /// The organisation connected to Xero, if any.
    pub async fn xero_connection(&self) -> Result<Option<XeroConnectionView>, EngineError> {
        for stored in self.db.organisations().await? {
            let Some(tenant) = stored.organisation.xero_tenant_id.clone() else {
                continue;
            };
            let Some(client_id) = self.db.xero_client_id(stored.id).await? else {
                continue;
            };
            let states = self.db.sync_states(stored.id).await?;
            let invoices = states.iter().find(|s| s.entity == "invoices");
            return Ok(Some(XeroConnectionView {
                organisation_id: stored.id,
                organisation: stored.organisation.name.clone(),
                tenant_id: tenant,
                client_id,
                last_synced_at: invoices.and_then(|s| s.last_success_at).map(instant_text),
                last_error: states.iter().find_map(|s| s.last_error.clone()),
            }));
        }
        Ok(None)
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
