//! The organisation a Xero sync reads from /Organisation (stored by tenant id), its lock dates and
//! the Xero app it is connected through; and the default cadence a new organisation starts with,
//! which the demo import creates through the same function.
//! Owns: those writes. Must not: map Xero's wire format (settle-xero does).

use chrono::{DateTime, NaiveDate, Utc};
use settle_core::organisation::Organisation;
use sqlx::{Row, SqliteConnection};

use crate::{text, Database, DbError, StoredOrganisation};

/// The organisation as /Organisation describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XeroOrganisationWrite {
    /// `xero_tenant_id` must be set.
    pub organisation: Organisation,
    /// Xero's Windows-style zone name, as sent.
    pub xero_timezone: String,
    pub period_lock_date: Option<NaiveDate>,
    pub end_of_year_lock_date: Option<NaiveDate>,
}

/// The lock dates stored for an organisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LockDates {
    pub period: Option<NaiveDate>,
    pub end_of_year: Option<NaiveDate>,
}

/// The default cadence's steps: (trigger, days, repeat, hour).
const STANDARD_STEPS: &[(&str, i64, Option<i64>, i64)] = &[
    ("before_due", 3, None, 9),
    ("after_due", 1, None, 9),
    ("after_due", 7, None, 10),
    ("repeat", 14, Some(3), 10),
];
pub const STANDARD_CADENCE: &str = "Standard reminders";

/// Creates the standard steps as organisation `org`'s default cadence named `name` (a newly
/// connected organisation's, or the demo's). Returns the cadence id.
pub(crate) async fn insert_default_cadence(
    tx: &mut SqliteConnection,
    org: i64,
    name: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    let cadence = sqlx::query(
        "INSERT INTO cadences (organisation_id, name, is_default, created_at, updated_at) \
         VALUES (?, ?, 1, ?, ?)",
    )
    .bind(org)
    .bind(name)
    .bind(text::instant(now))
    .bind(text::instant(now))
    .execute(&mut *tx)
    .await?
    .last_insert_rowid();
    for (position, (kind, days, repeat, hour)) in STANDARD_STEPS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO cadence_steps (organisation_id, cadence_id, position, trigger_kind, days, \
             repeat_count, hour, channels) VALUES (?, ?, ?, ?, ?, ?, ?, 'email')",
        )
        .bind(org)
        .bind(cadence)
        .bind(position as i64)
        .bind(kind)
        .bind(days)
        .bind(repeat)
        .bind(hour)
        .execute(&mut *tx)
        .await?;
    }
    Ok(cadence)
}

impl Database {
    /// The organisation connected as Xero tenant `tenant`, if stored.
    pub async fn organisation_by_tenant(
        &self,
        tenant: &str,
    ) -> Result<Option<StoredOrganisation>, DbError> {
        Ok(self
            .organisations()
            .await?
            .into_iter()
            .find(|o| o.organisation.xero_tenant_id.as_deref() == Some(tenant)))
    }

    /// Creates or updates the organisation of `write.organisation.xero_tenant_id`. A new one gets
    /// the standard default cadence, so its invoices have a plan from the first sync. Returns its
    /// id and whether it was created.
    pub async fn upsert_xero_organisation(
        &self,
        write: &XeroOrganisationWrite,
        now: DateTime<Utc>,
    ) -> Result<(i64, bool), DbError> {
        let o = &write.organisation;
        let tenant = o
            .xero_tenant_id
            .as_deref()
            .ok_or_else(|| DbError::Invalid("a Xero organisation needs its tenant id".into()))?;
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM organisations WHERE xero_tenant_id = ?")
                .bind(tenant)
                .fetch_optional(&mut *tx)
                .await?;
        let (id, created) = match existing {
            Some(id) => {
                // `is_demo` stays as stored: the demo organisation is itself synced from an
                // in-process fake-xero (docs/decisions/0020), and a sync must not unmark it.
                sqlx::query(
                    "UPDATE organisations SET name = ?, country = ?, timezone = ?, \
                     base_currency = ?, xero_short_code = ? WHERE id = ?",
                )
                .bind(&o.name)
                .bind(&o.country)
                .bind(o.timezone.name())
                .bind(o.base_currency.as_str())
                .bind(&o.xero_short_code)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                (id, false)
            }
            None => {
                let plain = Organisation {
                    is_demo: false,
                    ..o.clone()
                };
                let id = Database::insert_organisation(&mut tx, &plain, now).await?;
                insert_default_cadence(&mut tx, id, STANDARD_CADENCE, now).await?;
                (id, true)
            }
        };
        sqlx::query(
            "UPDATE organisations SET xero_timezone = ?, period_lock_date = ?, \
             end_of_year_lock_date = ? WHERE id = ?",
        )
        .bind(&write.xero_timezone)
        .bind(write.period_lock_date.map(text::date))
        .bind(write.end_of_year_lock_date.map(text::date))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok((id, created))
    }

    /// The Xero app (Client ID) the organisation is connected through; `None` = not connected.
    pub async fn xero_client_id(&self, org: i64) -> Result<Option<String>, DbError> {
        Ok(sqlx::query_scalar(
            "SELECT json_extract(settings_json, '$.xero_client_id') FROM organisations WHERE id = ?",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .flatten())
    }

    /// Records (or with `None`, forgets) the Xero app the organisation is connected through.
    pub async fn set_xero_client_id(
        &self,
        org: i64,
        client_id: Option<&str>,
    ) -> Result<(), DbError> {
        sqlx::query(
            "UPDATE organisations SET settings_json = CASE WHEN ?1 IS NULL \
             THEN json_remove(settings_json, '$.xero_client_id') \
             ELSE json_set(settings_json, '$.xero_client_id', ?1) END WHERE id = ?2",
        )
        .bind(client_id)
        .bind(org)
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// The organisation's lock dates as last synced.
    pub async fn lock_dates(&self, org: i64) -> Result<LockDates, DbError> {
        let row = sqlx::query(
            "SELECT period_lock_date, end_of_year_lock_date FROM organisations WHERE id = ?",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?
        .ok_or_else(|| DbError::NotFound(format!("organisation {org} does not exist")))?;
        Ok(LockDates {
            period: text::parse_opt_date(row.get("period_lock_date"))?,
            end_of_year: text::parse_opt_date(row.get("end_of_year_lock_date"))?,
        })
    }
}
