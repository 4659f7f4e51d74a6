//! `GET /identity/connect/authorize`: Xero's login and consent page, reduced to its outcome.
//! A well-formed request is approved at once (or denied, if a test says so) and redirected back
//! with `code` and `state`. Problems with `client_id` or `redirect_uri` are shown as an error
//! page, never redirected, as OAuth requires (RFC 6749 §4.1.2.1).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::form_pairs;
use super::grants::Consent;
use crate::config::AuthorizeMode;
use crate::responses;
use crate::shared::Shared;

const FIXED_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "offline_access",
    "paymentservices",
];

pub async fn authorize(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let params = form_pairs(query.as_deref().unwrap_or(""));
    let get = |name: &str| params.get(name).map(String::as_str).unwrap_or("");
    let now = shared.now();
    let mut world = shared.world();

    if get("client_id") != world.grants.client_id() {
        return responses::bad_request_text("unauthorized_client: unknown client_id");
    }
    let redirect_uri = get("redirect_uri");
    if !redirect_allowed(&shared.redirect_uris, redirect_uri) {
        return responses::bad_request_text("invalid_request: redirect_uri is not registered");
    }
    let state = params.get("state").map(String::as_str);
    let back = |pairs: &[(&str, &str)]| redirect(redirect_uri, pairs, state);

    if get("response_type") != "code" {
        return back(&[("error", "unsupported_response_type")]);
    }
    // A PKCE app has no secret, so the challenge is what protects the code.
    if get("code_challenge").is_empty() || get("code_challenge_method") != "S256" {
        return back(&[("error", "invalid_request")]);
    }
    let scopes: Vec<String> = get("scope").split_whitespace().map(str::to_owned).collect();
    if scopes.is_empty() || !scopes.iter().all(|s| scope_known(s)) {
        return back(&[("error", "invalid_scope")]);
    }
    if world.authorize_mode == AuthorizeMode::Deny {
        return back(&[("error", "access_denied")]);
    }
    let tenants = world.tenant_names();
    let scope = scopes.join(" ");
    let consent = Consent {
        redirect_uri,
        challenge: get("code_challenge"),
        scopes,
        tenants,
    };
    let code = world.grants.consent(consent, now);
    back(&[("code", &code), ("scope", &scope)])
}

/// Registered URIs match exactly. With none registered, any loopback `http` URI or any `https`
/// URI is taken (Xero allows `http` only for localhost; custom schemes never).
fn redirect_allowed(registered: &[String], uri: &str) -> bool {
    if !registered.is_empty() {
        return registered.iter().any(|r| r == uri);
    }
    [
        "http://localhost:",
        "http://localhost/",
        "http://127.0.0.1:",
        "http://127.0.0.1/",
        "https://",
    ]
    .iter()
    .any(|prefix| uri.starts_with(prefix))
}

fn scope_known(scope: &str) -> bool {
    FIXED_SCOPES.contains(&scope)
        || (scope.starts_with("accounting.")
            && scope.bytes().all(|b| b.is_ascii_lowercase() || b == b'.'))
}

fn redirect(uri: &str, pairs: &[(&str, &str)], state: Option<&str>) -> Response {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        query.append_pair(name, value);
    }
    if let Some(state) = state {
        query.append_pair("state", state);
    }
    let separator = if uri.contains('?') { '&' } else { '?' };
    let location = format!("{uri}{separator}{}", query.finish());
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}
