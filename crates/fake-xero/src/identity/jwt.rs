//! Token strings shaped like Xero's: access and id tokens are JWTs (clients may decode them, e.g.
//! for `authentication_event_id`), refresh tokens are opaque. The signature is a placeholder:
//! nothing here is meant to be verified, the fake looks tokens up in its own store. Owns: making
//! token strings. Must not: decide validity.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

/// Claims carried by a fake access token. Names follow Xero's tokens as seen in client code
/// (`authentication_event_id`, `xero_userid`); NOTES.md marks the claim name UNVERIFIED.
pub struct AccessClaims<'a> {
    pub client_id: &'a str,
    pub auth_event_id: Uuid,
    pub user_id: Uuid,
    pub scopes: &'a [String],
    pub issued: DateTime<Utc>,
    pub expires: DateTime<Utc>,
}

pub fn access_token(claims: &AccessClaims<'_>) -> String {
    let payload = json!({
        "nbf": claims.issued.timestamp(),
        "exp": claims.expires.timestamp(),
        "iss": "https://identity.xero.com",
        "aud": "https://identity.xero.com/resources",
        "client_id": claims.client_id,
        "sub": claims.user_id.simple().to_string(),
        "auth_time": claims.issued.timestamp(),
        "xero_userid": claims.user_id,
        "authentication_event_id": claims.auth_event_id,
        "jti": Uuid::new_v4().simple().to_string(),
        "scope": claims.scopes,
    });
    encode(&payload)
}

pub fn id_token(client_id: &str, user_id: Uuid, issued: DateTime<Utc>) -> String {
    let payload = json!({
        "nbf": issued.timestamp(),
        "exp": issued.timestamp() + 300,
        "iss": "https://identity.xero.com",
        "aud": client_id,
        "iat": issued.timestamp(),
        "sub": user_id.simple().to_string(),
        "xero_userid": user_id,
        "email": "owner@example.invalid",
        "given_name": "Fake",
        "family_name": "Owner",
        "preferred_username": "owner@example.invalid",
    });
    encode(&payload)
}

/// 64 hex characters, like Xero's opaque refresh tokens.
pub fn refresh_token() -> String {
    format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
}

fn encode(payload: &serde_json::Value) -> String {
    let header = json!({"alg": "RS256", "kid": "fake-xero", "typ": "JWT"});
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode(b"fake-xero-does-not-sign"),
    )
}
