//! The shipped "Best practice" cadence (docs/CADENCES.md, docs/SENDING.md): the five built-in
//! templates in order — new invoice when issued, a friendly reminder 3 days before the due date,
//! due today, past due 7 and 14 days after, and a final notice 30 days after from the escalated
//! sender. It is added once, when an organisation's templates are first seeded, and never made
//! the default (the owner chooses). Owns: that cadence's shape.
//! Must not: write SQL (settle-db) or overwrite a cadence the owner made.

use settle_core::schedule::{Channel, Schedule, StepInput, TriggerInput};
use settle_core::template::TemplateKind;
use settle_db::{CadenceWrite, DbError};

use crate::{Engine, EngineError};

/// The name the cadence is added under.
pub const BEST_PRACTICE_CADENCE: &str = "Best practice";

/// (trigger, template, escalated sender) of each step, in order.
fn steps() -> Vec<(TriggerInput, TemplateKind, bool)> {
    vec![
        (TriggerInput::WhenIssued, TemplateKind::NewInvoice, false),
        (
            TriggerInput::BeforeDue { days: 3 },
            TemplateKind::FriendlyReminder,
            false,
        ),
        (
            TriggerInput::AfterDue { days: 0 },
            TemplateKind::DueToday,
            false,
        ),
        (
            TriggerInput::AfterDue { days: 7 },
            TemplateKind::PastDue,
            false,
        ),
        (
            TriggerInput::AfterDue { days: 14 },
            TemplateKind::PastDue,
            false,
        ),
        (
            TriggerInput::AfterDue { days: 30 },
            TemplateKind::FinalNotice,
            true,
        ),
    ]
}

/// The best-practice schedule (email at 9:00 local time on each step).
pub fn best_practice_schedule() -> Schedule {
    let inputs: Vec<StepInput> = steps()
        .into_iter()
        .map(|(trigger, kind, escalated)| StepInput {
            trigger,
            hour: 9,
            channels: vec![Channel::Email],
            contact_role: None,
            template: Some(kind.as_str().to_owned()),
            escalated_sender: escalated,
        })
        .collect();
    Schedule::new(&inputs).expect("the best-practice cadence is a valid schedule")
}

impl Engine {
    /// Adds the "Best practice" cadence to `org` unless a cadence of that name exists. A full
    /// list of cadences (the limit) is not an error: the owner's cadences come first.
    pub(crate) async fn add_best_practice_cadence(&self, org: i64) -> Result<(), EngineError> {
        if self
            .db
            .cadence_named(org, BEST_PRACTICE_CADENCE)
            .await?
            .is_some()
        {
            return Ok(());
        }
        let schedule = best_practice_schedule();
        let write = CadenceWrite {
            name: BEST_PRACTICE_CADENCE.to_owned(),
            schedule: schedule.clone(),
            make_default: false,
        };
        let id = match self.db.create_cadence(org, &write, self.now()).await {
            Ok(id) => id,
            // Full, or made meanwhile by another window: nothing to add.
            Err(DbError::Invalid(_)) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let keyed = steps();
        let templates: Vec<(usize, String, bool)> = schedule
            .to_inputs()
            .iter()
            .enumerate()
            .filter_map(|(position, input)| {
                keyed
                    .iter()
                    .find(|(trigger, _, _)| *trigger == input.trigger)
                    .map(|(_, kind, escalated)| (position, kind.as_str().to_owned(), *escalated))
            })
            .collect();
        self.db
            .set_cadence_step_templates(org, id, &templates)
            .await?;
        Ok(())
    }
}
