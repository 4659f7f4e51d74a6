//! Starting and stopping chasing for one customer or for everyone, recorded in the audit log with
//! the before-values of every row changed, so each change can be undone exactly.

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use crate::{text, Database, DbError};

/// Which customers a chasing change applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeScope {
    /// One customer and all of its invoices.
    Contact(i64),
    /// "Set all": every customer of the organisation. Moving everyone back to Chasing leaves
    /// archived customers alone (the owner starts those one by one, deliberately).
    All,
    /// One invoice only (its Chasing section); its customer is left as it is.
    Invoice(i64),
}

/// What a change (or an undo) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChasingChange {
    pub audit_id: i64,
    pub contacts: u64,
    pub invoices: u64,
}

const AUDITED_ACTIONS: &str = "('chasing_contact', 'chasing_all', 'chasing_invoice')";

impl Database {
    /// Sets chasing on or off for `scope` in one transaction and records it. `summary` turns the
    /// counts into the sentence stored in the audit log and shown to the owner.
    pub async fn set_chasing(
        &self,
        org: i64,
        scope: ChangeScope,
        chasing: bool,
        actor: &str,
        now: DateTime<Utc>,
        summary: impl FnOnce(u64, u64) -> String,
    ) -> Result<ChasingChange, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let (action, contact_id) = match scope {
            ChangeScope::Contact(id) => {
                let exists =
                    sqlx::query("SELECT 1 FROM contacts WHERE organisation_id = ? AND id = ?")
                        .bind(org)
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(|e| self.classify(e))?;
                if exists.is_none() {
                    return Err(DbError::NotFound(format!("customer {id} does not exist")));
                }
                ("chasing_contact", Some(id))
            }
            ChangeScope::All => ("chasing_all", None),
            ChangeScope::Invoice(id) => {
                // Recorded against the invoice's customer so it shows on that customer's
                // timeline.
                let contact: Option<i64> = sqlx::query_scalar(
                    "SELECT contact_id FROM invoices WHERE organisation_id = ? AND id = ?",
                )
                .bind(org)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(|e| self.classify(e))?;
                let Some(contact) = contact else {
                    return Err(DbError::NotFound(format!("invoice {id} does not exist")));
                };
                ("chasing_invoice", Some(contact))
            }
        };
        let audit_id = sqlx::query(
            "INSERT INTO audit_log (organisation_id, at, actor, action, contact_id, summary) \
             VALUES (?, ?, ?, ?, ?, '')",
        )
        .bind(org)
        .bind(text::instant(now))
        .bind(actor)
        .bind(action)
        .bind(contact_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.classify(e))?
        .last_insert_rowid();
        let (contacts, invoices) = record_and_apply(&mut tx, org, audit_id, scope, chasing)
            .await
            .map_err(|e| self.classify(e))?;
        sqlx::query("UPDATE audit_log SET summary = ? WHERE id = ?")
            .bind(summary(contacts, invoices))
            .bind(audit_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.classify(e))?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(ChasingChange {
            audit_id,
            contacts,
            invoices,
        })
    }

    /// Reverses the chasing change `audit_id`, which must be the organisation's latest change
    /// not yet undone (undoing an older one could silently overwrite a later decision).
    pub async fn undo_chasing(
        &self,
        org: i64,
        audit_id: i64,
        actor: &str,
        now: DateTime<Utc>,
        summary: impl FnOnce(u64, u64) -> String,
    ) -> Result<ChasingChange, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let latest: Option<i64> = sqlx::query(&format!(
            "SELECT id FROM audit_log WHERE organisation_id = ? AND action IN {AUDITED_ACTIONS} \
             AND undone_by_id IS NULL ORDER BY id DESC LIMIT 1"
        ))
        .bind(org)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| self.classify(e))?
        .map(|r| r.get("id"));
        if latest != Some(audit_id) {
            return Err(DbError::UndoUnavailable(
                "That change can no longer be undone: it was already undone, or a later change \
                 replaced it. Set the customers' chasing again instead."
                    .into(),
            ));
        }
        let undo_id = sqlx::query(
            "INSERT INTO audit_log (organisation_id, at, actor, action, summary, undoes_id) \
             VALUES (?, ?, ?, 'undo', '', ?)",
        )
        .bind(org)
        .bind(text::instant(now))
        .bind(actor)
        .bind(audit_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.classify(e))?
        .last_insert_rowid();
        let mut counts = [0_u64; 2];
        for (slot, (entity, table)) in [("contact", "contacts"), ("invoice", "invoices")]
            .into_iter()
            .enumerate()
        {
            counts[slot] = sqlx::query(&format!(
                "UPDATE {table} SET chasing = (SELECT chasing_before FROM audit_changes ch \
                 WHERE ch.audit_id = ?1 AND ch.entity = ?2 AND ch.entity_id = {table}.id) \
                 WHERE id IN (SELECT entity_id FROM audit_changes WHERE audit_id = ?1 \
                 AND entity = ?2)"
            ))
            .bind(audit_id)
            .bind(entity)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.classify(e))?
            .rows_affected();
        }
        sqlx::query("UPDATE audit_log SET undone_by_id = ? WHERE id = ?")
            .bind(undo_id)
            .bind(audit_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.classify(e))?;
        sqlx::query("UPDATE audit_log SET summary = ? WHERE id = ?")
            .bind(summary(counts[0], counts[1]))
            .bind(undo_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.classify(e))?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(ChasingChange {
            audit_id: undo_id,
            contacts: counts[0],
            invoices: counts[1],
        })
    }
}

/// Records the before-values of the rows that will change, then changes exactly those rows.
async fn record_and_apply(
    tx: &mut SqliteConnection,
    org: i64,
    audit_id: i64,
    scope: ChangeScope,
    chasing: bool,
) -> Result<(u64, u64), sqlx::Error> {
    let contact_filter = match scope {
        ChangeScope::Contact(_) => "id = ?3",
        ChangeScope::Invoice(_) => "0 = 1",
        ChangeScope::All if chasing => "contact_status = 'ACTIVE'",
        ChangeScope::All => "1 = 1",
    };
    let bind_id = match scope {
        ChangeScope::Contact(id) | ChangeScope::Invoice(id) => id,
        ChangeScope::All => 0,
    };
    sqlx::query(&format!(
        "INSERT INTO audit_changes (audit_id, organisation_id, entity, entity_id, chasing_before) \
         SELECT ?1, organisation_id, 'contact', id, chasing FROM contacts \
         WHERE organisation_id = ?2 AND {contact_filter} AND chasing != ?4"
    ))
    .bind(audit_id)
    .bind(org)
    .bind(bind_id)
    .bind(chasing)
    .execute(&mut *tx)
    .await?;
    // Invoices follow their customer: for one customer, all of its invoices; for "stop all",
    // every invoice; for "start all", the invoices of the customers moved back.
    let invoice_filter = match scope {
        ChangeScope::Contact(_) => "contact_id = ?3",
        ChangeScope::Invoice(_) => "id = ?3",
        ChangeScope::All if chasing => {
            "contact_id IN (SELECT entity_id FROM audit_changes WHERE audit_id = ?1 \
             AND entity = 'contact')"
        }
        ChangeScope::All => "1 = 1",
    };
    sqlx::query(&format!(
        "INSERT INTO audit_changes (audit_id, organisation_id, entity, entity_id, chasing_before) \
         SELECT ?1, organisation_id, 'invoice', id, chasing FROM invoices \
         WHERE organisation_id = ?2 AND {invoice_filter} AND chasing != ?4"
    ))
    .bind(audit_id)
    .bind(org)
    .bind(bind_id)
    .bind(chasing)
    .execute(&mut *tx)
    .await?;
    let mut counts = [0_u64; 2];
    for (slot, (entity, table)) in [("contact", "contacts"), ("invoice", "invoices")]
        .into_iter()
        .enumerate()
    {
        counts[slot] = sqlx::query(&format!(
            "UPDATE {table} SET chasing = ?2 WHERE id IN (SELECT entity_id FROM audit_changes \
             WHERE audit_id = ?1 AND entity = '{entity}')"
        ))
        .bind(audit_id)
        .bind(chasing)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    Ok((counts[0], counts[1]))
}
