//! The preview of what the plan would send over the next days (90 unless told otherwise) for one
//! invoice, one customer or the whole organisation, and the diff shown before a cadence or
//! schedule change is saved. The customer and organisation previews include the sends of
//! customer-level schedules (`customer_loops`) and their monthly statements
//! (`customer_statements`).

use std::collections::BTreeMap;

use chrono::Duration;
use settle_core::schedule::{
    diff, invoice_schedule, within_window, Channel, Occurrence, Schedule, StepInput,
};
use settle_db::{BookScope, PlanBook};

use crate::cadences::validated_as;
use crate::customer_loops::plan_loop;
use crate::customer_statements::plan_statement;
use crate::engine::instant_text;
use crate::occurrence_views::{is_send, occurrence_view, past_sends, plan_input};
use crate::{
    ChangePreviewView, Engine, EngineError, OccurrenceChangeView, PreviewDayView, PreviewView,
};

/// The longest preview: a year ahead.
pub const MAX_PREVIEW_DAYS: u32 = 366;

/// What a preview covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewScope {
    Organisation,
    /// An invoice number.
    Invoice(String),
    /// A customer's name (or a unique part of it) or id.
    Customer(String),
}

/// Which invoices a change preview compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeTarget {
    /// The open invoices whose schedule was copied from the cadence (a cadence edit).
    FollowingCadence,
    /// These invoice numbers (applying the cadence to them).
    Invoices(Vec<String>),
    /// Every open invoice.
    AllOpen,
}

fn check_days(days: u32) -> Result<(), EngineError> {
    if days == 0 || days > MAX_PREVIEW_DAYS {
        return Err(EngineError::InvalidInput(format!(
            "--days must be between 1 and {MAX_PREVIEW_DAYS} (got {days})"
        )));
    }
    Ok(())
}

impl Engine {
    /// What the current plan sends from now to `days` days ahead, for `scope`. At most `limit`
    /// occurrences are listed (the counts cover them all).
    pub async fn preview(
        &self,
        days: u32,
        scope: &PreviewScope,
        limit: Option<usize>,
    ) -> Result<PreviewView, EngineError> {
        check_days(days)?;
        let org = self.current().await?;
        let now = self.now();
        let tz = org.organisation.timezone;
        let (scope_name, subject, book_scope) = match scope {
            PreviewScope::Organisation => ("organisation", String::new(), BookScope::Plannable),
            PreviewScope::Invoice(number) => {
                let id = self.invoice_id(number).await?;
                ("invoice", number.trim().to_owned(), BookScope::Invoice(id))
            }
            PreviewScope::Customer(needle) => {
                let found = self.find_customer(needle).await?;
                ("customer", found.name, BookScope::Contact(found.id))
            }
        };
        let book = self.db.plan_book(org.id, &book_scope, false).await?;
        let mut listed = Vec::new();
        let mut sends = 0_u32;
        let mut by_day: BTreeMap<String, [u32; 3]> = BTreeMap::new();
        let mut count = |occurrence: &Occurrence| {
            if is_send(&occurrence.state) {
                sends += 1;
                let day = by_day
                    .entry(occurrence.local.date().format("%Y-%m-%d").to_string())
                    .or_default();
                day[channel_slot(occurrence.channel)] += 1;
            }
        };
        for (index, invoice) in book.invoices.iter().enumerate() {
            let Some(scheduled) = &invoice.schedule else {
                continue;
            };
            let history = book.history_of(invoice.id);
            let input = plan_input(
                invoice,
                scheduled.applied_at,
                book.hold_until_expected_payment,
            );
            let schedule = &book.schedules[scheduled.steps];
            let plan = invoice_schedule(&input, schedule, tz, &past_sends(history), now);
            for occurrence in within_window(&plan, now, days) {
                count(&occurrence);
                listed.push((index, occurrence));
            }
        }
        // Customer-level loops of the scope: one message per send. There are few, so their
        // views are built at once.
        let mut customer_listed = Vec::new();
        for customer in &book.customers {
            let lp = plan_loop(&book, customer, tz, now);
            let plan: Vec<Occurrence> = lp
                .plan
                .occurrences
                .iter()
                .map(|c| c.occurrence.clone())
                .collect();
            for occurrence in within_window(&plan, now, days) {
                count(&occurrence);
                let view = lp.occurrence_view(&occurrence);
                customer_listed.push((occurrence, view));
            }
            // Its monthly statements over the window (and any already due).
            let until = now + Duration::days(days.into());
            if let Some(sp) = plan_statement(&book, customer, tz, now, until) {
                let plan: Vec<Occurrence> = sp.plan.iter().map(|s| s.occurrence.clone()).collect();
                for occurrence in within_window(&plan, now, days) {
                    let Some(planned) = sp.plan.iter().find(|s| s.occurrence == occurrence) else {
                        continue;
                    };
                    count(&occurrence);
                    let view = sp.occurrence_view(planned);
                    customer_listed.push((occurrence, view));
                }
            }
        }
        // Views are built only for the occurrences listed: an organisation's 90 days can hold
        // hundreds of thousands.
        listed.sort_by(|(a, x), (b, y)| {
            (x.at, book.invoices[*a].id, x.id()).cmp(&(y.at, book.invoices[*b].id, y.id()))
        });
        customer_listed.sort_by(|(x, a), (y, b)| {
            (x.at, a.customer_id, x.id()).cmp(&(y.at, b.customer_id, y.id()))
        });
        // Both lists merged in time order (invoice reminders first at the same instant), cut to
        // `limit`.
        let mut invoice_rows = listed.iter().peekable();
        let mut customer_rows = customer_listed.into_iter().peekable();
        let mut occurrences = Vec::new();
        while occurrences.len() < limit.unwrap_or(usize::MAX) {
            let customer_first = match (invoice_rows.peek(), customer_rows.peek()) {
                (None, None) => break,
                (Some((_, invoice)), Some((customer, _))) => customer.at < invoice.at,
                (None, Some(_)) => true,
                (Some(_), None) => false,
            };
            if customer_first {
                occurrences.extend(customer_rows.next().map(|(_, view)| view));
            } else if let Some((index, occurrence)) = invoice_rows.next() {
                let invoice = &book.invoices[*index];
                occurrences.push(occurrence_view(
                    invoice,
                    occurrence,
                    book.history_of(invoice.id),
                ));
            }
        }
        Ok(PreviewView {
            scope: scope_name.to_owned(),
            subject,
            from: instant_text(now),
            to: instant_text(now + Duration::days(days.into())),
            days,
            invoices: book.invoices.len() as u32,
            sends,
            occurrences,
            by_day: by_day
                .into_iter()
                .map(|(date, [email, sms, letter])| PreviewDayView {
                    date,
                    email,
                    sms,
                    letter,
                })
                .collect(),
        })
    }

    /// How the next `days` days would change if `cadence` — with `proposed` steps instead of its
    /// own, when given — were applied now to the invoices of `target`. Nothing is saved.
    pub async fn preview_change(
        &self,
        cadence: &str,
        proposed: Option<&[StepInput]>,
        target: &ChangeTarget,
        days: u32,
    ) -> Result<ChangePreviewView, EngineError> {
        check_days(days)?;
        let org = self.current().await?;
        let now = self.now();
        let tz = org.organisation.timezone;
        let stored = self.cadence_row(org.id, cadence).await?;
        let steps = proposed.unwrap_or(&stored.steps);
        let schedule = Schedule::new(steps)
            .map_err(|e| EngineError::InvalidInput(format!("cadence '{}': {e}", stored.name)))?;
        let (book_scope, note) = match target {
            ChangeTarget::FollowingCadence => (
                BookScope::Cadence(stored.id),
                format!(
                    "Saving changes only the invoices '{}' is applied to from now on: the open \
                     invoices that follow it keep their schedules (copy-on-apply). This compares \
                     their plan today with their plan if the edited cadence were applied to them \
                     now.",
                    stored.name
                ),
            ),
            ChangeTarget::Invoices(numbers) => {
                let mut ids = Vec::with_capacity(numbers.len());
                for number in numbers {
                    ids.push(self.invoice_id(number).await?);
                }
                (BookScope::Invoices(ids), apply_note(&stored.name))
            }
            ChangeTarget::AllOpen => (BookScope::Open, apply_note(&stored.name)),
        };
        let book: PlanBook = self.db.plan_book(org.id, &book_scope, true).await?;
        let mut view = ChangePreviewView {
            cadence: stored.name.clone(),
            from: instant_text(now),
            to: instant_text(now + Duration::days(days.into())),
            days,
            invoices: book.invoices.len() as u32,
            sends_before: 0,
            sends_after: 0,
            added: Vec::new(),
            removed: Vec::new(),
            moved: Vec::new(),
            state_changed: Vec::new(),
            note,
        };
        compare(&book, &schedule, tz, now, days, &mut view);
        Ok(view)
    }

    /// How the next `days` days of one invoice would change with `steps` as its own schedule,
    /// applied now (what `set_invoice_steps` would save). Nothing is saved.
    pub async fn preview_invoice_steps(
        &self,
        invoice_id: i64,
        steps: &[StepInput],
        days: u32,
    ) -> Result<ChangePreviewView, EngineError> {
        check_days(days)?;
        let org = self.current().await?;
        let now = self.now();
        let number = self.db.invoice(org.id, invoice_id).await?.invoice.number;
        let schedule = validated_as(&format!("invoice {number}"), steps)?;
        let book = self
            .db
            .plan_book(org.id, &BookScope::Invoices(vec![invoice_id]), true)
            .await?;
        let mut view = ChangePreviewView {
            cadence: String::new(),
            from: instant_text(now),
            to: instant_text(now + Duration::days(days.into())),
            days,
            invoices: book.invoices.len() as u32,
            sends_before: 0,
            sends_after: 0,
            added: Vec::new(),
            removed: Vec::new(),
            moved: Vec::new(),
            state_changed: Vec::new(),
            note: format!(
                "Saving gives invoice {number} these steps from now on: steps whose time has \
                 passed are not sent late, and what was already sent stays sent."
            ),
        };
        compare(
            &book,
            &schedule,
            org.organisation.timezone,
            now,
            days,
            &mut view,
        );
        Ok(view)
    }
}

/// Adds to `view` each invoice's plan today against its plan with `schedule` applied `now`.
fn compare(
    book: &PlanBook,
    schedule: &Schedule,
    tz: chrono_tz::Tz,
    now: chrono::DateTime<chrono::Utc>,
    days: u32,
    view: &mut ChangePreviewView,
) {
    for invoice in &book.invoices {
        let history = book.history_of(invoice.id);
        let past = past_sends(history);
        let hold = book.hold_until_expected_payment;
        let before = match &invoice.schedule {
            Some(s) => {
                let input = plan_input(invoice, s.applied_at, hold);
                let plan = invoice_schedule(&input, &book.schedules[s.steps], tz, &past, now);
                within_window(&plan, now, days)
            }
            None => Vec::new(),
        };
        let input = plan_input(invoice, now, hold);
        let after = within_window(
            &invoice_schedule(&input, schedule, tz, &past, now),
            now,
            days,
        );
        view.sends_before += before.iter().filter(|o| is_send(&o.state)).count() as u32;
        view.sends_after += after.iter().filter(|o| is_send(&o.state)).count() as u32;
        let changes = diff(&before, &after);
        let show = |o: &Occurrence| occurrence_view(invoice, o, history);
        view.added.extend(changes.added.iter().map(show));
        view.removed.extend(changes.removed.iter().map(show));
        let pair = |c: &settle_core::schedule::Change| OccurrenceChangeView {
            before: show(&c.before),
            after: show(&c.after),
        };
        view.moved.extend(changes.moved.iter().map(pair));
        view.state_changed
            .extend(changes.state_changed.iter().map(pair));
    }
}

fn apply_note(name: &str) -> String {
    format!(
        "Applying '{name}' replaces these invoices' schedules now: steps whose time has passed \
         are skipped as backdated, and what was already sent stays sent."
    )
}

fn channel_slot(channel: Channel) -> usize {
    match channel {
        Channel::Email => 0,
        Channel::Sms => 1,
        Channel::Letter => 2,
    }
}
