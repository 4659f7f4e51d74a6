//! The aggregate behind the Customers overview: per customer and currency, what is open and what
//! is overdue at `today`, plus when it last settled an invoice and its reminder times.
//!
//! SQL only sums here; who is listed, tabs, search and sort are decided by
//! `settle_core::overview` so the rules are table-tested in one place.
//!
//! Each query returns its rows as one JSON array built inside SQLite: sqlx's SQLite driver hands
//! rows over one at a time between threads (~15 µs each), which for 20,000 customers cost ten
//! times more than the query itself (measured: docs/PERFORMANCE.md).

use std::collections::HashMap;

use chrono::NaiveDate;
use settle_core::contact::{ChasingStatus, ContactStatus};
use settle_core::overview::{settled_window_start, CurrencyBalance, CustomerFacts};
use settle_core::CurrencyCode;

use crate::{text, Database, DbError};

// "Open" mirrors `Invoice::is_open` (AUTHORISED with an amount due) and "overdue" mirrors
// `Invoice::is_overdue` (due before today); a test checks both against settle-core on the demo.
const BALANCES: &str = "\
    SELECT json_group_array(json_array(contact_id, currency_code, n, outstanding, overdue, \
                                       outstanding_base, overdue_base)) FROM ( \
      SELECT contact_id, currency_code, COUNT(*) AS n, \
             SUM(amount_due_e4) AS outstanding, \
             SUM(CASE WHEN due_date < ?2 THEN amount_due_e4 ELSE 0 END) AS overdue, \
             SUM(amount_due_base_e4) AS outstanding_base, \
             SUM(CASE WHEN due_date < ?2 THEN amount_due_base_e4 ELSE 0 END) AS overdue_base \
      FROM invoices INDEXED BY invoices_open \
      WHERE organisation_id = ?1 AND status = 'AUTHORISED' AND amount_due_e4 > 0 \
      GROUP BY contact_id, currency_code)";

// Every customer of the organisation with its last settlement since `?2` and reminder times;
// settle-core decides who is listed. (Scanning all contacts is cheaper than first collecting the
// ones with open invoices, which the balances query already knows.) MATERIALIZED keeps SQLite
// from re-running the grouped settlement scan once per contact (measured: 10 s instead of 20 ms).
// The next reminder is the earlier of a reminder already in the outbox and the next one the last
// planning run stored on a chased open invoice (`invoice_schedules.next_at`); none for a customer
// not being chased.
const CONTACTS: &str = "\
    WITH settled AS MATERIALIZED ( \
      SELECT contact_id, MAX(fully_paid_on) AS last_settled \
      FROM invoices INDEXED BY invoices_settled \
      WHERE organisation_id = ?1 AND status = 'PAID' AND fully_paid_on >= ?2 \
      GROUP BY contact_id), \
    planned AS MATERIALIZED ( \
      SELECT i.contact_id, MIN(s.next_at) AS next_at \
      FROM invoice_schedules s JOIN invoices i ON i.id = s.invoice_id \
      WHERE s.organisation_id = ?1 AND s.next_at IS NOT NULL AND i.status = 'AUTHORISED' \
      AND i.amount_due_e4 > 0 AND i.chasing = 1 \
      GROUP BY i.contact_id) \
    SELECT json_group_array(json_array(id, name, contact_status, chasing, schedule, \
                                       last_settled, last_reminder, next_reminder)) FROM ( \
      SELECT c.id, c.name, c.contact_status, c.chasing, \
        COALESCE(own.name, dflt.name) AS schedule, s.last_settled, \
        (SELECT MAX(sent_at) FROM messages m WHERE m.contact_id = c.id AND m.state = 'sent') \
          AS last_reminder, \
        CASE WHEN c.chasing = 1 THEN (SELECT MIN(at) FROM ( \
          SELECT MIN(due_at) AS at FROM outbox_items o WHERE o.contact_id = c.id \
            AND o.state IN ('planned', 'awaiting_approval', 'approved') \
          UNION ALL SELECT p.next_at)) \
        END AS next_reminder \
      FROM contacts c \
      LEFT JOIN settled s ON s.contact_id = c.id \
      LEFT JOIN planned p ON p.contact_id = c.id \
      LEFT JOIN cadences own ON own.id = c.cadence_id \
      LEFT JOIN cadences dflt ON dflt.organisation_id = c.organisation_id \
                             AND dflt.is_default = 1 \
      WHERE c.organisation_id = ?1)";

type BalanceRow = (i64, String, i64, i64, i64, i64, i64);
type ContactRow = (
    i64,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl Database {
    /// The facts of every customer that might be listed at `today`: those with an open invoice
    /// and those with a settlement since the start of the "last month" window (others are left
    /// out here to keep the result small). settle-core makes the final decision.
    pub async fn customer_facts(
        &self,
        org: i64,
        today: NaiveDate,
    ) -> Result<Vec<CustomerFacts>, DbError> {
        let mut conn = self
            .reader()
            .acquire()
            .await
            .map_err(|e| self.classify(e))?;
        let balances_json: String = sqlx::query_scalar(BALANCES)
            .bind(org)
            .bind(text::date(today))
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| self.classify(e))?;
        let contacts_json: String = sqlx::query_scalar(CONTACTS)
            .bind(org)
            .bind(text::date(settled_window_start(today)))
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| self.classify(e))?;
        drop(conn);

        let parse_err = |e: serde_json::Error| DbError::Conversion(format!("overview rows: {e}"));
        let mut balances: HashMap<i64, Vec<CurrencyBalance>> = HashMap::new();
        for (contact, currency, n, out, due, out_base, due_base) in
            serde_json::from_str::<Vec<BalanceRow>>(&balances_json).map_err(parse_err)?
        {
            balances.entry(contact).or_default().push(CurrencyBalance {
                currency: CurrencyCode::new(&currency)?,
                open_invoices: n as u32,
                outstanding: text::parse_money(out),
                overdue: text::parse_money(due),
                outstanding_base: text::parse_money(out_base),
                overdue_base: text::parse_money(due_base),
            });
        }
        let rows = serde_json::from_str::<Vec<ContactRow>>(&contacts_json).map_err(parse_err)?;
        let mut facts = Vec::with_capacity(balances.len());
        for (id, name, status, chasing, schedule, settled, last, next) in rows {
            let open = balances.remove(&id);
            if open.is_none() && settled.is_none() {
                continue; // neither owes nor settled lately: never listed
            }
            facts.push(CustomerFacts {
                id,
                name,
                status: ContactStatus::parse(&status)?,
                chasing: ChasingStatus::from_flag(chasing == 1),
                schedule,
                balances: open.unwrap_or_default(),
                last_settled_on: text::parse_opt_date(settled)?,
                last_reminder_at: text::parse_opt_instant(last)?,
                next_reminder_at: text::parse_opt_instant(next)?,
            });
        }
        Ok(facts)
    }
}
