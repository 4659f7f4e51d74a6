//! Syncing one Xero organisation into the database (docs/XERO-SYNC.md).
//!
//! Order: the organisation (time zone, base currency, short code, lock dates), then contacts
//! (archived included), then sales invoices, then — when due — the reconcile pass. Contacts and
//! invoices are read 1000 to a page, oldest change first, from the stored watermark minus
//! settle-xero's overlap (or from nothing, for a full sync). Each page is stored together with a
//! checkpoint (the If-Modified-Since from which the pass carries on) in the same transaction;
//! pages that queue up while the writer is busy share one transaction (`pass.rs`).
//! After every page the next request starts again at page 1 from that checkpoint (keyset paging
//! over UpdatedDateUTC), so a record edited while the sync runs moves to the end instead of
//! shifting another record past the reader, and an interrupted pass resumes where it stopped. The
//! watermark is stored only when a pass completes.
//!
//! The reconcile pass catches what If-Modified-Since misses (NOTES.md §4.1, pitfall 5): it lists
//! every AUTHORISED sales invoice (storing each as listed, which picks up quiet DueDate edits), then
//! fetches by id the invoices open in Settle that the list lacks (paid, voided, deleted). A full
//! sync whose invoices pass read everything from the start has just listed and stored every
//! invoice as it is now, so its reconcile skips the AUTHORISED listing (≈40 % more pages) and
//! uses that pass's listing instead; a resumed full pass did not see the records before its
//! checkpoint, so it gets the listing. Records that do not map are held with their reason, never
//! guessed, and retried by id on the next sync.
//!
//! Owns: that order, paging, checkpoints and counts. Must not: write SQL (settle-db), speak HTTP
//! itself (settle-xero), or know about Tauri.

mod pass;
mod reconcile;

use std::collections::HashMap;

use chrono::Duration;
use settle_core::contact::ChasingStatus;
use std::sync::atomic::{AtomicU32, Ordering};

use settle_db::{
    Database, HoldEntity, InvoiceWrite, PageCounts, PageRecords, PageWrite, SyncHold,
    XeroOrganisationWrite,
};
use settle_xero::{
    CancellationToken, ContactDto, InvoiceDto, InvoiceStatus, ListQuery, Pager, XeroClient,
    XeroError,
};
use uuid::Uuid;

use crate::engine::instant_text;
use crate::{
    Engine, EngineError, HeldRecordView, RateBudgetView, SyncProgress, SyncReport, SyncStage,
};

/// How often an ordinary sync also runs the reconcile pass ([`Reconcile::Auto`]).
pub const RECONCILE_EVERY: Duration = Duration::hours(1);

/// Whether a sync runs the reconcile pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reconcile {
    /// With a full sync, and when the last one is older than [`RECONCILE_EVERY`].
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncOptions {
    /// Ignore the watermarks: read every contact and invoice again.
    pub full: bool,
    pub reconcile: Reconcile,
}

/// Called after every stored page; must be quick (it runs on the sync's task).
pub type ProgressFn<'a> = &'a (dyn Fn(&SyncProgress) + Send + Sync);

impl Engine {
    /// Syncs Xero tenant `tenant` through `client` (see the module documentation). Stops with
    /// [`EngineError::Cancelled`] when `cancel` fires; what was stored stays, and the next sync
    /// resumes from the last stored page.
    pub async fn sync_xero(
        &self,
        client: &XeroClient,
        tenant: Uuid,
        options: SyncOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<SyncReport, EngineError> {
        let result = self
            .sync_passes(client, tenant, options, progress, cancel)
            .await;
        if let Err(e) = self.db.release_memory().await {
            tracing::debug!("could not release the writer's cache after a sync: {e}");
        }
        result
    }

    async fn sync_passes(
        &self,
        client: &XeroClient,
        tenant: Uuid,
        options: SyncOptions,
        progress: ProgressFn<'_>,
        cancel: &CancellationToken,
    ) -> Result<SyncReport, EngineError> {
        let started_at = self.now();
        let mut run = Run {
            db: &self.db,
            engine: self,
            client,
            tenant,
            org: 0,
            cancel,
            progress,
            calls: AtomicU32::new(0),
        };
        let (org, name) = run.organisation().await?;
        run.org = org;
        let (contacts, _) = run.pass::<ContactDto>(options.full).await?;
        let (invoices, listing) = run.pass::<InvoiceDto>(options.full).await?;
        let last_reconcile = self.db.sync_state(org, "reconcile").await?.last_success_at;
        let due = match options.reconcile {
            Reconcile::Always => true,
            Reconcile::Never => false,
            Reconcile::Auto => {
                options.full || last_reconcile.is_none_or(|at| self.now() - at >= RECONCILE_EVERY)
            }
        };
        let reconcile = if due {
            Some(run.reconcile(listing).await?)
        } else {
            run.retry_held().await?;
            None
        };
        let held = self
            .db
            .sync_holds(org)
            .await?
            .into_iter()
            .map(|h| HeldRecordView {
                entity: h.entity.as_str().to_owned(),
                xero_id: h.xero_id,
                label: h.label,
                reason: h.reason,
            })
            .collect();
        let budget = client.rate_budget(tenant);
        Ok(SyncReport {
            organisation_id: org,
            organisation: name,
            full: options.full,
            contacts,
            invoices,
            reconcile,
            held,
            api_calls: run.calls(),
            rate_budget: RateBudgetView {
                minute_remaining: budget.minute_remaining,
                day_remaining: budget.day_remaining,
                app_minute_remaining: budget.app_minute_remaining,
            },
            started_at: instant_text(started_at),
            finished_at: instant_text(self.now()),
        })
    }
}

/// A Xero record type the sync pages through.
trait Entity: Sized {
    const NAME: &'static str;
    const STAGE: SyncStage;
    fn pager(client: &XeroClient, tenant: Uuid, query: &ListQuery) -> Pager<Self>;
    fn map(items: Vec<Self>) -> (PageRecords, Vec<SyncHold>);
    /// Notes a listed record in a full pass's [`Listing`] (only invoices are reconciled).
    fn list(&self, _listing: &mut Listing) {}
}

/// What a full invoices pass listed from the start: every invoice id, and whether its last listed
/// record was AUTHORISED. It stands in for the reconcile pass's listing.
#[derive(Debug, Default)]
struct Listing {
    authorised: HashMap<Uuid, bool>,
}

impl Entity for ContactDto {
    const NAME: &'static str = "contacts";
    const STAGE: SyncStage = SyncStage::Contacts;

    fn pager(client: &XeroClient, tenant: Uuid, query: &ListQuery) -> Pager<Self> {
        client.contacts(tenant, query)
    }

    fn map(items: Vec<Self>) -> (PageRecords, Vec<SyncHold>) {
        let mut stored = Vec::with_capacity(items.len());
        let mut holds = Vec::new();
        for dto in items {
            // The chasing flag given here is used only for a contact Settle does not have yet.
            match dto.to_core(ChasingStatus::Chasing) {
                Ok(contact) => stored.push((contact, dto.updated_date_utc.instant())),
                Err(e) => holds.push(SyncHold {
                    entity: HoldEntity::Contact,
                    xero_id: dto.contact_id.to_string(),
                    label: dto.name.clone(),
                    reason: e.to_string(),
                }),
            }
        }
        (PageRecords::Contacts(stored), holds)
    }
}

impl Entity for InvoiceDto {
    const NAME: &'static str = "invoices";
    const STAGE: SyncStage = SyncStage::Invoices;

    fn pager(client: &XeroClient, tenant: Uuid, query: &ListQuery) -> Pager<Self> {
        client.invoices(tenant, query)
    }

    fn list(&self, listing: &mut Listing) {
        let authorised = self.status == InvoiceStatus::Authorised;
        listing.authorised.insert(self.invoice_id, authorised);
    }

    fn map(items: Vec<Self>) -> (PageRecords, Vec<SyncHold>) {
        let mut stored = Vec::with_capacity(items.len());
        let mut holds = Vec::new();
        for dto in items {
            // New invoices take their customer's chasing flag in settle-db; this one is unused.
            match dto.to_core(true) {
                Ok(invoice) => stored.push(InvoiceWrite {
                    invoice,
                    xero_contact_id: dto.contact.contact_id.to_string(),
                    contact_name: dto.contact.name.clone(),
                }),
                Err(e) => holds.push(invoice_hold(&dto, e.to_string())),
            }
        }
        (PageRecords::Invoices(stored), holds)
    }
}

fn invoice_hold(dto: &InvoiceDto, reason: String) -> SyncHold {
    SyncHold {
        entity: HoldEntity::Invoice,
        xero_id: dto.invoice_id.to_string(),
        label: dto.invoice_number.clone(),
        reason,
    }
}

struct Run<'a> {
    db: &'a Database,
    engine: &'a Engine,
    client: &'a XeroClient,
    tenant: Uuid,
    org: i64,
    cancel: &'a CancellationToken,
    progress: ProgressFn<'a>,
    /// Requests made so far. Atomic because a pass's fetching and storing run side by side and
    /// both report it.
    calls: AtomicU32,
}

impl Run<'_> {
    fn report(&self, stage: SyncStage, page: u32, fetched: u32, stored: u32) {
        (self.progress)(&SyncProgress {
            stage,
            page,
            fetched,
            stored,
            api_calls: self.calls(),
        });
    }

    fn calls(&self) -> u32 {
        self.calls.load(Ordering::Relaxed)
    }

    /// Corrects the count by `n` calls (a pager that was already done asked nothing; a request
    /// by ids may be several).
    fn add_calls(&self, n: i64) {
        let n32 = u32::try_from(n.unsigned_abs()).unwrap_or(u32::MAX);
        if n >= 0 {
            self.calls.fetch_add(n32, Ordering::Relaxed);
        } else {
            self.calls.fetch_sub(n32, Ordering::Relaxed);
        }
    }

    /// Fails (and remembers why, for the status line) unless Xero answered.
    async fn xero<T>(
        &self,
        entity: &str,
        call: impl std::future::Future<Output = Result<T, XeroError>>,
    ) -> Result<T, EngineError> {
        if self.cancel.is_cancelled() {
            return Err(EngineError::Cancelled);
        }
        self.add_calls(1);
        match call.await {
            Ok(value) => Ok(value),
            Err(XeroError::Cancelled) => Err(EngineError::Cancelled),
            Err(e) => {
                if self.org != 0 {
                    self.db
                        .record_sync_error(self.org, entity, &e.to_string())
                        .await?;
                }
                Err(e.into())
            }
        }
    }

    async fn organisation(&self) -> Result<(i64, String), EngineError> {
        self.report(SyncStage::Organisation, 0, 0, 0);
        let (client, tenant) = (self.client, self.tenant);
        let dto = self
            .xero("organisation", client.organisation(tenant))
            .await?;
        let organisation = dto.to_core(tenant).map_err(|e| {
            EngineError::InvalidInput(format!(
                "Xero's organisation record could not be read ({e}), so nothing was synced."
            ))
        })?;
        let name = organisation.name.clone();
        let write = XeroOrganisationWrite {
            organisation,
            xero_timezone: dto.timezone.clone(),
            period_lock_date: dto.period_lock_date.map(|d| d.date()),
            end_of_year_lock_date: dto.end_of_year_lock_date.map(|d| d.date()),
        };
        let (org, _) = self
            .db
            .upsert_xero_organisation(&write, self.engine.now())
            .await?;
        self.report(SyncStage::Organisation, 1, 1, 1);
        Ok((org, name))
    }

    /// Stores one page (with no checkpoint: the reconcile pass's pages are not resumed).
    async fn store(
        &self,
        records: PageRecords,
        holds: Vec<SyncHold>,
    ) -> Result<PageCounts, EngineError> {
        let page = PageWrite {
            records,
            holds,
            checkpoint: None,
        };
        let counts = self
            .db
            .store_pages(self.org, &[page], self.engine.now())
            .await?;
        Ok(counts.into_iter().next().unwrap_or_default())
    }
}
