//! `POST /connect/token` (authorization_code with S256 PKCE, refresh_token with rotation) and
//! `POST /connect/revocation`. Form-encoded in, JSON out, errors as `{"error":"…"}` (D-TROUBLE).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

use super::form_pairs;
use super::grants::{TokenError, TokenSet};
use crate::responses;
use crate::shared::Shared;

pub async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(params) = form_body(&headers, &body) else {
        return responses::oauth_error(TokenError::InvalidRequest.code());
    };
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or("");
    // Confidential apps send the client id in Basic auth; PKCE apps put it in the form.
    let client_id = basic_client_id(&headers).unwrap_or_else(|| get("client_id").to_owned());
    let now = shared.now();
    let mut world = shared.world();
    let outcome = match get("grant_type") {
        "authorization_code" => world.grants.exchange_code(
            &client_id,
            get("code"),
            get("redirect_uri"),
            get("code_verifier"),
            now,
        ),
        "refresh_token" => world.grants.refresh(&client_id, get("refresh_token"), now),
        "" => Err(TokenError::InvalidRequest),
        _ => return responses::oauth_error("unsupported_grant_type"),
    };
    match outcome {
        Ok(tokens) => token_response(&tokens),
        Err(e) => {
            tracing::debug!(error = e.code(), "token request refused");
            responses::oauth_error(e.code())
        }
    }
}

pub async fn revocation(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(params) = form_body(&headers, &body) else {
        return responses::oauth_error(TokenError::InvalidRequest.code());
    };
    let Some(token) = params.get("token").filter(|t| !t.is_empty()) else {
        return responses::oauth_error(TokenError::InvalidRequest.code());
    };
    shared.world().grants.revoke(token);
    StatusCode::OK.into_response()
}

fn token_response(tokens: &TokenSet) -> Response {
    let mut body = json!({
        "access_token": tokens.access_token,
        "expires_in": tokens.expires_in,
        "token_type": "Bearer",
        "scope": tokens.scope,
    });
    if let Some(refresh) = &tokens.refresh_token {
        body["refresh_token"] = refresh.clone().into();
    }
    if let Some(id_token) = &tokens.id_token {
        body["id_token"] = id_token.clone().into();
    }
    let mut response = responses::json(StatusCode::OK, &body);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The form, if the request says it is one.
fn form_body(
    headers: &HeaderMap,
    body: &[u8],
) -> Option<std::collections::HashMap<String, String>> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return None;
    }
    Some(form_pairs(std::str::from_utf8(body).ok()?))
}

fn basic_client_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let decoded = STANDARD.decode(value.strip_prefix("Basic ")?).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    Some(text.split(':').next()?.to_owned())
}
