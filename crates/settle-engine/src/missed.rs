//! Downtime catch-up: the reminders that fell due while Settle was not running, grouped by
//! customer, and the owner's choice for them — send now (into the approvals queue), skip, or
//! reschedule. Nothing here ever sends or queues a missed reminder by itself
//! (docs/decisions/0008-downtime-catch-up.md). Customer-level sends (keys `customer:…`) are found
//! by the same planning pass and settled the same way.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use settle_db::{BookScope, OutboxState};

use crate::engine::instant_text;
use crate::plan_due::{plan_pass, MissedItem};
use crate::{
    Engine, EngineError, MissedAction, MissedCustomerView, MissedReceipt, MissedSelection,
    MissedView,
};

impl Engine {
    /// Every missed reminder at the engine's `now`: those a planning run already held, and those
    /// that would be found missed if it ran now. Reads only.
    pub async fn missed(&self) -> Result<MissedView, EngineError> {
        let now = self.now();
        let org = self.current().await?;
        let last_planned_at = self.db.last_planned_at(org.id).await?;
        let items = self.missed_items(now).await?;
        let mut customers: Vec<MissedCustomerView> = Vec::new();
        let mut index: HashMap<i64, usize> = HashMap::new();
        for MissedItem { view, .. } in &items {
            let slot = *index.entry(view.customer_id).or_insert_with(|| {
                customers.push(MissedCustomerView {
                    customer_id: view.customer_id,
                    customer_name: view.customer_name.clone(),
                    occurrences: Vec::new(),
                });
                customers.len() - 1
            });
            customers[slot].occurrences.push(view.clone());
        }
        customers.sort_by(|a, b| {
            (a.customer_name.to_lowercase(), a.customer_id)
                .cmp(&(b.customer_name.to_lowercase(), b.customer_id))
        });
        for customer in &mut customers {
            customer
                .occurrences
                .sort_by(|a, b| (&a.at, &a.key).cmp(&(&b.at, &b.key)));
        }
        Ok(MissedView {
            now: instant_text(now),
            last_planned_at: last_planned_at.map(instant_text),
            total: items.len() as u32,
            customers,
        })
    }

    /// Settles the selected missed reminders as the owner chose, all or nothing.
    pub async fn resolve_missed(
        &self,
        selection: &MissedSelection,
        action: &MissedAction,
    ) -> Result<MissedReceipt, EngineError> {
        let now = self.now();
        let org = self.current().await?;
        let all = self.missed_items(now).await?;
        let chosen: Vec<&MissedItem> = match selection {
            MissedSelection::All => all.iter().collect(),
            MissedSelection::Customer { id } => {
                all.iter().filter(|m| m.view.customer_id == *id).collect()
            }
            MissedSelection::Keys { keys } => {
                let mut chosen = Vec::with_capacity(keys.len());
                for key in keys {
                    let found = all.iter().find(|m| &m.item.key == key).ok_or_else(|| {
                        EngineError::NotFound(format!(
                            "'{key}' is not a missed reminder: list them with `settle missed`"
                        ))
                    })?;
                    if !chosen.iter().any(|c: &&MissedItem| c.item.key == *key) {
                        chosen.push(found);
                    }
                }
                chosen
            }
        };
        if chosen.is_empty() {
            return Err(EngineError::NotFound(
                "There are no missed reminders to act on.".into(),
            ));
        }
        let (state, summary_verb, due_at): (OutboxState, String, Option<DateTime<Utc>>) =
            match action {
                MissedAction::SendNow => (
                    OutboxState::AwaitingApproval,
                    "queued for approval".into(),
                    None,
                ),
                MissedAction::Skip { .. } => (OutboxState::Skipped, "skipped".into(), None),
                MissedAction::Reschedule { at } => {
                    let at = parse_instant(at)?;
                    if at <= now {
                        return Err(EngineError::InvalidInput(format!(
                            "reschedule to a time after now ({}), not {}",
                            instant_text(now),
                            instant_text(at)
                        )));
                    }
                    (
                        OutboxState::Planned,
                        format!("rescheduled to {}", instant_text(at)),
                        Some(at),
                    )
                }
            };
        let items: Vec<_> = chosen
            .iter()
            .map(|m| {
                let mut item = m.item.clone();
                let was = instant_text(item.due_at);
                item.reason = match action {
                    MissedAction::SendNow => {
                        format!("missed (due {was}); the owner chose to send it now")
                    }
                    MissedAction::Skip { reason } => reason
                        .as_deref()
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("missed (due {was}); skipped by the owner")),
                    MissedAction::Reschedule { .. } => {
                        format!("missed (due {was}); rescheduled by the owner")
                    }
                };
                item.state = state;
                item.due_at = due_at.unwrap_or(item.due_at);
                item.missed_at = item.missed_at.or(Some(now));
                item
            })
            .collect();
        let count = self.db.resolve_missed(org.id, &items, now).await? as u32;
        let reminders = if count == 1 { "reminder" } else { "reminders" };
        Ok(MissedReceipt {
            summary: format!("{count} missed {reminders} {summary_verb}."),
            count,
        })
    }

    async fn missed_items(&self, now: DateTime<Utc>) -> Result<Vec<MissedItem>, EngineError> {
        let org = self.current().await?;
        let book = self
            .db
            .plan_book(org.id, &BookScope::Plannable, false)
            .await?;
        let last_planned_at = self.db.last_planned_at(org.id).await?;
        Ok(plan_pass(&book, org.organisation.timezone, now, last_planned_at).missed)
    }
}

pub(crate) fn parse_instant(text: &str) -> Result<DateTime<Utc>, EngineError> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| {
            EngineError::InvalidInput(format!(
                "'{text}' is not an RFC 3339 instant (for example 2026-11-23T09:00:00Z)"
            ))
        })
}
