//! Storing several pages of a Xero sync in one transaction. Each page is written exactly as
//! `store_contacts_page` / `store_invoices_page` write it (records, released holds, its own
//! holds, its checkpoint), in order, so the result equals storing them one by one; only the
//! commit is shared. Why: every commit writes each B-tree page it touched to the WAL and syncs
//! it, and a page of 1,000 invoices with random ids touches most leaves of the id and customer
//! indexes, so one commit per page rewrote those indexes ~200 times in a full sync. The sync
//! groups whatever pages are waiting when the writer is free (settle-engine's xero_sync.rs); the
//! last page's checkpoint is then the one that counts, and an interrupted sync resumes from it.
//! Owns: that grouping. Must not: decide how many pages to group (the caller does).

use chrono::{DateTime, Utc};
use settle_core::contact::Contact;

use crate::sync_state::SyncCheckpoint;
use crate::xero_contacts::store_contacts_in;
use crate::xero_holds::SyncHold;
use crate::xero_invoices::{store_invoices_in, InvoiceWrite};
use crate::xero_pages::PageCounts;
use crate::{Database, DbError};

/// The records of one page, mapped.
#[derive(Debug, Clone, PartialEq)]
pub enum PageRecords {
    /// Each with its UpdatedDateUTC.
    Contacts(Vec<(Contact, DateTime<Utc>)>),
    Invoices(Vec<InvoiceWrite>),
}

impl PageRecords {
    pub fn len(&self) -> usize {
        match self {
            Self::Contacts(items) => items.len(),
            Self::Invoices(items) => items.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One page as a sync stores it: its records, the ones held back with their reasons, and the
/// checkpoint that is true once it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWrite {
    pub records: PageRecords,
    pub holds: Vec<SyncHold>,
    pub checkpoint: Option<SyncCheckpoint>,
}

impl Database {
    /// Stores `pages` in order in one transaction; returns each page's counts. On an error
    /// nothing of the group is stored (the checkpoint before it still stands).
    pub async fn store_pages(
        &self,
        org: i64,
        pages: &[PageWrite],
        now: DateTime<Utc>,
    ) -> Result<Vec<PageCounts>, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let mut counts = Vec::with_capacity(pages.len());
        for page in pages {
            let checkpoint = page.checkpoint.as_ref();
            counts.push(match &page.records {
                PageRecords::Contacts(items) => {
                    store_contacts_in(&mut tx, org, items, &page.holds, checkpoint, now).await?
                }
                PageRecords::Invoices(items) => {
                    store_invoices_in(&mut tx, org, items, &page.holds, checkpoint, now).await?
                }
            });
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(counts)
    }
}
