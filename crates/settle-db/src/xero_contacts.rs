//! Storing a page of Xero contacts: the contact rows (upserted by Xero id), their persons, phones
//! and addresses (`xero_contact_details`), released holds, the page's own holds and the
//! checkpoint, in one transaction. Set-based: a page of 1000 contacts is a handful of statements
//! over one JSON list (`json_each`), not several statements per contact. Idempotent: storing a
//! page twice changes nothing. Settle's own columns (`chasing`, `cadence_id`) are set only for a
//! contact not stored yet, and person roles are kept.
//! Owns: those writes. Must not: map Xero's wire format (settle-xero does) or decide what to
//! fetch (settle-engine does).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::json;
use settle_core::contact::Contact;
use sqlx::{Row, SqliteConnection};

use crate::sync_state::{save_checkpoint_in, SyncCheckpoint};
use crate::xero_contact_details::{replace_phones_and_addresses, sync_persons};
use crate::xero_holds::{release_holds, store_holds, HoldEntity, SyncHold};
use crate::xero_pages::{json, runs_without_repeats, PageCounts};
use crate::{text, Database, DbError};

impl Database {
    /// Stores one page of contacts and its holds (and the checkpoint, if given) in one
    /// transaction. `contact.chasing` is used only for contacts not stored yet.
    pub async fn store_contacts_page(
        &self,
        org: i64,
        contacts: &[(Contact, DateTime<Utc>)],
        holds: &[SyncHold],
        checkpoint: Option<&SyncCheckpoint>,
        now: DateTime<Utc>,
    ) -> Result<PageCounts, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let counts = store_contacts_in(&mut tx, org, contacts, holds, checkpoint, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(counts)
    }
}

/// [`Database::store_contacts_page`] inside a transaction the caller commits (several pages of
/// a sync can share one: see xero_page_group.rs).
pub(crate) async fn store_contacts_in(
    tx: &mut SqliteConnection,
    org: i64,
    contacts: &[(Contact, DateTime<Utc>)],
    holds: &[SyncHold],
    checkpoint: Option<&SyncCheckpoint>,
    now: DateTime<Utc>,
) -> Result<PageCounts, DbError> {
    let mut counts = PageCounts::default();
    for run in runs_without_repeats(contacts, |(c, _)| c.xero_contact_id.as_str()) {
        counts.add(upsert_contacts(tx, org, &contacts[run]).await?);
    }
    let stored = json(
        contacts
            .iter()
            .map(|(c, _)| json!({"x": c.xero_contact_id}))
            .collect(),
    );
    release_holds(&mut *tx, org, HoldEntity::Contact, &stored).await?;
    counts.held = store_holds(&mut *tx, org, holds, now).await?;
    if let Some(checkpoint) = checkpoint {
        save_checkpoint_in(&mut *tx, org, checkpoint).await?;
    }
    Ok(counts)
}

/// Upserts contacts whose Xero ids are all different, with their details.
async fn upsert_contacts(
    tx: &mut SqliteConnection,
    org: i64,
    contacts: &[(Contact, DateTime<Utc>)],
) -> Result<PageCounts, DbError> {
    if contacts.is_empty() {
        return Ok(PageCounts::default());
    }
    let list = json(
        contacts
            .iter()
            .map(|(c, updated_at)| {
                json!({
                    "x": c.xero_contact_id, "n": c.name, "f": c.first_name, "l": c.last_name,
                    "e": c.email, "s": c.status.as_str(), "ch": c.chasing.is_chasing(),
                    "u": text::instant(*updated_at),
                })
            })
            .collect(),
    );
    let existed: HashSet<String> = sqlx::query_scalar(
        "SELECT c.xero_contact_id FROM json_each(?2) j CROSS JOIN contacts c \
         ON c.organisation_id = ?1 AND c.xero_contact_id = j.value ->> '$.x'",
    )
    .bind(org)
    .bind(&list)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    // Settle's own columns (chasing, cadence_id) are left as they are on update.
    let ids: HashMap<String, i64> = sqlx::query(
        "INSERT INTO contacts (organisation_id, xero_contact_id, name, first_name, last_name, \
         email, contact_status, chasing, xero_updated_at) \
         SELECT ?1, j.value ->> '$.x', j.value ->> '$.n', j.value ->> '$.f', j.value ->> '$.l', \
         j.value ->> '$.e', j.value ->> '$.s', j.value ->> '$.ch', j.value ->> '$.u' \
         FROM json_each(?2) j WHERE true ORDER BY j.key \
         ON CONFLICT (organisation_id, xero_contact_id) DO UPDATE SET name = excluded.name, \
         first_name = excluded.first_name, last_name = excluded.last_name, \
         email = excluded.email, contact_status = excluded.contact_status, \
         xero_updated_at = excluded.xero_updated_at \
         RETURNING id, xero_contact_id",
    )
    .bind(org)
    .bind(&list)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| (r.get("xero_contact_id"), r.get("id")))
    .collect();
    let mut stored = Vec::with_capacity(contacts.len());
    for (contact, _) in contacts {
        let id = *ids.get(&contact.xero_contact_id).ok_or_else(|| {
            DbError::Invalid(format!(
                "contact {} was not stored; sync again",
                contact.xero_contact_id
            ))
        })?;
        stored.push((id, contact, existed.contains(&contact.xero_contact_id)));
    }
    sync_persons(tx, org, &stored).await?;
    let details: Vec<(i64, &Contact)> = stored.iter().map(|(id, c, _)| (*id, *c)).collect();
    replace_phones_and_addresses(tx, org, &details).await?;
    let updated = existed.len() as u32;
    Ok(PageCounts {
        inserted: contacts.len() as u32 - updated,
        updated,
        held: 0,
    })
}
