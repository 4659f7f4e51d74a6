//! `POST /Invoices/{id}` with a minimal body, for what Settle writes: ExpectedPaymentDate (set, or
//! clear through `ExpectedPaymentDateString: ""`), plus DueDate, SentToContact and Reference.
//! Xero's refusals come back as the real 400 bodies (NOTES.md §8): VOIDED/DELETED documents,
//! allocated documents, lock dates, unknown elements, bad date strings.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Extension;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::dto::{self, InvoiceView};
use super::edge::Caller;
use super::{find_invoice, remember, replay, WRITE_INVOICES};
use crate::model::{Invoice, InvoiceStatus, InvoiceType};
use crate::responses;
use crate::shared::Shared;

const ALLOCATED: &str =
    "This document cannot be edited as it has a payment or credit note allocated to it.";
const BAD_STATUS: &str = "Invoice not of valid status for modification";

/// Read-only Invoice properties: Xero ignores them in a POST.
const IGNORED: &[&str] = &[
    "SubTotal",
    "TotalTax",
    "Total",
    "TotalDiscount",
    "HasAttachments",
    "IsDiscounted",
    "Payments",
    "Prepayments",
    "Overpayments",
    "AmountDue",
    "AmountPaid",
    "FullyPaidOnDate",
    "AmountCredited",
    "UpdatedDateUTC",
    "UpdatedDateUTCString",
    "CreditNotes",
    "HasErrors",
    "StatusAttributeString",
    "ValidationErrors",
    "Warnings",
    "CISDeduction",
    "CISRate",
];
/// Writable Invoice properties the fake does not model changing; equal values are accepted.
const UNMODELLED: &[&str] = &[
    "Type",
    "Status",
    "InvoiceNumber",
    "CurrencyCode",
    "Contact",
    "LineItems",
    "Date",
    "LineAmountTypes",
    "BrandingThemeID",
    "Url",
    "CurrencyRate",
    "PlannedPaymentDate",
    "RepeatingInvoiceID",
    "Attachments",
    "InvoiceAddresses",
];

/// The changes one POST asks for. `expected: Some(None)` clears the date.
#[derive(Default)]
struct Edit {
    expected: Option<Option<NaiveDate>>,
    due_date: Option<NaiveDate>,
    sent_to_contact: Option<bool>,
    reference: Option<String>,
}

pub async fn post(
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
    let response = update(&shared, &caller, &id, &body);
    Ok(remember(&shared, caller.tenant, &headers, response).await)
}

fn update(shared: &Shared, caller: &Caller, id: &str, body: &[u8]) -> Response {
    let element = match single_element(body) {
        Ok(element) => element,
        Err(refusal) => return refusal,
    };
    let now = shared.now();
    let mut world = shared.world();
    let rules = world.rules;
    let Ok(tenant) = world.tenant_mut(caller.tenant) else {
        return responses::forbidden();
    };
    let Some(invoice_id) = find_invoice(tenant, id).map(|i| i.id) else {
        return responses::not_found();
    };
    let org = tenant.org.clone();
    let invoice = tenant.invoice_mut(invoice_id).expect("just found");
    let echo = echo(invoice);
    let edit = match read_edit(&element, invoice, &echo) {
        Ok(edit) => edit,
        Err(refusal) => return refusal,
    };

    let mut messages = Vec::new();
    if matches!(
        invoice.status,
        InvoiceStatus::Voided | InvoiceStatus::Deleted
    ) {
        messages.push(BAD_STATUS.to_owned());
    }
    if edit.expected.is_some() && invoice.kind != InvoiceType::Accrec {
        messages.push("ExpectedPaymentDate can only be set on sales invoices".to_owned());
    }
    let paid = invoice.status == InvoiceStatus::Paid;
    let expected_refused_for_allocations = edit.expected.is_some()
        && invoice.has_allocations()
        && !(if paid {
            rules.expected_payment_date_when_paid
        } else {
            rules.expected_payment_date_when_part_paid
        });
    if (edit.reference.is_some() && invoice.has_allocations()) || expected_refused_for_allocations {
        messages.push(ALLOCATED.to_owned());
    }
    let locked_edit = edit.reference.is_some()
        || edit.due_date.is_some()
        || (edit.expected.is_some() && rules.lock_dates_block_expected_payment_date);
    if locked_edit {
        messages.extend(lock_date_message(&org, invoice.date));
    }
    if !messages.is_empty() {
        messages.dedup();
        return responses::validation(echo, &messages);
    }

    let allocated = invoice.has_allocations();
    let mut bump = false;
    if let Some(expected) = edit.expected {
        bump |=
            rules.expected_payment_date_bumps_updated && invoice.expected_payment_date != expected;
        invoice.expected_payment_date = expected;
    }
    if let Some(due) = edit.due_date {
        // DueDate and SentToContact make no journal; on part-paid invoices they leave
        // UpdatedDateUTC alone (D-RR), which is what the client's reconcile path must catch.
        bump |= !allocated && invoice.due_date != due;
        invoice.due_date = due;
    }
    if let Some(sent) = edit.sent_to_contact {
        bump |= !allocated && invoice.sent_to_contact != sent;
        invoice.sent_to_contact = sent;
    }
    if let Some(reference) = edit.reference {
        bump |= invoice.reference != reference;
        invoice.reference = reference;
    }
    if bump {
        invoice.updated_utc = now;
    }
    let tenant = world.tenant(caller.tenant).expect("still there");
    let invoice = tenant.invoice(invoice_id).expect("still there");
    let invoices = [dto::invoice(tenant, invoice, InvoiceView::ById, "")];
    responses::envelope(&shared.provider_name, now, "Invoices", &invoices, None)
}

/// `{"Invoices":[{…}]}` with exactly one element.
fn single_element(body: &[u8]) -> Result<Map<String, Value>, Response> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        responses::post_data_invalid(&format!("The request body is not valid JSON: {e}"))
    })?;
    let elements = value
        .get("Invoices")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            responses::post_data_invalid("The request body must be {\"Invoices\":[{…}]}")
        })?;
    match elements.as_slice() {
        [Value::Object(element)] => Ok(element.clone()),
        _ => Err(responses::post_data_invalid(
            "POST /Invoices/{id} takes exactly one invoice",
        )),
    }
}

/// The element Xero echoes in a ValidationException: the invoice as it loaded it (SPEC `Element`
/// carries the document's own fields next to `ValidationErrors`).
fn echo(invoice: &Invoice) -> Map<String, Value> {
    let mut element = Map::new();
    element.insert("InvoiceID".to_owned(), invoice.id.to_string().into());
    element.insert("Type".to_owned(), invoice.kind.as_str().into());
    element.insert("InvoiceNumber".to_owned(), invoice.number.clone().into());
    element.insert("Status".to_owned(), invoice.status.as_str().into());
    element
}

fn read_edit(
    element: &Map<String, Value>,
    invoice: &Invoice,
    echo: &Map<String, Value>,
) -> Result<Edit, Response> {
    let mut edit = Edit::default();
    for (name, value) in element {
        match name.as_str() {
            "InvoiceID" => {
                if value
                    .as_str()
                    .is_none_or(|v| !v.eq_ignore_ascii_case(&invoice.id.to_string()))
                {
                    let message = "The InvoiceID in the body does not match the URL".to_owned();
                    return Err(responses::validation(echo.clone(), &[message]));
                }
            }
            // `"ExpectedPaymentDate": ""` does not clear the date (xero-node#476); only the
            // String companion does.
            "ExpectedPaymentDate" => {
                if value.as_str() != Some("") {
                    edit.expected = Some(Some(xsd_date(value)?));
                }
            }
            "ExpectedPaymentDateString" => {
                edit.expected = Some(match value.as_str() {
                    Some("") => None,
                    _ => Some(xsd_date(value)?),
                });
            }
            "DueDate" => edit.due_date = Some(xsd_date(value)?),
            "SentToContact" => {
                edit.sent_to_contact = Some(value.as_bool().ok_or_else(|| {
                    responses::post_data_invalid("SentToContact must be true or false")
                })?);
            }
            "Reference" => edit.reference = Some(value.as_str().unwrap_or_default().to_owned()),
            name if IGNORED.contains(&name) => {}
            name if UNMODELLED.contains(&name) => {
                if !unchanged(name, value, invoice) {
                    let message = format!(
                        "fake-xero does not model changing {name}; send only InvoiceID and the \
                         fields Settle edits"
                    );
                    return Err(responses::validation(echo.clone(), &[message]));
                }
            }
            other => {
                return Err(responses::post_data_invalid(&format!(
                    "The element '{other}' was not recognised"
                )))
            }
        }
    }
    Ok(edit)
}

fn unchanged(name: &str, value: &Value, invoice: &Invoice) -> bool {
    let text = value.as_str().unwrap_or_default();
    match name {
        "Type" => text == invoice.kind.as_str(),
        "Status" => text == invoice.status.as_str(),
        "InvoiceNumber" => text == invoice.number,
        "CurrencyCode" => text == invoice.currency,
        _ => false,
    }
}

/// Dates Xero reads: `YYYY-MM-DD`, an xsd dateTime (date part taken), or `/Date(ms±hhmm)/`.
/// `2017-12-14 00:00:00` is refused as in pyxero#214.
fn xsd_date(value: &Value) -> Result<NaiveDate, Response> {
    let text = value.as_str().unwrap_or_default();
    let refused = || {
        responses::post_data_invalid(&format!("The string '{text}' is not a valid AllXsd value."))
    };
    if let Some(inner) = text
        .strip_prefix("/Date(")
        .and_then(|t| t.strip_suffix(")/"))
    {
        let split = inner
            .rfind(['+', '-'])
            .filter(|&i| i > 0)
            .unwrap_or(inner.len());
        let ms: i64 = inner[..split].parse().map_err(|_| refused())?;
        let offset = &inner[split..];
        let offset_ms = if offset.len() == 5 {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let hours: i64 = offset[1..3].parse().map_err(|_| refused())?;
            let minutes: i64 = offset[3..].parse().map_err(|_| refused())?;
            sign * (hours * 60 + minutes) * 60_000
        } else {
            0
        };
        return chrono::DateTime::from_timestamp_millis(ms + offset_ms)
            .map(|t| t.date_naive())
            .ok_or_else(refused);
    }
    let date_part = match text.split_once('T') {
        Some((date, time)) if chrono::NaiveTime::parse_from_str(time, "%H:%M:%S").is_ok() => date,
        Some(_) => return Err(refused()),
        None => text,
    };
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d").map_err(|_| refused())
}

fn lock_date_message(org: &crate::model::Organisation, date: NaiveDate) -> Option<String> {
    use crate::msdate::lock_date_text;
    if let Some(lock) = org.end_of_year_lock_date.filter(|lock| date <= *lock) {
        return Some(format!(
            "The document date cannot be before the end of year lock date, currently set at {}",
            lock_date_text(lock)
        ));
    }
    org.period_lock_date
        .filter(|lock| date <= *lock)
        .map(|lock| {
            format!(
                "The document date cannot be before the period lock date, currently set at {}",
                lock_date_text(lock)
            )
        })
}
