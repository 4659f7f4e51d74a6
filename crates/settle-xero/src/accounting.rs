//! Single-record reads from the Accounting API: the organisation, one invoice (the live pre-send
//! check, NOTES.md §4.5), invoices and contacts by id (≤ 50 per request, NOTES.md §4.3), the PDF
//! (`GET /Invoices/{id}` with `Accept: application/pdf`, never the `/pdf` path), the
//! online-invoice link and the history. Owns: those calls. Must not: page (`listing.rs`) or write
//! (`write_back.rs`).

use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::call::{content_type, Accept, Call};
use crate::client::XeroClient;
use crate::dto::contact::{ContactDto, ContactsEnvelope};
use crate::dto::invoice::{
    HistoryEnvelope, HistoryRecordDto, InvoiceDto, InvoicesEnvelope, OnlineInvoicesEnvelope,
};
use crate::dto::organisation::{OrganisationDto, OrganisationsEnvelope};
use crate::error::XeroError;

/// Xero's URL limit makes more than about 52 ids a 404 (Xero-Java#328).
pub const MAX_IDS_PER_REQUEST: usize = 50;

impl XeroClient {
    /// `GET /Organisation`: name, base currency, Windows time zone, short code, lock dates.
    pub async fn organisation(&self, tenant: Uuid) -> Result<OrganisationDto, XeroError> {
        let envelope: OrganisationsEnvelope = self.get_json(tenant, "/Organisation").await?;
        envelope
            .organisations
            .into_iter()
            .next()
            .ok_or_else(|| XeroError::MalformedResponse {
                endpoint: "GET /Organisation".to_owned(),
                detail: "the answer listed no organisation".to_owned(),
            })
    }

    /// `GET /Invoices/{id}`: the invoice as Xero has it now, with the full contact.
    pub async fn invoice(&self, tenant: Uuid, invoice_id: Uuid) -> Result<InvoiceDto, XeroError> {
        let envelope: InvoicesEnvelope = self
            .get_json(tenant, &format!("/Invoices/{invoice_id}"))
            .await?;
        first_invoice(envelope, "GET /Invoices/{id}")
    }

    /// Invoices by id, in requests of at most 50 ids. Ids Xero no longer has are simply absent.
    pub async fn invoices_by_ids(
        &self,
        tenant: Uuid,
        ids: &[Uuid],
    ) -> Result<Vec<InvoiceDto>, XeroError> {
        self.by_ids(tenant, "/Invoices", ids, &[], |e: InvoicesEnvelope| {
            e.invoices
        })
        .await
    }

    /// Contacts by id, archived ones included, in requests of at most 50 ids (the sync retries
    /// held contacts this way). Ids Xero does not have are simply absent.
    pub async fn contacts_by_ids(
        &self,
        tenant: Uuid,
        ids: &[Uuid],
    ) -> Result<Vec<ContactDto>, XeroError> {
        let archived = [("includeArchived", "true")];
        self.by_ids(
            tenant,
            "/Contacts",
            ids,
            &archived,
            |e: ContactsEnvelope| e.contacts,
        )
        .await
    }

    /// `GET path?IDs=…` in chunks of [`MAX_IDS_PER_REQUEST`], with `extra` parameters. `page`
    /// makes Xero return full records (line items and allocations, persons and addresses), as
    /// the sync stores them.
    async fn by_ids<E: DeserializeOwned, T>(
        &self,
        tenant: Uuid,
        path: &str,
        ids: &[Uuid],
        extra: &[(&str, &str)],
        records: impl Fn(E) -> Vec<T>,
    ) -> Result<Vec<T>, XeroError> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_IDS_PER_REQUEST) {
            let list: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
            let mut call = self.call(tenant, path);
            call.query.push(("IDs".to_owned(), list.join(",")));
            for (name, value) in extra {
                call.query.push(((*name).to_owned(), (*value).to_owned()));
            }
            call.query.push(("page".to_owned(), "1".to_owned()));
            call.query
                .push(("pageSize".to_owned(), MAX_IDS_PER_REQUEST.to_string()));
            let reply = self.inner.execute(&call, None).await?;
            found.extend(records(parse(&reply.body, &call.label)?));
        }
        Ok(found)
    }

    /// The invoice as a PDF (Xero's own rendering).
    pub async fn invoice_pdf(&self, tenant: Uuid, invoice_id: Uuid) -> Result<Vec<u8>, XeroError> {
        let mut call = self.call(tenant, &format!("/Invoices/{invoice_id}"));
        call.label = "GET /Invoices/{id} as PDF".to_owned();
        call.accept = Accept::Pdf;
        let reply = self.inner.execute(&call, None).await?;
        let kind = content_type(&reply.headers);
        if kind != "application/pdf" || !reply.body.starts_with(b"%PDF") {
            return Err(XeroError::MalformedResponse {
                endpoint: call.label,
                detail: format!("expected a PDF, got {} ({} bytes)", kind, reply.body.len()),
            });
        }
        Ok(reply.body)
    }

    /// The customer-facing link (`https://in.xero.com/…`). Xero has none for drafts; that
    /// refusal comes back as [`XeroError::Refused`].
    pub async fn online_invoice_url(
        &self,
        tenant: Uuid,
        invoice_id: Uuid,
    ) -> Result<String, XeroError> {
        let mut call = self.call(tenant, &format!("/Invoices/{invoice_id}/OnlineInvoice"));
        call.action = Some("give the online invoice link");
        let reply = self.inner.execute(&call, None).await?;
        let envelope: OnlineInvoicesEnvelope = parse(&reply.body, &call.label)?;
        envelope
            .online_invoices
            .into_iter()
            .find_map(|o| o.online_invoice_url.filter(|u| !u.is_empty()))
            .ok_or_else(|| XeroError::MalformedResponse {
                endpoint: call.label,
                detail: "the answer carried no OnlineInvoiceUrl".to_owned(),
            })
    }

    /// The invoice's history and notes, newest first.
    pub async fn invoice_history(
        &self,
        tenant: Uuid,
        invoice_id: Uuid,
    ) -> Result<Vec<HistoryRecordDto>, XeroError> {
        let envelope: HistoryEnvelope = self
            .get_json(tenant, &format!("/Invoices/{invoice_id}/History"))
            .await?;
        Ok(envelope.history_records)
    }

    pub(crate) fn call(&self, tenant: Uuid, path: &str) -> Call {
        Call::get(
            format!("{}{path}", self.inner.config.endpoints.api),
            format!("GET {}", label_path(path)),
            Some(tenant),
        )
    }

    async fn get_json<T: DeserializeOwned>(
        &self,
        tenant: Uuid,
        path: &str,
    ) -> Result<T, XeroError> {
        let call = self.call(tenant, path);
        let reply = self.inner.execute(&call, None).await?;
        parse(&reply.body, &call.label)
    }
}

pub(crate) fn first_invoice(
    envelope: InvoicesEnvelope,
    label: &str,
) -> Result<InvoiceDto, XeroError> {
    envelope
        .invoices
        .into_iter()
        .next()
        .ok_or_else(|| XeroError::MalformedResponse {
            endpoint: label.to_owned(),
            detail: "the answer listed no invoice".to_owned(),
        })
}

pub(crate) fn parse<T: DeserializeOwned>(body: &[u8], label: &str) -> Result<T, XeroError> {
    serde_json::from_slice(body).map_err(|e| XeroError::MalformedResponse {
        endpoint: label.to_owned(),
        detail: e.to_string(),
    })
}

/// `/Invoices/3f0c…/History` → `/Invoices/{id}/History`: ids stay out of error messages.
fn label_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if Uuid::parse_str(segment).is_ok() {
                "{id}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}
