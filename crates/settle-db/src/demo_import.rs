//! Writing a generated demo organisation into the database (create or refresh), with its default
//! cadence applied to the open invoices of chased customers.

use chrono::{DateTime, Utc};
use settle_core::demo::DemoOrganisation;
use settle_core::money::to_base;
use sqlx::SqliteConnection;

use crate::invoice_schedules::apply_defaults_in;
use crate::xero_organisation::insert_default_cadence;
use crate::{text, Database, DbError};

impl Database {
    /// Replaces any demo organisation with `demo`, in one transaction: a failure leaves the
    /// previous demo (and every real organisation) untouched. Returns the new organisation's id.
    pub async fn replace_demo(
        &self,
        demo: &DemoOrganisation,
        now: DateTime<Utc>,
    ) -> Result<i64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        sqlx::query("DELETE FROM organisations WHERE is_demo = 1")
            .execute(&mut *tx)
            .await
            .map_err(|e| self.classify(e))?;
        let org_id = insert_demo(&mut tx, demo, now).await?;
        // The default cadence goes onto every open invoice of a chased customer, as if each had
        // just arrived, so the demo has a plan from the start (past steps show as backdated).
        apply_defaults_in(&mut tx, org_id, true, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(org_id)
    }
}

async fn insert_demo(
    tx: &mut SqliteConnection,
    demo: &DemoOrganisation,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    let org = Database::insert_organisation(tx, &demo.organisation, now).await?;
    let mut role_ids = std::collections::HashMap::new();
    for role in &demo.roles {
        let id = sqlx::query("INSERT INTO contact_roles (organisation_id, name) VALUES (?, ?)")
            .bind(org)
            .bind(role)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        role_ids.insert(role.clone(), id);
    }
    insert_default_cadence(tx, org, &demo.default_cadence, now).await?;
    for customer in &demo.customers {
        let contact_id = Database::insert_contact(tx, org, &customer.contact, &role_ids).await?;
        let mut invoice_ids = Vec::with_capacity(customer.invoices.len());
        for invoice in &customer.invoices {
            let base = to_base(invoice.amount_due, invoice.currency_rate);
            let id = sqlx::query(
                "INSERT INTO invoices (organisation_id, contact_id, xero_invoice_id, \
                 invoice_number, reference, status, issue_date, due_date, expected_payment_date, \
                 fully_paid_on, currency_code, currency_rate, total_e4, amount_due_e4, \
                 amount_paid_e4, amount_credited_e4, amount_due_base_e4, sent_to_contact, \
                 xero_updated_at, chasing) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(org)
            .bind(contact_id)
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
            // A customer who is not chased does not have its invoices chased either.
            .bind(invoice.chasing_enabled && customer.contact.chasing.is_chasing())
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
            invoice_ids.push(id);
        }
        for message in &customer.messages {
            sqlx::query(
                "INSERT INTO messages (organisation_id, contact_id, invoice_id, channel, \
                 recipients, subject, body_text, state, sent_at) \
                 VALUES (?, ?, ?, 'email', ?, ?, '', 'sent', ?)",
            )
            .bind(org)
            .bind(contact_id)
            .bind(invoice_ids.get(message.invoice))
            .bind(&message.to)
            .bind(&message.subject)
            .bind(text::instant(message.sent_at))
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(org)
}
