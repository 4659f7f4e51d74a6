//! How a step is stored: the columns shared by `cadence_steps` and `invoice_schedule_steps`, and
//! the way between them and settle-core's [`StepInput`].
//!
//! `days` holds the offset of `after_issue`, `before_due` and `after_due`, and the interval of a
//! `repeat` step (whose `repeat_count` holds how many times it repeats); `on_date` holds an
//! `on_date` step's date; `channels` is a comma list (`email,sms`); the contact role is stored by
//! id in `contact_roles` and read back by name.

use std::collections::HashMap;

use settle_core::schedule::{Channel, Schedule, StepInput, TriggerInput};
use sqlx::{Row, SqliteConnection};

use crate::DbError;

/// One step in column form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepColumns {
    pub kind: &'static str,
    pub days: Option<i64>,
    pub on_date: Option<String>,
    pub repeat_count: Option<i64>,
    pub hour: i64,
    pub channels: String,
    pub role: Option<String>,
    pub template: Option<String>,
    pub escalated_sender: bool,
}

pub(crate) fn to_columns(step: &StepInput) -> StepColumns {
    let (kind, days, on_date, repeat_count) = match &step.trigger {
        TriggerInput::WhenIssued => ("when_issued", None, None, None),
        TriggerInput::AfterIssue { days } => ("after_issue", Some(*days), None, None),
        TriggerInput::BeforeDue { days } => ("before_due", Some(*days), None, None),
        TriggerInput::AfterDue { days } => ("after_due", Some(*days), None, None),
        TriggerInput::OnDate { date } => ("on_date", None, Some(date.clone()), None),
        TriggerInput::Repeat { every_days, times } => {
            ("repeat", Some(*every_days), None, Some(*times))
        }
    };
    StepColumns {
        kind,
        days,
        on_date,
        repeat_count,
        hour: step.hour,
        channels: step
            .channels
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(","),
        role: step.contact_role.clone(),
        template: step.template.clone(),
        escalated_sender: step.escalated_sender,
    }
}

/// A stored step's timing and recipient columns back in raw form, with the template and sender at
/// their defaults (the planner's signature carries only these; [`read_steps`] adds the rest).
/// Stored steps passed validation when written; anything else means the file was edited by hand
/// and is reported as unreadable data.
pub(crate) fn from_columns(
    kind: &str,
    days: Option<i64>,
    on_date: Option<String>,
    repeat_count: Option<i64>,
    hour: i64,
    channels: &str,
    role: Option<String>,
) -> Result<StepInput, DbError> {
    let bad = |what: &str| DbError::Conversion(format!("stored step ({kind}): {what}"));
    let days = || days.ok_or_else(|| bad("no days"));
    let trigger = match kind {
        "when_issued" => TriggerInput::WhenIssued,
        "after_issue" => TriggerInput::AfterIssue { days: days()? },
        "before_due" => TriggerInput::BeforeDue { days: days()? },
        "after_due" => TriggerInput::AfterDue { days: days()? },
        "on_date" => TriggerInput::OnDate {
            date: on_date.ok_or_else(|| bad("no date"))?,
        },
        "repeat" => TriggerInput::Repeat {
            every_days: days()?,
            times: repeat_count.ok_or_else(|| bad("no repeat count"))?,
        },
        other => return Err(bad(&format!("unknown trigger '{other}'"))),
    };
    let channels = channels
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| Channel::parse(c).ok_or_else(|| bad(&format!("unknown channel '{c}'"))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(StepInput {
        trigger,
        hour,
        channels,
        contact_role: role,
        template: None,
        escalated_sender: false,
    })
}

/// The SQL for one step's part of a schedule's signature (see `plan_book`), over a steps table
/// aliased `st`: `kind,days,date,repeat,hour,channels,role-id` with channels joined by `+`.
///
/// The template and sender are deliberately not in it: the signature is the planner's input
/// (WHEN a step sends, shared by every invoice with the same timing), and the sender reads the
/// template and sender from the step rows at send time (send_facts.rs). Copy-on-apply copies
/// those columns with the rest, so a re-applied cadence carries its templates; keeping them out
/// also leaves signatures stored before they existed valid (docs/CADENCES.md).
pub(crate) const STEP_SIGNATURE: &str = "st.trigger_kind || ',' || ifnull(st.days, '') || ',' || \
    ifnull(st.on_date, '') || ',' || ifnull(st.repeat_count, '') || ',' || st.hour || ',' || \
    replace(st.channels, ',', '+') || ',' || ifnull(st.contact_role_id, '')";

/// Validates stored steps again (they were valid when written).
pub(crate) fn to_schedule(steps: &[StepInput]) -> Result<Schedule, DbError> {
    Schedule::new(steps).map_err(|e| DbError::Conversion(format!("stored schedule: {e}")))
}

/// The organisation's contact roles by id.
pub(crate) async fn role_names(
    conn: &mut SqliteConnection,
    org: i64,
) -> Result<HashMap<i64, String>, sqlx::Error> {
    Ok(
        sqlx::query("SELECT id, name FROM contact_roles WHERE organisation_id = ?")
            .bind(org)
            .fetch_all(conn)
            .await?
            .into_iter()
            .map(|r| (r.get("id"), r.get("name")))
            .collect(),
    )
}

/// The id of each step's contact role, refusing a role the organisation does not define (a step
/// for a role nobody holds would silently reach no one).
pub(crate) async fn role_ids(
    conn: &mut SqliteConnection,
    org: i64,
    schedule: &Schedule,
) -> Result<Vec<Option<i64>>, DbError> {
    let roles = role_names(conn, org).await?;
    schedule
        .steps()
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let Some(wanted) = step.contact_role() else {
                return Ok(None);
            };
            roles
                .iter()
                .find(|(_, name)| name.eq_ignore_ascii_case(wanted))
                .map(|(id, _)| Some(*id))
                .ok_or_else(|| {
                    let mut known: Vec<&str> = roles.values().map(String::as_str).collect();
                    known.sort_unstable();
                    let known = if known.is_empty() {
                        "none are defined yet".to_owned()
                    } else {
                        format!("the roles are: {}", known.join(", "))
                    };
                    DbError::Invalid(format!(
                        "step {}: contact_role '{wanted}' is not a contact role of this \
                         organisation ({known})",
                        index + 1
                    ))
                })
        })
        .collect()
}

/// Writes `schedule`'s steps under `owner_id` into `table` (`cadence_steps` with owner column
/// `cadence_id`, or `invoice_schedule_steps` with `schedule_id`), positions from 0.
pub(crate) async fn insert_steps(
    conn: &mut SqliteConnection,
    org: i64,
    table: &str,
    owner_column: &str,
    owner_id: i64,
    schedule: &Schedule,
) -> Result<(), DbError> {
    let role_ids = role_ids(conn, org, schedule).await?;
    for (position, (input, role_id)) in schedule.to_inputs().iter().zip(role_ids).enumerate() {
        let columns = to_columns(input);
        sqlx::query(&format!(
            "INSERT INTO {table} (organisation_id, {owner_column}, position, trigger_kind, days, \
             on_date, repeat_count, hour, channels, contact_role_id, template_key, \
             escalated_sender) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ))
        .bind(org)
        .bind(owner_id)
        .bind(position as i64)
        .bind(columns.kind)
        .bind(columns.days)
        .bind(columns.on_date)
        .bind(columns.repeat_count)
        .bind(columns.hour)
        .bind(columns.channels)
        .bind(role_id)
        .bind(columns.template)
        .bind(i64::from(columns.escalated_sender))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Reads steps stored under `owner_id`, in position order.
pub(crate) async fn read_steps(
    conn: &mut SqliteConnection,
    table: &str,
    owner_column: &str,
    owner_id: i64,
) -> Result<Vec<StepInput>, DbError> {
    sqlx::query(&format!(
        "SELECT st.trigger_kind, st.days, st.on_date, st.repeat_count, st.hour, st.channels, \
         r.name AS role, st.template_key, st.escalated_sender FROM {table} st \
         LEFT JOIN contact_roles r ON r.id = st.contact_role_id \
         WHERE st.{owner_column} = ? ORDER BY st.position"
    ))
    .bind(owner_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        from_columns(
            r.get("trigger_kind"),
            r.get("days"),
            r.get("on_date"),
            r.get("repeat_count"),
            r.get("hour"),
            r.get("channels"),
            r.get("role"),
        )
        .map(|step| StepInput {
            template: r.get("template_key"),
            escalated_sender: r.get::<i64, _>("escalated_sender") != 0,
            ..step
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_round_trips_through_the_columns() {
        let triggers = [
            TriggerInput::WhenIssued,
            TriggerInput::AfterIssue { days: 2 },
            TriggerInput::BeforeDue { days: 3 },
            TriggerInput::AfterDue { days: 0 },
            TriggerInput::OnDate {
                date: "2026-12-24".into(),
            },
            TriggerInput::Repeat {
                every_days: 7,
                times: 4,
            },
        ];
        for trigger in triggers {
            let step = StepInput {
                trigger,
                hour: 9,
                channels: vec![Channel::Email, Channel::Sms],
                contact_role: Some("Director".into()),
                template: None,
                escalated_sender: false,
            };
            let c = to_columns(&step);
            assert_eq!(c.channels, "email,sms");
            let back = from_columns(
                c.kind,
                c.days,
                c.on_date,
                c.repeat_count,
                c.hour,
                &c.channels,
                c.role,
            )
            .unwrap();
            assert_eq!(back, step);
        }
    }

    #[test]
    fn a_hand_edited_step_is_reported_not_guessed() {
        let err = from_columns("weekly", Some(1), None, None, 9, "email", None).unwrap_err();
        assert!(
            err.to_string().contains("unknown trigger 'weekly'"),
            "{err}"
        );
        let err = from_columns("after_due", Some(1), None, None, 9, "fax", None).unwrap_err();
        assert!(err.to_string().contains("unknown channel 'fax'"), "{err}");
    }
}
