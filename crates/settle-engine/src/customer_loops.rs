//! Planning one customer's customer-level loop, shared by `plan_due`, `preview`, `missed` and the
//! customer schedule view (rules in `settle_core::schedule::customer`; decision 0011).
//!
//! `plan_loop`: settle-core is given the anchor stored by the previous plan and that loop's
//! outbox history; the anchor it returns is stored back by `plan_due` in the same transaction as
//! the loop's outbox items (keys `customer:C:loop:ANCHOR:step:S:N:CHANNEL`, so a loop that
//! restarts after the balance was cleared gets new keys). `plan_customers`: a due send becomes one
//! outbox item awaiting approval — or, when it fell due while Settle was not running, one held as
//! missed (`catch_up`) — exactly as an invoice reminder does. Waiting items are withdrawn once core
//! cancels them (balance cleared, chasing off) or once they are no longer part of the loop (a
//! replaced schedule, an ended loop).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use settle_core::schedule::{
    customer_schedule, occurrence_key, Audience, CustomerInvoice, CustomerPlan, CustomerPlanInput,
    CustomerSchedule, Occurrence, OccurrenceState, Subject,
};
use settle_db::{AnchorWrite, BookCustomer, HistoryItem, NewOutboxItem, OutboxState, PlanBook};

use crate::catch_up::is_missed;
use crate::engine::{instant_text, money_text};
use crate::occurrence_views::{
    audience_text, history_item, local_text, missed_reason, past_sends, status_of,
};
use crate::plan_due::{MissedItem, Pass};
use crate::{CustomerDueView, InvoiceRefView, MessageView, OccurrenceStatus, OccurrenceView};

/// Why a waiting item that is no longer part of the customer's loop is withdrawn.
const NOT_IN_LOOP: &str = "it is no longer part of the customer's schedule";

/// One customer's loop planned at an instant.
pub(crate) struct LoopPlan<'b> {
    pub customer: &'b BookCustomer,
    pub schedule: &'b CustomerSchedule,
    pub plan: CustomerPlan,
    /// The anchor invoice of the loop the plan shows (the running one, or the one just ended);
    /// `None` when there is none.
    pub shown: Option<i64>,
    /// That loop's outbox items.
    pub history: Vec<HistoryItem>,
}

impl LoopPlan<'_> {
    pub fn key(&self, occurrence: &Occurrence) -> String {
        occurrence_key(
            Subject::Customer {
                customer: self.customer.contact_id,
                loop_anchor: self.shown.unwrap_or_default(),
            },
            occurrence.step,
            occurrence.occurrence,
            occurrence.channel,
        )
    }

    pub fn audience(&self, occurrence: &Occurrence) -> Audience {
        match self
            .schedule
            .schedule()
            .steps()
            .get(occurrence.step)
            .and_then(|s| s.contact_role())
        {
            Some(role) => Audience::Role(role.to_owned()),
            None => Audience::Customer,
        }
    }

    /// The occurrence as previews and the missed list show it. A customer-level send is about
    /// no one invoice: `invoiceId` 0 and an empty `invoiceNumber`; its key says what it is.
    pub fn occurrence_view(&self, occurrence: &Occurrence) -> OccurrenceView {
        let (status, reason) =
            status_of(&occurrence.state, history_item(&self.history, occurrence));
        OccurrenceView {
            key: self.key(occurrence),
            invoice_id: 0,
            invoice_number: String::new(),
            customer_id: self.customer.contact_id,
            customer_name: self.customer.name.clone(),
            step: occurrence.step as u32 + 1,
            occurrence: occurrence.occurrence,
            channel: occurrence.channel.as_str().to_owned(),
            at: instant_text(occurrence.at),
            local: local_text(occurrence.local),
            status,
            reason,
        }
    }
}

/// Plans `customer`'s loop at `at` with its stored anchor and that loop's history.
pub(crate) fn plan_loop<'b>(
    book: &'b PlanBook,
    customer: &'b BookCustomer,
    tz: Tz,
    at: DateTime<Utc>,
) -> LoopPlan<'b> {
    let schedule = &book.customer_schedules[customer.schedule];
    let input = CustomerPlanInput {
        customer: customer.contact_id,
        chasing_enabled: customer.chasing,
        open_invoices: customer
            .open_invoices
            .iter()
            .map(|i| CustomerInvoice {
                id: i.id,
                due_date: i.due_date,
                chasing_enabled: i.chasing,
            })
            .collect(),
        anchor: customer.anchor,
        applied_at: customer.applied_at,
    };
    let all = book.customer_history_of(customer.contact_id);
    let history_of = |anchor: Option<i64>| -> Vec<HistoryItem> {
        all.iter()
            .filter(|h| Some(h.loop_anchor) == anchor)
            .map(|h| h.item.clone())
            .collect()
    };
    let stored = customer.anchor.map(|a| a.invoice);
    let mut history = history_of(stored);
    let mut plan = customer_schedule(&input, schedule, tz, &past_sends(&history), at);
    // Core shows the running loop, or right after the balance was cleared the ended one (the
    // stored anchor). A loop that starts now may have history only if its invoice started an
    // earlier loop too: plan it again with that loop's items.
    let shown = plan.anchor.or(customer.anchor).map(|a| a.invoice);
    if shown != stored {
        history = history_of(shown);
        if !history.is_empty() {
            plan = customer_schedule(&input, schedule, tz, &past_sends(&history), at);
        }
    }
    LoopPlan {
        customer,
        schedule,
        plan,
        shown,
        history,
    }
}

/// A customer-level send awaiting approval after a pass.
#[derive(Debug, Clone)]
pub(crate) struct CustomerDue {
    pub customer: i64,
    pub key: String,
    pub occurrence: Occurrence,
    pub audience: Audience,
    /// The invoices the message lists.
    pub invoices: Vec<i64>,
}

/// The customer part of a planning pass (`plan_due::plan_pass`): the same outbox rules as for
/// invoice reminders, under the loop's keys, plus the anchors to store.
pub(crate) fn plan_customers(
    book: &PlanBook,
    tz: Tz,
    at: DateTime<Utc>,
    last_planned_at: Option<DateTime<Utc>>,
    pass: &mut Pass,
) {
    for customer in &book.customers {
        let lp = plan_loop(book, customer, tz, at);
        if lp.plan.anchor != customer.anchor {
            pass.write.anchors.push(AnchorWrite {
                contact_id: customer.contact_id,
                previous: customer.anchor,
                anchor: lp.plan.anchor,
            });
        }
        let mut current = HashSet::new();
        for planned in &lp.plan.occurrences {
            let occurrence = &planned.occurrence;
            current.insert(occurrence.id());
            let key = lp.key(occurrence);
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
                audience: lp.audience(occurrence),
                invoices: planned.invoices.clone(),
            };
            match (&occurrence.state, history_item(&lp.history, occurrence)) {
                (OccurrenceState::Due, _) => {
                    if is_missed(occurrence.at, customer.applied_at, last_planned_at, at) {
                        let item = row(OutboxState::Held, missed_reason(occurrence.at), true);
                        let mut view = lp.occurrence_view(occurrence);
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
                // Passed while chasing was off on a loop that goes on: recorded as cancelled,
                // so chasing again continues with the next step (decision 0008).
                (OccurrenceState::Cancelled { reason }, None)
                    if occurrence.at <= at && lp.plan.anchor.is_some() =>
                {
                    pass.write
                        .inserts
                        .push(row(OutboxState::Cancelled, reason.clone(), false));
                }
                (OccurrenceState::AwaitingApproval, Some(item)) => match item.state {
                    OutboxState::AwaitingApproval => pass.customer_due.push(due()),
                    OutboxState::Planned if occurrence.at <= at => pass.customer_due.push(due()),
                    OutboxState::Held if item.missed_at.is_some() => {
                        pass.missed.push(MissedItem {
                            view: lp.occurrence_view(occurrence),
                            item: row(OutboxState::Held, item.reason.clone(), true),
                        });
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        // Waiting items of another loop, or of steps the schedule no longer has.
        for old in book.customer_history_of(customer.contact_id) {
            let in_plan = Some(old.loop_anchor) == lp.shown && current.contains(&old.item.past.id);
            if !in_plan && old.item.state.is_withdrawable() {
                let key = occurrence_key(
                    Subject::Customer {
                        customer: customer.contact_id,
                        loop_anchor: old.loop_anchor,
                    },
                    old.item.past.id.step,
                    old.item.past.id.occurrence,
                    old.item.past.id.channel,
                );
                pass.write.withdrawals.push((key, NOT_IN_LOOP.to_owned()));
            }
        }
    }
}

/// Adds the customer-level messages awaiting approval to the plan's per-customer list: one
/// message each, never merged with invoice reminders (decision 0010), in time order.
pub(crate) fn add_customer_messages(
    book: &PlanBook,
    due: &[CustomerDue],
    customers: &mut Vec<CustomerDueView>,
) {
    if due.is_empty() {
        return;
    }
    let scheduled: HashMap<i64, &BookCustomer> =
        book.customers.iter().map(|c| (c.contact_id, c)).collect();
    let mut slots: HashMap<i64, usize> = customers
        .iter()
        .enumerate()
        .map(|(slot, c)| (c.customer_id, slot))
        .collect();
    for item in due {
        let Some(customer) = scheduled.get(&item.customer) else {
            continue;
        };
        let slot = *slots.entry(item.customer).or_insert_with(|| {
            customers.push(CustomerDueView {
                customer_id: customer.contact_id,
                customer_name: customer.name.clone(),
                messages: Vec::new(),
            });
            customers.len() - 1
        });
        customers[slot].messages.push(MessageView {
            date: item.occurrence.local.date().format("%Y-%m-%d").to_string(),
            channel: item.occurrence.channel.as_str().to_owned(),
            audience: audience_text(&item.audience),
            at: instant_text(item.occurrence.at),
            invoices: invoice_refs(customer, &item.invoices),
            keys: vec![item.key.clone()],
        });
    }
    for customer in customers.iter_mut() {
        // Stable: invoice messages keep their order among themselves.
        customer.messages.sort_by(|a, b| a.at.cmp(&b.at));
    }
    customers.sort_by(|a, b| {
        (a.customer_name.to_lowercase(), a.customer_id)
            .cmp(&(b.customer_name.to_lowercase(), b.customer_id))
    });
}

pub(crate) fn invoice_refs(customer: &BookCustomer, ids: &[i64]) -> Vec<InvoiceRefView> {
    ids.iter()
        .filter_map(|id| customer.open_invoices.iter().find(|i| i.id == *id))
        .map(|i| InvoiceRefView {
            id: i.id,
            number: i.number.clone(),
            currency: i.currency.to_string(),
            amount_due: money_text(i.amount_due, &i.currency),
        })
        .collect()
}
