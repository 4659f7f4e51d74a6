//! The Accounting API under `/api.xro/2.0`: only what Settle needs (Organisation, Contacts,
//! Invoices with PDF, ExpectedPaymentDate updates, History notes, OnlineInvoice). Every route
//! goes through `edge` first. Owns: routing and Idempotency-Key replay. Must not: touch identity
//! state beyond what the edge reads.

mod contact_dto;
mod contacts;
pub(crate) mod dto;
pub(crate) mod edge;
mod history;
mod invoice_update;
mod invoices;
mod listing;
mod online_invoice;
mod organisation;
pub(crate) mod where_clause;

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::middleware;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use uuid::Uuid;

use crate::responses;
use crate::shared::Shared;

pub use online_invoice::page as online_invoice_page;

pub fn router(shared: Arc<Shared>) -> Router<Arc<Shared>> {
    Router::new()
        .route("/Organisation", get(organisation::get))
        .route("/Contacts", get(contacts::list))
        .route("/Invoices", get(invoices::list))
        .route(
            "/Invoices/{id}",
            get(invoices::get).post(invoice_update::post),
        )
        // The SPEC's /pdf path is a codegen artefact: the real API answers 404 (xero-node#308).
        .route(
            "/Invoices/{id}/pdf",
            get(|| async { responses::not_found() }),
        )
        .route(
            "/Invoices/{id}/History",
            get(history::list).put(history::add).post(history::add),
        )
        .route("/Invoices/{id}/OnlineInvoice", get(online_invoice::get))
        .fallback(|| async { responses::not_found() })
        .layer(middleware::from_fn_with_state(shared, edge::edge))
}

/// A stored answer for a repeated `Idempotency-Key` on this tenant, if any.
pub(crate) fn replay(shared: &Shared, tenant: Uuid, headers: &HeaderMap) -> Option<Response> {
    let key = idempotency_key(headers)?;
    let world = shared.world();
    let (status, body) = world.tenant(tenant).ok()?.idempotent.get(&key)?.clone();
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    Some(responses::json_text(status, body))
}

/// Remembers a JSON answer under the request's `Idempotency-Key` (max 128 characters, SPEC).
pub(crate) async fn remember(
    shared: &Shared,
    tenant: Uuid,
    headers: &HeaderMap,
    response: Response,
) -> Response {
    let Some(key) = idempotency_key(headers) else {
        return response;
    };
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if let Ok(tenant) = shared.world().tenant_mut(tenant) {
        tenant.idempotent.insert(key, (parts.status.as_u16(), text));
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    let key = headers.get("Idempotency-Key")?.to_str().ok()?.trim();
    (!key.is_empty() && key.len() <= 128).then(|| key.to_owned())
}

/// Finds an invoice by InvoiceID or, as Xero also allows, by InvoiceNumber.
pub(crate) fn find_invoice<'a>(
    tenant: &'a crate::world::Tenant,
    id: &str,
) -> Option<&'a crate::model::Invoice> {
    match Uuid::parse_str(id) {
        Ok(uuid) => tenant.invoice(uuid),
        Err(_) => tenant.invoices().iter().find(|i| i.number == id),
    }
}

pub(crate) const READ_INVOICES: &[&str] = &[
    "accounting.transactions",
    "accounting.transactions.read",
    "accounting.invoices",
    "accounting.invoices.read",
];
pub(crate) const WRITE_INVOICES: &[&str] = &["accounting.transactions", "accounting.invoices"];
