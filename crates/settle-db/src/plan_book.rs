//! Everything the planner needs about a set of invoices, read in three queries: the invoices with
//! their schedules, the outbox history of each, and the organisation's planning settings.
//!
//! Built for 200,000 invoices: each query returns one JSON array built inside SQLite (rows handed
//! over one by one cost ~15 µs each, see overview.rs), and each invoice's steps come as one
//! compact text signature (`invoice_schedules.steps_signature`, written when a cadence is
//! applied), so invoices that received the same cadence share one parsed [`Schedule`] instead of
//! 200,000 copies.
//!
//! The organisation's and one customer's books also hold the customers on a customer-level
//! schedule, with their open invoices and customer-level outbox history (two more queries, in
//! `customer_book.rs`; none for the other scopes).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use settle_core::invoice::InvoiceStatus;
use settle_core::schedule::{
    parse_occurrence_key, CustomerSchedule, PastSend, Schedule, StepInput, Subject,
};
use settle_core::CurrencyCode;

use crate::customer_book::{
    read_customer_book, BookCustomer, LoopHistoryItem, StatementHistoryItem,
};
use crate::invoice_expected_dates::EFFECTIVE_EXPECTED_DATE;
use crate::organisations::hold_setting;
use crate::outbox::OutboxState;
use crate::steps::{from_columns, role_names, to_schedule, STEP_SIGNATURE};
use crate::{text, Database, DbError};

/// Which invoices to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookScope {
    /// What planning looks at: open invoices, and any invoice with an item still waiting in the
    /// outbox (so a paid invoice's pending reminders can be withdrawn).
    Plannable,
    /// One invoice, whatever its status.
    Invoice(i64),
    /// One customer's plannable invoices.
    Contact(i64),
    /// The open invoices whose schedule was copied from this cadence.
    Cadence(i64),
    /// Every open invoice (issued, with an amount due).
    Open,
    /// These invoices, whatever their status.
    Invoices(Vec<i64>),
}

/// One invoice, as the planner needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookInvoice {
    pub id: i64,
    pub contact_id: i64,
    pub contact_name: String,
    pub number: String,
    pub status: InvoiceStatus,
    pub amount_due: Decimal,
    pub currency: CurrencyCode,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub expected_payment_date: Option<NaiveDate>,
    pub sent_to_contact: bool,
    pub invoice_chasing: bool,
    pub customer_chasing: bool,
    /// The invoice has its own recipient list.
    pub own_recipients: bool,
    /// The invoice's schedule, if it has one.
    pub schedule: Option<BookSchedule>,
}

/// Where an invoice's schedule came from and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookSchedule {
    /// Index into [`PlanBook::schedules`].
    pub steps: usize,
    pub applied_at: DateTime<Utc>,
    pub cadence_name: String,
    /// The next scheduled reminder the last planning run stored (`invoice_schedules.next_at`).
    pub next_at: Option<DateTime<Utc>>,
}

/// One outbox item of an invoice, as the planner reads it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryItem {
    pub past: PastSend,
    pub state: OutboxState,
    /// The outbox's `state_reason` (also for states whose outcome carries none).
    pub reason: String,
    pub missed_at: Option<DateTime<Utc>>,
}

/// The invoices of a scope, their distinct schedules and their outbox history.
#[derive(Debug, Clone, Default)]
pub struct PlanBook {
    pub invoices: Vec<BookInvoice>,
    pub schedules: Vec<Arc<Schedule>>,
    /// By invoice id; invoices without history are absent.
    pub history: HashMap<i64, Vec<HistoryItem>>,
    /// The organisation's setting: send nothing before an invoice's expected payment date.
    pub hold_until_expected_payment: bool,
    /// Customers on a customer-level schedule (every one for [`BookScope::Plannable`], the one
    /// for [`BookScope::Contact`], none for the other scopes), by id.
    pub customers: Vec<BookCustomer>,
    /// Their distinct schedules ([`BookCustomer::schedule`] indexes this).
    pub customer_schedules: Vec<Arc<CustomerSchedule>>,
    /// Customer-level outbox items (every loop) by customer id; customers without any are absent.
    pub customer_history: HashMap<i64, Vec<LoopHistoryItem>>,
    /// Their monthly statements' outbox items by customer id; customers without any are absent.
    pub statement_history: HashMap<i64, Vec<StatementHistoryItem>>,
}

impl PlanBook {
    pub fn history_of(&self, invoice: i64) -> &[HistoryItem] {
        self.history.get(&invoice).map_or(&[], Vec::as_slice)
    }

    pub fn customer_history_of(&self, customer: i64) -> &[LoopHistoryItem] {
        self.customer_history
            .get(&customer)
            .map_or(&[], Vec::as_slice)
    }

    pub fn statement_history_of(&self, customer: i64) -> &[StatementHistoryItem] {
        self.statement_history
            .get(&customer)
            .map_or(&[], Vec::as_slice)
    }
}

type InvoiceRow = (
    (i64, i64, String, String, String, i64, String, String),
    (
        String,
        Option<String>,
        i64,
        i64,
        i64,
        Option<String>,
        i64,
        Option<String>,
        Option<String>,
    ),
    Option<String>,
);

impl Database {
    /// Reads the invoices of `scope` with their schedules and history; invoices without a
    /// schedule are left out unless `with_unscheduled` (a preview of applying one).
    pub async fn plan_book(
        &self,
        org: i64,
        scope: &BookScope,
        with_unscheduled: bool,
    ) -> Result<PlanBook, DbError> {
        let (filter, bind) = match scope {
            BookScope::Plannable => (PLANNABLE.to_owned(), String::new()),
            BookScope::Invoice(id) => ("i.id = ?2".to_owned(), id.to_string()),
            BookScope::Contact(id) => {
                (format!("i.contact_id = ?2 AND {PLANNABLE}"), id.to_string())
            }
            BookScope::Cadence(id) => (
                "s.source_cadence_id = ?2 AND i.status = 'AUTHORISED' AND i.amount_due_e4 > 0"
                    .to_owned(),
                id.to_string(),
            ),
            BookScope::Open => (OPEN.to_owned(), String::new()),
            BookScope::Invoices(ids) => (
                "i.id IN (SELECT value FROM json_each(?2))".to_owned(),
                serde_json::to_string(ids).map_err(|e| DbError::Conversion(e.to_string()))?,
            ),
        };
        let mut conn = self
            .reader()
            .acquire()
            .await
            .map_err(|e| self.classify(e))?;
        let hold = hold_setting(&mut conn, org)
            .await
            .map_err(|e| self.classify(e))?;
        let roles = role_names(&mut conn, org)
            .await
            .map_err(|e| self.classify(e))?;
        // Nested json_array keeps each row within serde's tuple sizes.
        let invoices_json: String = sqlx::query_scalar(&format!(
            "SELECT json_group_array(json_array( \
               json_array(i.id, i.contact_id, c.name, i.invoice_number, i.status, \
                          i.amount_due_e4, i.currency_code, i.issue_date), \
               json_array(i.due_date, {EFFECTIVE_EXPECTED_DATE}, i.sent_to_contact, \
                          CASE WHEN i.held_reason IS NULL THEN i.chasing ELSE 0 END, \
                          c.chasing, s.applied_at, s.recipients_override IS NOT NULL, \
                          s.source_cadence_name, s.next_at), \
               COALESCE(NULLIF(s.steps_signature, ''), (SELECT group_concat({STEP_SIGNATURE}, \
                 ';' ORDER BY st.position) FROM invoice_schedule_steps st \
                 WHERE st.schedule_id = s.id)))) \
             FROM invoices i \
             JOIN contacts c ON c.id = i.contact_id \
             LEFT JOIN invoice_schedules s ON s.invoice_id = i.id \
             WHERE i.organisation_id = ?1 AND (s.id IS NOT NULL OR ?3) AND {filter}"
        ))
        .bind(org)
        .bind(&bind)
        .bind(with_unscheduled)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| self.classify(e))?;
        let history_json: String = sqlx::query_scalar(&format!(
            "SELECT json_group_array(json_array(o.invoice_id, o.occurrence_key, o.due_at, \
               o.state, o.state_reason, o.missed_at)) \
             FROM invoices i \
             LEFT JOIN invoice_schedules s ON s.invoice_id = i.id \
             JOIN outbox_items o ON o.invoice_id = i.id \
             WHERE i.organisation_id = ?1 AND (s.id IS NOT NULL OR ?3) AND {filter}"
        ))
        .bind(org)
        .bind(&bind)
        .bind(with_unscheduled)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| self.classify(e))?;
        let customers = match scope {
            BookScope::Plannable => Some(None),
            BookScope::Contact(id) => Some(Some(*id)),
            _ => None,
        };
        let customer_book = match customers {
            Some(contact) => read_customer_book(&mut conn, org, contact, &roles)
                .await
                .map_err(|e| match e {
                    DbError::Sqlx(e) => self.classify(e),
                    other => other,
                })?,
            None => Default::default(),
        };
        drop(conn);

        let mut book = PlanBook {
            hold_until_expected_payment: hold,
            customers: customer_book.customers,
            customer_schedules: customer_book.schedules,
            customer_history: customer_book.history,
            statement_history: customer_book.statement_history,
            ..PlanBook::default()
        };
        let rows: Vec<InvoiceRow> = serde_json::from_str(&invoices_json).map_err(json_err)?;
        let mut by_signature: HashMap<String, usize> = HashMap::new();
        book.invoices.reserve(rows.len());
        for ((id, contact_id, contact_name, number, status, due_e4, currency, issue), rest, sig) in
            rows
        {
            let (due, expected, sent, chasing, customer_chasing, applied, own, cadence, next_at) =
                rest;
            let schedule = match (applied, cadence) {
                (Some(applied), Some(cadence_name)) => {
                    let sig = sig.unwrap_or_default();
                    let steps = match by_signature.get(&sig) {
                        Some(index) => *index,
                        None => {
                            let parsed = parse_signature(&sig, &roles)?;
                            book.schedules.push(Arc::new(to_schedule(&parsed)?));
                            by_signature.insert(sig, book.schedules.len() - 1);
                            book.schedules.len() - 1
                        }
                    };
                    Some(BookSchedule {
                        steps,
                        applied_at: text::parse_instant(&applied)?,
                        cadence_name,
                        next_at: text::parse_opt_instant(next_at)?,
                    })
                }
                _ => None,
            };
            book.invoices.push(BookInvoice {
                id,
                contact_id,
                contact_name,
                number,
                status: InvoiceStatus::parse(&status)?,
                amount_due: text::parse_money(due_e4),
                currency: CurrencyCode::new(&currency)?,
                issue_date: text::parse_date(&issue)?,
                due_date: text::parse_date(&due)?,
                expected_payment_date: text::parse_opt_date(expected)?,
                sent_to_contact: sent == 1,
                invoice_chasing: chasing == 1,
                customer_chasing: customer_chasing == 1,
                own_recipients: own == 1,
                schedule,
            });
        }
        type HistoryRow = (i64, String, String, String, String, Option<String>);
        for (invoice, key, due_at, state, reason, missed_at) in
            serde_json::from_str::<Vec<HistoryRow>>(&history_json).map_err(json_err)?
        {
            // Keys of customer-level loops, or of another form, are not this invoice's plan.
            let Some((Subject::Invoice(_), id)) = parse_occurrence_key(&key) else {
                continue;
            };
            let state = OutboxState::parse(&state)?;
            book.history.entry(invoice).or_default().push(HistoryItem {
                past: PastSend {
                    id,
                    at: text::parse_instant(&due_at)?,
                    outcome: state.outcome(&reason),
                },
                state,
                reason,
                missed_at: text::parse_opt_instant(missed_at)?,
            });
        }
        Ok(book)
    }
}

const OPEN: &str = "(i.status = 'AUTHORISED' AND i.amount_due_e4 > 0)";

const PLANNABLE: &str = "((i.status = 'AUTHORISED' AND i.amount_due_e4 > 0) OR EXISTS \
    (SELECT 1 FROM outbox_items p WHERE p.invoice_id = i.id \
     AND p.state IN ('planned', 'awaiting_approval', 'approved', 'held')))";

pub(crate) fn json_err(e: serde_json::Error) -> DbError {
    DbError::Conversion(format!("planning rows: {e}"))
}

/// Reads the `kind,days,date,repeat,hour,channels,role-id;…` signature built by the query.
pub(crate) fn parse_signature(
    sig: &str,
    roles: &HashMap<i64, String>,
) -> Result<Vec<StepInput>, DbError> {
    let int = |field: &str| -> Result<Option<i64>, DbError> {
        if field.is_empty() {
            return Ok(None);
        }
        field
            .parse()
            .map(Some)
            .map_err(|_| DbError::Conversion(format!("stored step number '{field}'")))
    };
    sig.split(';')
        .filter(|step| !step.is_empty())
        .map(|step| {
            let fields: Vec<&str> = step.split(',').collect();
            let [kind, days, date, repeat, hour, channels, role] = fields[..] else {
                return Err(DbError::Conversion(format!("stored step '{step}'")));
            };
            let role = match int(role)? {
                Some(id) => Some(
                    roles
                        .get(&id)
                        .cloned()
                        .ok_or_else(|| DbError::Conversion(format!("contact role {id}")))?,
                ),
                None => None,
            };
            from_columns(
                kind,
                int(days)?,
                (!date.is_empty()).then(|| date.to_owned()),
                int(repeat)?,
                int(hour)?.unwrap_or_default(),
                &channels.replace('+', ","),
                role,
            )
        })
        .collect()
}
