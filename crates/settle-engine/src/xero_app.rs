//! How the window and the CLI reach Xero the same way: which hosts (real Xero unless
//! `SETTLE_XERO_LOGIN_URL` / `SETTLE_XERO_IDENTITY_URL` / `SETTLE_XERO_API_URL` point elsewhere,
//! e.g. at fake-xero), which SecretStore holds the refresh token (the OS keychain, or the file
//! named by `SETTLE_INSECURE_SECRETS_FILE` for tests and headless machines), and the client of the
//! connected organisation. Owns: those choices. Must not: parse command lines or know Tauri.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use settle_xero::{ClientId, Endpoints, SecretStore, XeroClient};
use uuid::Uuid;

use crate::{Engine, EngineError, FileSecretStore, KeychainSecretStore, XeroConnectionView};

pub use settle_xero::CancellationToken;

/// Base URL standing in for `https://login.xero.com` (the browser sign-in).
pub const XERO_LOGIN_URL_ENV: &str = "SETTLE_XERO_LOGIN_URL";
/// Base URL standing in for `https://identity.xero.com` (tokens, revocation).
pub const XERO_IDENTITY_URL_ENV: &str = "SETTLE_XERO_IDENTITY_URL";
/// Base URL standing in for `https://api.xero.com` (connections, Accounting API).
pub const XERO_API_URL_ENV: &str = "SETTLE_XERO_API_URL";
/// Keep the refresh token in this plain file instead of the keychain. NOT SECURE: tests only.
pub const INSECURE_SECRETS_FILE_ENV: &str = "SETTLE_INSECURE_SECRETS_FILE";

pub const XERO_LOGIN_URL: &str = "https://login.xero.com";
pub const XERO_IDENTITY_URL: &str = "https://identity.xero.com";
pub const XERO_API_URL: &str = "https://api.xero.com";

/// Where Xero lives and where its refresh token is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XeroSettings {
    pub login_url: String,
    pub identity_url: String,
    pub api_url: String,
    /// `Some` = the insecure file store; `None` = the OS keychain.
    pub insecure_secrets_file: Option<PathBuf>,
}

impl Default for XeroSettings {
    fn default() -> Self {
        Self {
            login_url: XERO_LOGIN_URL.to_owned(),
            identity_url: XERO_IDENTITY_URL.to_owned(),
            api_url: XERO_API_URL.to_owned(),
            insecure_secrets_file: None,
        }
    }
}

impl XeroSettings {
    /// Real Xero and the keychain, unless the `SETTLE_XERO_*` / `SETTLE_INSECURE_SECRETS_FILE`
    /// variables say otherwise (empty values count as unset).
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str, default: &str| {
            lookup(name)
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        Self {
            login_url: get(XERO_LOGIN_URL_ENV, XERO_LOGIN_URL),
            identity_url: get(XERO_IDENTITY_URL_ENV, XERO_IDENTITY_URL),
            api_url: get(XERO_API_URL_ENV, XERO_API_URL),
            insecure_secrets_file: lookup(INSECURE_SECRETS_FILE_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }

    /// Xero's paths under the three bases.
    pub fn endpoints(&self) -> Endpoints {
        xero_endpoints(&self.login_url, &self.identity_url, &self.api_url)
    }

    /// The OS keychain, or the insecure file when one is named.
    pub fn secret_store(&self) -> Arc<dyn SecretStore> {
        secret_store(self.insecure_secrets_file.as_deref())
    }
}

/// Xero's endpoints under bases standing in for login.xero.com, identity.xero.com, api.xero.com.
pub fn xero_endpoints(login: &str, identity: &str, api: &str) -> Endpoints {
    let trim = |s: &str| s.trim_end_matches('/').to_owned();
    let (login, identity, api) = (trim(login), trim(identity), trim(api));
    Endpoints {
        authorize: format!("{login}/identity/connect/authorize"),
        token: format!("{identity}/connect/token"),
        revocation: format!("{identity}/connect/revocation"),
        connections: format!("{api}/connections"),
        api: format!("{api}/api.xro/2.0"),
    }
}

/// [`FileSecretStore`] at `insecure_file` when given, else [`KeychainSecretStore`].
pub fn secret_store(insecure_file: Option<&Path>) -> Arc<dyn SecretStore> {
    match insecure_file {
        Some(path) => Arc::new(FileSecretStore::new(path)),
        None => Arc::new(KeychainSecretStore::default()),
    }
}

/// The client [`Engine::connected_xero`] handed out last, with what it was made for. Kept so
/// every sync, send batch, PDF and write-back of this process shares one access token (no
/// refresh per operation) and one rate limiter (Xero's 5 concurrent calls and minute budget are
/// per organisation, not per operation). Shared by an engine's clones.
#[derive(Default)]
pub(crate) struct XeroClientSlot(std::sync::Mutex<Option<(String, XeroSettings, XeroClient)>>);

impl std::fmt::Debug for XeroClientSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("XeroClientSlot")
    }
}

/// The connected organisation's client, its connection and its Xero tenant.
pub struct ConnectedXero {
    pub client: XeroClient,
    pub connection: XeroConnectionView,
    pub tenant: Uuid,
}

impl Engine {
    /// A client for the organisation connected to Xero ([`EngineError::XeroNotConnected`] when
    /// none is), through the Xero app it was connected with.
    pub async fn connected_xero(
        &self,
        settings: &XeroSettings,
    ) -> Result<ConnectedXero, EngineError> {
        let connection = self
            .xero_connection()
            .await?
            .ok_or(EngineError::XeroNotConnected)?;
        let tenant = connection.tenant_id.parse().map_err(|_| {
            EngineError::InvalidInput(
                "The stored Xero tenant id is damaged; connect to Xero again (`settle connect xero`)."
                    .to_owned(),
            )
        })?;
        let client = self.shared_xero_client(&connection.client_id, settings)?;
        Ok(ConnectedXero {
            client,
            connection,
            tenant,
        })
    }
}

impl Engine {
    /// The shared client for Xero app `client_id` at `settings`: the one made last when both
    /// match, else a new one that replaces it. A reconnect through the same app keeps it; its
    /// old access token then meets one 401, and the client refreshes once from the stored
    /// (new) refresh token and carries on.
    fn shared_xero_client(
        &self,
        client_id: &str,
        settings: &XeroSettings,
    ) -> Result<XeroClient, EngineError> {
        let mut slot = self
            .xero_client
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((id, made_for, client)) = slot.as_ref() {
            if id == client_id && made_for == settings {
                return Ok(client.clone());
            }
        }
        let client = self.xero_client(
            ClientId::parse(client_id)?,
            settings.endpoints(),
            settings.secret_store(),
        )?;
        *slot = Some((client_id.to_owned(), settings.clone(), client.clone()));
        Ok(client)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_default_to_real_xero_and_read_the_variables() {
        let none = XeroSettings::from_lookup(|_| None);
        assert_eq!(none, XeroSettings::default());
        assert_eq!(
            none.endpoints().authorize,
            "https://login.xero.com/identity/connect/authorize"
        );
        let fake = XeroSettings::from_lookup(|name| match name {
            XERO_LOGIN_URL_ENV | XERO_IDENTITY_URL_ENV => Some("http://127.0.0.1:5555/".to_owned()),
            XERO_API_URL_ENV => Some("http://127.0.0.1:5555".to_owned()),
            INSECURE_SECRETS_FILE_ENV => Some("/tmp/s.json".to_owned()),
            _ => None,
        });
        let endpoints = fake.endpoints();
        assert_eq!(endpoints.token, "http://127.0.0.1:5555/connect/token");
        assert_eq!(endpoints.api, "http://127.0.0.1:5555/api.xro/2.0");
        assert_eq!(
            fake.insecure_secrets_file,
            Some(PathBuf::from("/tmp/s.json"))
        );
        let empty = XeroSettings::from_lookup(|_| Some(String::new()));
        assert_eq!(empty, XeroSettings::default());
    }
}
