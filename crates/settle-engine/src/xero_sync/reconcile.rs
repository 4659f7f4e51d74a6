//! The reconcile pass of a sync (see the parent module's documentation): the AUTHORISED listing
//! (or a full invoices pass's own listing), the re-fetch by id of invoices open in Settle that
//! the listing lacks, and the retry by id of held contacts and invoices. A child module of
//! `xero_sync` so it shares the run's state without widening its visibility. Must not: write SQL
//! or speak HTTP itself.

use std::collections::HashSet;

use settle_db::{HoldEntity, SyncHold};
use settle_xero::{ContactDto, InvoiceDto, InvoiceStatus, ListQuery, MAX_IDS_PER_REQUEST};
use uuid::Uuid;

use super::{Entity, Listing, Run};
use crate::{EngineError, ReconcileView, SyncStage};

impl Run<'_> {
    /// Lists every AUTHORISED sales invoice, stores them as listed, and re-fetches by id the
    /// invoices open in Settle that are not in the list (and any held ones). With `listing` (a
    /// full invoices pass's) the invoices were just listed and stored: only the re-fetch is left.
    pub(super) async fn reconcile(
        &self,
        listing: Option<Listing>,
    ) -> Result<ReconcileView, EngineError> {
        self.report(SyncStage::Reconcile, 0, 0, 0);
        let (listed, authorised) = match listing {
            Some(listing) => {
                let authorised = listing.authorised.values().filter(|a| **a).count();
                (listing.authorised.into_keys().collect(), authorised)
            }
            None => {
                let listed = self.list_authorised().await?;
                let authorised = listed.len();
                (listed, authorised)
            }
        };
        let missing: Vec<String> = self
            .db
            .open_invoice_xero_ids(self.org)
            .await?
            .into_iter()
            .filter(|id| Uuid::parse_str(id).map_or(true, |id| !listed.contains(&id)))
            .collect();
        let (refetched, gone) = self.refetch(missing).await?;
        self.retry_held().await?;
        self.db
            .finish_sync_pass(self.org, "reconcile", None, self.engine.now())
            .await?;
        Ok(ReconcileView {
            listed: authorised as u32,
            refetched,
            missing: gone,
        })
    }

    /// The reconcile pass's listing: every AUTHORISED sales invoice, each stored as listed.
    async fn list_authorised(&self) -> Result<HashSet<Uuid>, EngineError> {
        let query = ListQuery {
            statuses: vec![InvoiceStatus::Authorised],
            ..ListQuery::default()
        };
        let mut pager = self.client.invoices(self.tenant, &query);
        let mut listed: HashSet<Uuid> = HashSet::new();
        let (mut pages, mut stored) = (0, 0);
        loop {
            let cancel = self.cancel;
            let Some(page) = self.xero("reconcile", pager.next_page(cancel)).await? else {
                self.add_calls(-1);
                break;
            };
            pages += 1;
            listed.extend(page.items.iter().map(|i| i.invoice_id));
            let (records, holds) = InvoiceDto::map(page.items);
            let counts = self.store(records, holds).await?;
            stored += counts.inserted + counts.updated;
            self.report(SyncStage::Reconcile, pages, listed.len() as u32, stored);
        }
        Ok(listed)
    }

    /// Fetches held contacts and invoices again by id: a record that maps now releases its
    /// hold; one that still does not map stays held with the new reason.
    pub(super) async fn retry_held(&self) -> Result<(), EngineError> {
        let (contacts, invoices): (Vec<SyncHold>, Vec<SyncHold>) = self
            .db
            .sync_holds(self.org)
            .await?
            .into_iter()
            .partition(|h| h.entity == HoldEntity::Contact);
        if !contacts.is_empty() {
            self.refetch_contacts(contacts).await?;
        }
        if !invoices.is_empty() {
            self.refetch(invoices.into_iter().map(|h| h.xero_id).collect())
                .await?;
        }
        Ok(())
    }

    /// A fetch by `ids` ids is one request per 50; `xero` counted the first.
    fn count_by_id_requests(&self, ids: usize) {
        self.add_calls((ids.div_ceil(MAX_IDS_PER_REQUEST) as i64 - 1).max(0));
    }

    /// Fetches held contacts by id and stores those Xero returns (Xero does not delete
    /// contacts, so one it does not return keeps its hold and reason).
    async fn refetch_contacts(&self, held: Vec<SyncHold>) -> Result<(), EngineError> {
        let ids: Vec<Uuid> = held
            .iter()
            .filter_map(|h| Uuid::parse_str(&h.xero_id).ok())
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        let (client, tenant) = (self.client, self.tenant);
        let found = self
            .xero("contacts", client.contacts_by_ids(tenant, &ids))
            .await?;
        self.count_by_id_requests(ids.len());
        let (records, holds) = ContactDto::map(found);
        self.store(records, holds).await?;
        Ok(())
    }

    /// Fetches invoices by id and stores them; ids Xero no longer returns are held. Returns
    /// (ids asked for, ids not returned).
    async fn refetch(&self, ids: Vec<String>) -> Result<(u32, u32), EngineError> {
        let ids: Vec<Uuid> = ids.iter().filter_map(|i| Uuid::parse_str(i).ok()).collect();
        if ids.is_empty() {
            return Ok((0, 0));
        }
        let (client, tenant) = (self.client, self.tenant);
        let found = self
            .xero("reconcile", client.invoices_by_ids(tenant, &ids))
            .await?;
        self.count_by_id_requests(ids.len());
        let returned: HashSet<Uuid> = found.iter().map(|i| i.invoice_id).collect();
        let (records, mut holds) = InvoiceDto::map(found);
        let gone: Vec<&Uuid> = ids.iter().filter(|id| !returned.contains(id)).collect();
        holds.extend(gone.iter().map(|id| {
            SyncHold {
                entity: HoldEntity::Invoice,
                xero_id: id.to_string(),
                label: String::new(),
                reason: "Xero no longer returns this invoice (deleted, or moved to another \
                     organisation); it is not chased."
                    .to_owned(),
            }
        }));
        self.store(records, holds).await?;
        Ok((ids.len() as u32, gone.len() as u32))
    }
}
