//! `GET /Contacts`: paging, If-Modified-Since, includeArchived, IDs, searchTerm, summaryOnly,
//! simple `where` and `order` (NOTES.md §4.2, §7).

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Extension;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::dto;
use super::edge::Caller;
use super::listing::{ListQuery, Listable};
use super::where_clause::FieldValue;
use crate::model::{Contact, ContactStatus};
use crate::responses;
use crate::shared::Shared;
use crate::world::{ContactFacts, Tenant};

struct Row<'a> {
    /// IsCustomer/IsSupplier of every contact, computed (once per request) only when the
    /// `where` filter asks for them.
    all_facts: &'a OnceCell<HashMap<Uuid, ContactFacts>>,
    tenant: &'a Tenant,
    contact: &'a Contact,
}

impl Row<'_> {
    fn facts(&self) -> ContactFacts {
        self.all_facts
            .get_or_init(|| self.tenant.contact_facts(None, None))
            .get(&self.contact.id)
            .copied()
            .unwrap_or_default()
    }
}

impl<'a> Listable for Row<'a> {
    fn field(&self, path: &str) -> Option<FieldValue<'_>> {
        let c = self.contact;
        let text = FieldValue::text;
        let optional = |s: &'a Option<String>| s.as_deref().map_or(FieldValue::Null, text);
        Some(match path {
            "ContactID" => FieldValue::Guid(c.id),
            "ContactNumber" => optional(&c.contact_number),
            "AccountNumber" => optional(&c.account_number),
            "ContactStatus" => text(c.status.as_str()),
            "Name" => text(&c.name),
            "FirstName" => text(&c.first_name),
            "LastName" => text(&c.last_name),
            "EmailAddress" => text(&c.email),
            "IsCustomer" => FieldValue::Bool(self.facts().is_customer),
            "IsSupplier" => FieldValue::Bool(self.facts().is_supplier),
            "DefaultCurrency" => optional(&c.default_currency),
            "UpdatedDateUTC" => FieldValue::Time(c.updated_utc),
            _ => return None,
        })
    }

    fn updated_utc(&self) -> DateTime<Utc> {
        self.contact.updated_utc
    }

    fn entity_name() -> &'static str {
        "Contact"
    }
}

pub async fn list(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, Response> {
    caller.require(&["accounting.contacts", "accounting.contacts.read"])?;
    let query = ListQuery::parse(query.as_deref(), &headers)?;
    let ids = query.ids("ids")?;
    let include_archived = query.flag("includearchived");
    let summary_only = query.flag("summaryonly");
    let search = query.text("searchterm").map(str::to_lowercase);
    let now = shared.now();
    let world = shared.world();
    let tenant = world
        .tenant(caller.tenant)
        .map_err(|_| responses::forbidden())?;

    let all_facts = OnceCell::new();
    let rows = tenant
        .contacts()
        .iter()
        .filter(|c| {
            // Asking for contacts by ID returns them whatever their status.
            include_archived || ids.is_some() || c.status != ContactStatus::Archived
        })
        .filter(|c| ids.as_ref().is_none_or(|ids| ids.contains(&c.id)))
        .filter(|c| search.as_deref().is_none_or(|term| matches_search(c, term)))
        .map(|contact| Row {
            all_facts: &all_facts,
            tenant,
            contact,
        });
    let (page, pagination) = query.select_page(rows)?;
    // One pass over the invoices for the page's contacts.
    let on_page: HashSet<Uuid> = page.iter().map(|r| r.contact.id).collect();
    let facts = tenant.contact_facts(Some(&on_page), (!summary_only).then_some(now));
    let contacts: Vec<_> = page
        .iter()
        .map(|r| {
            let facts = facts.get(&r.contact.id).copied().unwrap_or_default();
            dto::contact(r.contact, facts, !summary_only)
        })
        .collect();
    Ok(responses::envelope(
        &shared.provider_name,
        now,
        "Contacts",
        &contacts,
        pagination,
    ))
}

/// searchTerm: case-insensitive over Name, FirstName, LastName, ContactNumber, EmailAddress.
fn matches_search(c: &Contact, term: &str) -> bool {
    [
        Some(&c.name),
        Some(&c.first_name),
        Some(&c.last_name),
        c.contact_number.as_ref(),
        Some(&c.email),
    ]
    .into_iter()
    .flatten()
    .any(|field| field.to_lowercase().contains(term))
}
