//! `GET /Invoices` (Statuses, IDs, InvoiceNumbers, ContactIDs, where, order, paging,
//! If-Modified-Since, searchTerm, summaryOnly) and `GET /Invoices/{id}` as JSON or, with
//! `Accept: application/pdf`, as a PDF (NOTES.md §4, §9).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chrono::{DateTime, Utc};

use super::dto::{self, InvoiceView};
use super::edge::Caller;
use super::listing::{ListQuery, Listable};
use super::where_clause::FieldValue;
use super::{find_invoice, READ_INVOICES};
use crate::model::{Contact, Invoice, InvoiceStatus};
use crate::responses;
use crate::shared::Shared;
use crate::world::Tenant;

struct Row<'a> {
    tenant: &'a Tenant,
    invoice: &'a Invoice,
}

impl<'a> Row<'a> {
    fn contact(&self) -> Option<&'a Contact> {
        self.tenant.contact(self.invoice.contact_id)
    }
}

impl Listable for Row<'_> {
    fn field(&self, path: &str) -> Option<FieldValue<'_>> {
        let i = self.invoice;
        let text = FieldValue::text;
        let date = |d: Option<chrono::NaiveDate>| d.map_or(FieldValue::Null, FieldValue::Date);
        Some(match path {
            "InvoiceID" => FieldValue::Guid(i.id),
            "Type" => text(i.kind.as_str()),
            "Status" => text(i.status.as_str()),
            "InvoiceNumber" => text(&i.number),
            "Reference" => text(&i.reference),
            "Contact.ContactID" => FieldValue::Guid(i.contact_id),
            "Contact.Name" => self.contact().map_or(FieldValue::Null, |c| text(&c.name)),
            "Contact.ContactNumber" => self
                .contact()
                .and_then(|c| c.contact_number.as_deref())
                .map_or(FieldValue::Null, text),
            "Date" => FieldValue::Date(i.date),
            "DueDate" => FieldValue::Date(i.due_date),
            "ExpectedPaymentDate" => date(i.expected_payment_date),
            "FullyPaidOnDate" => date(i.fully_paid_on()),
            "AmountDue" => FieldValue::Num(i.amount_due()),
            "AmountPaid" => FieldValue::Num(i.amount_paid()),
            "AmountCredited" => FieldValue::Num(i.amount_credited()),
            "SubTotal" => FieldValue::Num(i.sub_total()),
            "Total" => FieldValue::Num(i.total()),
            "CurrencyCode" => text(&i.currency),
            "SentToContact" => FieldValue::Bool(i.sent_to_contact),
            "UpdatedDateUTC" => FieldValue::Time(i.updated_utc),
            _ => return None,
        })
    }

    fn updated_utc(&self) -> DateTime<Utc> {
        self.invoice.updated_utc
    }

    fn entity_name() -> &'static str {
        "Invoice"
    }
}

pub async fn list(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Response> {
    caller.require(READ_INVOICES)?;
    let query = ListQuery::parse(query.as_deref(), &headers)?;
    let ids = query.ids("ids")?;
    let contact_ids = query.ids("contactids")?;
    let numbers = query.list("invoicenumbers");
    let statuses = match query.list("statuses") {
        None => None,
        Some(names) => Some(
            names
                .iter()
                .map(|n| InvoiceStatus::parse(n))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    responses::query_parse("Statuses holds an unknown invoice status")
                })?,
        ),
    };
    let search = query.text("searchterm").map(str::to_lowercase);
    // Every fake invoice was "made in Xero", none by this app.
    let created_by_my_app = query.flag("createdbymyapp");
    let view = if query.flag("summaryonly") {
        InvoiceView::Summary
    } else if query.page.is_some() {
        InvoiceView::Paged
    } else {
        InvoiceView::Unpaged
    };
    let now = shared.now();
    let world = shared.world();
    let tenant = world
        .tenant(caller.tenant)
        .map_err(|_| responses::forbidden())?;

    let rows = tenant
        .invoices()
        .iter()
        .filter(|_| !created_by_my_app)
        .filter(|i| ids.as_ref().is_none_or(|ids| ids.contains(&i.id)))
        .filter(|i| {
            contact_ids
                .as_ref()
                .is_none_or(|ids| ids.contains(&i.contact_id))
        })
        .filter(|i| numbers.as_ref().is_none_or(|n| n.contains(&i.number)))
        .filter(|i| statuses.as_ref().is_none_or(|s| s.contains(&i.status)))
        .filter(|i| {
            search.as_deref().is_none_or(|term| {
                i.number.to_lowercase().contains(term) || i.reference.to_lowercase().contains(term)
            })
        })
        .map(|invoice| Row { tenant, invoice });
    let (page, pagination) = query.select_page(rows)?;
    let invoices: Vec<_> = page
        .iter()
        .map(|r| {
            let name = r.contact().map_or("", |c| c.name.as_str());
            dto::invoice(tenant, r.invoice, view, name)
        })
        .collect();
    Ok(responses::envelope(
        &shared.provider_name,
        now,
        "Invoices",
        &invoices,
        pagination,
    ))
}

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
    if caller.wants_pdf {
        let pdf = crate::pdf::render(tenant, invoice);
        let mut response = (StatusCode::OK, pdf).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/pdf"),
        );
        return Ok(response);
    }
    let invoices = [dto::invoice(tenant, invoice, InvoiceView::ById, "")];
    Ok(responses::envelope(
        &shared.provider_name,
        now,
        "Invoices",
        &invoices,
        None,
    ))
}
