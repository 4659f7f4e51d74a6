//! The Settle-only half of a demo organisation whose contacts and invoices arrived through a Xero
//! sync (from the in-process fake-xero, decision 0020): which organisation is the demo, its
//! contact roles, which customers the demo owner "does not chase", the reminders it "already
//! sent", and its default cadence on the open invoices. Xero has none of these, so the sync cannot
//! bring them. Owns: those writes and removing a demo. Must not: write anything Xero owns
//! (contacts, invoices, amounts, statuses — the sync stores those) or touch a real organisation.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use settle_core::demo::{DemoOrganisation, DemoSize};
use sqlx::{Row, SqliteConnection};

use crate::invoice_schedules::apply_defaults_in;
use crate::{text, Database, DbError};

/// What a synced demo was generated from, so the next launch can serve the same world again:
/// `settle_core::demo::generate(seed, size, day)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoRecipe {
    pub seed: u64,
    pub size: DemoSize,
    /// The demo's "today" when it was made.
    pub day: NaiveDate,
}

impl Database {
    /// Removes the demo organisation: every row marked `is_demo`, and the row holding the demo's
    /// own Xero tenant id `demo_tenant` (a sync stores its tenant unmarked until
    /// [`Database::mark_demo`] runs). No real Xero organisation has that tenant id.
    pub async fn remove_demo(&self, demo_tenant: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM organisations WHERE is_demo = 1 OR xero_tenant_id = ?")
            .bind(demo_tenant)
            .execute(self.writer())
            .await
            .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Marks `org` as the demo again after a sync of its tenant (the organisation upsert stores
    /// every synced organisation as a real one).
    pub async fn mark_demo(&self, org: i64) -> Result<(), DbError> {
        let mut conn = self
            .writer()
            .acquire()
            .await
            .map_err(|e| self.classify(e))?;
        mark_demo_in(&mut conn, org).await
    }

    /// Completes a demo whose contacts and invoices were just synced into `org`, in one
    /// transaction: marks it as the demo, adds `demo`'s contact roles (onto persons matched by
    /// email), stops chasing the customers `demo` does not chase, records the reminders `demo`
    /// says were sent, and puts the default cadence on the open invoices of chased customers.
    /// Customers and invoices are matched by their Xero ids; ones the sync did not store are
    /// skipped.
    pub async fn finish_synced_demo(
        &self,
        org: i64,
        demo: &DemoOrganisation,
        recipe: &DemoRecipe,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        mark_demo_in(&mut tx, org).await?;
        sqlx::query(
            "UPDATE organisations SET settings_json = json_set(settings_json, \
             '$.demo_seed', ?, '$.demo_customers', ?, '$.demo_invoices_per_customer', ?, \
             '$.demo_day', ?) WHERE id = ?",
        )
        .bind(recipe.seed as i64)
        .bind(recipe.size.customers as i64)
        .bind(recipe.size.invoices_per_customer as i64)
        .bind(text::date(recipe.day))
        .bind(org)
        .execute(&mut *tx)
        .await?;
        let roles = insert_roles(&mut tx, org, &demo.roles).await?;
        for customer in &demo.customers {
            let contact = &customer.contact;
            let contact_id: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM contacts WHERE organisation_id = ? AND xero_contact_id = ?",
            )
            .bind(org)
            .bind(&contact.xero_contact_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(contact_id) = contact_id else {
                continue;
            };
            if !contact.chasing.is_chasing() {
                // A customer who is not chased does not have its invoices chased either.
                sqlx::query("UPDATE contacts SET chasing = 0 WHERE id = ?")
                    .bind(contact_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE invoices SET chasing = 0 WHERE contact_id = ?")
                    .bind(contact_id)
                    .execute(&mut *tx)
                    .await?;
            }
            for person in &contact.persons {
                for role in &person.roles {
                    sqlx::query(
                        "INSERT INTO contact_person_roles (organisation_id, person_id, role_id) \
                         SELECT ?, p.id, ? FROM contact_persons p \
                         WHERE p.contact_id = ? AND p.email IS ?",
                    )
                    .bind(org)
                    .bind(roles.get(role).copied())
                    .bind(contact_id)
                    .bind(&person.email)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            for message in &customer.messages {
                let Some(invoice) = customer.invoices.get(message.invoice) else {
                    continue;
                };
                sqlx::query(
                    "INSERT INTO messages (organisation_id, contact_id, invoice_id, channel, \
                     recipients, subject, body_text, state, sent_at) \
                     SELECT ?, ?, i.id, 'email', ?, ?, '', 'sent', ? FROM invoices i \
                     WHERE i.organisation_id = ? AND i.xero_invoice_id = ?",
                )
                .bind(org)
                .bind(contact_id)
                .bind(&message.to)
                .bind(&message.subject)
                .bind(text::instant(message.sent_at))
                .bind(org)
                .bind(&invoice.xero_invoice_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        // As if every open invoice had just arrived, so the demo has a plan from the start.
        apply_defaults_in(&mut tx, org, true, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }
}

impl Database {
    /// What the synced demo `org` was generated from; `None` for a demo imported directly
    /// (`replace_demo`, the benchmark sizes) or any other organisation.
    pub async fn demo_recipe(&self, org: i64) -> Result<Option<DemoRecipe>, DbError> {
        let row = sqlx::query(
            "SELECT json_extract(settings_json, '$.demo_seed') AS seed, \
             json_extract(settings_json, '$.demo_customers') AS customers, \
             json_extract(settings_json, '$.demo_invoices_per_customer') AS per_customer, \
             json_extract(settings_json, '$.demo_day') AS day \
             FROM organisations WHERE id = ? AND is_demo = 1",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let (seed, customers, per_customer, day): (
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<String>,
        ) = (
            row.get("seed"),
            row.get("customers"),
            row.get("per_customer"),
            row.get("day"),
        );
        let (Some(seed), Some(customers), Some(per_customer), Some(day)) =
            (seed, customers, per_customer, day)
        else {
            return Ok(None);
        };
        Ok(Some(DemoRecipe {
            seed: seed as u64,
            size: DemoSize {
                customers: customers as usize,
                invoices_per_customer: per_customer as usize,
            },
            day: text::parse_date(&day)?,
        }))
    }
}

async fn mark_demo_in(conn: &mut SqliteConnection, org: i64) -> Result<(), DbError> {
    // At most one demo: an older one (say, left by an interrupted refresh) goes.
    sqlx::query("DELETE FROM organisations WHERE is_demo = 1 AND id <> ?")
        .bind(org)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE organisations SET is_demo = 1 WHERE id = ?")
        .bind(org)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn insert_roles(
    conn: &mut SqliteConnection,
    org: i64,
    names: &[String],
) -> Result<HashMap<String, i64>, DbError> {
    let mut ids = HashMap::new();
    for name in names {
        sqlx::query("INSERT OR IGNORE INTO contact_roles (organisation_id, name) VALUES (?, ?)")
            .bind(org)
            .bind(name)
            .execute(&mut *conn)
            .await?;
        let id: i64 = sqlx::query_scalar(
            "SELECT id FROM contact_roles WHERE organisation_id = ? AND name = ?",
        )
        .bind(org)
        .bind(name)
        .fetch_one(&mut *conn)
        .await?;
        ids.insert(name.clone(), id);
    }
    Ok(ids)
}
