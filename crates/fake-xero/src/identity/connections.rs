//! `GET /connections` and `DELETE /connections/{id}` on the API host: bearer only, no tenant
//! header, and only the app-minute rate-limit header (xero-ruby#128).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uuid::Uuid;

use super::bearer::authenticate;
use super::form_pairs;
use crate::faults::Fault;
use crate::msdate;
use crate::responses;
use crate::shared::Shared;

pub async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let filter = form_pairs(query.as_deref().unwrap_or(""))
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authEventId"))
        .map(|(_, v)| v);
    gated(&shared, &headers, |shared| {
        let world = shared.world();
        let body: Vec<_> = world
            .grants
            .connections()
            .iter()
            .filter(|c| {
                filter
                    .as_deref()
                    .is_none_or(|f| c.auth_event_id.to_string() == f.to_lowercase())
            })
            .map(|c| {
                json!({
                    "id": c.id,
                    "authEventId": c.auth_event_id,
                    "tenantId": c.tenant_id,
                    "tenantType": "ORGANISATION",
                    "tenantName": c.tenant_name,
                    "createdDateUtc": msdate::connection_string(c.created),
                    "updatedDateUtc": msdate::connection_string(c.updated),
                })
            })
            .collect();
        responses::json(StatusCode::OK, &body)
    })
    .await
}

pub async fn remove(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    gated(&shared, &headers, |shared| {
        let removed = Uuid::parse_str(&id).is_ok_and(|id| shared.world().grants.disconnect(id));
        if removed {
            StatusCode::NO_CONTENT.into_response()
        } else {
            responses::not_found()
        }
    })
    .await
}

/// Faults, bearer check and the app-minute limit, then `answer`.
async fn gated(
    shared: &Arc<Shared>,
    headers: &HeaderMap,
    answer: impl FnOnce(&Shared) -> Response,
) -> Response {
    if let Some(latency) = shared.faults.latency() {
        tokio::time::sleep(latency).await;
    }
    let fault = shared.faults.next();
    if let Some(Fault::Status(status)) = fault {
        return responses::injected(status);
    }
    if fault == Some(Fault::Hold) {
        shared.faults.set_gate_open(false);
        shared.faults.wait_at_gate().await;
    }
    let now = shared.now();
    if let Err(refusal) = authenticate(&shared.world().grants, headers, now) {
        return refusal;
    }
    let admission = shared
        .limiter
        .lock()
        .unwrap()
        .admit_app(&shared.limits(), now);
    let mut response = match admission.refused {
        Some((problem, retry_after)) => crate::accounting::edge::too_many(problem, retry_after),
        None => answer(shared),
    };
    for (name, value) in admission.headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(name, value);
        }
    }
    if fault == Some(Fault::MalformedJson) {
        response = crate::accounting::edge::truncate_json(response).await;
    }
    response
}
