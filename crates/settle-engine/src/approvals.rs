//! Approvals: outbox items are gathered into messages (one per customer, local day, channel and
//! audience — the grouping of settle-core's `group_reminders`; customer-level sends are never
//! merged), the owner's auto-approve rules are applied, and the owner approves (now or at the
//! scheduled hour), skips, edits, retries failed messages and settles in-doubt ones.
//! Must not: send (sending.rs) or write SQL.

use std::collections::HashMap;

use settle_core::schedule::{parse_occurrence_key, Subject};
use settle_core::template::{ContactFields, SenderFields, TemplateContext, TemplateKind};
use settle_db::{MessageKey, MessageOverrides, OutboxState, StoredOrganisation};

use crate::message_render::local_day;
use crate::sending_settings::looks_like_address;
use crate::{ApprovalsView, Engine, EngineError, InDoubtChoice, MessageEdit, OutgoingMessageView};

/// Where an owner action comes from (recorded as the transition's actor).
pub const OWNER: &str = "owner";

impl Engine {
    /// Gathers items without a message into messages, then lets the rules approve what they
    /// match. Returns how many messages a rule approved.
    pub(crate) async fn prepare_messages(
        &self,
        org: &StoredOrganisation,
    ) -> Result<u32, EngineError> {
        let pending = [OutboxState::AwaitingApproval, OutboxState::Approved];
        let items = self.db.unassigned_items(org.id, &pending).await?;
        let mut assignments = Vec::with_capacity(items.len());
        let mut own_lists: HashMap<i64, bool> = HashMap::new();
        for item in &items {
            let audience = match parse_occurrence_key(&item.key) {
                Some((Subject::Invoice(invoice), occ)) => {
                    let own = match own_lists.get(&invoice) {
                        Some(own) => *own,
                        None => {
                            let inv = self.db.send_invoice(org.id, invoice).await?;
                            let own = inv.is_some_and(|i| {
                                i.recipients_override.is_some_and(|r| !r.trim().is_empty())
                            });
                            own_lists.insert(invoice, own);
                            own
                        }
                    };
                    if own {
                        format!("invoice:{invoice}")
                    } else {
                        match self.db.invoice_step(org.id, invoice, occ.step).await? {
                            Some(step) if step.role.is_some() => {
                                format!("role:{}", step.role.unwrap_or_default())
                            }
                            _ => "customer".to_owned(),
                        }
                    }
                }
                // Customer-level loops and statements: one message each (decision 0010).
                _ => format!("customer-level:{}", item.key),
            };
            assignments.push((
                item.id,
                MessageKey {
                    contact_id: item.contact_id,
                    channel: item.channel,
                    local_date: local_day(org, item.due_at),
                    audience,
                },
            ));
        }
        self.db
            .assign_messages(org.id, &assignments, self.now())
            .await?;
        self.apply_auto_approve(org).await
    }

    async fn apply_auto_approve(&self, org: &StoredOrganisation) -> Result<u32, EngineError> {
        let rules = self.db.auto_approve_rules(org.id).await?;
        if rules.is_empty() {
            return Ok(0);
        }
        let mut approved = 0;
        for message in self
            .db
            .outgoing_messages(org.id, &[OutboxState::AwaitingApproval])
            .await?
        {
            let rendered = self.render_message(org, &message).await?;
            if rendered.problem.is_some() {
                continue;
            }
            let total = rendered.total_due();
            let rule = rules.iter().find(|r| {
                r.channel == message.key.channel
                    && match &r.template_key {
                        Some(key) => key == &rendered.template_key,
                        // Final notices always wait unless a rule names them.
                        None => rendered.template_key != TemplateKind::FinalNotice.as_str(),
                    }
                    && match r.trigger_side.as_str() {
                        "before_due" => rendered.before_due,
                        "after_due" => !rendered.before_due,
                        _ => true,
                    }
                    && r.max_amount
                        .is_none_or(|max| total.is_some_and(|t| t <= max))
            });
            if let Some(rule) = rule {
                let actor = format!("rule:{}", rule.id);
                self.db
                    .approve_message(org.id, message.id, &actor, false, self.now())
                    .await?;
                approved += 1;
            }
        }
        Ok(approved)
    }

    /// Messages awaiting approval, rendered as they will go out, plus counts.
    pub async fn approvals(&self) -> Result<ApprovalsView, EngineError> {
        let org = self.current().await?;
        self.prepare_messages(&org).await?;
        let waiting = self
            .db
            .outgoing_messages(org.id, &[OutboxState::AwaitingApproval])
            .await?;
        let mut messages = Vec::with_capacity(waiting.len());
        let with_xero = self.has_xero(&org).await?;
        for message in &waiting {
            messages.push(self.message_view(&org, message, with_xero).await?);
        }
        let count = |state| async move {
            self.db
                .outgoing_messages(org.id, &[state])
                .await
                .map(|m| m.len() as u32)
        };
        Ok(ApprovalsView {
            items: waiting.iter().map(|m| m.items.len() as u32).sum(),
            messages,
            approved: count(OutboxState::Approved).await?,
            held: count(OutboxState::Held).await?,
            in_doubt: count(OutboxState::InDoubt).await?,
        })
    }

    /// How many messages wait for the owner (the tray's number).
    pub async fn approval_count(&self) -> Result<u32, EngineError> {
        let org = self.current().await?;
        self.prepare_messages(&org).await?;
        Ok(self
            .db
            .outgoing_messages(org.id, &[OutboxState::AwaitingApproval])
            .await?
            .len() as u32)
    }

    /// Approves messages. `send_now`: sent in the next batch even outside its hour (recorded as
    /// the owner's choice); otherwise it goes during its scheduled hour (see docs/SENDING.md).
    pub async fn approve(&self, ids: &[i64], send_now: bool) -> Result<u32, EngineError> {
        let org = self.current().await?;
        self.prepare_messages(&org).await?;
        let mut approved = 0;
        for &id in ids {
            let message = self.db.outgoing_message(org.id, id).await?;
            if self
                .db
                .approve_message(org.id, message.id, OWNER, send_now, self.now())
                .await?
                > 0
            {
                approved += 1;
            }
        }
        Ok(approved)
    }

    pub async fn approve_all(&self) -> Result<u32, EngineError> {
        let org = self.current().await?;
        self.prepare_messages(&org).await?;
        let ids: Vec<i64> = self
            .db
            .outgoing_messages(org.id, &[OutboxState::AwaitingApproval])
            .await?
            .iter()
            .map(|m| m.id)
            .collect();
        self.approve(&ids, false).await
    }

    /// Skips messages (not sent; the next step carries on) with the owner's reason.
    pub async fn skip(&self, ids: &[i64], reason: &str) -> Result<u32, EngineError> {
        let org = self.current().await?;
        let reason = if reason.trim().is_empty() {
            "skipped by the owner"
        } else {
            reason.trim()
        };
        let from = [
            OutboxState::Planned,
            OutboxState::AwaitingApproval,
            OutboxState::Approved,
            OutboxState::Held,
            OutboxState::Failed,
            OutboxState::InDoubt,
        ];
        let mut skipped = 0;
        for &id in ids {
            self.db.outgoing_message(org.id, id).await?;
            let moved = self
                .db
                .move_message(
                    org.id,
                    id,
                    &from,
                    OutboxState::Skipped,
                    reason,
                    OWNER,
                    self.now(),
                )
                .await?;
            skipped += u32::from(moved > 0);
        }
        Ok(skipped)
    }

    /// Stores the owner's changes; recipients are checked, the template must still render.
    pub async fn edit_message(
        &self,
        id: i64,
        edit: MessageEdit,
    ) -> Result<OutgoingMessageView, EngineError> {
        let org = self.current().await?;
        let message = self.db.outgoing_message(org.id, id).await?;
        if !matches!(
            message.state(),
            OutboxState::AwaitingApproval | OutboxState::Approved | OutboxState::Held
        ) {
            return Err(EngineError::InvalidInput(format!(
                "Message {id} is {} and can no longer be edited.",
                message.state().as_str()
            )));
        }
        for list in [&edit.to, &edit.cc].into_iter().flatten() {
            if let Some(bad) = list.iter().find(|a| !looks_like_address(a)) {
                return Err(EngineError::InvalidInput(format!(
                    "'{bad}' is not an email address: correct it (e.g. name@example.com)."
                )));
            }
        }
        if edit.to.as_ref().is_some_and(|t| t.is_empty()) {
            return Err(EngineError::InvalidInput(
                "Give at least one To address.".into(),
            ));
        }
        let overrides = MessageOverrides {
            subject: edit.subject,
            body: edit.body,
            to: edit
                .to
                .map(|l| l.iter().map(|a| a.trim().to_owned()).collect()),
            cc: edit
                .cc
                .map(|l| l.iter().map(|a| a.trim().to_owned()).collect()),
        };
        self.db.save_message_edit(org.id, id, &overrides).await?;
        let message = self.db.outgoing_message(org.id, id).await?;
        let with_xero = self.has_xero(&org).await?;
        let view = self.message_view(&org, &message, with_xero).await?;
        if let Some(problem) = view
            .problem
            .as_ref()
            .filter(|p| p.contains("template has an error"))
        {
            return Err(EngineError::InvalidInput(problem.clone()));
        }
        Ok(view)
    }

    /// The owner's decision on a message in doubt: mark it sent, or send it again (a new attempt
    /// with a new Message-ID in the next batch).
    pub async fn resolve_in_doubt(
        &self,
        id: i64,
        choice: InDoubtChoice,
    ) -> Result<(), EngineError> {
        let org = self.current().await?;
        let (to, reason) = match choice {
            InDoubtChoice::MarkSent => (OutboxState::Sent, "marked as sent by the owner"),
            InDoubtChoice::SendAgain => (OutboxState::Approved, "the owner chose to send it again"),
        };
        let moved = self
            .db
            .move_message(
                org.id,
                id,
                &[OutboxState::InDoubt],
                to,
                reason,
                OWNER,
                self.now(),
            )
            .await?;
        if moved == 0 {
            return Err(EngineError::InvalidInput(format!(
                "Message {id} is not in doubt."
            )));
        }
        Ok(())
    }

    /// Failed messages the owner retries: approved again, sent as a fresh attempt.
    pub async fn retry_failed(&self, ids: &[i64]) -> Result<u32, EngineError> {
        let org = self.current().await?;
        let mut retried = 0;
        for &id in ids {
            let moved = self
                .db
                .move_message(
                    org.id,
                    id,
                    &[OutboxState::Failed],
                    OutboxState::Approved,
                    "retry chosen by the owner",
                    OWNER,
                    self.now(),
                )
                .await?;
            retried += u32::from(moved > 0);
        }
        Ok(retried)
    }

    /// The template context of one real invoice (for previews).
    pub(crate) async fn invoice_context(
        &self,
        org: &StoredOrganisation,
        invoice_id: i64,
    ) -> Result<TemplateContext, EngineError> {
        let invoice = self
            .db
            .send_invoice(org.id, invoice_id)
            .await?
            .ok_or_else(|| EngineError::NotFound(format!("invoice {invoice_id} does not exist")))?;
        let contact = self.db.send_contact(org.id, invoice.contact_id).await?;
        let sender = self
            .db
            .senders(org.id)
            .await?
            .into_iter()
            .find(|s| !s.escalated);
        let currency = settle_core::CurrencyCode::new(&invoice.currency)
            .map_err(|e| EngineError::InvalidInput(e.to_string()))?;
        Ok(TemplateContext {
            organisation_name: org.organisation.name.clone(),
            today: self.today(org),
            contact: ContactFields {
                first_name: contact.first_name,
                last_name: contact.last_name,
                company_name: contact.name,
            },
            invoices: vec![settle_core::template::InvoiceFields {
                number: invoice.number,
                reference: invoice.reference,
                total: settle_core::Money::new(invoice.total, currency.clone()),
                amount_due: settle_core::Money::new(invoice.amount_due, currency),
                issue_date: invoice.issue_date,
                due_date: invoice.due_date,
                online_url: None,
            }],
            sender: SenderFields {
                name: sender.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
                email: sender.as_ref().map(|s| s.email.clone()).unwrap_or_default(),
                signature: sender.map(|s| s.signature).unwrap_or_default(),
            },
        })
    }
}
