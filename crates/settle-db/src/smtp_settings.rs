//! The `smtp_settings` table: the owner's SMTP server, one per organisation. Never the password
//! (the keychain holds it). Must not: connect to anything.

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::{text, Database, DbError};

/// Stored SMTP settings; `security` is `starttls` or `implicit_tls`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: String,
    pub username: String,
    pub extra_root_certificate_pem: Option<String>,
}

impl Database {
    pub async fn save_smtp_settings(
        &self,
        org: i64,
        settings: &StoredSmtpSettings,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO smtp_settings (organisation_id, host, port, security, username, \
             extra_root_certificate_pem, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (organisation_id) DO UPDATE SET host = excluded.host, \
             port = excluded.port, security = excluded.security, username = excluded.username, \
             extra_root_certificate_pem = excluded.extra_root_certificate_pem, \
             updated_at = excluded.updated_at",
        )
        .bind(org)
        .bind(&settings.host)
        .bind(i64::from(settings.port))
        .bind(&settings.security)
        .bind(&settings.username)
        .bind(&settings.extra_root_certificate_pem)
        .bind(text::instant(now))
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(())
    }

    pub async fn smtp_settings(&self, org: i64) -> Result<Option<StoredSmtpSettings>, DbError> {
        let row = sqlx::query(
            "SELECT host, port, security, username, extra_root_certificate_pem FROM smtp_settings \
             WHERE organisation_id = ?",
        )
        .bind(org)
        .fetch_optional(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        row.map(|r| {
            let port: i64 = r.get("port");
            Ok(StoredSmtpSettings {
                host: r.get("host"),
                port: u16::try_from(port)
                    .map_err(|_| DbError::Conversion(format!("SMTP port {port}")))?,
                security: r.get("security"),
                username: r.get("username"),
                extra_root_certificate_pem: r.get("extra_root_certificate_pem"),
            })
        })
        .transpose()
    }
}
