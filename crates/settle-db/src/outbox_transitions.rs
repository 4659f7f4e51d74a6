//! The outbox state machine's one door: [`OutboxState::can_move_to`] says which moves are legal
//! and [`Database::move_items`] makes them (all or nothing, refusing an illegal one), while the
//! `outbox_transitions` table — written by triggers (migration 0008), so even the planner's bulk
//! statements are recorded — keeps every state an item entered, with why, who and when.
//! Must not: decide when to move (that is the engine's).

use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

use crate::{text, Database, DbError, OutboxState};

/// One recorded state change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxTransition {
    pub item_id: i64,
    /// `None`: the item was created in `to`.
    pub from: Option<OutboxState>,
    pub to: OutboxState,
    pub reason: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl OutboxState {
    /// Whether an item may go from `self` to `to`. Sent, skipped and cancelled are final; an item
    /// in doubt never goes back to the queue by itself (only the owner's "send again" or "mark as
    /// sent"); `sending → approved` is an offline connection that never reached the server.
    pub fn can_move_to(self, to: OutboxState) -> bool {
        use OutboxState::*;
        match self {
            Planned => matches!(to, AwaitingApproval | Held | Skipped | Cancelled),
            AwaitingApproval => matches!(to, Approved | Held | Skipped | Cancelled | Planned),
            Approved => matches!(to, Sending | Held | Skipped | Cancelled | AwaitingApproval),
            Held => matches!(
                to,
                AwaitingApproval | Approved | Planned | Skipped | Cancelled
            ),
            Sending => matches!(to, Sent | Failed | InDoubt | Approved),
            Failed => matches!(to, Approved | Skipped | Cancelled),
            InDoubt => matches!(to, Sent | Approved | Skipped),
            Sent | Skipped | Cancelled => false,
        }
    }
}

impl Database {
    /// Moves every item in `ids` to `to` with `reason`, recorded as done by `actor`. All or
    /// nothing: an item that does not exist, or whose move is illegal, refuses the whole change.
    pub async fn move_items(
        &self,
        org: i64,
        ids: &[i64],
        to: OutboxState,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, DbError> {
        let mut tx = self.writer().begin().await.map_err(|e| self.classify(e))?;
        let moved = move_items_in(&mut tx, org, ids, to, reason, actor, now).await?;
        tx.commit().await.map_err(|e| self.classify(e))?;
        Ok(moved)
    }

    /// Every transition of `item`, oldest first.
    pub async fn outbox_transitions(
        &self,
        org: i64,
        item: i64,
    ) -> Result<Vec<OutboxTransition>, DbError> {
        let rows = sqlx::query(
            "SELECT item_id, from_state, to_state, reason, actor, at FROM outbox_transitions \
             WHERE organisation_id = ? AND item_id = ? ORDER BY id",
        )
        .bind(org)
        .bind(item)
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.classify(e))?;
        rows.iter()
            .map(|row| {
                let from: Option<String> = row.get("from_state");
                Ok(OutboxTransition {
                    item_id: row.get("item_id"),
                    from: from.as_deref().map(OutboxState::parse).transpose()?,
                    to: OutboxState::parse(row.get("to_state"))?,
                    reason: row.get("reason"),
                    actor: row.get("actor"),
                    at: text::parse_instant(row.get("at"))?,
                })
            })
            .collect()
    }
}

/// [`Database::move_items`] inside a caller's transaction.
pub(crate) async fn move_items_in(
    tx: &mut SqliteConnection,
    org: i64,
    ids: &[i64],
    to: OutboxState,
    reason: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    let mut moved = 0;
    for &id in ids {
        let state: Option<String> = sqlx::query_scalar(
            "SELECT state FROM outbox_items WHERE organisation_id = ? AND id = ?",
        )
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let from = OutboxState::parse(
            &state.ok_or_else(|| DbError::NotFound(format!("outbox item {id} does not exist")))?,
        )?;
        if !from.can_move_to(to) {
            return Err(DbError::Invalid(format!(
                "outbox item {id} is {} and cannot become {}; nothing was changed",
                from.as_str(),
                to.as_str()
            )));
        }
        moved += sqlx::query(
            "UPDATE outbox_items SET state = ?, state_reason = ?, state_actor = ?, updated_at = ? \
             WHERE organisation_id = ? AND id = ?",
        )
        .bind(to.as_str())
        .bind(reason)
        .bind(actor)
        .bind(text::instant(now))
        .bind(org)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    Ok(moved)
}
