//! Connecting to Xero in the browser (OAuth 2.0 authorization code with PKCE, NOTES.md §2.1):
//! [`PendingSignIn`] holds the loopback listener, the random `state` and the PKCE verifier, and
//! the authorize URL the caller opens in the browser; [`PendingSignIn::wait_for_code`] returns
//! the [`AuthorizationCode`] once the browser comes back with a matching `state`, and
//! `XeroClient::complete_sign_in` exchanges it. Owns: the authorize URL and that hand-off. Must
//! not: open the browser, or keep the verifier anywhere but in memory.

use settle_core::secret::Secret;
use tokio_util::sync::CancellationToken;

use crate::config::XeroConfig;
use crate::error::XeroError;
use crate::loopback::Loopback;
use crate::pkce::{random_text, Pkce};

/// A sign-in waiting for the browser.
pub struct PendingSignIn {
    authorize_url: String,
    redirect_uri: String,
    state: String,
    scopes: String,
    verifier: Secret,
    loopback: Loopback,
}

impl std::fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingSignIn")
            .field("redirect_uri", &self.redirect_uri)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

/// What the browser brought back, ready to exchange. Secret until then.
pub struct AuthorizationCode {
    pub(crate) code: Secret,
    pub(crate) verifier: Secret,
    pub(crate) redirect_uri: String,
}

impl std::fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationCode")
            .field("code", &self.code)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

impl PendingSignIn {
    /// Binds the first free redirect port and prepares the authorize URL.
    pub(crate) async fn start(config: &XeroConfig) -> Result<Self, XeroError> {
        let loopback = Loopback::bind(&config.redirect_ports).await?;
        let redirect_uri = loopback.redirect_uri();
        let pkce = Pkce::generate()?;
        let state = random_text(32)?;
        let scopes = config.scopes.as_param();
        let mut url = reqwest::Url::parse(&config.endpoints.authorize).map_err(|e| {
            XeroError::SignInFailed {
                error: "bad authorize URL".to_owned(),
                description: Some(e.to_string()),
            }
        })?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", config.client_id.as_str())
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("scope", &scopes)
            .append_pair("state", &state)
            .append_pair("code_challenge", &pkce.challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(Self {
            authorize_url: url.into(),
            redirect_uri,
            state,
            scopes,
            verifier: pkce.verifier,
            loopback,
        })
    }

    /// Open this in the browser. It carries only public values (the challenge, not the verifier).
    pub fn authorize_url(&self) -> &str {
        &self.authorize_url
    }

    /// `http://localhost:<port>/callback`: must be registered in the Xero app.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the browser. A reply whose `state` is not this sign-in's is refused
    /// ([`XeroError::StateMismatch`]); consent refused gives [`XeroError::SignInDenied`]; refused
    /// scopes give [`XeroError::ScopesRefused`] (retry with `ScopeSet::fallback`).
    /// The token is taken by value so the wait can be spawned; cancel a clone to stop it.
    pub async fn wait_for_code(
        self,
        cancel: CancellationToken,
    ) -> Result<AuthorizationCode, XeroError> {
        let code = self
            .loopback
            .wait(&self.state, &self.scopes, &cancel)
            .await?;
        Ok(AuthorizationCode {
            code,
            verifier: self.verifier,
            redirect_uri: self.redirect_uri,
        })
    }
}
