//! What is due now: one planning pass over every plannable invoice at an instant. Due
//! occurrences become outbox items awaiting approval under their occurrence key (inserted with
//! `ON CONFLICT DO NOTHING`, so planning again never adds a second item); those that fell due while
//! Settle was not running are held as missed instead (`catch_up`); items still waiting for an
//! invoice no longer chased are withdrawn; and the heartbeat is recorded — all in one
//! transaction. Customers on a customer-level schedule are planned in the same pass by
//! `customer_loops::plan_customers`, under the same rules and their loop's keys.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use settle_core::invoice::InvoiceStatus;
use settle_core::schedule::{
    group_reminders, invoice_schedule, DueReminder, MessageGroup, OccurrenceState,
};
use settle_db::{BookInvoice, BookScope, NewOutboxItem, OutboxState, PlanBook, PlanWrite};

use crate::catch_up::is_missed;
use crate::customer_loops::{add_customer_messages, plan_customers, CustomerDue};
use crate::customer_statements::plan_statements;
use crate::engine::{instant_text, money_text};
use crate::occurrence_views::{
    audience, audience_text, history_item, key_of, missed_reason, occurrence_view, past_sends,
    plan_input,
};
use crate::{
    CustomerDueView, Engine, EngineError, InvoiceRefView, MessageView, OccurrenceView, PlanView,
};

/// A missed occurrence: how the owner sees it, and the row that settles it.
#[derive(Debug, Clone)]
pub(crate) struct MissedItem {
    pub view: OccurrenceView,
    pub item: NewOutboxItem,
}

/// The result of one pass, before anything is written.
#[derive(Debug, Default)]
pub(crate) struct Pass {
    pub write: PlanWrite,
    /// Everything awaiting approval after the pass (new and earlier), for grouping.
    pub due: Vec<DueReminder>,
    /// Customer-level sends awaiting approval (new and earlier): one message each, not grouped.
    pub customer_due: Vec<CustomerDue>,
    /// Missed occurrences: found now, or recorded by an earlier pass and still undecided.
    pub missed: Vec<MissedItem>,
    pub new_due: u32,
    pub new_missed: u32,
}

/// Plans every invoice of `book` at `at`. Pure: reads nothing, writes nothing.
pub(crate) fn plan_pass(
    book: &PlanBook,
    tz: Tz,
    at: DateTime<Utc>,
    last_planned_at: Option<DateTime<Utc>>,
) -> Pass {
    let mut pass = Pass::default();
    for invoice in &book.invoices {
        let Some(scheduled) = &invoice.schedule else {
            continue;
        };
        let schedule = &book.schedules[scheduled.steps];
        let history = book.history_of(invoice.id);
        let input = plan_input(
            invoice,
            scheduled.applied_at,
            book.hold_until_expected_payment,
        );
        let plan = invoice_schedule(&input, schedule, tz, &past_sends(history), at);
        // The overview's "Next reminder": stored only when it changed, so a steady state writes
        // nothing.
        let next = plan
            .iter()
            .filter(|o| o.state == OccurrenceState::Scheduled)
            .map(|o| o.at)
            .min();
        if next != scheduled.next_at {
            pass.write.next_reminders.push((invoice.id, next));
        }
        for occurrence in plan {
            let stored = history_item(history, &occurrence);
            let row = |state: OutboxState, reason: String, missed: bool| NewOutboxItem {
                key: key_of(invoice.id, &occurrence),
                contact_id: invoice.contact_id,
                invoice_id: Some(invoice.id),
                channel: occurrence.channel,
                due_at: occurrence.at,
                state,
                reason,
                missed_at: missed.then_some(at),
            };
            match (&occurrence.state, stored) {
                (OccurrenceState::Due, _) => {
                    if is_missed(occurrence.at, scheduled.applied_at, last_planned_at, at) {
                        let item = row(OutboxState::Held, missed_reason(occurrence.at), true);
                        let mut view = occurrence_view(invoice, &occurrence, history);
                        view.status = crate::OccurrenceStatus::Missed;
                        view.reason = Some(item.reason.clone());
                        pass.missed.push(MissedItem {
                            view,
                            item: item.clone(),
                        });
                        pass.write.inserts.push(item);
                        pass.new_missed += 1;
                    } else {
                        pass.write.inserts.push(row(
                            OutboxState::AwaitingApproval,
                            String::new(),
                            false,
                        ));
                        pass.new_due += 1;
                        pass.due.push(reminder(invoice, schedule, occurrence));
                    }
                }
                (OccurrenceState::Cancelled { reason }, Some(item))
                    if item.state.is_withdrawable() =>
                {
                    pass.write
                        .withdrawals
                        .push((key_of(invoice.id, &occurrence), reason.clone()));
                }
                // A send that passed while chasing was off is recorded as cancelled, so starting
                // to chase again continues with the next step instead of releasing every reminder
                // of the pause at once.
                (OccurrenceState::Cancelled { reason }, None)
                    if occurrence.at <= at && is_open(invoice) =>
                {
                    let item = row(OutboxState::Cancelled, reason.clone(), false);
                    pass.write.inserts.push(item);
                }
                (OccurrenceState::AwaitingApproval, Some(item)) => match item.state {
                    OutboxState::AwaitingApproval => {
                        pass.due.push(reminder(invoice, schedule, occurrence));
                    }
                    // A rescheduled catch-up whose new time has come joins the queue.
                    OutboxState::Planned if occurrence.at <= at => {
                        pass.due.push(reminder(invoice, schedule, occurrence));
                    }
                    OutboxState::Held if item.missed_at.is_some() => {
                        let view = occurrence_view(invoice, &occurrence, history);
                        pass.missed.push(MissedItem {
                            view,
                            item: row(OutboxState::Held, item.reason.clone(), true),
                        });
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }
    // Customer-level loops: their outbox items, withdrawals and anchors join the same write.
    plan_customers(book, tz, at, last_planned_at, &mut pass);
    // Their monthly statements likewise, under `customer:C:statement:…` keys.
    plan_statements(book, tz, at, last_planned_at, &mut pass);
    pass.write.promote_until = Some(at);
    pass.write.heartbeat = Some(at);
    pass
}

fn is_open(invoice: &BookInvoice) -> bool {
    invoice.status == InvoiceStatus::Authorised && invoice.amount_due > rust_decimal::Decimal::ZERO
}

fn reminder(
    invoice: &BookInvoice,
    schedule: &settle_core::schedule::Schedule,
    occurrence: settle_core::schedule::Occurrence,
) -> DueReminder {
    DueReminder {
        customer: invoice.contact_id,
        invoice: invoice.id,
        audience: audience(invoice, schedule, &occurrence),
        occurrence,
    }
}

impl Engine {
    /// Plans the current organisation at `at` (see the module documentation) and returns what
    /// awaits approval, grouped by customer and into one message per customer, day, channel and
    /// audience. Running it again at the same instant changes nothing.
    pub async fn plan_due(&self, at: DateTime<Utc>) -> Result<PlanView, EngineError> {
        let org = self.current().await?;
        let started = std::time::Instant::now();
        // New invoices get their customer's cadence or the default as they are first planned.
        self.db.apply_default_cadences(org.id, at).await?;
        let book = self
            .db
            .plan_book(org.id, &BookScope::Plannable, false)
            .await?;
        let last_planned_at = self.db.last_planned_at(org.id).await?;
        let loaded = started.elapsed();
        let pass = plan_pass(&book, org.organisation.timezone, at, last_planned_at);
        let planned = started.elapsed();
        let counts = self.db.record_plan(org.id, &pass.write, self.now()).await?;
        tracing::info!(
            invoices = book.invoices.len(),
            inserted = counts.inserted,
            withdrawn = counts.withdrawn,
            load_ms = loaded.as_millis() as u64,
            plan_ms = (planned - loaded).as_millis() as u64,
            write_ms = (started.elapsed() - planned).as_millis() as u64,
            "planned"
        );
        let groups = group_reminders(&pass.due);
        let mut customers = by_customer(&book, &groups);
        // Customer-level messages are listed with the invoice reminders, never merged (0010).
        add_customer_messages(&book, &pass.customer_due, &mut customers);
        Ok(PlanView {
            at: instant_text(at),
            invoices: book.invoices.len() as u32,
            new_items: pass.new_due,
            awaiting_approval: (pass.due.len() + pass.customer_due.len()) as u32,
            new_missed: pass.new_missed,
            withdrawn: counts.withdrawn as u32,
            customers,
        })
    }
}

/// Message groups per customer, customers by name.
pub(crate) fn by_customer(book: &PlanBook, groups: &[MessageGroup]) -> Vec<CustomerDueView> {
    let invoices: HashMap<i64, &BookInvoice> = book.invoices.iter().map(|i| (i.id, i)).collect();
    let mut customers: Vec<CustomerDueView> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for group in groups {
        let slot = *index.entry(group.customer).or_insert_with(|| {
            let name = group
                .invoices
                .first()
                .and_then(|id| invoices.get(id))
                .map(|i| i.contact_name.clone())
                .unwrap_or_default();
            customers.push(CustomerDueView {
                customer_id: group.customer,
                customer_name: name,
                messages: Vec::new(),
            });
            customers.len() - 1
        });
        customers[slot].messages.push(MessageView {
            date: group.date.format("%Y-%m-%d").to_string(),
            channel: group.channel.as_str().to_owned(),
            audience: audience_text(&group.audience),
            at: instant_text(group.at),
            invoices: group
                .invoices
                .iter()
                .filter_map(|id| invoices.get(id))
                .map(|i| InvoiceRefView {
                    id: i.id,
                    number: i.number.clone(),
                    currency: i.currency.to_string(),
                    amount_due: money_text(i.amount_due, &i.currency),
                })
                .collect(),
            keys: group.keys.clone(),
        });
    }
    customers.sort_by(|a, b| {
        (a.customer_name.to_lowercase(), a.customer_id)
            .cmp(&(b.customer_name.to_lowercase(), b.customer_id))
    });
    customers
}
