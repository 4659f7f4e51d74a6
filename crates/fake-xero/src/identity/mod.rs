//! The identity side: the browser authorize step, the token and revocation endpoints, tenant
//! connections, and checking bearer tokens for the API (NOTES.md §2). Owns: OAuth behaviour.
//! Must not: touch accounting data.

mod authorize;
pub(crate) mod bearer;
mod connections;
pub mod grants;
mod jwt;
pub mod pkce;
mod token;

use std::sync::Arc;

use axum::routing::{delete, get, post};
use axum::Router;

use crate::shared::Shared;

pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/identity/connect/authorize", get(authorize::authorize))
        .route("/connect/token", post(token::token))
        .route("/connect/revocation", post(token::revocation))
        // The docs use lower case; ID-SPEC spells it /Connections. Serve both.
        .route("/connections", get(connections::list))
        .route("/Connections", get(connections::list))
        .route("/connections/{id}", delete(connections::remove))
        .route("/Connections/{id}", delete(connections::remove))
}

/// Parses a form-encoded string (query or body) into pairs; later duplicates win.
pub(crate) fn form_pairs(text: &str) -> std::collections::HashMap<String, String> {
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}
