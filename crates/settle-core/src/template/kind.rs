//! The five kinds of reminder email and the status-based choice between them at send time.
//!
//! Owns: [`TemplateKind`] (its stable snake_case keys, stored by cadences and templates) and
//! [`kind_for_invoice`]. Must not: know the wording of the templates (builtin.rs) or render.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which of the five best-practice emails a message is. The keys (`new_invoice`, ...) are what
/// cadence steps and saved templates store, so they never change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    NewInvoice,
    FriendlyReminder,
    DueToday,
    PastDue,
    FinalNotice,
}

impl TemplateKind {
    /// Every kind, in the order a cadence uses them.
    pub const ALL: [TemplateKind; 5] = [
        TemplateKind::NewInvoice,
        TemplateKind::FriendlyReminder,
        TemplateKind::DueToday,
        TemplateKind::PastDue,
        TemplateKind::FinalNotice,
    ];

    /// The stable key: `new_invoice`, `friendly_reminder`, `due_today`, `past_due`,
    /// `final_notice` (the same text serde uses).
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::NewInvoice => "new_invoice",
            TemplateKind::FriendlyReminder => "friendly_reminder",
            TemplateKind::DueToday => "due_today",
            TemplateKind::PastDue => "past_due",
            TemplateKind::FinalNotice => "final_notice",
        }
    }

    /// The kind for a key; `None` for anything else (e.g. an owner's own template key).
    pub fn parse(key: &str) -> Option<TemplateKind> {
        TemplateKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == key)
    }

    /// The name shown to the owner ("Friendly reminder").
    pub fn name(self) -> &'static str {
        match self {
            TemplateKind::NewInvoice => "New invoice",
            TemplateKind::FriendlyReminder => "Friendly reminder",
            TemplateKind::DueToday => "Due today",
            TemplateKind::PastDue => "Past due",
            TemplateKind::FinalNotice => "Final notice",
        }
    }
}

impl fmt::Display for TemplateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The template a step that names none uses, chosen from the invoice's status on the day it is
/// sent (CHASING.md "Email template by status at send time"):
///
/// 1. never reminded before, and not yet due (or still its issue day, so an invoice due on
///    receipt is introduced rather than chased) → [`TemplateKind::NewInvoice`];
/// 2. due today → [`TemplateKind::DueToday`];
/// 3. not yet due (it was sent before) → [`TemplateKind::FriendlyReminder`];
/// 4. past due → [`TemplateKind::PastDue`].
///
/// [`TemplateKind::FinalNotice`] is never chosen here: it goes out only when a step names it.
pub fn kind_for_invoice(
    issue_date: NaiveDate,
    due_date: NaiveDate,
    today: NaiveDate,
    reminded_before: bool,
) -> TemplateKind {
    if !reminded_before && (today < due_date || today <= issue_date) {
        TemplateKind::NewInvoice
    } else if today == due_date {
        TemplateKind::DueToday
    } else if today < due_date {
        TemplateKind::FriendlyReminder
    } else {
        TemplateKind::PastDue
    }
}
