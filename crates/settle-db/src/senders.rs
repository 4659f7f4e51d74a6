//! The `senders` table: the normal sender and the escalated one (e.g. the owner), each with a
//! name, an address and a signature. Must not: validate addresses (the engine does).

use sqlx::Row;

use crate::{Database, DbError};

/// A stored sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSender {
    pub escalated: bool,
    pub name: String,
    pub email: String,
    pub signature: String,
}

impl Database {
    pub async fn save_sender(&self, org: i64, sender: &StoredSender) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO senders (organisation_id, escalated, name, email, signature) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (organisation_id, escalated) DO UPDATE SET \
             name = excluded.name, email = excluded.email, signature = excluded.signature",
        )
        .bind(org)
        .bind(sender.escalated)
        .bind(&sender.name)
        .bind(&sender.email)
        .bind(&sender.signature)
        .execute(self.writer())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(())
    }

    /// The normal sender first, then the escalated one (either may be missing).
    pub async fn senders(&self, org: i64) -> Result<Vec<StoredSender>, DbError> {
        let rows = sqlx::query(
            "SELECT escalated, name, email, signature FROM senders WHERE organisation_id = ? \
             ORDER BY escalated",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        Ok(rows
            .iter()
            .map(|r| StoredSender {
                escalated: r.get::<i64, _>("escalated") == 1,
                name: r.get("name"),
                email: r.get("email"),
                signature: r.get("signature"),
            })
            .collect())
    }
}
