//! The conversation: every message sent or attempted for an invoice or a customer, on any
//! channel, with its state, recipients, subject, time and the archived content (text, HTML, the
//! raw .eml's path and SHA-256). Must not: change anything.

use settle_db::{ConversationOf, StoredAttempt};

use crate::engine::instant_text;
use crate::{ConversationEntryView, Engine, EngineError};

impl Engine {
    pub async fn conversation_for_invoice(
        &self,
        invoice_id: i64,
    ) -> Result<Vec<ConversationEntryView>, EngineError> {
        let org = self.current().await?;
        let attempts = self
            .db
            .conversation(org.id, ConversationOf::Invoice(invoice_id))
            .await?;
        Ok(attempts.into_iter().map(entry).collect())
    }

    pub async fn conversation_for_customer(
        &self,
        customer_id: i64,
    ) -> Result<Vec<ConversationEntryView>, EngineError> {
        let org = self.current().await?;
        let attempts = self
            .db
            .conversation(org.id, ConversationOf::Customer(customer_id))
            .await?;
        Ok(attempts.into_iter().map(entry).collect())
    }
}

fn entry(a: StoredAttempt) -> ConversationEntryView {
    ConversationEntryView {
        attempt_id: a.id,
        message_id: a.message_id,
        channel: a.channel,
        state: a.state,
        reason: a.reason,
        from: a.from,
        to: a.to,
        cc: a.cc,
        subject: a.subject,
        text: a.text,
        html: a.html,
        attachments: a.attachments,
        message_id_header: a.message_id_header,
        at: instant_text(a.started_at),
        finished_at: a.finished_at.map(instant_text),
        raw_path: a.raw_path,
        raw_sha256: a.raw_sha256,
        invoice_ids: a.invoice_ids,
    }
}
