//! One entity's pass of a sync (contacts or invoices; see the parent module's documentation):
//! fetching pages, and storing them, side by side. The fetching half walks the listing (keyset
//! paging from each page's last second, the checkpoint each page makes true, the full pass's
//! listing for reconcile) and queues the mapped pages; the storing half takes whatever pages are
//! queued when the writer is free and stores them in one transaction, in order. So Xero (or
//! fake-xero) and SQLite both work all the time, and a writer that falls behind commits bigger
//! groups instead of one commit per page. A checkpoint still never covers a page that did not
//! commit with it: pages are stored in the order they were fetched, each with its own
//! checkpoint, and a group commits whole or not at all. Must not: write SQL or speak HTTP itself.

use chrono::{DateTime, Duration, DurationRound, Utc};
use settle_db::{PageWrite, SyncCheckpoint};
use settle_xero::{next_watermark, ListQuery};
use tokio::sync::mpsc;

use super::{Entity, Listing, Run};
use crate::engine::instant_text;
use crate::{EngineError, EntitySyncView};

/// The most pages stored in one transaction, and so the most fetched ahead of the writer. A
/// group's dirty B-tree pages stay in the writer's 64 MiB cache until commit (database.rs), and
/// ten mapped pages of invoices are a few megabytes of memory.
const MAX_GROUP_PAGES: usize = 10;

/// A fetched page on its way to the writer.
struct Fetched {
    write: PageWrite,
    /// Records received (stored plus held).
    received: u32,
}

impl Run<'_> {
    /// One entity's pass, resuming an interrupted one when there is one. Returns the pass's
    /// [`Listing`] when it read everything from the start.
    pub(super) async fn pass<T: Entity>(
        &self,
        full: bool,
    ) -> Result<(EntitySyncView, Option<Listing>), EngineError> {
        let state = self.db.sync_state(self.org, T::NAME).await?;
        // A full sync resumes only a full pass; an ordinary sync resumes either kind.
        let resume = state.resume_from.filter(|_| !full || state.resume_full);
        let pass_full = resume.map_or(full, |_| state.resume_full);
        let since = match resume {
            Some(at) => Some(at),
            None if full => None,
            None => state.watermark.map(next_watermark),
        };
        let high = resume.max(state.watermark.filter(|_| !full));
        let mut listing = since.is_none().then(Listing::default);
        self.report(T::STAGE, 0, 0, 0);
        let (queue, queued) = mpsc::channel(MAX_GROUP_PAGES);
        let fetching = self.fetch_pages::<T>(since, pass_full, high, listing.as_mut(), queue);
        let storing = self.store_pages::<T>(queued, resume.is_some());
        let (fetched, stored) = tokio::join!(fetching, storing);
        // The writer's error first: when it stops, the fetcher stops too, without an error.
        let mut view = stored?;
        let high = fetched?;
        self.db
            .finish_sync_pass(self.org, T::NAME, high, self.engine.now())
            .await?;
        view.watermark = high.map(instant_text);
        Ok((view, listing))
    }

    /// Fetches and maps every page of the pass and queues it for the writer. Returns the highest
    /// UpdatedDateUTC seen (with the stored watermark), or early with that when the writer has
    /// stopped (its error is the one reported).
    async fn fetch_pages<T: Entity>(
        &self,
        mut since: Option<DateTime<Utc>>,
        pass_full: bool,
        mut high: Option<DateTime<Utc>>,
        mut listing: Option<&mut Listing>,
        queue: mpsc::Sender<Fetched>,
    ) -> Result<Option<DateTime<Utc>>, EngineError> {
        let cancel = self.cancel;
        let mut pager = T::pager(self.client, self.tenant, &ListQuery::modified_since(since));
        loop {
            let Some(page) = self.xero(T::NAME, pager.next_page(cancel)).await? else {
                // Only a pager that knows it is done answers nothing, and it asked nothing.
                self.add_calls(-1);
                return Ok(high);
            };
            if cancel.is_cancelled() {
                return Err(EngineError::Cancelled);
            }
            let last = pager.is_complete();
            let received = page.items.len() as u32;
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
            if let Some(listing) = listing.as_deref_mut() {
                page.items.iter().for_each(|item| item.list(listing));
            }
            let (records, holds) = T::map(page.items);
            let write = PageWrite {
                records,
                holds,
                checkpoint,
            };
            if queue.send(Fetched { write, received }).await.is_err() {
                return Ok(high);
            }
            if last {
                return Ok(high);
            }
            // A page whose records all share one second cannot advance the checkpoint: read the
            // next page of the same listing instead.
            if let Some(at) = advance {
                since = Some(at);
                pager = T::pager(self.client, self.tenant, &ListQuery::modified_since(since));
            }
        }
    }

    /// Stores queued pages until the fetcher is done: each time, every page waiting (up to
    /// [`MAX_GROUP_PAGES`]) in one transaction. Stops at a cancel before the next group; what
    /// committed stays and the next sync resumes from its checkpoint.
    async fn store_pages<T: Entity>(
        &self,
        mut queued: mpsc::Receiver<Fetched>,
        resumed: bool,
    ) -> Result<EntitySyncView, EngineError> {
        let mut view = EntitySyncView {
            resumed,
            ..EntitySyncView::default()
        };
        let mut group: Vec<Fetched> = Vec::with_capacity(MAX_GROUP_PAGES);
        while queued.recv_many(&mut group, MAX_GROUP_PAGES).await > 0 {
            if self.cancel.is_cancelled() {
                return Err(EngineError::Cancelled);
            }
            let (writes, received): (Vec<PageWrite>, Vec<u32>) =
                group.drain(..).map(|f| (f.write, f.received)).unzip();
            let counts = self
                .db
                .store_pages(self.org, &writes, self.engine.now())
                .await?;
            for (received, counts) in received.into_iter().zip(counts) {
                view.pages += 1;
                view.fetched += received;
                view.inserted += counts.inserted;
                view.updated += counts.updated;
                view.held += counts.held;
                self.report(T::STAGE, view.pages, view.fetched, view.fetched - view.held);
            }
        }
        Ok(view)
    }
}
