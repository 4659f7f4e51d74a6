//! The aggregate behind the Customers overview: per customer and currency, what is open and what
//! is overdue at `today`, plus when it last settled an invoice and its reminder times.
//!
//! SQL only sums here; who is listed, tabs, search and sort are decided by
//! `settle_core::overview` so the rules are table-tested in one place.

use std::collections::HashMap;

use chrono::NaiveDate;
use settle_core::contact::{ChasingStatus, ContactStatus};
use settle_core::overview::{settled_window_start, CurrencyBalance, CustomerFacts};
use settle_core::CurrencyCode;
use sqlx::Row;

use crate::{text, Database, DbError};

// "Open" mirrors `Invoice::is_open` (AUTHORISED with an amount due) and "overdue" mirrors
// `Invoice::is_overdue` (due before today); a test checks both against settle-core on the demo.
const BALANCES: &str = "\
    SELECT contact_id, currency_code, COUNT(*) AS open_invoices, \
           SUM(amount_due_e4) AS outstanding, \
           SUM(CASE WHEN due_date < ?2 THEN amount_due_e4 ELSE 0 END) AS overdue, \
           SUM(amount_due_base_e4) AS outstanding_base, \
           SUM(CASE WHEN due_date < ?2 THEN amount_due_base_e4 ELSE 0 END) AS overdue_base \
    FROM invoices INDEXED BY invoices_open \
    WHERE organisation_id = ?1 AND status = 'AUTHORISED' AND amount_due_e4 > 0 \
    GROUP BY contact_id, currency_code";

const CONTACTS: &str = "\
    SELECT c.id, c.name, c.contact_status, c.chasing, COALESCE(own.name, dflt.name) AS schedule, \
      (SELECT MAX(fully_paid_on) FROM invoices i \
        WHERE i.contact_id = c.id AND i.status = 'PAID' AND i.fully_paid_on >= ?2) AS last_settled, \
      (SELECT MAX(sent_at) FROM messages m WHERE m.contact_id = c.id AND m.state = 'sent') \
        AS last_reminder, \
      (SELECT MIN(due_at) FROM outbox_items o WHERE o.contact_id = c.id \
        AND o.state IN ('planned', 'awaiting_approval', 'approved')) AS next_reminder \
    FROM contacts c \
    LEFT JOIN cadences own ON own.id = c.cadence_id \
    LEFT JOIN cadences dflt ON dflt.organisation_id = c.organisation_id AND dflt.is_default = 1 \
    WHERE c.organisation_id = ?1 AND (c.id IN (SELECT contact_id FROM open_contacts) \
      OR c.id IN (SELECT contact_id FROM invoices INDEXED BY invoices_settled \
                  WHERE organisation_id = ?1 AND status = 'PAID' AND fully_paid_on >= ?2))";

impl Database {
    /// The facts of every customer that might be listed at `today`: those with an open invoice
    /// and those with a settlement since the start of the "last month" window. settle-core makes
    /// the final decision.
    pub async fn customer_facts(
        &self,
        org: i64,
        today: NaiveDate,
    ) -> Result<Vec<CustomerFacts>, DbError> {
        let today_text = text::date(today);
        let since = text::date(settled_window_start(today));
        let mut conn = self.reader().acquire().await.map_err(|e| self.classify(e))?;

        let mut balances: HashMap<i64, Vec<CurrencyBalance>> = HashMap::new();
        for row in sqlx::query(BALANCES)
            .bind(org)
            .bind(&today_text)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.classify(e))?
        {
            balances
                .entry(row.get("contact_id"))
                .or_default()
                .push(CurrencyBalance {
                    currency: CurrencyCode::new(row.get("currency_code"))?,
                    open_invoices: row.get::<i64, _>("open_invoices") as u32,
                    outstanding: text::parse_money(row.get("outstanding")),
                    overdue: text::parse_money(row.get("overdue")),
                    outstanding_base: text::parse_money(row.get("outstanding_base")),
                    overdue_base: text::parse_money(row.get("overdue_base")),
                });
        }

        let query = format!(
            "WITH open_contacts AS (SELECT DISTINCT contact_id FROM invoices INDEXED BY \
             invoices_open WHERE organisation_id = ?1 AND status = 'AUTHORISED' \
             AND amount_due_e4 > 0) {CONTACTS}"
        );
        let rows = sqlx::query(&query)
            .bind(org)
            .bind(&since)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| self.classify(e))?;
        rows.into_iter()
            .map(|row| {
                let id: i64 = row.get("id");
                Ok(CustomerFacts {
                    id,
                    name: row.get("name"),
                    status: ContactStatus::parse(row.get("contact_status"))?,
                    chasing: ChasingStatus::from_flag(row.get::<i64, _>("chasing") == 1),
                    schedule: row.get("schedule"),
                    balances: balances.remove(&id).unwrap_or_default(),
                    last_settled_on: text::parse_opt_date(row.get("last_settled"))?,
                    last_reminder_at: text::parse_opt_instant(row.get("last_reminder"))?,
                    next_reminder_at: text::parse_opt_instant(row.get("next_reminder"))?,
                })
            })
            .collect()
    }
}
