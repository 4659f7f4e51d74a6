//! The `auto_approve_rules` table: the owner's rules for approving messages without asking
//! (safety invariant 5). Must not: match rules against messages (the engine does).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use settle_core::schedule::Channel;
use sqlx::Row;

use crate::{text, Database, DbError};

/// A stored rule; `trigger_side` is `before_due`, `after_due` or `any`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAutoApproveRule {
    pub id: i64,
    pub name: String,
    pub channel: Channel,
    pub template_key: Option<String>,
    pub trigger_side: String,
    pub max_amount: Option<Decimal>,
}

impl Database {
    /// Replaces the organisation's rules with `rules` (their ids are ignored).
    pub async fn replace_auto_approve_rules(
        &self,
        org: i64,
        rules: &[StoredAutoApproveRule],
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        sqlx::query("DELETE FROM auto_approve_rules WHERE organisation_id = ?")
            .bind(org)
            .execute(&mut *tx)
            .await?;
        for rule in rules {
            sqlx::query(
                "INSERT INTO auto_approve_rules (organisation_id, name, channel, template_key, \
                 trigger_side, max_amount_e4, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(org)
            .bind(&rule.name)
            .bind(rule.channel.as_str())
            .bind(&rule.template_key)
            .bind(&rule.trigger_side)
            .bind(
                rule.max_amount
                    .map(|a| text::money("max_amount", a))
                    .transpose()?,
            )
            .bind(text::instant(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(())
    }

    pub async fn auto_approve_rules(
        &self,
        org: i64,
    ) -> Result<Vec<StoredAutoApproveRule>, DbError> {
        let rows = sqlx::query(
            "SELECT id, name, channel, template_key, trigger_side, max_amount_e4 \
             FROM auto_approve_rules WHERE organisation_id = ? ORDER BY id",
        )
        .bind(org)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        rows.iter()
            .map(|r| {
                let channel: &str = r.get("channel");
                let max: Option<i64> = r.get("max_amount_e4");
                Ok(StoredAutoApproveRule {
                    id: r.get("id"),
                    name: r.get("name"),
                    channel: Channel::parse(channel)
                        .ok_or_else(|| DbError::Conversion(format!("channel '{channel}'")))?,
                    template_key: r.get("template_key"),
                    trigger_side: r.get("trigger_side"),
                    max_amount: max.map(text::parse_money),
                })
            })
            .collect()
    }
}
