//! Keeping one Xero sign-in alive: the refresh token lives only in the SecretStore, the 30-minute
//! access token only in memory with its expiry. Refreshing is single-flight twice over:
//!
//! - inside the process, every client built for the same token endpoint, Client ID and secret
//!   name shares one [`TokenKeeper`] (a process-wide registry of weak references), and its
//!   tokio Mutex lets one task refresh while the others wait for the result — so N clients and M
//!   tasks cause one rotation, not N×M;
//! - across processes, the refresh runs under the advisory file lock (`refresh_lock.rs`) and the
//!   refresh token is **re-read from the store after the lock is taken**, because another
//!   process may have rotated it while this one waited.
//!
//! The rotated refresh token is written to the store before the new access token is handed out:
//! if writing fails, the access token is dropped too, and the previous refresh token (still in
//! the store) stays usable for Xero's 30-minute grace. A refresh runs in its own task, so a
//! caller that gives up half-way cannot leave a rotated token unsaved. Owns: that protocol.
//! Must not: talk to the Accounting API or log a token.

use std::collections::HashMap;
use std::sync::{Arc, Mutex as StdMutex, OnceLock, Weak};

use chrono::{DateTime, Duration, Utc};
use settle_core::secret::{Secret, SecretStore, SecretStoreError};
use settle_core::Clock;
use tokio::sync::Mutex;

use crate::error::XeroError;
use crate::refresh_lock::RefreshLock;
use crate::token::{AccessToken, TokenEndpoint, TokenGrant};

/// Refresh when the access token has less than this left (also used before every request).
pub const PROACTIVE_REFRESH_MARGIN: Duration = Duration::minutes(5);

/// What the caller needs from the access token.
#[derive(Debug, Clone)]
pub(crate) enum Want {
    /// Any token with more than `margin` left.
    ValidFor(Duration),
    /// Xero refused this token (401): anything else still valid, or a new one.
    Replacing(Secret),
    /// A new token whatever the current one (keep-alive for the 60-day idle expiry).
    Fresh,
}

impl Want {
    fn satisfied_by(&self, token: &AccessToken, now: DateTime<Utc>) -> bool {
        let valid = |margin: Duration| token.expires_at - now > margin;
        match self {
            Self::ValidFor(margin) => valid(*margin),
            Self::Replacing(rejected) => {
                token.token != *rejected && valid(PROACTIVE_REFRESH_MARGIN)
            }
            Self::Fresh => false,
        }
    }
}

#[derive(Debug, Default)]
struct Held {
    access: Option<AccessToken>,
    /// A refresh token Xero already answered `invalid_grant` for: not worth another call.
    dead: Option<Secret>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct KeeperKey {
    token_url: String,
    client_id: String,
    secret_name: String,
}

#[derive(Debug)]
pub(crate) struct TokenKeeper {
    endpoint: TokenEndpoint,
    store: Arc<dyn SecretStore>,
    secret_name: String,
    lock: RefreshLock,
    clock: Arc<dyn Clock>,
    held: Arc<Mutex<Held>>,
}

fn registry() -> &'static StdMutex<HashMap<KeeperKey, Weak<TokenKeeper>>> {
    static KEEPERS: OnceLock<StdMutex<HashMap<KeeperKey, Weak<TokenKeeper>>>> = OnceLock::new();
    KEEPERS.get_or_init(StdMutex::default)
}

impl TokenKeeper {
    /// The process's keeper for this sign-in, created on first use. The first creator's store,
    /// lock folder and clock are the ones used.
    pub fn shared(
        endpoint: TokenEndpoint,
        store: Arc<dyn SecretStore>,
        secret_name: &str,
        lock: RefreshLock,
    ) -> Arc<Self> {
        let key = KeeperKey {
            token_url: endpoint.token_url.clone(),
            client_id: endpoint.client_id.as_str().to_owned(),
            secret_name: secret_name.to_owned(),
        };
        let mut keepers = registry().lock().unwrap();
        keepers.retain(|_, weak| weak.strong_count() > 0);
        if let Some(existing) = keepers.get(&key).and_then(Weak::upgrade) {
            return existing;
        }
        let clock = Arc::clone(&endpoint.clock);
        let keeper = Arc::new(Self {
            endpoint,
            store,
            secret_name: secret_name.to_owned(),
            lock,
            clock,
            held: Arc::default(),
        });
        keepers.insert(key, Arc::downgrade(&keeper));
        keeper
    }

    pub fn endpoint(&self) -> &TokenEndpoint {
        &self.endpoint
    }

    /// When the in-memory access token expires, if there is one.
    pub async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.held.lock().await.access.as_ref().map(|a| a.expires_at)
    }

    /// An access token meeting `want`, refreshing (once, for everyone waiting) if needed.
    pub async fn access_token(self: &Arc<Self>, want: Want) -> Result<Secret, XeroError> {
        {
            let held = self.held.lock().await;
            if let Some(token) = held.access.as_ref() {
                if want.satisfied_by(token, self.clock.now()) {
                    return Ok(token.token.clone());
                }
            }
        }
        let keeper = Arc::clone(self);
        tokio::spawn(async move { keeper.refresh(want).await })
            .await
            .map_err(|e| XeroError::Internal(format!("the sign-in refresh stopped: {e}")))?
    }

    async fn refresh(&self, want: Want) -> Result<Secret, XeroError> {
        let mut held = self.held.lock().await;
        // Another task may have refreshed while this one waited for the mutex.
        if let Some(token) = held.access.as_ref() {
            if want.satisfied_by(token, self.clock.now()) {
                return Ok(token.token.clone());
            }
        }
        let _file_lock = self.lock.acquire().await?;
        // Re-read under the lock: another process may have rotated the token meanwhile.
        let refresh_token = self.read().await?.ok_or(XeroError::NotConnected)?;
        if held.dead.as_ref() == Some(&refresh_token) {
            return Err(XeroError::ReconnectNeeded {
                reason: "Xero already refused this saved sign-in".to_owned(),
            });
        }
        let grant = match self.endpoint.refresh(&refresh_token).await {
            Ok(grant) => grant,
            Err(e) => {
                if matches!(e, XeroError::ReconnectNeeded { .. }) {
                    held.access = None;
                    held.dead = Some(refresh_token);
                }
                return Err(e);
            }
        };
        let token = self.keep(&mut held, grant).await?;
        tracing::info!(secret = %self.secret_name, "Xero sign-in refreshed");
        Ok(token)
    }

    /// After the browser sign-in: saves the first refresh token and holds the access token.
    pub async fn install(&self, grant: TokenGrant) -> Result<(), XeroError> {
        let mut held = self.held.lock().await;
        let _file_lock = self.lock.acquire().await?;
        self.keep(&mut held, grant).await?;
        held.dead = None;
        Ok(())
    }

    /// Persist the rotated refresh token first; only then hand out the access token.
    async fn keep(&self, held: &mut Held, grant: TokenGrant) -> Result<Secret, XeroError> {
        let refresh = grant.refresh.ok_or(XeroError::MissingRefreshToken)?;
        held.access = None;
        self.write(refresh).await?;
        let token = grant.access.token.clone();
        held.access = Some(grant.access);
        Ok(token)
    }

    /// Revokes the grant at Xero and forgets it here. If Xero cannot be reached the saved token
    /// is kept, so disconnecting can be retried and really revokes.
    pub async fn revoke(&self) -> Result<(), XeroError> {
        let mut held = self.held.lock().await;
        let _file_lock = self.lock.acquire().await?;
        if let Some(refresh_token) = self.read().await? {
            self.endpoint.revoke(&refresh_token).await?;
        }
        self.delete().await?;
        *held = Held::default();
        Ok(())
    }

    pub async fn has_saved_sign_in(&self) -> Result<bool, XeroError> {
        Ok(self.read().await?.is_some())
    }

    async fn read(&self) -> Result<Option<Secret>, XeroError> {
        let (store, name) = (Arc::clone(&self.store), self.secret_name.clone());
        blocking(move || store.get(&name)).await
    }

    async fn write(&self, value: Secret) -> Result<(), XeroError> {
        let (store, name) = (Arc::clone(&self.store), self.secret_name.clone());
        blocking(move || store.set(&name, &value)).await
    }

    async fn delete(&self) -> Result<(), XeroError> {
        let (store, name) = (Arc::clone(&self.store), self.secret_name.clone());
        blocking(move || store.delete(&name)).await
    }
}

/// Keychains block (D-Bus, Security.framework), so store calls run off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SecretStoreError> + Send + 'static,
) -> Result<T, XeroError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| XeroError::Internal(format!("the keychain call stopped: {e}")))?
        .map_err(XeroError::from)
}
