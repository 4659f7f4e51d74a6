//! A customer's timeline: every message sent to it and every change the owner made to it.

use chrono::{DateTime, Utc};
use sqlx::Row;

use crate::{text, Database, DbError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    Message,
    Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    pub at: DateTime<Utc>,
    pub kind: TimelineKind,
    pub title: String,
    pub detail: String,
}

impl Database {
    /// Newest first.
    pub async fn timeline(&self, org: i64, contact_id: i64) -> Result<Vec<TimelineItem>, DbError> {
        let rows = sqlx::query(
            "SELECT sent_at AS at, 'message' AS kind, subject AS title, \
               'Email to ' || recipients || CASE state WHEN 'sent' THEN '' \
               ELSE ' (' || state || ')' END AS detail \
             FROM messages WHERE organisation_id = ?1 AND contact_id = ?2 \
             UNION ALL \
             SELECT a.at, 'change', a.summary, \
               CASE WHEN a.undone_by_id IS NULL THEN 'By you' ELSE 'By you · undone' END \
             FROM audit_log a JOIN audit_changes ch ON ch.audit_id = a.id \
             WHERE a.organisation_id = ?1 AND ch.entity = 'contact' AND ch.entity_id = ?2 \
             ORDER BY at DESC",
        )
        .bind(org)
        .bind(contact_id)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        rows.into_iter()
            .map(|r| {
                Ok(TimelineItem {
                    at: text::parse_instant(r.get("at"))?,
                    kind: if r.get::<&str, _>("kind") == "message" {
                        TimelineKind::Message
                    } else {
                        TimelineKind::Change
                    },
                    title: r.get("title"),
                    detail: r.get("detail"),
                })
            })
            .collect()
    }
}
