//! `GET` and `PUT`/`POST /Invoices/{id}/History`: read the history, add notes (D-HIST). Notes are
//! the only change an API can make; `Details` is capped at 250 characters. Adding a note does not
//! bump UpdatedDateUTC here (UNVERIFIED in NOTES.md §9).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Extension;
use serde_json::{Map, Value};

use super::dto;
use super::edge::Caller;
use super::{find_invoice, remember, replay, READ_INVOICES, WRITE_INVOICES};
use crate::model::HistoryRecord;
use crate::responses;
use crate::shared::Shared;

pub const MAX_DETAILS: usize = 250;

pub async fn list(
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
    // Newest first, as Xero lists them.
    let records: Vec<_> = invoice.history.iter().rev().map(dto::history).collect();
    Ok(responses::envelope(
        &shared.provider_name,
        now,
        "HistoryRecords",
        &records,
        None,
    ))
}

pub async fn add(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Response> {
    caller.require(WRITE_INVOICES)?;
    if let Some(previous) = replay(&shared, caller.tenant, &headers) {
        return Ok(previous);
    }
    let response = add_notes(&shared, &caller, &id, &body).unwrap_or_else(|refusal| refusal);
    Ok(remember(&shared, caller.tenant, &headers, response).await)
}

fn add_notes(
    shared: &Shared,
    caller: &Caller,
    id: &str,
    body: &[u8],
) -> Result<Response, Response> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        responses::post_data_invalid(&format!("The request body is not valid JSON: {e}"))
    })?;
    let elements = value
        .get("HistoryRecords")
        .and_then(Value::as_array)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| {
            responses::post_data_invalid(
                "The request body must be {\"HistoryRecords\":[{\"Details\":\"…\"}]}",
            )
        })?;
    let mut details = Vec::new();
    for element in elements {
        let text = element
            .get("Details")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let problem = if text.trim().is_empty() {
            Some("Details cannot be empty".to_owned())
        } else if text.chars().count() > MAX_DETAILS {
            Some(format!(
                "Details cannot be longer than {MAX_DETAILS} characters"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            let echo = element.as_object().cloned().unwrap_or_else(Map::new);
            return Err(responses::validation(echo, &[message]));
        }
        details.push(text.to_owned());
    }

    let now = shared.now();
    let mut world = shared.world();
    let tenant = world
        .tenant_mut(caller.tenant)
        .map_err(|_| responses::forbidden())?;
    let invoice_id = find_invoice(tenant, id)
        .ok_or_else(responses::not_found)?
        .id;
    let invoice = tenant
        .invoice_mut(invoice_id)
        .map_err(|_| responses::not_found())?;
    let added: Vec<HistoryRecord> = details
        .into_iter()
        .map(|details| HistoryRecord {
            changes: "Note".to_owned(),
            user: "System Generated".to_owned(),
            details,
            at: now,
        })
        .collect();
    invoice.history.extend(added.iter().cloned());
    let records: Vec<_> = added.iter().map(dto::history).collect();
    Ok(responses::envelope(
        &shared.provider_name,
        now,
        "HistoryRecords",
        &records,
        None,
    ))
}
