//! Message groups: when several of one customer's invoices have a reminder due on the same local
//! day and channel, the customer gets one message listing them all rather than one per invoice
//! (CHASING.md, "Customer chasing and statements").
//!
//! Only reminders going to the same people can share a message: a step restricted to a contact
//! role, or an invoice with its own recipient list, is grouped only with reminders for the same
//! audience.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::occurrence::{occurrence_key, Occurrence, Subject};
use super::step::Channel;

/// Who a reminder goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The customer's usual recipients.
    Customer,
    /// Only the customer's contact persons with this role.
    Role(String),
    /// The invoice's own recipient list (entered on the invoice); never shared with another.
    InvoiceOwn,
}

/// One invoice reminder ready to go, as the grouping needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueReminder {
    pub customer: i64,
    pub invoice: i64,
    pub audience: Audience,
    pub occurrence: Occurrence,
}

/// Reminders that go as one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageGroup {
    pub customer: i64,
    pub date: NaiveDate,
    pub channel: Channel,
    pub audience: Audience,
    /// The earliest send time among the reminders.
    pub at: DateTime<Utc>,
    /// The invoices listed, in the order of their reminders' times, each once.
    pub invoices: Vec<i64>,
    /// The outbox keys this one message covers (all of them are settled by sending it).
    pub keys: Vec<String>,
}

/// Groups reminders of one customer on the same local day, channel and audience into one message
/// each. Groups come out in time order (then customer, channel, audience), so the result does not
/// depend on the order of `reminders`.
pub fn group_reminders(reminders: &[DueReminder]) -> Vec<MessageGroup> {
    // Sort keys are built once per reminder, not per comparison: the engine may hand over a whole
    // book's due reminders after the computer was off for days.
    let mut order: Vec<_> = reminders
        .iter()
        .map(|r| {
            (
                group_of(r),
                r.occurrence.at,
                r.invoice,
                r.occurrence.id(),
                r,
            )
        })
        .collect();
    order.sort_unstable_by(|a, b| (&a.0, a.1, a.2, a.3).cmp(&(&b.0, b.1, b.2, b.3)));
    let mut groups: Vec<MessageGroup> = Vec::new();
    let mut current: Option<GroupKey<'_>> = None;
    for (key, at, invoice, id, reminder) in order {
        let key_text = occurrence_key(
            Subject::Invoice(invoice),
            id.step,
            id.occurrence,
            id.channel,
        );
        match groups.last_mut() {
            Some(group) if current == Some(key) => {
                if !group.invoices.contains(&invoice) {
                    group.invoices.push(invoice);
                }
                group.keys.push(key_text);
            }
            _ => {
                current = Some(key);
                groups.push(MessageGroup {
                    customer: reminder.customer,
                    date: key.1,
                    channel: id.channel,
                    audience: reminder.audience.clone(),
                    // Reminders of a group are visited earliest first.
                    at,
                    invoices: vec![invoice],
                    keys: vec![key_text],
                });
            }
        }
    }
    groups.sort_by(|a, b| {
        (a.at, a.customer, a.channel, &a.audience).cmp(&(b.at, b.customer, b.channel, &b.audience))
    });
    groups
}

/// (customer, day, channel, audience, invoice for an own list).
type GroupKey<'a> = (i64, NaiveDate, Channel, &'a Audience, Option<i64>);

fn group_of(reminder: &DueReminder) -> GroupKey<'_> {
    let own = (reminder.audience == Audience::InvoiceOwn).then_some(reminder.invoice);
    (
        reminder.customer,
        reminder.occurrence.local.date(),
        reminder.occurrence.channel,
        &reminder.audience,
        own,
    )
}

#[cfg(test)]
mod tests;
