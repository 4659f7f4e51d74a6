//! The `email_templates` table: each organisation's editable copies of the built-in templates
//! (and any the owner adds), by key. Must not: render or check templates (settle-core does).

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::{text, Database, DbError};

/// A stored template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTemplate {
    pub key: String,
    pub name: String,
    pub subject: String,
    pub body: String,
}

impl Database {
    /// Adds the templates whose key the organisation does not have yet (the owner's edits stay).
    pub async fn seed_templates(
        &self,
        org: i64,
        templates: &[StoredTemplate],
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let mut added = 0;
        for t in templates {
            added += sqlx::query(
                "INSERT INTO email_templates (organisation_id, template_key, name, subject, body, \
                 updated_at) VALUES (?, ?, ?, ?, ?, ?) \
                 ON CONFLICT (organisation_id, template_key) DO NOTHING",
            )
            .bind(org)
            .bind(&t.key)
            .bind(&t.name)
            .bind(&t.subject)
            .bind(&t.body)
            .bind(text::instant(now))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(added)
    }

    /// Adds or replaces the template under its key.
    pub async fn save_template(
        &self,
        org: i64,
        template: &StoredTemplate,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO email_templates (organisation_id, template_key, name, subject, body, \
             updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, template_key) \
             DO UPDATE SET name = excluded.name, subject = excluded.subject, \
             body = excluded.body, updated_at = excluded.updated_at",
        )
        .bind(org)
        .bind(&template.key)
        .bind(&template.name)
        .bind(&template.subject)
        .bind(&template.body)
        .bind(text::instant(now))
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// The organisation's templates, by key.
    pub async fn templates(&self, org: i64) -> Result<Vec<StoredTemplate>, DbError> {
        let rows = sqlx::query(
            "SELECT template_key, name, subject, body FROM email_templates \
             WHERE organisation_id = ? ORDER BY id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(rows
            .iter()
            .map(|r| StoredTemplate {
                key: r.get("template_key"),
                name: r.get("name"),
                subject: r.get("subject"),
                body: r.get("body"),
            })
            .collect())
    }

    /// Sets, by position, the template key and the escalated-sender flag of a cadence's steps
    /// (the cadence editor does not set these; the shipped best-practice cadence does).
    pub async fn set_cadence_step_templates(
        &self,
        org: i64,
        cadence: i64,
        steps: &[(usize, String, bool)],
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        for (position, key, escalated) in steps {
            sqlx::query(
                "UPDATE cadence_steps SET template_key = ?, escalated_sender = ? \
                 WHERE organisation_id = ? AND cadence_id = ? AND position = ?",
            )
            .bind(key)
            .bind(i64::from(*escalated))
            .bind(org)
            .bind(cadence)
            .bind(*position as i64)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.classify(e))?;
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }
}
