//! What the engine reads to render and check one outbox item at send time: its invoice (as
//! stored by the latest sync), the step it came from (template, sender, role), and the customer
//! with its people, their addresses and roles. Read-only. Must not: decide recipients or render.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::{text, Database, DbError};

/// An invoice as a message needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendInvoice {
    pub id: i64,
    pub contact_id: i64,
    pub xero_id: String,
    pub number: String,
    pub reference: String,
    /// Xero's status (`AUTHORISED`, `PAID`, `VOIDED`, `DELETED`, …).
    pub status: String,
    pub currency: String,
    pub total: Decimal,
    pub amount_due: Decimal,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub chasing: bool,
    pub held_reason: Option<String>,
    /// The invoice's own recipient list (comma-separated), if any.
    pub recipients_override: Option<String>,
    /// Xero's UpdatedDateUTC as stored (keys the cached invoice PDF).
    pub xero_updated_at: String,
}

/// The step an item came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendStep {
    pub template_key: Option<String>,
    pub escalated: bool,
    pub role: Option<String>,
    pub trigger_kind: String,
}

/// One of the customer's people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendPerson {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub include_in_emails: bool,
    pub roles: Vec<String>,
}

/// The customer, with its people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendContact {
    pub id: i64,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub chasing: bool,
    pub people: Vec<SendPerson>,
}

const INVOICE: &str = "SELECT i.id, i.contact_id, i.xero_invoice_id, i.invoice_number, \
    i.reference, i.status, i.currency_code, i.total_e4, i.amount_due_e4, i.issue_date, \
    i.due_date, i.chasing, i.held_reason, s.recipients_override, i.xero_updated_at FROM invoices i \
    LEFT JOIN invoice_schedules s ON s.invoice_id = i.id";

const STEP: &str = "SELECT st.template_key, st.escalated_sender, st.trigger_kind, r.name AS role \
    FROM {steps} st LEFT JOIN contact_roles r ON r.id = st.contact_role_id";

impl Database {
    pub async fn send_invoice(&self, org: i64, id: i64) -> Result<Option<SendInvoice>, DbError> {
        sqlx::query(&format!(
            "{INVOICE} WHERE i.organisation_id = ? AND i.id = ?"
        ))
        .bind(org)
        .bind(id)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .as_ref()
        .map(invoice_from_row)
        .transpose()
    }

    /// The customer's open invoices (authorised, something due), oldest due first.
    pub async fn open_send_invoices(
        &self,
        org: i64,
        contact: i64,
    ) -> Result<Vec<SendInvoice>, DbError> {
        sqlx::query(&format!(
            "{INVOICE} WHERE i.organisation_id = ? AND i.contact_id = ? \
             AND i.status = 'AUTHORISED' AND i.amount_due_e4 > 0 ORDER BY i.due_date, i.id"
        ))
        .bind(org)
        .bind(contact)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(invoice_from_row)
        .collect()
    }

    /// Step `position` (from 0) of the invoice's schedule.
    pub async fn invoice_step(
        &self,
        org: i64,
        invoice: i64,
        position: usize,
    ) -> Result<Option<SendStep>, DbError> {
        let sql = STEP.replace("{steps}", "invoice_schedule_steps")
            + " JOIN invoice_schedules s ON s.id = st.schedule_id \
               WHERE st.organisation_id = ? AND s.invoice_id = ? AND st.position = ?";
        self.step(sql, org, invoice, position).await
    }

    /// Step `position` (from 0) of the customer's own schedule.
    pub async fn customer_step(
        &self,
        org: i64,
        contact: i64,
        position: usize,
    ) -> Result<Option<SendStep>, DbError> {
        let sql = STEP.replace("{steps}", "customer_schedule_steps")
            + " JOIN customer_schedules s ON s.id = st.schedule_id \
               WHERE st.organisation_id = ? AND s.contact_id = ? AND st.position = ?";
        self.step(sql, org, contact, position).await
    }

    async fn step(
        &self,
        sql: String,
        org: i64,
        owner: i64,
        position: usize,
    ) -> Result<Option<SendStep>, DbError> {
        let row = sqlx::query(&sql)
            .bind(org)
            .bind(owner)
            .bind(position as i64)
            .fetch_optional(self.reader())
            .await
            .map_err(|e| self.classify(e))?;
        Ok(row.map(|r| SendStep {
            template_key: r.get("template_key"),
            escalated: r.get::<i64, _>("escalated_sender") == 1,
            role: r.get("role"),
            trigger_kind: r.get("trigger_kind"),
        }))
    }

    /// Whether a reminder for the invoice was sent before (the template choice depends on it).
    pub async fn invoice_reminded(&self, org: i64, invoice: i64) -> Result<bool, DbError> {
        sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM outbox_items WHERE organisation_id = ? \
             AND invoice_id = ? AND state = 'sent')",
        )
        .bind(org)
        .bind(invoice)
        .fetch_one(self.reader())
        .await
        .map_err(|e| self.classify(e))
    }

    /// How many attempts message `message` has had (a new attempt gets a new Message-ID).
    pub async fn attempt_count(&self, org: i64, message: i64) -> Result<i64, DbError> {
        sqlx::query_scalar(
            "SELECT count(*) FROM send_attempts WHERE organisation_id = ? \
             AND outgoing_message_id = ?",
        )
        .bind(org)
        .bind(message)
        .fetch_one(self.reader())
        .await
        .map_err(|e| self.classify(e))
    }

    /// The customer with its people and their roles.
    pub async fn send_contact(&self, org: i64, id: i64) -> Result<SendContact, DbError> {
        let row = sqlx::query(
            "SELECT id, name, first_name, last_name, email, chasing FROM contacts \
             WHERE organisation_id = ? AND id = ?",
        )
        .bind(org)
        .bind(id)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .ok_or_else(|| DbError::NotFound(format!("customer {id} does not exist")))?;
        let people = sqlx::query(
            "SELECT p.first_name, p.last_name, p.email, p.include_in_emails, \
             (SELECT group_concat(r.name, char(31)) FROM contact_person_roles pr \
              JOIN contact_roles r ON r.id = pr.role_id WHERE pr.person_id = p.id) AS roles \
             FROM contact_persons p WHERE p.organisation_id = ? AND p.contact_id = ? ORDER BY p.id",
        )
        .bind(org)
        .bind(id)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .iter()
        .map(|p| {
            let roles: Option<String> = p.get("roles");
            SendPerson {
                first_name: p.get("first_name"),
                last_name: p.get("last_name"),
                email: p.get("email"),
                include_in_emails: p.get::<i64, _>("include_in_emails") == 1,
                roles: roles
                    .map(|r| r.split('\u{1f}').map(str::to_owned).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
        Ok(SendContact {
            id: row.get("id"),
            name: row.get("name"),
            first_name: row.get("first_name"),
            last_name: row.get("last_name"),
            email: row.get("email"),
            chasing: row.get::<i64, _>("chasing") == 1,
            people,
        })
    }
}

fn invoice_from_row(row: &SqliteRow) -> Result<SendInvoice, DbError> {
    Ok(SendInvoice {
        id: row.get("id"),
        contact_id: row.get("contact_id"),
        xero_id: row.get("xero_invoice_id"),
        number: row.get("invoice_number"),
        reference: row.get("reference"),
        status: row.get("status"),
        currency: row.get("currency_code"),
        total: text::parse_money(row.get("total_e4")),
        amount_due: text::parse_money(row.get("amount_due_e4")),
        issue_date: text::parse_date(row.get("issue_date"))?,
        due_date: text::parse_date(row.get("due_date"))?,
        chasing: row.get::<i64, _>("chasing") == 1,
        held_reason: row.get("held_reason"),
        recipients_override: row.get("recipients_override"),
        xero_updated_at: row.get("xero_updated_at"),
    })
}
