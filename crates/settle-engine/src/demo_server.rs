//! The demo's own Xero: a fake-xero running in this process on 127.0.0.1 (a free port), seeded
//! with the demo world, and a real `XeroClient` connected to it without a browser (decision 0020).
//! The fake grants consent directly (`mint_tokens_for_settle`, its documented browser-less
//! consent); the client then takes it from there through the real identity endpoints (refresh
//! with rotation, `/connections`) and the real Accounting API. The demo's tokens live in a
//! [`MemorySecretStore`] that dies with the process: nothing of the demo reaches the keychain.
//!
//! Owns: starting that server, the demo's client and in-memory tokens, the per-engine slot that
//! keeps the server alive while the engine lives, and reconnecting to a fresh server when an
//! engine opens a folder whose demo came through fake-xero. Must not: open the browser, touch the
//! owner's SecretStore, or listen anywhere but loopback.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use fake_xero::{FakeXero, FakeXeroConfig};
use settle_core::demo::{generate, DemoOrganisation};
use settle_xero::{ClientId, Secret, SecretStore, SecretStoreError, XeroClient, XeroConfig};
use uuid::Uuid;

use crate::demo_world::{self, DEMO_TENANT_ID};
use crate::{
    xero_endpoints, CancellationToken, ConnectedXero, Engine, EngineError, ProgressFn, SyncOptions,
    SyncReport, XeroConnectionView,
};

/// The demo Xero app's Client ID (known only to the in-process fake).
pub const DEMO_CLIENT_ID: &str = "SETTLEDEMO0000000000000000000000";
/// The name the demo's refresh token has in its in-memory store (and of its refresh lock file),
/// distinct from the owner's `xero.refresh_token`.
pub const DEMO_SECRET_NAME: &str = "demo.xero.refresh_token";

/// Secrets in memory only, gone when the process ends. The demo's tokens are worthless outside
/// this process (the server that issued them dies with it), so they are never persisted.
#[derive(Debug, Default)]
pub struct MemorySecretStore {
    secrets: Mutex<HashMap<String, Secret>>,
}

impl MemorySecretStore {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        self.secrets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl SecretStore for MemorySecretStore {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretStoreError> {
        Ok(self.map().get(name).cloned())
    }

    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretStoreError> {
        self.map().insert(name.to_owned(), value.clone());
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        self.map().remove(name);
        Ok(())
    }
}

/// A running demo server and the client connected to it. Dropping it stops the server.
#[derive(Debug)]
pub struct DemoXero {
    server: FakeXero,
    client: XeroClient,
    tenant: Uuid,
}

impl DemoXero {
    /// Starts a fake-xero serving `demo` on the current tokio runtime and connects to it.
    pub(crate) async fn start(
        engine: &Engine,
        demo: &DemoOrganisation,
    ) -> Result<Self, EngineError> {
        let clock = Arc::clone(&engine.clock);
        let mut config = FakeXeroConfig::new(Arc::new(move || clock.now()));
        config.client_id = DEMO_CLIENT_ID.to_owned();
        config.provider_name = "Settle demo".to_owned();
        let server = FakeXero::start(config).await.map_err(server_failed)?;
        let tenant = demo_world::seed(server.state(), demo).map_err(server_failed)?;
        // The fake's consent, without a browser; the refresh token goes to memory only.
        let tokens = server.state().mint_tokens_for_settle();
        let store = Arc::new(MemorySecretStore::default());
        if let Some(refresh) = tokens.refresh_token {
            store
                .set(DEMO_SECRET_NAME, &Secret::new(refresh))
                .map_err(|e| EngineError::InvalidInput(e.to_string()))?;
        }
        let base = &server.urls().base;
        let mut xero = XeroConfig::new(
            ClientId::parse(DEMO_CLIENT_ID)?,
            DEMO_SECRET_NAME,
            engine.data_dir().to_owned(),
        );
        xero.endpoints = xero_endpoints(base, base, base);
        let client = XeroClient::new(xero, store, Arc::clone(&engine.clock))?;
        // The first call refreshes (the real rotation path) and proves the tenant is reachable.
        let connections = client.connections().await?;
        if !connections.iter().any(|c| c.tenant_id == tenant) {
            return Err(EngineError::InvalidInput(
                "The demo's local Xero did not connect its organisation. Create the demo again \
                 (`settle demo`, or \"Try the demo\" in the window)."
                    .to_owned(),
            ));
        }
        tracing::info!(base = %base, "demo Xero serving on loopback");
        Ok(Self {
            server,
            client,
            tenant,
        })
    }

    pub fn client(&self) -> &XeroClient {
        &self.client
    }

    pub fn tenant(&self) -> Uuid {
        self.tenant
    }

    /// `http://127.0.0.1:<port>`, where the demo's Xero (API, PDFs, online invoices) is served.
    pub fn base_url(&self) -> &str {
        &self.server.urls().base
    }

    /// The fake's own state, for tests that change the demo's books "in Xero".
    pub fn fake_state(&self) -> &fake_xero::FakeState {
        self.server.state()
    }
}

fn server_failed(e: fake_xero::FakeXeroError) -> EngineError {
    EngineError::InvalidInput(format!(
        "The demo's local Xero server could not start ({e}). Nothing was changed; try again."
    ))
}

/// The engine's running demo server, if any (one per engine; clones share it).
#[derive(Debug, Default)]
pub(crate) struct DemoSlot {
    pub(crate) running: tokio::sync::Mutex<Option<Arc<DemoXero>>>,
}

impl Engine {
    /// The demo's Xero connection. When this engine has no demo server running yet (a new
    /// launch on a folder holding a demo that came through fake-xero), a fresh one is started
    /// with the same world regenerated from the stored recipe and connected silently.
    pub async fn demo_xero(&self) -> Result<ConnectedXero, EngineError> {
        let organisations = self.db.organisations().await?;
        let demo = organisations
            .iter()
            .find(|o| o.organisation.is_demo)
            .ok_or_else(|| {
                EngineError::NotFound(
                    "There is no demo business here. Create it with `settle demo` (or \"Try \
                     the demo\" in the window)."
                        .to_owned(),
                )
            })?;
        let recipe = self.db.demo_recipe(demo.id).await?.ok_or_else(|| {
            EngineError::InvalidInput(
                "This demo was imported straight into the database (a benchmark size), so it has \
                 no Xero to sync with. Create the standard demo with `settle demo`."
                    .to_owned(),
            )
        })?;
        let server = {
            let mut slot = self.demo.running.lock().await;
            match slot.as_ref() {
                Some(server) => Arc::clone(server),
                None => {
                    let world = generate(recipe.seed, recipe.size, recipe.day);
                    let server = Arc::new(DemoXero::start(self, &world).await?);
                    *slot = Some(Arc::clone(&server));
                    server
                }
            }
        };
        let states = self.db.sync_states(demo.id).await?;
        let invoices = states.iter().find(|s| s.entity == "invoices");
        Ok(ConnectedXero {
            client: server.client.clone(),
            tenant: server.tenant,
            connection: XeroConnectionView {
                organisation_id: demo.id,
                organisation: demo.organisation.name.clone(),
                tenant_id: DEMO_TENANT_ID.to_string(),
                client_id: DEMO_CLIENT_ID.to_owned(),
                last_synced_at: invoices
                    .and_then(|s| s.last_success_at)
                    .map(crate::engine::instant_text),
                last_error: states.iter().find_map(|s| s.last_error.clone()),
            },
        })
    }

    /// "Sync now" for the demo: the real sync against the demo's server (started first when
    /// needed, see [`Engine::demo_xero`]). The demo stays marked as the demo afterwards.
    pub async fn sync_demo(
        &self,
        options: SyncOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<SyncReport, EngineError> {
        let ConnectedXero {
            client,
            tenant,
            connection,
        } = self.demo_xero().await?;
        let report = self
            .sync_xero(&client, tenant, options, progress, cancel)
            .await;
        // The organisation stage stores every synced organisation as a real one.
        self.db.mark_demo(connection.organisation_id).await?;
        report
    }

    /// The running demo server, if this engine has started one (tests, diagnostics).
    pub async fn running_demo_xero(&self) -> Option<Arc<DemoXero>> {
        self.demo.running.lock().await.clone()
    }
}
