//! The pure scheduling core of the chasing engine: schedules of steps (validated against the
//! limits in [`limits`]), the send instant of a step in the organisation's time zone, the
//! calculated plan of each invoice and of customer-level loops, the grouping of one customer's
//! same-day reminders into one message, and the 90-day preview with its diff.
//!
//! Everything here is a function of its arguments: `now`, the time zone and the outbox history
//! are passed in, nothing is read from the clock or a database. The engine stores what these
//! functions return (one outbox row per [`occurrence_key`], safety invariant 2) and sends only at
//! the instants they compute (invariant 3).

pub mod customer;
mod daily_limit;
pub mod error;
pub mod group;
pub mod limits;
pub mod local_time;
pub mod occurrence;
pub mod plan;
pub mod preview;
mod slot;
pub mod statement;
pub mod step;

pub use customer::{
    customer_schedule, customer_subject, CustomerInvoice, CustomerOccurrence, CustomerPlan,
    CustomerPlanInput, CustomerSchedule, LoopAnchor,
};
pub use error::ScheduleError;
pub use group::{group_reminders, Audience, DueReminder, MessageGroup};
pub use local_time::{local_send_time, send_instant};
pub use occurrence::{
    occurrence_key, parse_occurrence_key, statement_key, Occurrence, OccurrenceId, OccurrenceState,
    Outcome, PastSend, Subject,
};
pub use plan::{invoice_schedule, InvoicePlanInput};
pub use preview::{diff, invoice_preview, within_window, Change, PlanDiff, PREVIEW_DAYS};
pub use statement::{
    statement_schedule, Statement, StatementDay, StatementDayInput, StatementError, StatementInput,
    StatementMonth, StatementOccurrence, StatementPastSend, StatementPlanInput,
};
pub use step::{Channel, Schedule, Step, StepInput, Trigger, TriggerInput};

#[cfg(test)]
mod fixtures;
