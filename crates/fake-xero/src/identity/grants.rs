//! The identity service's memory: consents (grants), authorization codes, the rotating refresh
//! chain with its 30-minute grace, access tokens and tenant connections (NOTES.md §2.4, §2.5).
//! Pure: every operation takes `now`. Owns: token validity rules. Must not: know HTTP.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::jwt::{self, AccessClaims};
use super::pkce;

/// Access tokens live 30 minutes (D-FAQ); `expires_in` is therefore 1800.
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::minutes(30);
/// A superseded refresh token may be retried this long after it was rotated (D-FAQ).
pub const REFRESH_GRACE: Duration = Duration::minutes(30);
/// A refresh token unused this long expires (D-FAQ says 60 days).
pub const REFRESH_IDLE_EXPIRY: Duration = Duration::days(60);
/// Authorization codes are single-use and short-lived (5 minutes is the common OAuth choice).
pub const CODE_LIFETIME: Duration = Duration::minutes(5);

/// A tenant connected to the app (`GET /connections`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub auth_event_id: Uuid,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

/// What a successful token request returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSet {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub id_token: Option<String>,
    pub expires_in: i64,
    pub scope: String,
}

/// RFC 6749 §5.2 error codes the token endpoint returns.
#[allow(clippy::enum_variant_names)] // named after the RFC's codes
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    InvalidGrant,
    InvalidClient,
    InvalidRequest,
}

impl TokenError {
    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidGrant => "invalid_grant",
            Self::InvalidClient => "invalid_client",
            Self::InvalidRequest => "invalid_request",
        }
    }
}

/// Why an access token was refused by the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessError {
    Expired(DateTime<Utc>),
    Unknown,
}

/// A live access token's facts, as the API edge sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessGrant {
    pub auth_event_id: Uuid,
    pub scopes: Vec<String>,
    pub revoked: bool,
}

struct Grant {
    scopes: Vec<String>,
    revoked: bool,
    current_refresh: Option<String>,
}

struct AuthCode {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    auth_event_id: Uuid,
    issued: DateTime<Utc>,
}

struct RefreshRecord {
    auth_event_id: Uuid,
    last_used: DateTime<Utc>,
    superseded_at: Option<DateTime<Utc>>,
}

struct AccessRecord {
    auth_event_id: Uuid,
    expires: DateTime<Utc>,
}

/// What the token endpoint did with `grant_type=refresh_token` requests so far (read-only, for
/// tests: two processes that spend the same token show up as `superseded`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefreshCounts {
    /// Rotations that presented the grant's current refresh token.
    pub current: u32,
    /// Rotations that presented a superseded token inside its grace period.
    pub superseded: u32,
    /// `invalid_grant` / `invalid_client` answers.
    pub refused: u32,
}

/// Everything the identity service remembers. One user, one app (the configured client id).
pub struct Grants {
    /// Read by `FakeState::refresh_counts`.
    pub refresh_counts: RefreshCounts,
    client_id: String,
    user_id: Uuid,
    grants: HashMap<Uuid, Grant>,
    codes: HashMap<String, AuthCode>,
    refresh: HashMap<String, RefreshRecord>,
    access: HashMap<String, AccessRecord>,
    connections: Vec<Connection>,
}

/// A consent being recorded: who asked, for what, and which tenants the user ticked.
pub struct Consent<'a> {
    pub redirect_uri: &'a str,
    pub challenge: &'a str,
    pub scopes: Vec<String>,
    pub tenants: Vec<(Uuid, String)>,
}

impl Grants {
    pub fn new(client_id: &str) -> Self {
        Self {
            refresh_counts: RefreshCounts::default(),
            client_id: client_id.to_owned(),
            user_id: Uuid::new_v4(),
            grants: HashMap::new(),
            codes: HashMap::new(),
            refresh: HashMap::new(),
            access: HashMap::new(),
            connections: Vec::new(),
        }
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Records a consent: a new auth event, (re)connected tenants, and a code for the exchange.
    pub fn consent(&mut self, consent: Consent<'_>, now: DateTime<Utc>) -> String {
        let auth_event_id = self.new_grant(consent.scopes, &consent.tenants, now);
        let code = jwt::refresh_token();
        self.codes.insert(
            code.clone(),
            AuthCode {
                client_id: self.client_id.clone(),
                redirect_uri: consent.redirect_uri.to_owned(),
                challenge: consent.challenge.to_owned(),
                auth_event_id,
                issued: now,
            },
        );
        code
    }

    /// `grant_type=authorization_code`: single-use code, same client and redirect URI, S256.
    pub fn exchange_code(
        &mut self,
        client_id: &str,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
        now: DateTime<Utc>,
    ) -> Result<TokenSet, TokenError> {
        if client_id != self.client_id {
            return Err(TokenError::InvalidClient);
        }
        // A code is consumed by any attempt, as RFC 6749 §4.1.2 asks of a leaked code.
        let recorded = self.codes.remove(code).ok_or(TokenError::InvalidGrant)?;
        let fresh = now - recorded.issued <= CODE_LIFETIME;
        if !fresh
            || recorded.client_id != client_id
            || recorded.redirect_uri != redirect_uri
            || !pkce::verifies(verifier, &recorded.challenge)
        {
            return Err(TokenError::InvalidGrant);
        }
        Ok(self.issue(recorded.auth_event_id, now))
    }

    /// `grant_type=refresh_token` with rotation and the 30-minute grace for a superseded token.
    pub fn refresh(
        &mut self,
        client_id: &str,
        refresh_token: &str,
        now: DateTime<Utc>,
    ) -> Result<TokenSet, TokenError> {
        let current = self
            .refresh
            .get(refresh_token)
            .and_then(|r| self.grants.get(&r.auth_event_id))
            .is_some_and(|g| g.current_refresh.as_deref() == Some(refresh_token));
        let result = self.rotate(client_id, refresh_token, now);
        let counts = &mut self.refresh_counts;
        match (&result, current) {
            (Err(_), _) => counts.refused += 1,
            (Ok(_), true) => counts.current += 1,
            (Ok(_), false) => counts.superseded += 1,
        }
        result
    }

    fn rotate(
        &mut self,
        client_id: &str,
        refresh_token: &str,
        now: DateTime<Utc>,
    ) -> Result<TokenSet, TokenError> {
        if client_id != self.client_id {
            return Err(TokenError::InvalidClient);
        }
        let record = self
            .refresh
            .get(refresh_token)
            .ok_or(TokenError::InvalidGrant)?;
        let grant = self
            .grants
            .get(&record.auth_event_id)
            .ok_or(TokenError::InvalidGrant)?;
        let idle_expired = now - record.last_used > REFRESH_IDLE_EXPIRY;
        let past_grace = record
            .superseded_at
            .is_some_and(|at| now - at > REFRESH_GRACE);
        if grant.revoked || idle_expired || past_grace {
            return Err(TokenError::InvalidGrant);
        }
        let auth_event_id = record.auth_event_id;
        // Rotation: whatever was current is now superseded, and its own grace starts now.
        if let Some(current) = grant.current_refresh.clone() {
            if let Some(current) = self.refresh.get_mut(&current) {
                current.superseded_at.get_or_insert(now);
            }
        }
        Ok(self.issue(auth_event_id, now))
    }

    /// `POST /connect/revocation`: revoking a refresh token ends its grant and removes the
    /// user's connections to the app. Unknown tokens are ignored (RFC 7009 §2.2).
    pub fn revoke(&mut self, token: &str) {
        let Some(record) = self.refresh.get(token) else {
            return;
        };
        if let Some(grant) = self.grants.get_mut(&record.auth_event_id) {
            grant.revoked = true;
        }
        self.connections.clear();
    }

    pub fn check_access(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<AccessGrant, AccessError> {
        let record = self.access.get(token).ok_or(AccessError::Unknown)?;
        if now >= record.expires {
            return Err(AccessError::Expired(record.expires));
        }
        let grant = self
            .grants
            .get(&record.auth_event_id)
            .ok_or(AccessError::Unknown)?;
        Ok(AccessGrant {
            auth_event_id: record.auth_event_id,
            scopes: grant.scopes.clone(),
            revoked: grant.revoked,
        })
    }

    pub fn is_connected(&self, tenant_id: Uuid) -> bool {
        self.connections.iter().any(|c| c.tenant_id == tenant_id)
    }

    pub fn connections(&self) -> &[Connection] {
        &self.connections
    }

    /// `DELETE /connections/{id}`; false when there is no such connection.
    pub fn disconnect(&mut self, connection_id: Uuid) -> bool {
        let before = self.connections.len();
        self.connections.retain(|c| c.id != connection_id);
        before != self.connections.len()
    }

    /// Test shortcut: a consent plus token issue, without the browser round trip.
    pub fn mint(
        &mut self,
        scopes: Vec<String>,
        tenants: &[(Uuid, String)],
        now: DateTime<Utc>,
    ) -> TokenSet {
        let auth_event_id = self.new_grant(scopes, tenants, now);
        self.issue(auth_event_id, now)
    }

    fn new_grant(
        &mut self,
        scopes: Vec<String>,
        tenants: &[(Uuid, String)],
        now: DateTime<Utc>,
    ) -> Uuid {
        let auth_event_id = Uuid::new_v4();
        self.grants.insert(
            auth_event_id,
            Grant {
                scopes,
                revoked: false,
                current_refresh: None,
            },
        );
        for (tenant_id, tenant_name) in tenants {
            // Reconnecting keeps the connection id and moves updatedDateUtc (ID-SPEC).
            match self
                .connections
                .iter_mut()
                .find(|c| c.tenant_id == *tenant_id)
            {
                Some(existing) => {
                    existing.updated = now;
                    existing.auth_event_id = auth_event_id;
                    existing.tenant_name.clone_from(tenant_name);
                }
                None => self.connections.push(Connection {
                    id: Uuid::new_v4(),
                    tenant_id: *tenant_id,
                    tenant_name: tenant_name.clone(),
                    auth_event_id,
                    created: now,
                    updated: now,
                }),
            }
        }
        auth_event_id
    }

    fn issue(&mut self, auth_event_id: Uuid, now: DateTime<Utc>) -> TokenSet {
        let grant = self
            .grants
            .get_mut(&auth_event_id)
            .expect("issue for a recorded grant");
        let expires = now + ACCESS_TOKEN_LIFETIME;
        let access_token = jwt::access_token(&AccessClaims {
            client_id: &self.client_id,
            auth_event_id,
            user_id: self.user_id,
            scopes: &grant.scopes,
            issued: now,
            expires,
        });
        self.access.insert(
            access_token.clone(),
            AccessRecord {
                auth_event_id,
                expires,
            },
        );
        let has = |scope: &str| grant.scopes.iter().any(|s| s == scope);
        let refresh_token = has("offline_access").then(|| {
            let token = jwt::refresh_token();
            self.refresh.insert(
                token.clone(),
                RefreshRecord {
                    auth_event_id,
                    last_used: now,
                    superseded_at: None,
                },
            );
            grant.current_refresh = Some(token.clone());
            token
        });
        let id_token = has("openid").then(|| jwt::id_token(&self.client_id, self.user_id, now));
        TokenSet {
            access_token,
            refresh_token,
            id_token,
            expires_in: ACCESS_TOKEN_LIFETIME.num_seconds(),
            scope: grant.scopes.join(" "),
        }
    }
}
