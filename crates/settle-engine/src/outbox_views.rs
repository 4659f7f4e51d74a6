//! The owner's lists: every outbox row (`outbox`, also for `settle outbox`) and the messages in
//! any state, rendered as they go out (`messages`, `message_view` — shared with approvals).
//! Owns: those read-only views. Must not: change any state or write SQL.

use std::collections::HashMap;

use settle_db::{OutboxState, SendContact, StoredMessage, StoredOrganisation};

use crate::engine::instant_text;
use crate::message_render::{mailbox, Rendered};
use crate::send_attachments::pdf_name;
use crate::{Engine, EngineError, OutboxItemView, OutgoingMessageView};

impl Engine {
    /// Messages in any state (or with an item in `state`), rendered.
    pub async fn messages(
        &self,
        state: Option<&str>,
    ) -> Result<Vec<OutgoingMessageView>, EngineError> {
        let org = self.current().await?;
        self.prepare_messages(&org).await?;
        let states = match state {
            Some(s) => vec![OutboxState::parse(s).map_err(|_| bad_state(s))?],
            None => Vec::new(),
        };
        let mut views = Vec::new();
        let with_xero = self.has_xero(&org).await?;
        for message in self.db.outgoing_messages(org.id, &states).await? {
            views.push(self.message_view(&org, &message, with_xero).await?);
        }
        Ok(views)
    }

    pub(crate) async fn message_view(
        &self,
        org: &StoredOrganisation,
        message: &StoredMessage,
        with_xero: bool,
    ) -> Result<OutgoingMessageView, EngineError> {
        let r: Rendered = self.render_message(org, message).await?;
        let state = message.state();
        let reason = message
            .items
            .iter()
            .map(|i| i.reason.clone())
            .find(|r| !r.is_empty());
        // Once attempted, show what went out (archived), not a fresh rendering: the invoice
        // now counts as reminded, so today's rendering would pick another template.
        let invoices = r.invoice_views();
        let sent = match state {
            OutboxState::Sending
            | OutboxState::Sent
            | OutboxState::InDoubt
            | OutboxState::Failed => self.db.latest_attempt(org.id, message.id).await?,
            _ => None,
        };
        let (from, to, cc, subject, text, attachments) = match sent {
            Some(a) => {
                let who = |list: Vec<String>| list.iter().map(|x| mailbox(None, x)).collect();
                (
                    Some(mailbox(
                        r.from.as_ref().and_then(|f| f.name.as_deref()),
                        &a.from,
                    )),
                    who(a.to),
                    who(a.cc),
                    a.subject,
                    a.text,
                    a.attachments,
                )
            }
            None => (
                r.from,
                r.to,
                r.cc,
                r.subject,
                r.text,
                if with_xero {
                    r.invoices.iter().map(|i| pdf_name(&i.number)).collect()
                } else {
                    Vec::new()
                },
            ),
        };
        Ok(OutgoingMessageView {
            id: message.id,
            customer_id: r.contact.id,
            customer_name: r.contact.name.clone(),
            channel: message.key.channel.as_str().to_owned(),
            audience: message.key.audience.clone(),
            state: state.as_str().to_owned(),
            reason: reason.unwrap_or_default(),
            due_at: message
                .items
                .iter()
                .map(|i| i.due_at)
                .min()
                .map(instant_text)
                .unwrap_or_default(),
            template_key: r.template_key.clone(),
            escalated: r.escalated,
            attachments,
            invoices,
            from,
            to,
            cc,
            subject,
            text,
            edited: message.subject_override.is_some()
                || message.body_override.is_some()
                || message.to_override.is_some()
                || message.cc_override.is_some(),
            problem: r.problem,
            item_ids: message.item_ids(),
        })
    }

    /// Every outbox row (or those in `state`), with the message it belongs to, by due time.
    pub async fn outbox(&self, state: Option<&str>) -> Result<Vec<OutboxItemView>, EngineError> {
        let org = self.current().await?;
        let state = state
            .map(|s| OutboxState::parse(s).map_err(|_| bad_state(s)))
            .transpose()?;
        self.prepare_messages(&org).await?;
        let mut message_of: HashMap<i64, i64> = HashMap::new();
        for message in self.db.outgoing_messages(org.id, &[]).await? {
            for id in message.item_ids() {
                message_of.insert(id, message.id);
            }
        }
        let mut contacts: HashMap<i64, SendContact> = HashMap::new();
        let mut numbers: HashMap<i64, Option<String>> = HashMap::new();
        let mut views = Vec::new();
        for item in self.db.outbox_items(org.id, state).await? {
            if let std::collections::hash_map::Entry::Vacant(slot) = contacts.entry(item.contact_id)
            {
                slot.insert(self.db.send_contact(org.id, item.contact_id).await?);
            }
            let number = match item.invoice_id {
                Some(id) => match numbers.get(&id) {
                    Some(n) => n.clone(),
                    None => {
                        let n = self.db.send_invoice(org.id, id).await?.map(|i| i.number);
                        numbers.insert(id, n.clone());
                        n
                    }
                },
                None => None,
            };
            let contact = &contacts[&item.contact_id];
            views.push(OutboxItemView {
                id: item.id,
                key: item.key.clone(),
                customer_id: contact.id,
                customer_name: contact.name.clone(),
                invoice_id: item.invoice_id,
                invoice_number: number,
                channel: item.channel.as_str().to_owned(),
                due_at: instant_text(item.due_at),
                state: item.state.as_str().to_owned(),
                reason: item.reason.clone(),
                message_id: message_of.get(&item.id).copied(),
                updated_at: instant_text(item.updated_at),
            });
        }
        views.sort_by(|a, b| (&a.due_at, a.id).cmp(&(&b.due_at, b.id)));
        Ok(views)
    }
}

fn bad_state(s: &str) -> EngineError {
    EngineError::InvalidInput(format!(
        "'{s}' is not an outbox state: use planned, awaiting_approval, approved, sending, sent, \
         failed, in_doubt, skipped, cancelled or held."
    ))
}
