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
//! fetches by id the invoices open in Settle that the list lacks (paid, voided, deleted). Records
//! that do not map are held with their reason, never guessed, and retried by id on the next sync.
//!
//! Owns: that order, paging, checkpoints and counts. Must not: write SQL (settle-db), speak HTTP
//! itself (settle-xero), or know about Tauri.

use std::collections::HashSet;

use chrono::{DateTime, Duration, DurationRound, Utc};
use settle_core::contact::{ChasingStatus, Contact};
use settle_db::{
    Database, HoldEntity, InvoiceWrite, PageCounts, SyncCheckpoint, SyncHold, XeroOrganisationWrite,
};
use settle_xero::{
    next_watermark, CancellationToken, ContactDto, InvoiceDto, InvoiceStatus, ListQuery, Pager,
    XeroClient, XeroError, MAX_IDS_PER_REQUEST,
};
use uuid::Uuid;

use crate::engine::instant_text;
use crate::{
    Engine, EngineError, EntitySyncView, HeldRecordView, RateBudgetView, ReconcileView,
    SyncProgress, SyncReport, SyncStage,
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
        let contacts = run.pass::<ContactDto>(options.full).await?;
        let invoices = run.pass::<InvoiceDto>(options.full).await?;
        let last_reconcile = self.db.sync_state(org, "reconcile").await?.last_success_at;
        let due = match options.reconcile {
            Reconcile::Always => true,
            Reconcile::Never => false,
            Reconcile::Auto => {
                options.full || last_reconcile.is_none_or(|at| self.now() - at >= RECONCILE_EVERY)
            }
        };
        let reconcile = if due {
            Some(run.reconcile().await?)
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
        Ok(match mapped {
            Mapped::Contacts(items) => {
                self.db
                    .store_contacts_page(self.org, &items, holds, checkpoint, now)
                    .await?
            }
            Mapped::Invoices(items) => {
                self.db
                    .store_invoices_page(self.org, &items, holds, checkpoint, now)
                    .await?
            }
        })
    }

    /// One entity's pass, resuming an interrupted one when there is one.
    async fn pass<T: Entity>(&mut self, full: bool) -> Result<EntitySyncView, EngineError> {
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
        self.report(T::STAGE, 0, 0, 0);
        let mut pager = T::pager(self.client, self.tenant, &ListQuery::modified_since(since));
        loop {
            let cancel = self.cancel;
            let Some(page) = self.xero(T::NAME, pager.next_page(cancel)).await? else {
                self.calls -= 1; // the pager knew it was done and asked nothing
                break;
            };
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
            let (mapped, holds) = T::map(page.items);
            let counts = self.store(mapped, &holds, checkpoint.as_ref()).await?;
            view.pages += 1;
            view.fetched += fetched;
            view.inserted += counts.inserted;
            view.updated += counts.updated;
            view.held += counts.held;
            self.report(T::STAGE, view.pages, view.fetched, view.fetched - view.held);
            if last {
                break;
            }
            // A page whose records all share one second cannot advance the checkpoint: read the
            // next page of the same listing instead.
            if let Some(at) = advance {
                since = Some(at);
                pager = T::pager(self.client, self.tenant, &ListQuery::modified_since(since));
            }
        }
        self.db
            .finish_sync_pass(self.org, T::NAME, high, self.engine.now())
            .await?;
        view.watermark = high.map(instant_text);
        Ok(view)
    }

    /// Lists every AUTHORISED sales invoice, stores them as listed, and re-fetches by id the
    /// invoices open in Settle that are not in the list (and any held ones).
    async fn reconcile(&mut self) -> Result<ReconcileView, EngineError> {
        self.report(SyncStage::Reconcile, 0, 0, 0);
        let query = ListQuery {
            statuses: vec![InvoiceStatus::Authorised],
            ..ListQuery::default()
        };
        let mut pager = self.client.invoices(self.tenant, &query);
        let mut listed: HashSet<String> = HashSet::new();
        let (mut pages, mut stored) = (0, 0);
        loop {
            let cancel = self.cancel;
            let Some(page) = self.xero("reconcile", pager.next_page(cancel)).await? else {
                self.calls -= 1;
                break;
            };
            pages += 1;
            listed.extend(page.items.iter().map(|i| i.invoice_id.to_string()));
            let (mapped, holds) = InvoiceDto::map(page.items);
            let counts = self.store(mapped, &holds, None).await?;
            stored += counts.inserted + counts.updated;
            self.report(SyncStage::Reconcile, pages, listed.len() as u32, stored);
        }
        let missing: Vec<String> = self
            .db
            .open_invoice_xero_ids(self.org)
            .await?
            .into_iter()
            .filter(|id| !listed.contains(id))
            .collect();
        let (refetched, gone) = self.refetch(missing).await?;
        self.retry_held().await?;
        self.db
            .finish_sync_pass(self.org, "reconcile", None, self.engine.now())
            .await?;
        Ok(ReconcileView {
            listed: listed.len() as u32,
            refetched,
            missing: gone,
        })
    }

    /// Fetches held invoices again by id: a record that maps now releases its hold.
    async fn retry_held(&mut self) -> Result<(), EngineError> {
        let held: Vec<String> = self
            .db
            .sync_holds(self.org)
            .await?
            .into_iter()
            .filter(|h| h.entity == HoldEntity::Invoice)
            .map(|h| h.xero_id)
            .collect();
        if !held.is_empty() {
            self.refetch(held).await?;
        }
        Ok(())
    }

    /// Fetches invoices by id and stores them; ids Xero no longer returns are held. Returns
    /// (ids asked for, ids not returned).
    async fn refetch(&mut self, ids: Vec<String>) -> Result<(u32, u32), EngineError> {
        let ids: Vec<Uuid> = ids.iter().filter_map(|i| Uuid::parse_str(i).ok()).collect();
        if ids.is_empty() {
            return Ok((0, 0));
        }
        let (client, tenant) = (self.client, self.tenant);
        // One request per 50 ids; `calls` counts the first, the rest are added below.
        let found = self
            .xero("reconcile", client.invoices_by_ids(tenant, &ids))
            .await?;
        self.calls += (ids.len().div_ceil(MAX_IDS_PER_REQUEST) as u32).saturating_sub(1);
        let returned: HashSet<Uuid> = found.iter().map(|i| i.invoice_id).collect();
        let (mapped, mut holds) = InvoiceDto::map(found);
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
        self.store(mapped, &holds, None).await?;
        Ok((ids.len() as u32, gone.len() as u32))
    }
}
