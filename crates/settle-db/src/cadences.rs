//! The `cadences` table and its `cadence_steps`: named, reusable lists of steps, one of which may
//! be the organisation's default.
//!
//! Copy-on-apply (docs/decisions/0009): nothing here touches `invoice_schedules`. Editing,
//! renaming or deleting a cadence changes only what future applications copy.

use chrono::{DateTime, Utc};
use settle_core::schedule::limits::ensure_room_for_cadence;
use settle_core::schedule::{Schedule, StepInput};
use sqlx::{Row, SqliteConnection};

use crate::steps::{insert_steps, read_steps};
use crate::{text, Database, DbError};

/// A cadence with its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCadence {
    pub id: i64,
    pub name: String,
    pub is_default: bool,
    pub steps: Vec<StepInput>,
    /// Invoices whose current schedule was copied from this cadence.
    pub invoices: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One cadence to create or replace in an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CadenceWrite {
    pub name: String,
    pub schedule: Schedule,
    pub make_default: bool,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    pub created: u64,
    pub replaced: u64,
}

/// The longest cadence name, so lists and CSV files stay readable.
pub const MAX_CADENCE_NAME: usize = 100;

/// Trims `name` and refuses an empty or over-long one.
pub fn clean_cadence_name(name: &str) -> Result<String, DbError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DbError::Invalid("a cadence needs a name".into()));
    }
    if name.chars().count() > MAX_CADENCE_NAME {
        return Err(DbError::Invalid(format!(
            "the cadence name '{name}' is longer than {MAX_CADENCE_NAME} characters: shorten it"
        )));
    }
    Ok(name.to_owned())
}

impl Database {
    /// Every cadence of the organisation with its steps, by name.
    pub async fn cadences(&self, org: i64) -> Result<Vec<StoredCadence>, DbError> {
        let mut conn = self
            .reader()
            .acquire()
            .await
            .map_err(|e| self.classify(e))?;
        let rows = sqlx::query(
            "SELECT c.id, c.name, c.is_default, c.created_at, c.updated_at, \
             (SELECT COUNT(*) FROM invoice_schedules s WHERE s.source_cadence_id = c.id) AS n \
             FROM cadences c WHERE c.organisation_id = ? ORDER BY lower(c.name), c.id",
        )
        .bind(org)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| self.classify(e))?;
        let mut cadences = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.get("id");
            cadences.push(StoredCadence {
                id,
                name: row.get("name"),
                is_default: row.get::<i64, _>("is_default") == 1,
                steps: read_steps(&mut conn, "cadence_steps", "cadence_id", id).await?,
                invoices: row.get::<i64, _>("n") as u64,
                created_at: text::parse_instant(row.get("created_at"))?,
                updated_at: text::parse_instant(row.get("updated_at"))?,
            });
        }
        Ok(cadences)
    }

    /// The cadence called `name` (ignoring case and surrounding spaces).
    pub async fn cadence_named(
        &self,
        org: i64,
        name: &str,
    ) -> Result<Option<StoredCadence>, DbError> {
        let wanted = name.trim().to_lowercase();
        Ok(self
            .cadences(org)
            .await?
            .into_iter()
            .find(|c| c.name.to_lowercase() == wanted))
    }

    /// Creates a cadence; refuses a taken name and the 101st cadence.
    pub async fn create_cadence(
        &self,
        org: i64,
        write: &CadenceWrite,
        now: DateTime<Utc>,
    ) -> Result<i64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let id = create_in(&mut tx, org, write, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(id)
    }

    /// Replaces a cadence's steps (an edit or a reorder). Invoices it was applied to keep their
    /// copies.
    pub async fn update_cadence_steps(
        &self,
        org: i64,
        id: i64,
        schedule: &Schedule,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        replace_steps(&mut tx, org, id, schedule, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }

    pub async fn rename_cadence(
        &self,
        org: i64,
        id: i64,
        new_name: &str,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let name = clean_cadence_name(new_name)?;
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        ensure_name_free(&mut tx, org, &name, Some(id)).await?;
        let changed = sqlx::query(
            "UPDATE cadences SET name = ?, updated_at = ? WHERE organisation_id = ? AND id = ?",
        )
        .bind(&name)
        .bind(text::instant(now))
        .bind(org)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(missing(id));
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Deletes a cadence. Invoices keep the steps copied from it (and its name, for display);
    /// customers that followed it fall back to the default. The default itself cannot be deleted
    /// while it is the default: new invoices would silently get no reminders.
    pub async fn delete_cadence(&self, org: i64, id: i64) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let row = sqlx::query(
            "SELECT name, is_default FROM cadences WHERE organisation_id = ? AND id = ?",
        )
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| missing(id))?;
        if row.get::<i64, _>("is_default") == 1 {
            return Err(DbError::Invalid(format!(
                "'{}' is the default cadence: make another cadence the default first",
                row.get::<String, _>("name")
            )));
        }
        sqlx::query("DELETE FROM cadences WHERE organisation_id = ? AND id = ?")
            .bind(org)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Makes `id` the organisation's default cadence (there is at most one).
    pub async fn set_default_cadence(
        &self,
        org: i64,
        id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        make_default(&mut tx, org, id, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// Creates the cadences of an import, or replaces the steps of those whose name exists, in
    /// one transaction: any refusal leaves every cadence as it was.
    pub async fn import_cadences(
        &self,
        org: i64,
        writes: &[CadenceWrite],
        now: DateTime<Utc>,
    ) -> Result<ImportCounts, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let mut counts = ImportCounts::default();
        for write in writes {
            let name = clean_cadence_name(&write.name)?;
            let existing: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM cadences WHERE organisation_id = ? AND lower(name) = lower(?)",
            )
            .bind(org)
            .bind(&name)
            .fetch_optional(&mut *tx)
            .await?;
            match existing {
                Some(id) => {
                    replace_steps(&mut tx, org, id, &write.schedule, now)
                        .await
                        .map_err(|e| in_cadence(&name, e))?;
                    if write.make_default {
                        make_default(&mut tx, org, id, now).await?;
                    }
                    counts.replaced += 1;
                }
                None => {
                    create_in(&mut tx, org, write, now)
                        .await
                        .map_err(|e| in_cadence(&name, e))?;
                    counts.created += 1;
                }
            }
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(counts)
    }
}

async fn create_in(
    tx: &mut SqliteConnection,
    org: i64,
    write: &CadenceWrite,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    let name = clean_cadence_name(&write.name)?;
    let existing: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM cadences WHERE organisation_id = ?")
            .bind(org)
            .fetch_one(&mut *tx)
            .await?;
    ensure_room_for_cadence(existing as usize).map_err(|e| DbError::Invalid(e.to_string()))?;
    ensure_name_free(tx, org, &name, None).await?;
    let id = sqlx::query(
        "INSERT INTO cadences (organisation_id, name, is_default, created_at, updated_at) \
         VALUES (?, ?, 0, ?, ?)",
    )
    .bind(org)
    .bind(&name)
    .bind(text::instant(now))
    .bind(text::instant(now))
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    insert_steps(tx, org, "cadence_steps", "cadence_id", id, &write.schedule).await?;
    if write.make_default {
        make_default(tx, org, id, now).await?;
    }
    Ok(id)
}

async fn replace_steps(
    tx: &mut SqliteConnection,
    org: i64,
    id: i64,
    schedule: &Schedule,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let changed =
        sqlx::query("UPDATE cadences SET updated_at = ? WHERE organisation_id = ? AND id = ?")
            .bind(text::instant(now))
            .bind(org)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if changed == 0 {
        return Err(missing(id));
    }
    sqlx::query("DELETE FROM cadence_steps WHERE cadence_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_steps(tx, org, "cadence_steps", "cadence_id", id, schedule).await
}

async fn make_default(
    tx: &mut SqliteConnection,
    org: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    // Clear the old default first: the partial unique index allows one at a time.
    sqlx::query("UPDATE cadences SET is_default = 0 WHERE organisation_id = ? AND is_default = 1")
        .bind(org)
        .execute(&mut *tx)
        .await?;
    let changed = sqlx::query(
        "UPDATE cadences SET is_default = 1, updated_at = ? WHERE organisation_id = ? AND id = ?",
    )
    .bind(text::instant(now))
    .bind(org)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(missing(id));
    }
    Ok(())
}

/// Names are unique ignoring case, so the CLI and CSV files can name cadences loosely.
async fn ensure_name_free(
    tx: &mut SqliteConnection,
    org: i64,
    name: &str,
    except: Option<i64>,
) -> Result<(), DbError> {
    let taken: Option<String> = sqlx::query_scalar(
        "SELECT name FROM cadences WHERE organisation_id = ? AND lower(name) = lower(?) \
         AND id != ?",
    )
    .bind(org)
    .bind(name)
    .bind(except.unwrap_or(-1))
    .fetch_optional(&mut *tx)
    .await?;
    match taken {
        Some(existing) => Err(DbError::Invalid(format!(
            "a cadence called '{existing}' already exists: choose another name"
        ))),
        None => Ok(()),
    }
}

fn missing(id: i64) -> DbError {
    DbError::NotFound(format!("cadence {id} does not exist"))
}

fn in_cadence(name: &str, err: DbError) -> DbError {
    match err {
        DbError::Invalid(message) => DbError::Invalid(format!("cadence '{name}': {message}")),
        other => other,
    }
}
