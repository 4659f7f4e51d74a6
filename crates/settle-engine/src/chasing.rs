//! Start and stop chasing (one customer or all), and undo — each recorded in the audit log.

use settle_db::{ChangeScope, ChasingChange};

use crate::{ChangeReceipt, Engine, EngineError};

/// Who made a change, as recorded in the audit log.
pub const ACTOR_WINDOW: &str = "owner";

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn receipt(change: ChasingChange, summary: String) -> ChangeReceipt {
    ChangeReceipt {
        audit_id: change.audit_id,
        summary,
        customers: change.contacts as u32,
        invoices: change.invoices as u32,
    }
}

impl Engine {
    /// Starts or stops chasing one customer; all of its invoices follow.
    pub async fn set_customer_chasing(
        &self,
        customer_id: i64,
        chasing: bool,
        actor: &str,
    ) -> Result<ChangeReceipt, EngineError> {
        let org = self.current().await?;
        let name = self.db.contact(org.id, customer_id).await?.contact.name;
        let verb = if chasing { "Started" } else { "Stopped" };
        // Every invoice follows, paid ones included, so the sentence does not count them: a count
        // that includes paid invoices reads as "more is owed than I thought".
        let summary = format!("{verb} chasing {name} and all of its invoices.");
        let change = self
            .db
            .set_chasing(
                org.id,
                ChangeScope::Contact(customer_id),
                chasing,
                actor,
                self.now(),
                |_, _| summary.clone(),
            )
            .await?;
        Ok(receipt(change, summary))
    }

    /// "Set all to 'Chasing'" / "Set all to 'Not chasing'".
    pub async fn set_all_chasing(
        &self,
        chasing: bool,
        actor: &str,
    ) -> Result<ChangeReceipt, EngineError> {
        let org = self.current().await?;
        let mut summary = String::new();
        let change = self
            .db
            .set_chasing(
                org.id,
                ChangeScope::All,
                chasing,
                actor,
                self.now(),
                |c, _| {
                    summary = format!(
                        "Moved {} and all of their invoices to {}.",
                        plural(c, "customer", "customers"),
                        if chasing { "Chasing" } else { "Not chasing" }
                    );
                    summary.clone()
                },
            )
            .await?;
        Ok(receipt(change, summary))
    }

    /// Undoes the latest chasing change.
    pub async fn undo_change(
        &self,
        audit_id: i64,
        actor: &str,
    ) -> Result<ChangeReceipt, EngineError> {
        let org = self.current().await?;
        let mut summary = String::new();
        let change = self
            .db
            .undo_chasing(org.id, audit_id, actor, self.now(), |c, i| {
                summary = match (c, i) {
                    (0, 1) => "Undone: the invoice is back as it was.".to_owned(),
                    (0, i) => format!(
                        "Undone: {} are back as they were.",
                        plural(i, "invoice", "invoices")
                    ),
                    (c, i) => format!(
                        "Undone: {} and {} are back as they were.",
                        plural(c, "customer", "customers"),
                        plural(i, "invoice", "invoices")
                    ),
                };
                summary.clone()
            })
            .await?;
        Ok(receipt(change, summary))
    }
}
