//! What the planner reads about customer-level schedules (part of a [`crate::PlanBook`]): each
//! scheduled customer with its open invoices, and its customer-level outbox history (items with
//! no invoice, keyed `customer:C:loop:A:…` or, for its monthly statements,
//! `customer:C:statement:YYYY-MM:CHANNEL`), in two queries that each return one JSON array.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use settle_core::schedule::{
    parse_occurrence_key, CustomerSchedule, LoopAnchor, PastSend, StatementMonth, Subject,
};
use settle_core::CurrencyCode;
use sqlx::SqliteConnection;

use crate::customer_schedules::{anchor_of, loop_number, statement_of, StoredStatement};
use crate::outbox::OutboxState;
use crate::plan_book::{json_err, parse_signature, HistoryItem};
use crate::steps::STEP_SIGNATURE;
use crate::{text, DbError};

/// A customer on a customer-level schedule, as the planner needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookCustomer {
    pub contact_id: i64,
    pub name: String,
    /// The customer's chasing switch (Chasing / Not chasing).
    pub chasing: bool,
    /// Index into [`crate::PlanBook::customer_schedules`].
    pub schedule: usize,
    pub applied_at: DateTime<Utc>,
    pub anchor: Option<LoopAnchor>,
    pub loop_number: u32,
    /// Its open invoices (issued, amount due above zero), oldest due first.
    pub open_invoices: Vec<BookOpenInvoice>,
    /// Its monthly statement, if it has one.
    pub statement: Option<StoredStatement>,
}

/// One open invoice of a scheduled customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookOpenInvoice {
    pub id: i64,
    pub number: String,
    pub currency: CurrencyCode,
    pub amount_due: Decimal,
    pub due_date: NaiveDate,
    /// The invoice's own chasing switch (a disputed invoice is neither listed nor an anchor).
    pub chasing: bool,
}

/// One customer-level outbox item, with the loop it belongs to (the key's anchor invoice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopHistoryItem {
    pub loop_anchor: i64,
    pub item: HistoryItem,
}

/// One outbox item of a customer's monthly statements, with its month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementHistoryItem {
    pub month: StatementMonth,
    pub item: HistoryItem,
}

/// The customer part of a [`crate::PlanBook`].
#[derive(Debug, Default)]
pub(crate) struct CustomerBook {
    pub customers: Vec<BookCustomer>,
    pub schedules: Vec<Arc<CustomerSchedule>>,
    pub history: HashMap<i64, Vec<LoopHistoryItem>>,
    pub statement_history: HashMap<i64, Vec<StatementHistoryItem>>,
}

type CustomerRow = (
    i64,
    String,
    i64,
    String,
    Option<i64>,
    Option<String>,
    i64,
    Option<String>,
    Vec<(i64, String, String, i64, String, i64)>,
    (Option<i64>, Option<i64>, Option<String>, Option<String>),
);

type LoopHistoryRow = (i64, String, String, String, String, Option<String>);

/// Reads the scheduled customers of `org` (only `contact` when given), their open invoices and
/// their customer-level outbox history.
pub(crate) async fn read_customer_book(
    conn: &mut SqliteConnection,
    org: i64,
    contact: Option<i64>,
    roles: &HashMap<i64, String>,
) -> Result<CustomerBook, DbError> {
    // The invoices list is built by a subquery; json() keeps it an array inside the row.
    let customers_json: String = sqlx::query_scalar(&format!(
        "SELECT json_group_array(json_array(cs.contact_id, c.name, c.chasing, cs.applied_at, \
           cs.loop_anchor_invoice_id, cs.loop_anchor_due_date, cs.loop_number, \
           (SELECT group_concat({STEP_SIGNATURE}, ';' ORDER BY st.position) \
            FROM customer_schedule_steps st WHERE st.schedule_id = cs.id), \
           json((SELECT json_group_array(json_array(i.id, i.invoice_number, i.currency_code, \
                   i.amount_due_e4, i.due_date, i.chasing)) FROM invoices i \
                 WHERE i.contact_id = cs.contact_id AND i.organisation_id = cs.organisation_id \
                 AND i.status = 'AUTHORISED' AND i.amount_due_e4 > 0)), \
           json_array(cs.statement_day, cs.statement_hour, cs.statement_channels, \
             cs.statement_set_at))) \
         FROM customer_schedules cs JOIN contacts c ON c.id = cs.contact_id \
         WHERE cs.organisation_id = ?1 AND (?2 IS NULL OR cs.contact_id = ?2)"
    ))
    .bind(org)
    .bind(contact)
    .fetch_one(&mut *conn)
    .await?;
    let history_json: String = sqlx::query_scalar(
        "SELECT json_group_array(json_array(o.contact_id, o.occurrence_key, o.due_at, o.state, \
           o.state_reason, o.missed_at)) \
         FROM customer_schedules cs JOIN outbox_items o ON o.contact_id = cs.contact_id \
         WHERE cs.organisation_id = ?1 AND (?2 IS NULL OR cs.contact_id = ?2) \
         AND o.organisation_id = ?1 AND o.invoice_id IS NULL",
    )
    .bind(org)
    .bind(contact)
    .fetch_one(&mut *conn)
    .await?;

    let mut book = CustomerBook::default();
    let mut by_signature: HashMap<String, usize> = HashMap::new();
    let rows: Vec<CustomerRow> = serde_json::from_str(&customers_json).map_err(json_err)?;
    for (contact_id, name, chasing, applied, anchor, anchor_due, loops, sig, invoices, st) in rows {
        let sig = sig.unwrap_or_default();
        let schedule = match by_signature.get(&sig) {
            Some(index) => *index,
            None => {
                let steps = parse_signature(&sig, roles)?;
                let parsed = CustomerSchedule::new(&steps).map_err(|e| {
                    DbError::Conversion(format!("stored customer schedule of {name}: {e}"))
                })?;
                book.schedules.push(Arc::new(parsed));
                by_signature.insert(sig, book.schedules.len() - 1);
                book.schedules.len() - 1
            }
        };
        let mut open_invoices = invoices
            .into_iter()
            .map(|(id, number, currency, due_e4, due, chasing)| {
                Ok(BookOpenInvoice {
                    id,
                    number,
                    currency: CurrencyCode::new(&currency)?,
                    amount_due: text::parse_money(due_e4),
                    due_date: text::parse_date(&due)?,
                    chasing: chasing == 1,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        open_invoices.sort_unstable_by_key(|i| (i.due_date, i.id));
        book.customers.push(BookCustomer {
            contact_id,
            name,
            chasing: chasing == 1,
            schedule,
            applied_at: text::parse_instant(&applied)?,
            anchor: anchor_of(anchor, anchor_due)?,
            loop_number: loop_number(loops),
            open_invoices,
            statement: statement_of(st.0, st.1, st.2, st.3)?,
        });
    }
    book.customers.sort_unstable_by_key(|c| c.contact_id);
    for (contact_id, key, due_at, state, reason, missed_at) in
        serde_json::from_str::<Vec<LoopHistoryRow>>(&history_json).map_err(json_err)?
    {
        // Only this customer's loops and statements; an item of another form is in no plan.
        let Some((subject, id)) = parse_occurrence_key(&key) else {
            continue;
        };
        let (customer, loop_anchor, month) = match subject {
            Subject::Customer {
                customer,
                loop_anchor,
            } => (customer, Some(loop_anchor), None),
            Subject::Statement { customer, month } => (customer, None, Some(month)),
            Subject::Invoice(_) => continue,
        };
        if customer != contact_id {
            continue;
        }
        let state = OutboxState::parse(&state)?;
        let item = HistoryItem {
            past: PastSend {
                id,
                at: text::parse_instant(&due_at)?,
                outcome: state.outcome(&reason),
            },
            state,
            reason,
            missed_at: text::parse_opt_instant(missed_at)?,
        };
        if let Some(loop_anchor) = loop_anchor {
            book.history
                .entry(contact_id)
                .or_default()
                .push(LoopHistoryItem { loop_anchor, item });
        } else if let Some(month) = month {
            book.statement_history
                .entry(contact_id)
                .or_default()
                .push(StatementHistoryItem { month, item });
        }
    }
    Ok(book)
}
