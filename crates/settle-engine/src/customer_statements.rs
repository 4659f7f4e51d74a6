//! Monthly statements of customer-level schedules (CHASING.md, "Customer chasing and
//! statements"; rules in `settle_core::schedule::statement`; decision 0015): setting one, and
//! planning them in `plan_due`, the previews, the missed list and the customer schedule view.
//! Statements are planned here; the statement document itself is made when one is sent.
//!
//! A statement send becomes an outbox item under `customer:C:statement:YYYY-MM:CHANNEL` (one per
//! customer, month and channel), with the rules of every other send: due → one item awaiting
//! approval, never a second; fell due while Settle was not running → held as missed
//! (`catch_up`, counted from the later of the heartbeat and when the statement was set);
//! cancelled by core (nothing owed, chasing off) while waiting → withdrawn; a month whose time
//! came with nothing owed or chasing off → recorded cancelled, so it is not sent later that
//! month; a waiting item on a channel the statement no longer uses → withdrawn.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use settle_core::schedule::{
    statement_key, statement_schedule, Audience, OccurrenceState, Statement, StatementDay,
    StatementInput, StatementOccurrence, StatementPlanInput,
};
use settle_db::{
    BookCustomer, DbError, HistoryItem, NewOutboxItem, OutboxState, PlanBook, StatementHistoryItem,
    StoredStatement,
};

use crate::catch_up::is_missed;
use crate::customer_loops::CustomerDue;
use crate::engine::instant_text;
use crate::occurrence_views::{local_text, missed_reason, status_of};
use crate::plan_due::{MissedItem, Pass};
use crate::{
    CustomerOccurrenceView, CustomerScheduleReceipt, CustomerStatementView, Engine, EngineError,
    OccurrenceStatus, OccurrenceView,
};

/// Why waiting statement items are withdrawn when the statement is turned off.
const TURNED_OFF: &str = "the monthly statement was turned off";
/// Why a waiting statement item on a channel the statement no longer uses is withdrawn.
const NOT_IN_STATEMENT: &str = "it is no longer part of the customer's monthly statement";

/// One customer's statements planned at an instant.
pub(crate) struct StatementPlan<'b> {
    pub customer: &'b BookCustomer,
    pub stored: &'b StoredStatement,
    pub plan: Vec<StatementOccurrence>,
    pub history: &'b [StatementHistoryItem],
}

impl StatementPlan<'_> {
    pub fn key(&self, s: &StatementOccurrence) -> String {
        statement_key(self.customer.contact_id, s.month, s.occurrence.channel)
    }

    pub fn history_item(&self, s: &StatementOccurrence) -> Option<&HistoryItem> {
        self.history
            .iter()
            .find(|h| h.month == s.month && h.item.past.id.channel == s.occurrence.channel)
            .map(|h| &h.item)
    }

    /// As previews and the missed list show it: `invoiceId` 0, an empty `invoiceNumber`, step 0
    /// (a statement is no step); its `customer:C:statement:…` key says what it is.
    pub fn occurrence_view(&self, s: &StatementOccurrence) -> OccurrenceView {
        let o = &s.occurrence;
        let (status, reason) = status_of(&o.state, self.history_item(s));
        OccurrenceView {
            key: self.key(s),
            invoice_id: 0,
            invoice_number: String::new(),
            customer_id: self.customer.contact_id,
            customer_name: self.customer.name.clone(),
            step: 0,
            occurrence: 1,
            channel: o.channel.as_str().to_owned(),
            at: instant_text(o.at),
            local: local_text(o.local),
            status,
            reason,
        }
    }

    /// As the customer schedule view shows it (step 0, audience "customer").
    pub fn customer_view(&self, s: &StatementOccurrence) -> CustomerOccurrenceView {
        let view = self.occurrence_view(s);
        CustomerOccurrenceView {
            key: view.key,
            step: 0,
            occurrence: 1,
            channel: view.channel,
            at: view.at,
            local: view.local,
            status: view.status,
            reason: view.reason,
            audience: "customer".to_owned(),
        }
    }
}

/// Plans `customer`'s statements at `at`, up to `until`; `None` when it has no statement.
pub(crate) fn plan_statement<'b>(
    book: &'b PlanBook,
    customer: &'b BookCustomer,
    tz: Tz,
    at: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Option<StatementPlan<'b>> {
    let stored = customer.statement.as_ref()?;
    let history = book.statement_history_of(customer.contact_id);
    let input = StatementPlanInput {
        chasing_enabled: customer.chasing,
        open_balance: !customer.open_invoices.is_empty(),
        set_at: stored.set_at,
    };
    let past: Vec<_> = history
        .iter()
        .map(|h| settle_core::schedule::StatementPastSend {
            month: h.month,
            send: h.item.past.clone(),
        })
        .collect();
    let plan = statement_schedule(&input, &stored.statement, tz, &past, at, until);
    Some(StatementPlan {
        customer,
        stored,
        plan,
        history,
    })
}

/// The statement part of a planning pass (`plan_due::plan_pass`), under the rules in the module
/// documentation.
pub(crate) fn plan_statements(
    book: &PlanBook,
    tz: Tz,
    at: DateTime<Utc>,
    last_planned_at: Option<DateTime<Utc>>,
    pass: &mut Pass,
) {
    for customer in &book.customers {
        let Some(sp) = plan_statement(book, customer, tz, at, at) else {
            continue;
        };
        // A statement lists every open item, whether or not that invoice is chased.
        let invoices: Vec<i64> = customer.open_invoices.iter().map(|i| i.id).collect();
        let mut current = HashSet::new();
        for planned in &sp.plan {
            let occurrence = &planned.occurrence;
            current.insert((planned.month, occurrence.channel));
            let key = sp.key(planned);
            let row = |state: OutboxState, reason: String, missed: bool| NewOutboxItem {
                key: key.clone(),
                contact_id: customer.contact_id,
                invoice_id: None,
                channel: occurrence.channel,
                due_at: occurrence.at,
                state,
                reason,
                missed_at: missed.then_some(at),
            };
            let due = || CustomerDue {
                customer: customer.contact_id,
                key: key.clone(),
                occurrence: occurrence.clone(),
                audience: Audience::Customer,
                invoices: invoices.clone(),
            };
            match (&occurrence.state, sp.history_item(planned)) {
                (OccurrenceState::Due, _) => {
                    if is_missed(occurrence.at, sp.stored.set_at, last_planned_at, at) {
                        let item = row(OutboxState::Held, missed_reason(occurrence.at), true);
                        let mut view = sp.occurrence_view(planned);
                        view.status = OccurrenceStatus::Missed;
                        view.reason = Some(item.reason.clone());
                        pass.missed.push(MissedItem {
                            view,
                            item: item.clone(),
                        });
                        pass.write.inserts.push(item);
                        pass.new_missed += 1;
                    } else {
                        let item = row(OutboxState::AwaitingApproval, String::new(), false);
                        pass.write.inserts.push(item);
                        pass.new_due += 1;
                        pass.customer_due.push(due());
                    }
                }
                (OccurrenceState::Cancelled { reason }, Some(item))
                    if item.state.is_withdrawable() =>
                {
                    pass.write.withdrawals.push((key.clone(), reason.clone()));
                }
                // Its time came with nothing owed or chasing off: that month is done.
                (OccurrenceState::Cancelled { reason }, None) if occurrence.at <= at => {
                    pass.write
                        .inserts
                        .push(row(OutboxState::Cancelled, reason.clone(), false));
                }
                (OccurrenceState::AwaitingApproval, Some(item)) => match item.state {
                    OutboxState::AwaitingApproval => pass.customer_due.push(due()),
                    OutboxState::Planned if occurrence.at <= at => pass.customer_due.push(due()),
                    OutboxState::Held if item.missed_at.is_some() => {
                        pass.missed.push(MissedItem {
                            view: sp.occurrence_view(planned),
                            item: row(OutboxState::Held, item.reason.clone(), true),
                        });
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        // Waiting items on a channel the statement no longer uses.
        for old in sp.history {
            let id = (old.month, old.item.past.id.channel);
            if !current.contains(&id) && old.item.state.is_withdrawable() {
                let key = statement_key(customer.contact_id, old.month, id.1);
                pass.write
                    .withdrawals
                    .push((key, NOT_IN_STATEMENT.to_owned()));
            }
        }
    }
}

/// A statement as the customer page shows it.
pub(crate) fn statement_view(stored: &StoredStatement) -> CustomerStatementView {
    let statement = &stored.statement;
    let channels: Vec<String> = statement
        .channels()
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    let day = match statement.day() {
        StatementDay::Day(day) => format!("on day {day} of each month"),
        StatementDay::Last => "on the last day of each month".to_owned(),
    };
    CustomerStatementView {
        day: statement.day().to_string(),
        hour: u32::from(statement.hour()),
        channels: channels.clone(),
        set_at: instant_text(stored.set_at),
        description: format!(
            "A statement of open items {day} at {:02}:00 by {}",
            statement.hour(),
            channels.join(" and ")
        ),
    }
}

impl Engine {
    /// Sets, replaces or (with `None`) turns off `customer`'s monthly statement (a name, a
    /// unique part of one, or an id). A customer without a customer schedule is put on one with
    /// the statement only (no steps); turning the statement off on such a schedule removes it.
    /// Setting the statement it already has changes nothing. Its months start with the one it
    /// is set in: a time already past then is skipped (backdated).
    pub async fn set_customer_statement(
        &self,
        customer: &str,
        statement: Option<&StatementInput>,
    ) -> Result<CustomerScheduleReceipt, EngineError> {
        let org = self.current().await?;
        let found = self.find_customer(customer).await?;
        let statement = statement
            .map(Statement::new)
            .transpose()
            .map_err(|e| EngineError::InvalidInput(format!("customer '{}': {e}", found.name)))?;
        let write = self
            .db
            .set_customer_statement(org.id, found.id, statement.as_ref(), TURNED_OFF, self.now())
            .await
            .map_err(|e| match e {
                DbError::NotFound(_) if statement.is_none() => EngineError::NotFound(format!(
                    "{} has no monthly statement to turn off",
                    found.name
                )),
                other => other.into(),
            })?;
        let name = &found.name;
        let summary = match &statement {
            Some(statement) => {
                let what = statement_view(&StoredStatement {
                    statement: statement.clone(),
                    set_at: self.now(),
                })
                .description
                .replacen("A statement", "a statement", 1);
                if write.unchanged {
                    format!("{name} already has this monthly statement: nothing changed.")
                } else if write.replaced {
                    format!("Changed the monthly statement of {name}: {what}, from now.")
                } else if write.created_schedule {
                    format!(
                        "{name} now gets {what} while it owes anything (a customer schedule \
                         with no steps)."
                    )
                } else {
                    format!("{name} now gets {what} while it owes anything.")
                }
            }
            None => {
                let waiting = match write.withdrawn {
                    0 => String::new(),
                    1 => " 1 waiting statement was withdrawn.".to_owned(),
                    n => format!(" {n} waiting statements were withdrawn."),
                };
                let removed = if write.removed_schedule {
                    " Its customer schedule had no steps, so it was removed too."
                } else {
                    ""
                };
                format!("Turned off the monthly statement of {name}.{removed}{waiting}")
            }
        };
        let schedule = if write.removed_schedule {
            None
        } else {
            Some(self.customer_schedule(&found.id.to_string()).await?)
        };
        Ok(CustomerScheduleReceipt {
            summary,
            withdrawn: write.withdrawn as u32,
            schedule,
        })
    }
}
