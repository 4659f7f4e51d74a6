//! Checking `Authorization: Bearer …` on API calls: 401 TokenExpired for an expired token, 401
//! AuthorizationUnsuccessful for anything else unusable. Owns: that check. Must not: check
//! tenants (the accounting edge does).

use axum::http::{header, HeaderMap};
use axum::response::Response;
use chrono::{DateTime, Utc};

use super::grants::{AccessError, AccessGrant, Grants};
use crate::responses;

pub fn authenticate(
    grants: &Grants,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<AccessGrant, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .ok_or_else(responses::unauthorized)?;
    grants.check_access(token, now).map_err(|e| match e {
        AccessError::Expired(at) => responses::token_expired(at),
        AccessError::Unknown => responses::unauthorized(),
    })
}
