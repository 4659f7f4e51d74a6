//! The `customer_schedules` table and its `customer_schedule_steps` (migration 0003): a
//! customer-level schedule per customer — steps keyed to the age of its oldest overdue invoice —
//! and the running loop's anchor, which settle-core computes and the planner stores back. What
//! the planner reads about them is `customer_book.rs`. The customer's monthly statement
//! (migration 0006) is stored on the same row.

use chrono::{DateTime, Utc};
use settle_core::schedule::{
    Channel, CustomerSchedule, LoopAnchor, Statement, StatementDay, StatementDayInput,
    StatementInput, StepInput,
};
use sqlx::{Row, SqliteConnection};

use crate::steps::{insert_steps, read_steps};
use crate::{text, Database, DbError};

/// A customer's schedule as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCustomerSchedule {
    pub contact_id: i64,
    /// When the current steps were set: sends whose time had passed then are backdated.
    pub applied_at: DateTime<Utc>,
    pub steps: Vec<StepInput>,
    /// The running loop's anchor; `None` when no loop is running.
    pub anchor: Option<LoopAnchor>,
    /// Loops started since the schedule was first set (0 = none yet).
    pub loop_number: u32,
    /// The monthly statement, if it has one.
    pub statement: Option<StoredStatement>,
}

/// A customer's monthly statement as stored, re-validated when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredStatement {
    pub statement: Statement,
    /// When it was set or last changed: statement times before it are backdated.
    pub set_at: DateTime<Utc>,
}

/// What [`Database::set_customer_statement`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatementWrite {
    /// A schedule row was created for it (the customer had no customer schedule).
    pub created_schedule: bool,
    /// It replaced a different statement (or, when turning off, there was one).
    pub replaced: bool,
    /// It was the same statement as stored: nothing changed (and `set_at` was kept).
    pub unchanged: bool,
    /// Statement items still waiting that were withdrawn (turning off).
    pub withdrawn: u64,
    /// Turning off removed the schedule row too, as it had no steps left.
    pub removed_schedule: bool,
}

/// A loop anchor found by a planning pass, to store for the next one. It is written only if the
/// stored anchor is still `previous` (a planner in another process may have moved it meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnchorWrite {
    pub contact_id: i64,
    pub previous: Option<LoopAnchor>,
    pub anchor: Option<LoopAnchor>,
}

/// Outbox states still waiting to be sent (see [`crate::OutboxState::is_withdrawable`]).
const WAITING: &str = "('planned', 'awaiting_approval', 'approved', 'held')";

impl Database {
    /// Sets (or replaces) a customer's schedule, with `applied_at = now`, in one transaction.
    /// A replaced schedule keeps its running loop (anchor and loop number), as re-applying a
    /// cadence keeps an invoice's outbox history. Returns whether a schedule was replaced.
    pub async fn set_customer_schedule(
        &self,
        org: i64,
        contact_id: i64,
        schedule: &CustomerSchedule,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let contact: Option<i64> =
            sqlx::query_scalar("SELECT id FROM contacts WHERE organisation_id = ? AND id = ?")
                .bind(org)
                .bind(contact_id)
                .fetch_optional(&mut *tx)
                .await?;
        if contact.is_none() {
            return Err(DbError::NotFound(format!(
                "customer {contact_id} does not exist"
            )));
        }
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM customer_schedules WHERE organisation_id = ? AND contact_id = ?",
        )
        .bind(org)
        .bind(contact_id)
        .fetch_optional(&mut *tx)
        .await?;
        let id = match existing {
            Some(id) => {
                sqlx::query("UPDATE customer_schedules SET applied_at = ? WHERE id = ?")
                    .bind(text::instant(now))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM customer_schedule_steps WHERE schedule_id = ?")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => sqlx::query(
                "INSERT INTO customer_schedules (organisation_id, contact_id, applied_at) \
                 VALUES (?, ?, ?)",
            )
            .bind(org)
            .bind(contact_id)
            .bind(text::instant(now))
            .execute(&mut *tx)
            .await?
            .last_insert_rowid(),
        };
        // Refuses a contact role the organisation does not define, naming the step; the
        // transaction is then dropped and nothing changes.
        insert_steps(
            &mut tx,
            org,
            "customer_schedule_steps",
            "schedule_id",
            id,
            schedule.schedule(),
        )
        .await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(existing.is_some())
    }

    /// Removes a customer's schedule and withdraws (cancels, with `reason`) its customer-level
    /// outbox items still waiting, in one transaction. Returns how many were withdrawn.
    pub async fn clear_customer_schedule(
        &self,
        org: i64,
        contact_id: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let removed = sqlx::query(
            "DELETE FROM customer_schedules WHERE organisation_id = ? AND contact_id = ?",
        )
        .bind(org)
        .bind(contact_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if removed == 0 {
            return Err(DbError::NotFound(format!(
                "customer {contact_id} has no customer schedule"
            )));
        }
        let withdrawn = sqlx::query(&format!(
            "UPDATE outbox_items SET state = 'cancelled', state_reason = ?1, updated_at = ?2 \
             WHERE organisation_id = ?3 AND contact_id = ?4 AND invoice_id IS NULL \
             AND substr(occurrence_key, 1, length(?5)) = ?5 AND state IN {WAITING}"
        ))
        .bind(reason)
        .bind(text::instant(now))
        .bind(org)
        .bind(contact_id)
        .bind(format!("customer:{contact_id}:"))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(withdrawn)
    }

    /// A customer's schedule, if it has one.
    pub async fn customer_schedule(
        &self,
        org: i64,
        contact_id: i64,
    ) -> Result<Option<StoredCustomerSchedule>, DbError> {
        let mut conn = self
            .reader()
            .acquire()
            .await
            .map_err(|e| self.classify(e))?;
        let Some(row) = sqlx::query(
            "SELECT id, applied_at, loop_anchor_invoice_id, loop_anchor_due_date, loop_number, \
             statement_day, statement_hour, statement_channels, statement_set_at \
             FROM customer_schedules WHERE organisation_id = ? AND contact_id = ?",
        )
        .bind(org)
        .bind(contact_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|e| self.classify(e))?
        else {
            return Ok(None);
        };
        let steps = read_steps(
            &mut conn,
            "customer_schedule_steps",
            "schedule_id",
            row.get("id"),
        )
        .await?;
        Ok(Some(StoredCustomerSchedule {
            contact_id,
            applied_at: text::parse_instant(row.get("applied_at"))?,
            steps,
            anchor: anchor_of(
                row.get("loop_anchor_invoice_id"),
                row.get("loop_anchor_due_date"),
            )?,
            loop_number: loop_number(row.get("loop_number")),
            statement: statement_of(
                row.get("statement_day"),
                row.get("statement_hour"),
                row.get("statement_channels"),
                row.get("statement_set_at"),
            )?,
        }))
    }

    /// Sets, replaces or (with `None`) removes a customer's monthly statement, in one
    /// transaction. A customer without a customer schedule gets one with no steps; setting the
    /// statement it already has changes nothing (so its `set_at` stays). Removing it withdraws
    /// (cancels, with `reason`) its statement items still waiting, and removes the schedule row
    /// too when it has no steps. `NotFound` for an unknown customer, or removing a statement
    /// that is not there.
    pub async fn set_customer_statement(
        &self,
        org: i64,
        contact_id: i64,
        statement: Option<&Statement>,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<StatementWrite, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let contact: Option<i64> =
            sqlx::query_scalar("SELECT id FROM contacts WHERE organisation_id = ? AND id = ?")
                .bind(org)
                .bind(contact_id)
                .fetch_optional(&mut *tx)
                .await?;
        if contact.is_none() {
            return Err(DbError::NotFound(format!(
                "customer {contact_id} does not exist"
            )));
        }
        let existing = sqlx::query(
            "SELECT id, statement_day, statement_hour, statement_channels, statement_set_at, \
             (SELECT count(*) FROM customer_schedule_steps st WHERE st.schedule_id = cs.id) \
             AS steps FROM customer_schedules cs WHERE organisation_id = ? AND contact_id = ?",
        )
        .bind(org)
        .bind(contact_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (id, stored, steps) = match &existing {
            Some(row) => (
                Some(row.get::<i64, _>("id")),
                statement_of(
                    row.get("statement_day"),
                    row.get("statement_hour"),
                    row.get("statement_channels"),
                    row.get("statement_set_at"),
                )?,
                row.get::<i64, _>("steps"),
            ),
            None => (None, None, 0),
        };
        let mut write = StatementWrite::default();
        match statement {
            Some(statement) => {
                if stored.as_ref().map(|s| &s.statement) == Some(statement) {
                    write.unchanged = true;
                    return Ok(write);
                }
                write.replaced = stored.is_some();
                let id = match id {
                    Some(id) => id,
                    None => {
                        write.created_schedule = true;
                        sqlx::query(
                            "INSERT INTO customer_schedules (organisation_id, contact_id, \
                             applied_at) VALUES (?, ?, ?)",
                        )
                        .bind(org)
                        .bind(contact_id)
                        .bind(text::instant(now))
                        .execute(&mut *tx)
                        .await?
                        .last_insert_rowid()
                    }
                };
                let (day, hour, channels) = statement_columns(statement);
                sqlx::query(
                    "UPDATE customer_schedules SET statement_day = ?, statement_hour = ?, \
                     statement_channels = ?, statement_set_at = ? WHERE id = ?",
                )
                .bind(day)
                .bind(hour)
                .bind(channels)
                .bind(text::instant(now))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                let (Some(id), Some(_)) = (id, &stored) else {
                    return Err(DbError::NotFound(format!(
                        "customer {contact_id} has no monthly statement"
                    )));
                };
                write.replaced = true;
                if steps == 0 {
                    sqlx::query("DELETE FROM customer_schedules WHERE id = ?")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    write.removed_schedule = true;
                } else {
                    sqlx::query(
                        "UPDATE customer_schedules SET statement_day = NULL, \
                         statement_hour = NULL, statement_channels = NULL, \
                         statement_set_at = NULL WHERE id = ?",
                    )
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                write.withdrawn = sqlx::query(&format!(
                    "UPDATE outbox_items SET state = 'cancelled', state_reason = ?1, \
                     updated_at = ?2 WHERE organisation_id = ?3 AND contact_id = ?4 \
                     AND invoice_id IS NULL AND substr(occurrence_key, 1, length(?5)) = ?5 \
                     AND state IN {WAITING}"
                ))
                .bind(reason)
                .bind(text::instant(now))
                .bind(org)
                .bind(contact_id)
                .bind(format!("customer:{contact_id}:statement:"))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            }
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(write)
    }

    /// Stores one loop anchor (see [`AnchorWrite`]); returns whether it was written.
    pub async fn store_loop_anchor(&self, org: i64, write: &AnchorWrite) -> Result<bool, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let written = store_anchors_in(&mut tx, org, std::slice::from_ref(write)).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(written == 1)
    }
}

/// Writes each anchor whose stored value is still its `previous`; a loop that starts (a new,
/// different anchor) counts one more loop. Returns how many were written.
pub(crate) async fn store_anchors_in(
    tx: &mut SqliteConnection,
    org: i64,
    writes: &[AnchorWrite],
) -> Result<u64, DbError> {
    let mut written = 0;
    for write in writes {
        let (invoice, due) = anchor_columns(write.anchor);
        let (was_invoice, was_due) = anchor_columns(write.previous);
        written += sqlx::query(
            "UPDATE customer_schedules SET loop_anchor_invoice_id = ?3, \
             loop_anchor_due_date = ?4, loop_number = loop_number + \
             (CASE WHEN ?3 IS NOT NULL AND ?3 IS NOT loop_anchor_invoice_id THEN 1 ELSE 0 END) \
             WHERE organisation_id = ?1 AND contact_id = ?2 \
             AND loop_anchor_invoice_id IS ?5 AND loop_anchor_due_date IS ?6",
        )
        .bind(org)
        .bind(write.contact_id)
        .bind(invoice)
        .bind(due)
        .bind(was_invoice)
        .bind(was_due)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    Ok(written)
}

fn anchor_columns(anchor: Option<LoopAnchor>) -> (Option<i64>, Option<String>) {
    match anchor {
        Some(a) => (Some(a.invoice), Some(text::date(a.due_date))),
        None => (None, None),
    }
}

pub(crate) fn anchor_of(
    invoice: Option<i64>,
    due: Option<String>,
) -> Result<Option<LoopAnchor>, DbError> {
    match (invoice, due) {
        (Some(invoice), Some(due)) => Ok(Some(LoopAnchor {
            invoice,
            due_date: text::parse_date(&due)?,
        })),
        _ => Ok(None),
    }
}

/// The columns of a statement: day (0 = last), hour, channels as a comma list.
fn statement_columns(statement: &Statement) -> (i64, i64, String) {
    let day = match statement.day() {
        StatementDay::Day(day) => i64::from(day),
        StatementDay::Last => 0,
    };
    let channels: Vec<&str> = statement.channels().iter().map(|c| c.as_str()).collect();
    (day, i64::from(statement.hour()), channels.join(","))
}

/// Reads the statement columns back (all NULL: none), re-validating them.
pub(crate) fn statement_of(
    day: Option<i64>,
    hour: Option<i64>,
    channels: Option<String>,
    set_at: Option<String>,
) -> Result<Option<StoredStatement>, DbError> {
    let (Some(day), Some(hour), Some(channels), Some(set_at)) = (day, hour, channels, set_at)
    else {
        return Ok(None);
    };
    let channels = channels
        .split(',')
        .map(|c| {
            Channel::parse(c).ok_or_else(|| DbError::Conversion(format!("stored channel '{c}'")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let input = StatementInput {
        day: match day {
            0 => StatementDayInput::Text("last".to_owned()),
            day => StatementDayInput::Day(day),
        },
        hour,
        channels,
    };
    let statement = Statement::new(&input)
        .map_err(|e| DbError::Conversion(format!("stored statement: {e}")))?;
    Ok(Some(StoredStatement {
        statement,
        set_at: text::parse_instant(&set_at)?,
    }))
}

pub(crate) fn loop_number(stored: i64) -> u32 {
    u32::try_from(stored).unwrap_or(u32::MAX)
}
