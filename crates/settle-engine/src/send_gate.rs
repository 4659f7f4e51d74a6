//! The fresh-data gate before every send batch (safety invariant 1). When the organisation is
//! connected to Xero, an incremental sync runs first; if it fails (offline, Xero down, the
//! connection expired) or chasing is paused, every approved message is HELD with the reason and
//! what to do. The built-in demo syncs from its own in-process fake-xero the same way; only a
//! benchmark-size demo (imported straight into SQLite, no Xero) uses the [`LocalDataGate`]
//! stand-in: local data, and the report says so. A real organisation that is not connected is
//! held. Then anything no longer owed — paid, voided,
//! deleted, nothing due, chasing stopped — is cancelled with the reason.
//! Must not: send (sending.rs) or write SQL.

use settle_db::{OutboxState, StoredOrganisation};

use crate::message_render::not_owed;
use crate::{CancellationToken, Engine, EngineError, Reconcile, SyncOptions, XeroSettings};

/// The reason recorded when the demo organisation passes the gate on local data.
pub const LOCAL_DATA_GATE: &str = "benchmark demo organisation: no Xero to check; local data used";

/// The stand-in gate of an organisation without Xero: it checks the stored data only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalDataGate;

/// How the gate ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Fresh from Xero just now.
    Xero,
    /// No Xero connection: local data ([`LOCAL_DATA_GATE`]).
    Local(LocalDataGate),
    /// Everything approved was held with this reason.
    Held(String),
}

const GATE: &str = "gate";

impl Engine {
    /// Runs the gate (see the module documentation). Returns how it ended and how many items it
    /// cancelled and held.
    pub(crate) async fn run_gate(
        &self,
        org: &StoredOrganisation,
        settings: &XeroSettings,
    ) -> Result<(Gate, u32, u32), EngineError> {
        let gate = match self.db.chasing_pause(org.id).await? {
            Some(pause) => Gate::Held(format!(
                "Chasing is paused: {}. {}",
                pause.reason,
                if pause.reconnect_needed {
                    "Reconnect to Xero (`settle connect xero`) to resume."
                } else {
                    "Resume chasing to send."
                }
            )),
            None => self.sync_for_gate(org, settings).await,
        };
        if let Gate::Held(reason) = &gate {
            let mut held = 0;
            for message in self
                .db
                .outgoing_messages(org.id, &[OutboxState::Approved])
                .await?
            {
                held += self
                    .db
                    .move_message(
                        org.id,
                        message.id,
                        &[OutboxState::Approved],
                        OutboxState::Held,
                        reason,
                        GATE,
                        self.now(),
                    )
                    .await? as u32;
            }
            return Ok((gate, 0, held));
        }
        // Messages the gate (or a missing address) held earlier, approved by the owner: back in
        // the queue now the data is fresh; the checks below and at send hold them again if needed.
        for message in self
            .db
            .outgoing_messages(org.id, &[OutboxState::Held])
            .await?
        {
            if message.approved_at.is_none() || message.items.iter().any(|i| i.missed_at.is_some())
            {
                continue;
            }
            let rendered = self.render_message(org, &message).await?;
            if rendered.problem.is_none() {
                self.db
                    .move_message(
                        org.id,
                        message.id,
                        &[OutboxState::Held],
                        OutboxState::Approved,
                        "the gate passed",
                        GATE,
                        self.now(),
                    )
                    .await?;
            }
        }
        let mut cancelled = 0;
        for message in self
            .db
            .outgoing_messages(org.id, &[OutboxState::Approved])
            .await?
        {
            let contact = self.db.send_contact(org.id, message.key.contact_id).await?;
            for item in message
                .items
                .iter()
                .filter(|i| i.state == OutboxState::Approved)
            {
                let reason = match item.invoice_id {
                    Some(id) => match self.db.send_invoice(org.id, id).await? {
                        Some(invoice) => not_owed(&invoice, &contact),
                        None => Some("the invoice no longer exists".to_owned()),
                    },
                    None if !contact.chasing => {
                        Some(format!("chasing was stopped for {}", contact.name))
                    }
                    None => None,
                };
                if let Some(reason) = reason {
                    cancelled += self
                        .db
                        .move_items(
                            org.id,
                            &[item.id],
                            OutboxState::Cancelled,
                            &reason,
                            GATE,
                            self.now(),
                        )
                        .await? as u32;
                }
            }
        }
        Ok((gate, cancelled, 0))
    }

    async fn sync_for_gate(&self, org: &StoredOrganisation, settings: &XeroSettings) -> Gate {
        if org.organisation.is_demo {
            // A benchmark-size demo was imported straight into SQLite and has no Xero behind it:
            // the stand-in gate checks the stored data. The standard demo is served by its own
            // in-process fake-xero (decision 0020) and is synced like a real organisation below.
            match self.db.demo_recipe(org.id).await {
                Ok(None) => return Gate::Local(LocalDataGate),
                Ok(Some(_)) => {}
                Err(e) => {
                    return Gate::Held(format!("Settle could not check the demo's data: {e}"))
                }
            }
        } else {
            match self.xero_connection().await {
                Ok(Some(c)) if c.organisation_id == org.id => {}
                Ok(_) => {
                    return Gate::Held(
                        "Held: this organisation is not connected to Xero, so Settle cannot check \
                         that these invoices are still unpaid. Connect it in the Xero section (or \
                         `settle connect xero`)."
                            .to_owned(),
                    )
                }
                Err(e) => return Gate::Held(format!("Settle could not check Xero: {e}")),
            }
        }
        // The same sync as "Sync now": one at a time per data folder (a sync already running
        // holds this batch until the next one), and a lost sign-in pauses chasing.
        let options = SyncOptions {
            full: false,
            reconcile: Reconcile::Auto,
        };
        match self
            .sync_connected_xero(settings, options, &|_| {}, &CancellationToken::new())
            .await
        {
            Ok(_) => Gate::Xero,
            Err(e) => Gate::Held(held_reason(&e)),
        }
    }
}

fn held_reason(e: &EngineError) -> String {
    use crate::ErrorCode;
    match e.code() {
        ErrorCode::SyncRunning => "Held: another sync with Xero was running when this batch was \
             due, so Settle could not check these invoices just before sending. Nothing is sent \
             on old data; the next batch tries again."
            .to_owned(),
        ErrorCode::XeroReconnectNeeded | ErrorCode::XeroNotConnected => format!(
            "Held: Xero needs reconnecting before anything is sent ({e}). Reconnect \
             (`settle connect xero`, or \"Reconnect\" in the window); sends resume with the \
             next batch."
        ),
        _ => format!(
            "Held: Settle could not sync with Xero just before sending, so it cannot be sure these \
             invoices are still unpaid ({e}). Nothing is sent on old data; the next batch tries \
             again."
        ),
    }
}
