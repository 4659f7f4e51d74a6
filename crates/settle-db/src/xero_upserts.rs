//! Storing what a Xero sync fetched: the organisation (by tenant id), contacts with their persons,
//! phones and addresses, and sales invoices (by Xero id), one transaction per page together with
//! the page's checkpoint. Idempotent: storing a page twice changes nothing. Settle's own fields
//! (chasing flags, cadences, schedules, person roles) are never touched on update; a new invoice
//! is chased when its customer is. Records that could not be mapped are held with their reason.
//! Owns: those writes. Must not: map Xero's wire format (settle-xero does) or decide what to
//! fetch (settle-engine does).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use settle_core::contact::Contact;
use settle_core::invoice::Invoice;
use settle_core::money::to_base;
use settle_core::organisation::Organisation;
use sqlx::{Row, SqliteConnection};

use crate::sync_state::{save_checkpoint_in, SyncCheckpoint};
use crate::{text, Database, DbError, StoredOrganisation};

/// The organisation as /Organisation describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XeroOrganisationWrite {
    /// `xero_tenant_id` must be set.
    pub organisation: Organisation,
    /// Xero's Windows-style zone name, as sent.
    pub xero_timezone: String,
    pub period_lock_date: Option<NaiveDate>,
    pub end_of_year_lock_date: Option<NaiveDate>,
}

/// A sales invoice and the Xero contact it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceWrite {
    pub invoice: Invoice,
    pub xero_contact_id: String,
    /// The contact's name as the invoice carries it (used only if the contact is not stored yet).
    pub contact_name: String,
}

/// Which kind of record a hold is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldEntity {
    Contact,
    Invoice,
}

impl HoldEntity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Contact => "contact",
            Self::Invoice => "invoice",
        }
    }
}

/// A Xero record that could not be stored as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncHold {
    pub entity: HoldEntity,
    pub xero_id: String,
    /// The invoice number or contact name, when Xero sent one.
    pub label: String,
    pub reason: String,
}

/// What one page did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageCounts {
    pub inserted: u32,
    pub updated: u32,
    pub held: u32,
}

/// The lock dates stored for an organisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LockDates {
    pub period: Option<NaiveDate>,
    pub end_of_year: Option<NaiveDate>,
}

/// The default cadence a newly connected organisation starts with: (trigger, days, repeat, hour).
pub(crate) const STANDARD_STEPS: &[(&str, i64, Option<i64>, i64)] = &[
    ("before_due", 3, None, 9),
    ("after_due", 1, None, 9),
    ("after_due", 7, None, 10),
    ("repeat", 14, Some(3), 10),
];
pub const STANDARD_CADENCE: &str = "Standard reminders";

impl Database {
    /// The organisation connected as Xero tenant `tenant`, if stored.
    pub async fn organisation_by_tenant(
        &self,
        tenant: &str,
    ) -> Result<Option<StoredOrganisation>, DbError> {
        Ok(self
            .organisations()
            .await?
            .into_iter()
            .find(|o| o.organisation.xero_tenant_id.as_deref() == Some(tenant)))
    }

    /// Creates or updates the organisation of `write.organisation.xero_tenant_id`. A new one gets
    /// the standard default cadence, so its invoices have a plan from the first sync. Returns its
    /// id and whether it was created.
    pub async fn upsert_xero_organisation(
        &self,
        write: &XeroOrganisationWrite,
        now: DateTime<Utc>,
    ) -> Result<(i64, bool), DbError> {
        let o = &write.organisation;
        let tenant = o
            .xero_tenant_id
            .as_deref()
            .ok_or_else(|| DbError::Invalid("a Xero organisation needs its tenant id".into()))?;
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM organisations WHERE xero_tenant_id = ?")
                .bind(tenant)
                .fetch_optional(&mut *tx)
                .await?;
        let (id, created) = match existing {
            Some(id) => {
                sqlx::query(
                    "UPDATE organisations SET name = ?, country = ?, timezone = ?, \
                     base_currency = ?, xero_short_code = ?, is_demo = 0 WHERE id = ?",
                )
                .bind(&o.name)
                .bind(&o.country)
                .bind(o.timezone.name())
                .bind(o.base_currency.as_str())
                .bind(&o.xero_short_code)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                (id, false)
            }
            None => {
                let plain = Organisation {
                    is_demo: false,
                    ..o.clone()
                };
                let id = Database::insert_organisation(&mut tx, &plain, now).await?;
                insert_standard_cadence(&mut tx, id, now).await?;
                (id, true)
            }
        };
        sqlx::query(
            "UPDATE organisations SET xero_timezone = ?, period_lock_date = ?, \
             end_of_year_lock_date = ? WHERE id = ?",
        )
        .bind(&write.xero_timezone)
        .bind(write.period_lock_date.map(text::date))
        .bind(write.end_of_year_lock_date.map(text::date))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok((id, created))
    }

    /// The Xero app (Client ID) the organisation is connected through; `None` = not connected.
    pub async fn xero_client_id(&self, org: i64) -> Result<Option<String>, DbError> {
        Ok(sqlx::query_scalar(
            "SELECT json_extract(settings_json, '$.xero_client_id') FROM organisations WHERE id = ?",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .flatten())
    }

    /// Records (or with `None`, forgets) the Xero app the organisation is connected through.
    pub async fn set_xero_client_id(
        &self,
        org: i64,
        client_id: Option<&str>,
    ) -> Result<(), DbError> {
        sqlx::query(
            "UPDATE organisations SET settings_json = CASE WHEN ?1 IS NULL \
             THEN json_remove(settings_json, '$.xero_client_id') \
             ELSE json_set(settings_json, '$.xero_client_id', ?1) END WHERE id = ?2",
        )
        .bind(client_id)
        .bind(org)
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// The organisation's lock dates as last synced.
    pub async fn lock_dates(&self, org: i64) -> Result<LockDates, DbError> {
        let row = sqlx::query(
            "SELECT period_lock_date, end_of_year_lock_date FROM organisations WHERE id = ?",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .ok_or_else(|| DbError::NotFound(format!("organisation {org} does not exist")))?;
        Ok(LockDates {
            period: text::parse_opt_date(row.get("period_lock_date"))?,
            end_of_year: text::parse_opt_date(row.get("end_of_year_lock_date"))?,
        })
    }

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
        let mut counts = PageCounts::default();
        for (contact, updated_at) in contacts {
            if upsert_contact(&mut tx, org, contact, *updated_at).await? {
                counts.inserted += 1;
            } else {
                counts.updated += 1;
            }
            release_hold(&mut tx, org, HoldEntity::Contact, &contact.xero_contact_id).await?;
        }
        counts.held = store_holds(&mut tx, org, holds, now).await?;
        if let Some(checkpoint) = checkpoint {
            save_checkpoint_in(&mut tx, org, checkpoint).await?;
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(counts)
    }

    /// Stores one page of sales invoices and its holds (and the checkpoint, if given) in one
    /// transaction. A new invoice is chased when its customer is; an existing one keeps its
    /// chasing flag and schedule. A contact not stored yet is added from the invoice's summary
    /// (the next contacts pass fills it in).
    pub async fn store_invoices_page(
        &self,
        org: i64,
        invoices: &[InvoiceWrite],
        holds: &[SyncHold],
        checkpoint: Option<&SyncCheckpoint>,
        now: DateTime<Utc>,
    ) -> Result<PageCounts, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let mut counts = PageCounts::default();
        let mut contact_ids: HashMap<&str, i64> = HashMap::new();
        for write in invoices {
            let contact = match contact_ids.get(write.xero_contact_id.as_str()) {
                Some(id) => *id,
                None => {
                    let id = contact_for_invoice(&mut tx, org, write).await?;
                    contact_ids.insert(&write.xero_contact_id, id);
                    id
                }
            };
            if upsert_invoice(&mut tx, org, contact, &write.invoice).await? {
                counts.inserted += 1;
            } else {
                counts.updated += 1;
            }
            release_hold(
                &mut tx,
                org,
                HoldEntity::Invoice,
                &write.invoice.xero_invoice_id,
            )
            .await?;
        }
        counts.held = store_holds(&mut tx, org, holds, now).await?;
        if let Some(checkpoint) = checkpoint {
            save_checkpoint_in(&mut tx, org, checkpoint).await?;
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(counts)
    }

    /// The Xero ids of the invoices Settle holds as open (AUTHORISED with something due), for
    /// the reconcile pass.
    pub async fn open_invoice_xero_ids(&self, org: i64) -> Result<Vec<String>, DbError> {
        sqlx::query_scalar(
            "SELECT xero_invoice_id FROM invoices WHERE organisation_id = ? \
             AND status = 'AUTHORISED' AND amount_due_e4 > 0 ORDER BY id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))
    }

    /// Records Settle could not store or holds back, oldest first.
    pub async fn sync_holds(&self, org: i64) -> Result<Vec<SyncHold>, DbError> {
        let rows = sqlx::query(
            "SELECT entity, xero_id, label, reason FROM sync_holds WHERE organisation_id = ? \
             ORDER BY held_at, entity, xero_id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(rows
            .iter()
            .map(|r| SyncHold {
                entity: if r.get::<&str, _>("entity") == "contact" {
                    HoldEntity::Contact
                } else {
                    HoldEntity::Invoice
                },
                xero_id: r.get("xero_id"),
                label: r.get("label"),
                reason: r.get("reason"),
            })
            .collect())
    }

    /// Marks invoices Xero no longer returns at all (neither listed nor found by id) as held, so
    /// they are not chased on old data.
    pub async fn hold_missing_invoices(
        &self,
        org: i64,
        holds: &[SyncHold],
        now: DateTime<Utc>,
    ) -> Result<u32, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let held = store_holds(&mut tx, org, holds, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(held)
    }
}

async fn insert_standard_cadence(
    tx: &mut SqliteConnection,
    org: i64,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let cadence = sqlx::query(
        "INSERT INTO cadences (organisation_id, name, is_default, created_at, updated_at) \
         VALUES (?, ?, 1, ?, ?)",
    )
    .bind(org)
    .bind(STANDARD_CADENCE)
    .bind(text::instant(now))
    .bind(text::instant(now))
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    for (position, (kind, days, repeat, hour)) in STANDARD_STEPS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO cadence_steps (organisation_id, cadence_id, position, trigger_kind, days, \
             repeat_count, hour, channels) VALUES (?, ?, ?, ?, ?, ?, ?, 'email')",
        )
        .bind(org)
        .bind(cadence)
        .bind(position as i64)
        .bind(kind)
        .bind(days)
        .bind(repeat)
        .bind(hour)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Returns whether the contact was inserted (else updated).
async fn upsert_contact(
    tx: &mut SqliteConnection,
    org: i64,
    contact: &Contact,
    updated_at: DateTime<Utc>,
) -> Result<bool, DbError> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM contacts WHERE organisation_id = ? AND xero_contact_id = ?",
    )
    .bind(org)
    .bind(&contact.xero_contact_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = existing else {
        let id = Database::insert_contact(tx, org, contact, &HashMap::new()).await?;
        sqlx::query("UPDATE contacts SET xero_updated_at = ? WHERE id = ?")
            .bind(text::instant(updated_at))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        return Ok(true);
    };
    // Settle's own columns (chasing, cadence_id) are left as they are.
    sqlx::query(
        "UPDATE contacts SET name = ?, first_name = ?, last_name = ?, email = ?, \
         contact_status = ?, xero_updated_at = ? WHERE id = ?",
    )
    .bind(&contact.name)
    .bind(&contact.first_name)
    .bind(&contact.last_name)
    .bind(&contact.email)
    .bind(contact.status.as_str())
    .bind(text::instant(updated_at))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    replace_persons(tx, org, id, contact).await?;
    sqlx::query("DELETE FROM phones WHERE contact_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM addresses WHERE contact_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for phone in &contact.phones {
        sqlx::query(
            "INSERT INTO phones (organisation_id, contact_id, phone_type, country_code, \
             area_code, number) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(org)
        .bind(id)
        .bind(phone.phone_type.as_str())
        .bind(&phone.country_code)
        .bind(&phone.area_code)
        .bind(&phone.number)
        .execute(&mut *tx)
        .await?;
    }
    for address in &contact.addresses {
        sqlx::query(
            "INSERT INTO addresses (organisation_id, contact_id, address_type, lines, city, \
             region, postal_code, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(org)
        .bind(id)
        .bind(address.address_type.as_str())
        .bind(address.lines.join("\n"))
        .bind(&address.city)
        .bind(&address.region)
        .bind(&address.postal_code)
        .bind(&address.country)
        .execute(&mut *tx)
        .await?;
    }
    Ok(false)
}

/// Brings the contact's persons in line with Xero's list while keeping the roles the owner gave
/// them: a person is the same person when the email matches (case-insensitively), or, without
/// an email, when the name does. Persons Xero no longer lists are removed with their roles.
async fn replace_persons(
    tx: &mut SqliteConnection,
    org: i64,
    contact_id: i64,
    contact: &Contact,
) -> Result<(), DbError> {
    let rows = sqlx::query(
        "SELECT id, first_name, last_name, email FROM contact_persons WHERE contact_id = ? \
         ORDER BY id",
    )
    .bind(contact_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut existing: Vec<(i64, String)> = rows
        .iter()
        .map(|r| {
            let email: Option<String> = r.get("email");
            let key = person_key(r.get("first_name"), r.get("last_name"), email.as_deref());
            (r.get("id"), key)
        })
        .collect();
    for person in &contact.persons {
        let key = person_key(
            &person.first_name,
            &person.last_name,
            person.email.as_deref(),
        );
        if let Some(at) = existing.iter().position(|(_, k)| *k == key) {
            let (id, _) = existing.remove(at);
            sqlx::query(
                "UPDATE contact_persons SET first_name = ?, last_name = ?, email = ?, \
                 include_in_emails = ? WHERE id = ?",
            )
            .bind(&person.first_name)
            .bind(&person.last_name)
            .bind(&person.email)
            .bind(person.include_in_emails)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO contact_persons (organisation_id, contact_id, first_name, \
                 last_name, email, include_in_emails) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(org)
            .bind(contact_id)
            .bind(&person.first_name)
            .bind(&person.last_name)
            .bind(&person.email)
            .bind(person.include_in_emails)
            .execute(&mut *tx)
            .await?;
        }
    }
    for (id, _) in existing {
        sqlx::query("DELETE FROM contact_persons WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

fn person_key(first: &str, last: &str, email: Option<&str>) -> String {
    match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => format!("e:{}", email.to_lowercase()),
        None => format!(
            "n:{}\n{}",
            first.trim().to_lowercase(),
            last.trim().to_lowercase()
        ),
    }
}

async fn contact_for_invoice(
    tx: &mut SqliteConnection,
    org: i64,
    write: &InvoiceWrite,
) -> Result<i64, DbError> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM contacts WHERE organisation_id = ? AND xero_contact_id = ?",
    )
    .bind(org)
    .bind(&write.xero_contact_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = existing {
        return Ok(id);
    }
    // A stub: no xero_updated_at, so it is recognisable until the contacts pass fills it in.
    Ok(sqlx::query(
        "INSERT INTO contacts (organisation_id, xero_contact_id, name, contact_status, chasing) \
         VALUES (?, ?, ?, 'ACTIVE', 1)",
    )
    .bind(org)
    .bind(&write.xero_contact_id)
    .bind(&write.contact_name)
    .execute(&mut *tx)
    .await?
    .last_insert_rowid())
}

/// Returns whether the invoice was inserted (else updated).
async fn upsert_invoice(
    tx: &mut SqliteConnection,
    org: i64,
    contact: i64,
    invoice: &Invoice,
) -> Result<bool, DbError> {
    let existing: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM invoices WHERE organisation_id = ? AND xero_invoice_id = ?",
    )
    .bind(org)
    .bind(&invoice.xero_invoice_id)
    .fetch_optional(&mut *tx)
    .await?;
    let base = to_base(invoice.amount_due, invoice.currency_rate);
    let sql = if existing.is_some() {
        // Settle's own column (chasing) is left as it is; a record that maps clears a hold.
        "UPDATE invoices SET contact_id = ?2, invoice_number = ?4, reference = ?5, status = ?6, \
         issue_date = ?7, due_date = ?8, expected_payment_date = ?9, fully_paid_on = ?10, \
         currency_code = ?11, currency_rate = ?12, total_e4 = ?13, amount_due_e4 = ?14, \
         amount_paid_e4 = ?15, amount_credited_e4 = ?16, amount_due_base_e4 = ?17, \
         sent_to_contact = ?18, xero_updated_at = ?19, held_reason = NULL \
         WHERE organisation_id = ?1 AND xero_invoice_id = ?3"
    } else {
        "INSERT INTO invoices (organisation_id, contact_id, xero_invoice_id, invoice_number, \
         reference, status, issue_date, due_date, expected_payment_date, fully_paid_on, \
         currency_code, currency_rate, total_e4, amount_due_e4, amount_paid_e4, \
         amount_credited_e4, amount_due_base_e4, sent_to_contact, xero_updated_at, chasing) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
         ?18, ?19, (SELECT chasing FROM contacts WHERE id = ?2))"
    };
    sqlx::query(sql)
        .bind(org)
        .bind(contact)
        .bind(&invoice.xero_invoice_id)
        .bind(&invoice.number)
        .bind(&invoice.reference)
        .bind(invoice.status.as_str())
        .bind(text::date(invoice.issue_date))
        .bind(text::date(invoice.due_date))
        .bind(invoice.expected_payment_date.map(text::date))
        .bind(invoice.fully_paid_on.map(text::date))
        .bind(invoice.currency.as_str())
        .bind(invoice.currency_rate.to_string())
        .bind(text::money("Total", invoice.total)?)
        .bind(text::money("AmountDue", invoice.amount_due)?)
        .bind(text::money("AmountPaid", invoice.amount_paid)?)
        .bind(text::money("AmountCredited", invoice.amount_credited)?)
        .bind(text::money("AmountDue (base)", base)?)
        .bind(invoice.sent_to_contact)
        .bind(text::instant(invoice.updated_at))
        .execute(&mut *tx)
        .await?;
    Ok(existing.is_none())
}

/// Holds are listed in `sync_holds`; an invoice already stored also gets `held_reason`, which
/// keeps it from being chased on its old values.
async fn store_holds(
    tx: &mut SqliteConnection,
    org: i64,
    holds: &[SyncHold],
    now: DateTime<Utc>,
) -> Result<u32, DbError> {
    for hold in holds {
        sqlx::query(
            "INSERT INTO sync_holds (organisation_id, entity, xero_id, label, reason, held_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, entity, xero_id) \
             DO UPDATE SET label = excluded.label, reason = excluded.reason",
        )
        .bind(org)
        .bind(hold.entity.as_str())
        .bind(&hold.xero_id)
        .bind(&hold.label)
        .bind(&hold.reason)
        .bind(text::instant(now))
        .execute(&mut *tx)
        .await?;
        if hold.entity == HoldEntity::Invoice {
            sqlx::query(
                "UPDATE invoices SET held_reason = ? WHERE organisation_id = ? \
                 AND xero_invoice_id = ?",
            )
            .bind(&hold.reason)
            .bind(org)
            .bind(&hold.xero_id)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(holds.len() as u32)
}

async fn release_hold(
    tx: &mut SqliteConnection,
    org: i64,
    entity: HoldEntity,
    xero_id: &str,
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sync_holds WHERE organisation_id = ? AND entity = ? AND xero_id = ?")
        .bind(org)
        .bind(entity.as_str())
        .bind(xero_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
