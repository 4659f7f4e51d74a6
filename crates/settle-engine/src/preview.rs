//! The preview of what the plan would send over the next days (90 unless told otherwise) for one
//! invoice, one customer or the whole organisation, and the diff shown before a cadence or
//! schedule change is saved.

use std::collections::BTreeMap;

use chrono::Duration;
use settle_core::schedule::{
    diff, invoice_schedule, within_window, Channel, Occurrence, Schedule, StepInput,
};
use settle_db::{BookScope, PlanBook};

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
                if is_send(&occurrence.state) {
                    sends += 1;
                    let day = by_day
                        .entry(occurrence.local.date().format("%Y-%m-%d").to_string())
                        .or_default();
                    day[channel_slot(occurrence.channel)] += 1;
                }
                listed.push((index, occurrence));
            }
        }
        // Views are built only for the occurrences listed: an organisation's 90 days can hold
        // hundreds of thousands.
        listed.sort_by(|(a, x), (b, y)| {
            (x.at, book.invoices[*a].id, x.id()).cmp(&(y.at, book.invoices[*b].id, y.id()))
        });
        listed.truncate(limit.unwrap_or(usize::MAX));
        let occurrences = listed
            .iter()
            .map(|(index, occurrence)| {
                let invoice = &book.invoices[*index];
                occurrence_view(invoice, occurrence, book.history_of(invoice.id))
            })
            .collect();
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
                     now (`settle cadence apply`).",
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
                &invoice_schedule(&input, &schedule, tz, &past, now),
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
        Ok(view)
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
