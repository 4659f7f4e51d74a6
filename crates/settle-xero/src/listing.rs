//! Paged, incremental listing of Contacts and sales Invoices (NOTES.md §4): `page`/`pageSize`
//! (1000, the maximum), `order=UpdatedDateUTC ASC` so records edited mid-sync move towards the
//! end rather than being skipped, `If-Modified-Since` from the caller's watermark, and the
//! highest `UpdatedDateUTC` seen so the caller can store its next watermark (with an overlap:
//! Xero compares to the second and some edits do not move the date at all). A [`Pager`] fetches
//! one page per call so the caller can store each page before asking for the next, and stops on
//! its cancel token. Owns: paging and the watermark arithmetic. Must not: store anything.

use chrono::{DateTime, Duration, Utc};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::call::{until_cancelled, Call};
use crate::client::XeroClient;
use crate::dto::contact::{ContactDto, ContactsEnvelope};
use crate::dto::invoice::{InvoiceDto, InvoiceStatus, InvoicesEnvelope};
use crate::dto::Pagination;
use crate::error::XeroError;

/// The most records Xero returns per page (since July 2024).
pub const MAX_PAGE_SIZE: u32 = 1000;

/// How far back a stored watermark should reach behind the highest UpdatedDateUTC seen: Xero
/// filters to the second, and clocks and paging drift (NOTES.md pitfall 5, 11).
pub const WATERMARK_OVERLAP: Duration = Duration::minutes(5);

/// The watermark to store after a complete pass: the highest UpdatedDateUTC seen, minus the
/// overlap. Records seen twice are harmless (the caller upserts by id).
pub fn next_watermark(max_updated: DateTime<Utc>) -> DateTime<Utc> {
    max_updated - WATERMARK_OVERLAP
}

/// Filters for a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// Only records created or changed at or after this instant (sent to the second).
    pub modified_since: Option<DateTime<Utc>>,
    pub page_size: u32,
    /// Invoices only: limit to these statuses (e.g. AUTHORISED for the reconcile pass).
    pub statuses: Vec<InvoiceStatus>,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            modified_since: None,
            page_size: MAX_PAGE_SIZE,
            statuses: Vec::new(),
        }
    }
}

impl ListQuery {
    pub fn modified_since(at: Option<DateTime<Utc>>) -> Self {
        Self {
            modified_since: at,
            ..Self::default()
        }
    }
}

/// One page of records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// 1-based.
    pub number: u32,
    pub items: Vec<T>,
    /// The highest UpdatedDateUTC on this page.
    pub max_updated: Option<DateTime<Utc>>,
}

/// Everything a pager returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// The highest UpdatedDateUTC of the whole pass (`None` when nothing changed).
    pub max_updated: Option<DateTime<Utc>>,
    pub pages: u32,
}

type Parse<T> = fn(&[u8]) -> serde_json::Result<(Vec<T>, Option<Pagination>)>;

/// Fetches a listing page by page.
#[derive(Debug)]
pub struct Pager<T> {
    client: XeroClient,
    tenant: Uuid,
    path: &'static str,
    query: Vec<(String, String)>,
    page_size: u32,
    modified_since: Option<DateTime<Utc>>,
    next: Option<u32>,
    max_updated: Option<DateTime<Utc>>,
    parse: Parse<T>,
    updated: fn(&T) -> DateTime<Utc>,
}

impl<T> Pager<T> {
    /// The next page, or `None` when the listing is complete.
    pub async fn next_page(
        &mut self,
        cancel: &CancellationToken,
    ) -> Result<Option<Page<T>>, XeroError> {
        let Some(number) = self.next else {
            return Ok(None);
        };
        let inner = &self.client.inner;
        let label = format!("GET {} (page {number})", self.path);
        let mut call = Call::get(
            format!("{}{}", inner.config.endpoints.api, self.path),
            label.clone(),
            Some(self.tenant),
        );
        call.query.clone_from(&self.query);
        call.query.push(("page".to_owned(), number.to_string()));
        call.query
            .push(("pageSize".to_owned(), self.page_size.to_string()));
        call.if_modified_since = self.modified_since;
        let reply = until_cancelled(Some(cancel), inner.execute(&call, Some(cancel))).await??;
        let (items, pagination) =
            (self.parse)(&reply.body).map_err(|e| XeroError::MalformedResponse {
                endpoint: label,
                detail: e.to_string(),
            })?;
        let max_updated = items.iter().map(self.updated).max();
        self.max_updated = self.max_updated.max(max_updated);
        let last = match pagination {
            Some(p) => number >= p.page_count,
            None => items.len() < self.page_size as usize,
        };
        self.next = (!last && !items.is_empty()).then_some(number + 1);
        Ok(Some(Page {
            number,
            items,
            max_updated,
        }))
    }

    /// Every remaining page.
    pub async fn collect(mut self, cancel: &CancellationToken) -> Result<Listing<T>, XeroError> {
        let mut items = Vec::new();
        let mut pages = 0;
        while let Some(page) = self.next_page(cancel).await? {
            pages += 1;
            items.extend(page.items);
        }
        Ok(Listing {
            items,
            max_updated: self.max_updated,
            pages,
        })
    }

    /// The highest UpdatedDateUTC seen so far.
    pub fn max_updated(&self) -> Option<DateTime<Utc>> {
        self.max_updated
    }

    /// Whether the last page has been fetched (the next `next_page` returns `None` without a
    /// request), so a caller can stop exactly at `pageCount`.
    pub fn is_complete(&self) -> bool {
        self.next.is_none()
    }
}

impl XeroClient {
    /// Contacts, archived ones included (an invoice can belong to an archived contact).
    pub fn contacts(&self, tenant: Uuid, query: &ListQuery) -> Pager<ContactDto> {
        self.pager(
            tenant,
            "/Contacts",
            query,
            vec![("includeArchived".to_owned(), "true".to_owned())],
            |body| {
                serde_json::from_slice::<ContactsEnvelope>(body).map(|e| (e.contacts, e.pagination))
            },
            |c| c.updated_date_utc.instant(),
        )
    }

    /// Sales invoices (`Type=="ACCREC"`); bills are never fetched.
    pub fn invoices(&self, tenant: Uuid, query: &ListQuery) -> Pager<InvoiceDto> {
        let mut extra = vec![("where".to_owned(), "Type==\"ACCREC\"".to_owned())];
        if !query.statuses.is_empty() {
            let names: Vec<&str> = query.statuses.iter().map(InvoiceStatus::as_str).collect();
            extra.push(("Statuses".to_owned(), names.join(",")));
        }
        self.pager(
            tenant,
            "/Invoices",
            query,
            extra,
            |body| {
                serde_json::from_slice::<InvoicesEnvelope>(body).map(|e| (e.invoices, e.pagination))
            },
            |i| i.updated_date_utc.instant(),
        )
    }

    fn pager<T>(
        &self,
        tenant: Uuid,
        path: &'static str,
        query: &ListQuery,
        mut extra: Vec<(String, String)>,
        parse: Parse<T>,
        updated: fn(&T) -> DateTime<Utc>,
    ) -> Pager<T> {
        extra.push(("order".to_owned(), "UpdatedDateUTC ASC".to_owned()));
        Pager {
            client: self.clone(),
            tenant,
            path,
            query: extra,
            page_size: query.page_size.clamp(1, MAX_PAGE_SIZE),
            modified_since: query.modified_since,
            next: Some(1),
            max_updated: None,
            parse,
            updated,
        }
    }
}
