//! Syncing one Xero organisation into the database (docs/XERO-SYNC.md).
//!
//! Order: the organisation (time zone, base currency, short code, lock dates), then contacts
//! (archived included), then sales invoices, then — when due — the reconcile pass. Contacts and
//! invoices are read 1000 to a page, oldest change first, from the stored watermark minus
//! settle-xero's overlap (or from nothing, for a full sync). Each page is stored in one
//! transaction together with a checkpoint: the If-Modified-Since from which the pass carries on.
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

mod reconcile;

use std::collections::HashMap;

use chrono::{DateTime, Duration, DurationRound, Utc};
use settle_core::contact::{ChasingStatus, Contact};
use settle_db::{
    Database, HoldEntity, InvoiceWrite, PageCounts, SyncCheckpoint, SyncHold, XeroOrganisationWrite,
};
use settle_xero::{
    next_watermark, CancellationToken, ContactDto, InvoiceDto, InvoiceStatus, ListQuery, Pager,
    XeroClient, XeroError,
};
use uuid::Uuid;

use crate::engine::instant_text;
use crate::{
    Engine, EngineError, EntitySyncView, HeldRecordView, RateBudgetView, SyncProgress, SyncReport,
    SyncStage,
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
            calls: 0,
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
            api_calls: run.calls,
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

/// What is stored from a page, after mapping.
enum Mapped {
    Contacts(Vec<(Contact, DateTime<Utc>)>),
    Invoices(Vec<InvoiceWrite>),
}

/// A Xero record type the sync pages through.
trait Entity: Sized {
    const NAME: &'static str;
    const STAGE: SyncStage;
    fn pager(client: &XeroClient, tenant: Uuid, query: &ListQuery) -> Pager<Self>;
    fn map(items: Vec<Self>) -> (Mapped, Vec<SyncHold>);
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

    fn map(items: Vec<Self>) -> (Mapped, Vec<SyncHold>) {
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
        (Mapped::Contacts(stored), holds)
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

    fn map(items: Vec<Self>) -> (Mapped, Vec<SyncHold>) {
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
        (Mapped::Invoices(stored), holds)
    }
}

/// Stores one mapped page, its holds and its checkpoint in one transaction.
async fn store_page(
    db: &Database,
    org: i64,
    now: DateTime<Utc>,
    mapped: Mapped,
    holds: &[SyncHold],
    checkpoint: Option<&SyncCheckpoint>,
) -> Result<PageCounts, EngineError> {
    Ok(match mapped {
        Mapped::Contacts(items) => {
            db.store_contacts_page(org, &items, holds, checkpoint, now)
                .await?
        }
        Mapped::Invoices(items) => {
            db.store_invoices_page(org, &items, holds, checkpoint, now)
                .await?
        }
    })
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
    calls: u32,
}

impl Run<'_> {
    fn report(&self, stage: SyncStage, page: u32, fetched: u32, stored: u32) {
        (self.progress)(&SyncProgress {
            stage,
            page,
            fetched,
            stored,
            api_calls: self.calls,
        });
    }

    /// Fails (and remembers why, for the status line) unless Xero answered.
    async fn xero<T>(
        &mut self,
        entity: &str,
        call: impl std::future::Future<Output = Result<T, XeroError>>,
    ) -> Result<T, EngineError> {
        if self.cancel.is_cancelled() {
            return Err(EngineError::Cancelled);
        }
        self.calls += 1;
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

    async fn organisation(&mut self) -> Result<(i64, String), EngineError> {
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

    async fn store(
        &self,
        mapped: Mapped,
        holds: &[SyncHold],
        checkpoint: Option<&SyncCheckpoint>,
    ) -> Result<PageCounts, EngineError> {
        let now = self.engine.now();
        store_page(self.db, self.org, now, mapped, holds, checkpoint).await
    }

    /// One entity's pass, resuming an interrupted one when there is one. Returns the pass's
    /// [`Listing`] when it read everything from the start.
    async fn pass<T: Entity>(
        &mut self,
        full: bool,
    ) -> Result<(EntitySyncView, Option<Listing>), EngineError> {
        let state = self.db.sync_state(self.org, T::NAME).await?;
        // A full sync resumes only a full pass; an ordinary sync resumes either kind.
        let resume = state.resume_from.filter(|_| !full || state.resume_full);
        let pass_full = resume.map_or(full, |_| state.resume_full);
        let mut since = match resume {
            Some(at) => Some(at),
            None if full => None,
            None => state.watermark.map(next_watermark),
        };
        let mut high = resume.max(state.watermark.filter(|_| !full));
        let mut view = EntitySyncView {
            resumed: resume.is_some(),
            ..EntitySyncView::default()
        };
        let mut listing = since.is_none().then(Listing::default);
        self.report(T::STAGE, 0, 0, 0);
        let mut pager = T::pager(self.client, self.tenant, &ListQuery::modified_since(since));
        let cancel = self.cancel;
        let mut next = self.xero(T::NAME, pager.next_page(cancel)).await?;
        // Only a pager that knows it is done answers nothing, and it asked nothing.
        self.calls -= u32::from(next.is_none());
        while let Some(page) = next.take() {
            if cancel.is_cancelled() {
                return Err(EngineError::Cancelled);
            }
            let last = pager.is_complete();
            let fetched = page.items.len() as u32;
            high = high.max(page.max_updated);
            // Everything before this page's last second is stored once this page is: the next
            // request starts there (the same second again, as Xero compares to the second).
            let advance = page
                .max_updated
                .and_then(|at| at.duration_trunc(Duration::seconds(1)).ok())
                .filter(|at| Some(*at) > since);
            let checkpoint = (!last)
                .then(|| advance.or(since))
                .flatten()
                .map(|resume_from| SyncCheckpoint {
                    entity: T::NAME,
                    resume_from,
                    full: pass_full,
                });
            if let Some(listing) = listing.as_mut() {
                page.items.iter().for_each(|item| item.list(listing));
            }
            let (mapped, holds) = T::map(page.items);
            // A page whose records all share one second cannot advance the checkpoint: read the
            // next page of the same listing instead.
            if let Some(at) = advance.filter(|_| !last) {
                since = Some(at);
                pager = T::pager(self.client, self.tenant, &ListQuery::modified_since(since));
            }
            // The next page is fetched while this one is stored: its request depends only on this
            // page's last second, and pages are still stored one after another, so a checkpoint
            // never covers more than what committed with it (a failed store drops the next page).
            let (db, org, now) = (self.db, self.org, self.engine.now());
            let store = store_page(db, org, now, mapped, &holds, checkpoint.as_ref());
            let counts = if last {
                store.await?
            } else {
                let (counts, fetched) =
                    tokio::join!(store, self.xero(T::NAME, pager.next_page(cancel)));
                let counts = counts?;
                next = fetched?;
                self.calls -= u32::from(next.is_none());
                counts
            };
            view.pages += 1;
            view.fetched += fetched;
            view.inserted += counts.inserted;
            view.updated += counts.updated;
            view.held += counts.held;
            self.report(T::STAGE, view.pages, view.fetched, view.fetched - view.held);
        }
        self.db
            .finish_sync_pass(self.org, T::NAME, high, self.engine.now())
            .await?;
        view.watermark = high.map(instant_text);
        Ok((view, listing))
    }
}
