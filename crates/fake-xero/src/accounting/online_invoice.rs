//! `GET /Invoices/{id}/OnlineInvoice` (approved sales invoices only, never DRAFT) and the small
//! page its URL points at, so the demo's "open online invoice" link leads somewhere local
//! instead of a dead in.xero.com address.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use serde_json::json;
use uuid::Uuid;

use super::edge::Caller;
use super::{find_invoice, READ_INVOICES};
use crate::model::{InvoiceStatus, InvoiceType};
use crate::responses;
use crate::shared::Shared;

pub async fn get(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Response, Response> {
    caller.require(READ_INVOICES)?;
    let now = shared.now();
    let world = shared.world();
    let tenant = world
        .tenant(caller.tenant)
        .map_err(|_| responses::forbidden())?;
    let invoice = find_invoice(tenant, &id).ok_or_else(responses::not_found)?;
    let approved = matches!(
        invoice.status,
        InvoiceStatus::Authorised | InvoiceStatus::Paid | InvoiceStatus::Voided
    );
    if invoice.kind != InvoiceType::Accrec || !approved {
        // The error shape for a draft is UNVERIFIED; a ValidationException is the likely one.
        let element = json!({ "InvoiceID": invoice.id });
        let message = "Online invoices are only available for approved sales invoices".to_owned();
        return Err(responses::validation(
            element.as_object().cloned().unwrap_or_default(),
            &[message],
        ));
    }
    let url = format!("{}/in/{}", shared.base_url(), invoice.id.simple());
    let links = [json!({ "OnlineInvoiceUrl": url })];
    Ok(responses::envelope(
        &shared.provider_name,
        now,
        "OnlineInvoices",
        &links,
        None,
    ))
}

/// `GET /in/{token}`: what the customer would see, reduced to the essentials.
pub async fn page(State(shared): State<Arc<Shared>>, Path(token): Path<String>) -> Response {
    let Ok(id) = Uuid::parse_str(&token) else {
        return responses::not_found();
    };
    let world = shared.world();
    for tenant in &world.tenants {
        if let Some(invoice) = tenant.invoice(id) {
            let escape = |s: &str| {
                s.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            };
            let body = format!(
                "<!doctype html><meta charset=utf-8><title>Invoice {number}</title>\
                 <h1>{org}</h1><p>Invoice {number}</p><p>Amount due: {currency} {due:.2}</p>\
                 <p>Due {due_date}</p>",
                number = escape(&invoice.number),
                org = escape(&tenant.org.name),
                currency = escape(&invoice.currency),
                due = invoice.amount_due(),
                due_date = invoice.due_date,
            );
            return Html(body).into_response();
        }
    }
    responses::not_found()
}
