//! Xero's identity token endpoint for a PKCE app (no client secret, NOTES.md §2.1): the code
//! exchange, the refresh (which rotates the refresh token), and revocation. Network failures and
//! 5xx are retried with backoff; a lost refresh answer is safe to retry with the same token
//! because Xero honours the previous token for 30 minutes. `invalid_grant` on refresh is final and
//! becomes [`XeroError::ReconnectNeeded`]. Owns: those three form POSTs and reading their answers.
//! Must not: store tokens (`credentials.rs` does) or hold locks.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use settle_core::secret::Secret;
use settle_core::Clock;

use crate::config::{ClientId, RetryPolicy};
use crate::error::XeroError;
use crate::rate_limit::Sleeper;

/// Xero's documented lifetime, used when `expires_in` is missing.
const DEFAULT_LIFETIME_SECS: i64 = 1800;

/// An access token and when it stops working (by the injected clock).
#[derive(Debug, Clone)]
pub(crate) struct AccessToken {
    pub token: Secret,
    pub expires_at: DateTime<Utc>,
}

/// A successful token answer.
#[derive(Debug)]
pub(crate) struct TokenGrant {
    pub access: AccessToken,
    pub refresh: Option<Secret>,
}

/// The token answer as sent; deliberately not `Debug` (it holds raw tokens).
#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// What the caller is doing, to word `invalid_grant` correctly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grant {
    Code,
    Refresh,
}

#[derive(Debug, Clone)]
pub(crate) struct TokenEndpoint {
    pub http: reqwest::Client,
    pub token_url: String,
    pub revocation_url: String,
    pub client_id: ClientId,
    pub retry: RetryPolicy,
    pub sleeper: Arc<dyn Sleeper>,
    pub clock: Arc<dyn Clock>,
}

impl TokenEndpoint {
    pub async fn exchange_code(
        &self,
        code: &Secret,
        verifier: &Secret,
        redirect_uri: &str,
    ) -> Result<TokenGrant, XeroError> {
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id.as_str()),
            ("code", code.expose()),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.expose()),
        ];
        self.token_request(&form, Grant::Code).await
    }

    pub async fn refresh(&self, refresh_token: &Secret) -> Result<TokenGrant, XeroError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id.as_str()),
            ("refresh_token", refresh_token.expose()),
        ];
        self.token_request(&form, Grant::Refresh).await
    }

    /// Revoking the refresh token ends the grant and every connection it made (NOTES.md §2.5).
    pub async fn revoke(&self, refresh_token: &Secret) -> Result<(), XeroError> {
        let form = [
            ("token", refresh_token.expose()),
            ("client_id", self.client_id.as_str()),
        ];
        let (status, body) = self.post(&self.revocation_url, &form).await?;
        match status {
            200..=299 => Ok(()),
            _ => Err(oauth_error(status, &body, Grant::Refresh)),
        }
    }

    async fn token_request(
        &self,
        form: &[(&str, &str)],
        grant: Grant,
    ) -> Result<TokenGrant, XeroError> {
        let (status, body) = self.post(&self.token_url, form).await?;
        if !(200..=299).contains(&status) {
            return Err(oauth_error(status, &body, grant));
        }
        let parsed: TokenBody =
            serde_json::from_slice(&body).map_err(|e| XeroError::MalformedResponse {
                endpoint: "POST /connect/token".to_owned(),
                detail: e.to_string(),
            })?;
        let lifetime = parsed
            .expires_in
            .filter(|s| *s > 0)
            .unwrap_or(DEFAULT_LIFETIME_SECS);
        Ok(TokenGrant {
            access: AccessToken {
                token: Secret::new(parsed.access_token),
                expires_at: self.clock.now() + Duration::seconds(lifetime),
            },
            refresh: parsed
                .refresh_token
                .filter(|t| !t.is_empty())
                .map(Secret::new),
        })
    }

    /// One form POST, retried on network failures and 5xx.
    async fn post(&self, url: &str, form: &[(&str, &str)]) -> Result<(u16, Vec<u8>), XeroError> {
        let label = format!("POST {}", path_of(url));
        let mut attempt = 0;
        loop {
            let sent = self
                .http
                .post(url)
                .header(reqwest::header::ACCEPT, "application/json")
                .form(form)
                .timeout(self.retry.request_timeout)
                .send()
                .await;
            let failure = match sent {
                Ok(response) => {
                    let status = response.status().as_u16();
                    match response.bytes().await {
                        Ok(body) if status < 500 => return Ok((status, body.to_vec())),
                        Ok(_) => XeroError::ServerTrouble {
                            endpoint: label.clone(),
                            status,
                            attempts: attempt + 1,
                        },
                        Err(e) => network(&label, &e),
                    }
                }
                Err(e) => network(&label, &e),
            };
            if attempt >= self.retry.server_retries {
                return Err(failure);
            }
            tracing::debug!(endpoint = %label, attempt, "token endpoint failed, backing off");
            self.sleeper.sleep(self.retry.backoff(attempt)).await;
            attempt += 1;
        }
    }
}

pub(crate) fn network(endpoint: &str, e: &reqwest::Error) -> XeroError {
    use std::error::Error as _;
    let mut detail = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        detail = format!("{detail}: {s}");
        source = s.source();
    }
    XeroError::Network {
        endpoint: endpoint.to_owned(),
        detail,
    }
}

/// `https://host/connect/token` → `/connect/token`, for error messages.
pub(crate) fn path_of(url: &str) -> String {
    reqwest::Url::parse(url).map_or_else(|_| url.to_owned(), |u| u.path().to_owned())
}

fn oauth_error(status: u16, body: &[u8], grant: Grant) -> XeroError {
    let Ok(parsed) = serde_json::from_slice::<OAuthErrorBody>(body) else {
        let text: String = String::from_utf8_lossy(body).chars().take(200).collect();
        return XeroError::TokenEndpoint {
            status,
            detail: if text.trim().is_empty() {
                "no details".to_owned()
            } else {
                text
            },
        };
    };
    match (parsed.error.as_str(), grant) {
        ("invalid_grant", Grant::Refresh) => XeroError::ReconnectNeeded {
            reason: "Xero answered invalid_grant: the connection was revoked or disconnected in \
                     Xero, went unused for 60 days, or its sign-in was replaced"
                .to_owned(),
        },
        ("invalid_grant", Grant::Code) => XeroError::SignInFailed {
            error: "invalid_grant".to_owned(),
            description: Some(
                "the sign-in code expired or was already used; sign-ins must finish within \
                 five minutes"
                    .to_owned(),
            ),
        },
        ("invalid_client" | "unauthorized_client", _) => XeroError::UnknownClientId,
        (error, _) => XeroError::TokenEndpoint {
            status,
            detail: match parsed.error_description {
                Some(d) => format!("{error}: {d}"),
                None => error.to_owned(),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oauth_errors_are_told_apart() {
        let body = br#"{"error":"invalid_grant"}"#;
        assert!(matches!(
            oauth_error(400, body, Grant::Refresh),
            XeroError::ReconnectNeeded { .. }
        ));
        assert!(matches!(
            oauth_error(400, body, Grant::Code),
            XeroError::SignInFailed { .. }
        ));
        assert!(matches!(
            oauth_error(400, br#"{"error":"invalid_client"}"#, Grant::Refresh),
            XeroError::UnknownClientId
        ));
        let other = oauth_error(400, b"", Grant::Refresh);
        assert_eq!(
            other.to_string(),
            "Xero's sign-in service answered HTTP 400 (no details). Try again in a few minutes."
        );
    }
}
