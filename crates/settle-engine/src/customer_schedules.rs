//! Customer-level schedules (CHASING.md, "Customer chasing and statements"; decision 0011):
//! setting, showing and clearing a customer's schedule. Planning its loop is `customer_loops.rs`.

use settle_core::organisation::local_today;
use settle_core::schedule::{CustomerSchedule, StepInput, TriggerInput, PREVIEW_DAYS};
use settle_db::{BookScope, DbError};

use crate::customer_loops::{invoice_refs, plan_loop};
use crate::customer_statements::{plan_statement, statement_view};
use crate::engine::instant_text;
use crate::occurrence_views::{audience_text, describe, step_views};
use crate::{
    CustomerLoopView, CustomerOccurrenceView, CustomerScheduleReceipt, CustomerScheduleView,
    Engine, EngineError, StepView,
};

/// Why waiting customer-level items are withdrawn when the schedule is cleared.
const CLEARED: &str = "the customer schedule was cleared";

/// Steps as the customer page shows them: days counted from the oldest overdue invoice.
fn customer_step_views(steps: &[StepInput]) -> Vec<StepView> {
    let mut views = step_views(steps);
    for (view, step) in views.iter_mut().zip(steps) {
        if let TriggerInput::AfterDue { days } = step.trigger {
            let when = match days {
                0 => "when the oldest overdue invoice falls due".to_owned(),
                1 => "when the oldest overdue invoice is 1 day overdue".to_owned(),
                n => format!("when the oldest overdue invoice is {n} days overdue"),
            };
            // `describe` reads "<when> at HH:00 by …"; keep its time, channels and role.
            let full = describe(step);
            let rest = full.split_once(" at ").map_or("", |(_, rest)| rest);
            view.description = format!("{when} at {rest}");
        }
    }
    views
}

fn in_customer(name: &str, err: DbError) -> EngineError {
    match err {
        DbError::Invalid(message) => {
            EngineError::InvalidInput(format!("customer '{name}': {message}"))
        }
        other => other.into(),
    }
}

impl Engine {
    /// Puts `customer` (a name, a unique part of one, or an id) on a customer-level schedule of
    /// `steps` — or replaces its steps, keeping the running loop — applied now. Steps must be
    /// `after_due` or `repeat` (settle-core's `CustomerTrigger` error names the step otherwise).
    pub async fn set_customer_schedule(
        &self,
        customer: &str,
        steps: &[StepInput],
    ) -> Result<CustomerScheduleReceipt, EngineError> {
        let org = self.current().await?;
        let found = self.find_customer(customer).await?;
        if steps.is_empty() {
            return Err(EngineError::InvalidInput(format!(
                "customer '{}': the customer schedule has no steps: add at least one, or clear \
                 the schedule instead",
                found.name
            )));
        }
        let schedule = CustomerSchedule::new(steps)
            .map_err(|e| EngineError::InvalidInput(format!("customer '{}': {e}", found.name)))?;
        let replaced = self
            .db
            .set_customer_schedule(org.id, found.id, &schedule, self.now())
            .await
            .map_err(|e| in_customer(&found.name, e))?;
        let count = match steps.len() {
            1 => "1 step".to_owned(),
            n => format!("{n} steps"),
        };
        let summary = if replaced {
            format!(
                "Replaced the customer schedule of {} ({count}), applied from now: a running \
                 loop goes on, and what it already sent stays sent.",
                found.name
            )
        } else {
            format!(
                "Put {} on a customer schedule ({count}): each step sends one message listing \
                 all of its open invoices, counted from its oldest overdue invoice.",
                found.name
            )
        };
        Ok(CustomerScheduleReceipt {
            summary,
            withdrawn: 0,
            schedule: Some(self.customer_schedule_view(found.id).await?),
        })
    }

    /// Takes `customer` off its customer-level schedule and withdraws its customer-level
    /// reminders still waiting, in one transaction.
    pub async fn clear_customer_schedule(
        &self,
        customer: &str,
    ) -> Result<CustomerScheduleReceipt, EngineError> {
        let org = self.current().await?;
        let found = self.find_customer(customer).await?;
        let withdrawn = self
            .db
            .clear_customer_schedule(org.id, found.id, CLEARED, self.now())
            .await
            .map_err(|e| match e {
                DbError::NotFound(_) => no_schedule(&found.name),
                other => other.into(),
            })?;
        let waiting = match withdrawn {
            0 => String::new(),
            1 => " 1 waiting reminder was withdrawn.".to_owned(),
            n => format!(" {n} waiting reminders were withdrawn."),
        };
        Ok(CustomerScheduleReceipt {
            summary: format!("Took {} off its customer schedule.{waiting}", found.name),
            withdrawn: withdrawn as u32,
            schedule: None,
        })
    }

    /// `customer`'s schedule with its loop as planned now.
    pub async fn customer_schedule(
        &self,
        customer: &str,
    ) -> Result<CustomerScheduleView, EngineError> {
        let found = self.find_customer(customer).await?;
        self.customer_schedule_view(found.id).await
    }

    async fn customer_schedule_view(&self, id: i64) -> Result<CustomerScheduleView, EngineError> {
        let org = self.current().await?;
        let now = self.now();
        let tz = org.organisation.timezone;
        let book = self
            .db
            .plan_book(org.id, &BookScope::Contact(id), false)
            .await?;
        let Some(customer) = book.customers.first() else {
            let name = self.db.contact(org.id, id).await?.contact.name;
            return Err(no_schedule(&name));
        };
        let lp = plan_loop(&book, customer, tz, now);
        let current_loop = match lp.plan.anchor {
            Some(anchor) => {
                let number = match customer
                    .open_invoices
                    .iter()
                    .find(|i| i.id == anchor.invoice)
                {
                    Some(open) => open.number.clone(),
                    // The first invoice may be paid while the loop goes on.
                    None => self
                        .db
                        .invoices_of_contact(org.id, id)
                        .await?
                        .into_iter()
                        .find(|i| i.id == anchor.invoice)
                        .map(|i| i.invoice.number)
                        .unwrap_or_default(),
                };
                let started_now = customer.anchor != Some(anchor);
                Some(CustomerLoopView {
                    anchor_invoice_id: anchor.invoice,
                    anchor_invoice_number: number,
                    anchor_due_date: anchor.due_date.format("%Y-%m-%d").to_string(),
                    days_overdue: (local_today(tz, now) - anchor.due_date).num_days().max(0) as u32,
                    loop_number: customer.loop_number + u32::from(started_now),
                })
            }
            None => None,
        };
        let listed = lp
            .plan
            .occurrences
            .first()
            .map(|o| o.invoices.clone())
            .unwrap_or_else(|| {
                // No loop: what a message would list once one starts (core's rule: the
                // customer's chased open invoices, oldest due first).
                let open = customer.open_invoices.iter().filter(|i| i.chasing);
                open.map(|i| i.id).collect()
            });
        let schedule = lp.schedule.schedule().to_inputs();
        let until = now + chrono::Duration::days(PREVIEW_DAYS.into());
        let statement = plan_statement(&book, customer, tz, now, until);
        Ok(CustomerScheduleView {
            customer_id: customer.contact_id,
            customer_name: customer.name.clone(),
            chasing: customer.chasing,
            applied_at: instant_text(customer.applied_at),
            steps: customer_step_views(&schedule),
            current_loop,
            invoices: invoice_refs(customer, &listed),
            occurrences: lp
                .plan
                .occurrences
                .iter()
                .map(|planned| {
                    let o = &planned.occurrence;
                    let view = lp.occurrence_view(o);
                    CustomerOccurrenceView {
                        key: view.key,
                        step: view.step,
                        occurrence: view.occurrence,
                        channel: view.channel,
                        at: view.at,
                        local: view.local,
                        status: view.status,
                        reason: view.reason,
                        audience: audience_text(&lp.audience(o)),
                    }
                })
                .collect(),
            statement: statement.as_ref().map(|sp| statement_view(sp.stored)),
            statement_occurrences: statement
                .as_ref()
                .map(|sp| sp.plan.iter().map(|s| sp.customer_view(s)).collect()),
        })
    }
}

fn no_schedule(name: &str) -> EngineError {
    EngineError::NotFound(format!(
        "{name} has no customer schedule: set one with `settle customer-schedule set`"
    ))
}
