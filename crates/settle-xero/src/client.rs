//! [`XeroClient`]: one Xero sign-in (a grant, which may reach several organisations) and the
//! calls made with it. Cheap to clone; clones share the HTTP connection pool, the per-tenant
//! rate limiting and the access token. Owns: construction and the identity-side calls (sign-in
//! completion, `/connections`, disconnect, revoke, keep-alive). Accounting calls live in
//! `accounting.rs`, `listing.rs` and `write_back.rs`. Must not: touch the database or keychain
//! directly (the refresh token comes and goes through the SecretStore port).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use settle_core::secret::SecretStore;
use settle_core::Clock;
use uuid::Uuid;

use crate::call::Call;
use crate::config::XeroConfig;
use crate::credentials::{TokenKeeper, Want, PROACTIVE_REFRESH_MARGIN};
use crate::dto::connection::Connection;
use crate::error::XeroError;
use crate::rate_limit::{Limiter, RateBudget, Sleeper, TokioSleeper};
use crate::refresh_lock::RefreshLock;
use crate::sign_in::{AuthorizationCode, PendingSignIn};
use crate::token::TokenEndpoint;

#[derive(Debug, Clone)]
pub struct XeroClient {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub config: XeroConfig,
    pub http: reqwest::Client,
    pub keeper: Arc<TokenKeeper>,
    pub limiter: Limiter,
    pub clock: Arc<dyn Clock>,
    pub sleeper: Arc<dyn Sleeper>,
}

impl XeroClient {
    /// A client that waits with real time (tokio).
    pub fn new(
        config: XeroConfig,
        store: Arc<dyn SecretStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, XeroError> {
        Self::with_sleeper(config, store, clock, Arc::new(TokioSleeper))
    }

    /// A client whose backoff and Retry-After waits go through `sleeper` (tests).
    pub fn with_sleeper(
        config: XeroConfig,
        store: Arc<dyn SecretStore>,
        clock: Arc<dyn Clock>,
        sleeper: Arc<dyn Sleeper>,
    ) -> Result<Self, XeroError> {
        let http = reqwest::Client::builder()
            // Neither identity nor the API redirect; never follow one with a bearer token.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(15))
            .user_agent(concat!("Settle/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| XeroError::Network {
                endpoint: "HTTP client setup".to_owned(),
                detail: e.to_string(),
            })?;
        let endpoint = TokenEndpoint {
            http: http.clone(),
            token_url: config.endpoints.token.clone(),
            revocation_url: config.endpoints.revocation.clone(),
            client_id: config.client_id.clone(),
            retry: config.retry.clone(),
            sleeper: Arc::clone(&sleeper),
            clock: Arc::clone(&clock),
        };
        let lock = RefreshLock::new(
            &config.lock_dir,
            &config.secret_name,
            config.retry.refresh_lock_timeout,
        );
        let keeper = TokenKeeper::shared(endpoint, store, &config.secret_name, lock);
        Ok(Self {
            inner: Arc::new(Inner {
                limiter: Limiter::new(config.retry.concurrency),
                config,
                http,
                keeper,
                clock,
                sleeper,
            }),
        })
    }

    pub fn config(&self) -> &XeroConfig {
        &self.inner.config
    }

    /// Step 1 of connecting: binds the loopback listener and returns the URL to open.
    pub async fn begin_sign_in(&self) -> Result<PendingSignIn, XeroError> {
        PendingSignIn::start(&self.inner.config).await
    }

    /// Step 2: exchanges the code, saves the refresh token, and lists the organisations the
    /// consent connected.
    pub async fn complete_sign_in(
        &self,
        code: AuthorizationCode,
    ) -> Result<Vec<Connection>, XeroError> {
        let keeper = &self.inner.keeper;
        let grant = keeper
            .endpoint()
            .exchange_code(&code.code, &code.verifier, &code.redirect_uri)
            .await?;
        keeper.install(grant).await?;
        self.connections().await
    }

    /// The organisations this sign-in reaches (`GET /connections`). Re-read after every
    /// (re)connect: tenant ids are what every Accounting call carries.
    pub async fn connections(&self) -> Result<Vec<Connection>, XeroError> {
        let url = self.inner.config.endpoints.connections.clone();
        let reply = self
            .inner
            .execute(&Call::get(url, "GET /connections".to_owned(), None), None)
            .await?;
        serde_json::from_slice(&reply.body).map_err(|e| XeroError::MalformedResponse {
            endpoint: "GET /connections".to_owned(),
            detail: e.to_string(),
        })
    }

    /// Disconnects one organisation (`DELETE /connections/{id}`, the connection id, not the
    /// tenant id). Other organisations stay connected.
    pub async fn disconnect(&self, connection_id: Uuid) -> Result<(), XeroError> {
        let url = format!(
            "{}/{connection_id}",
            self.inner.config.endpoints.connections
        );
        let mut call = Call::get(url, "DELETE /connections".to_owned(), None);
        call.method = Method::DELETE;
        self.inner.execute(&call, None).await.map(|_| ())
    }

    /// Ends the sign-in at Xero (every organisation it connected) and deletes the saved token.
    pub async fn revoke(&self) -> Result<(), XeroError> {
        self.inner.keeper.revoke().await
    }

    /// Whether a refresh token is saved (the app may be connected; Xero decides on next use).
    pub async fn has_saved_sign_in(&self) -> Result<bool, XeroError> {
        self.inner.keeper.has_saved_sign_in().await
    }

    /// Refreshes now if the access token has less than 5 minutes left (or none is held).
    /// Returns when the token expires. Call it from a timer so requests rarely wait.
    pub async fn refresh_if_expiring(&self) -> Result<DateTime<Utc>, XeroError> {
        self.inner
            .keeper
            .access_token(Want::ValidFor(PROACTIVE_REFRESH_MARGIN))
            .await?;
        self.access_token_expires_at()
            .await
            .ok_or(XeroError::NotConnected)
    }

    /// Refreshes whatever the access token's age. Xero forgets a refresh token unused for 60
    /// days (NOTES.md pitfall 3); call this weekly even when the owner is idle.
    pub async fn keep_alive(&self) -> Result<(), XeroError> {
        self.inner
            .keeper
            .access_token(Want::Fresh)
            .await
            .map(|_| ())
    }

    /// When the in-memory access token expires, if one is held.
    pub async fn access_token_expires_at(&self) -> Option<DateTime<Utc>> {
        self.inner.keeper.expires_at().await
    }

    /// What Xero last said about this organisation's remaining calls, for the UI.
    pub fn rate_budget(&self, tenant: Uuid) -> RateBudget {
        self.inner.limiter.budget(tenant)
    }
}
