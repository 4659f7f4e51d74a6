//! The `organisations` table.

use chrono::{DateTime, Utc};
use settle_core::organisation::{parse_timezone, Organisation};
use settle_core::CurrencyCode;
use sqlx::{Row, SqliteConnection};

use crate::{text, Database, DbError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOrganisation {
    pub id: i64,
    pub organisation: Organisation,
}

impl Database {
    /// Organisations in the order they were added; the app opens the first.
    pub async fn organisations(&self) -> Result<Vec<StoredOrganisation>, DbError> {
        let rows = sqlx::query(
            "SELECT id, name, country, timezone, base_currency, xero_tenant_id, xero_short_code, \
             is_demo FROM organisations ORDER BY id",
        )
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        rows.into_iter()
            .map(|row| {
                Ok(StoredOrganisation {
                    id: row.get("id"),
                    organisation: Organisation {
                        name: row.get("name"),
                        country: row.get("country"),
                        timezone: parse_timezone(row.get::<&str, _>("timezone"))?,
                        base_currency: CurrencyCode::new(row.get::<&str, _>("base_currency"))?,
                        xero_tenant_id: row.get("xero_tenant_id"),
                        xero_short_code: row.get("xero_short_code"),
                        is_demo: row.get::<i64, _>("is_demo") == 1,
                    },
                })
            })
            .collect()
    }

    pub async fn organisation(&self, id: i64) -> Result<StoredOrganisation, DbError> {
        self.organisations()
            .await?
            .into_iter()
            .find(|o| o.id == id)
            .ok_or_else(|| DbError::NotFound(format!("organisation {id} does not exist")))
    }

    /// Whether the organisation holds reminders until an invoice's expected payment date.
    pub async fn hold_until_expected_payment(&self, org: i64) -> Result<bool, DbError> {
        let mut conn = self
            .reader()
            .acquire()
            .await
            .map_err(|e| self.classify(e))?;
        hold_setting(&mut conn, org)
            .await
            .map_err(|e| self.classify(e))
    }

    /// The organisation setting "send nothing before an invoice's expected payment date"
    /// (`hold_until_expected_payment` in `settings_json`; off unless chosen).
    pub async fn set_hold_until_expected_payment(
        &self,
        org: i64,
        hold: bool,
    ) -> Result<(), DbError> {
        let changed = sqlx::query(
            "UPDATE organisations SET settings_json = \
             json_set(settings_json, '$.hold_until_expected_payment', ?) WHERE id = ?",
        )
        .bind(hold)
        .bind(org)
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?
        .rows_affected();
        if changed == 0 {
            return Err(DbError::NotFound(format!(
                "organisation {org} does not exist"
            )));
        }
        Ok(())
    }

    pub(crate) async fn insert_organisation(
        tx: &mut sqlx::SqliteConnection,
        org: &Organisation,
        now: DateTime<Utc>,
    ) -> Result<i64, sqlx::Error> {
        let id = sqlx::query(
            "INSERT INTO organisations (name, country, timezone, base_currency, xero_tenant_id, \
             xero_short_code, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&org.name)
        .bind(&org.country)
        .bind(org.timezone.name())
        .bind(org.base_currency.as_str())
        .bind(&org.xero_tenant_id)
        .bind(&org.xero_short_code)
        .bind(org.is_demo)
        .bind(text::instant(now))
        .execute(tx)
        .await?
        .last_insert_rowid();
        Ok(id)
    }
}

/// The "hold until the expected payment date" setting, on a connection the caller holds (the
/// plan book reads it with everything else on one reader).
pub(crate) async fn hold_setting(
    conn: &mut SqliteConnection,
    org: i64,
) -> Result<bool, sqlx::Error> {
    let hold: Option<i64> = sqlx::query_scalar(
        "SELECT json_extract(settings_json, '$.hold_until_expected_payment') \
         FROM organisations WHERE id = ?",
    )
    .bind(org)
    .fetch_optional(conn)
    .await?
    .flatten();
    Ok(hold == Some(1))
}
