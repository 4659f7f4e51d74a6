//! One send batch: recover anything a crash left in `sending` (→ in doubt), run the fresh-data
//! gate, then send each approved email whose scheduled local hour it is (or that the owner chose
//! to send now) over ONE SMTP session. For each message: compose, archive the raw message (file +
//! SHA-256) and commit the Message-ID with state `sending` BEFORE the SMTP conversation; then
//! record the outcome (sent / failed with the server's reason / in doubt / back to approved when
//! offline). Nothing in doubt or failed is ever re-sent here (safety invariant 2).
//! Must not: write SQL, or send outside the hour (safety invariant 3).

use chrono::{DateTime, Timelike, Utc};
use settle_core::schedule::Channel;
use settle_db::{AttemptEnd, NewAttempt, OutboxState, StoredMessage, StoredOrganisation};
use settle_mail::{
    compose, new_message_id, Attachment, Mailbox, OutgoingEmail, SendErrorKind, SmtpSession,
};

use crate::engine::instant_text;
use crate::message_render::Rendered;
use crate::send_attachments::InvoiceExtras;
use crate::send_gate::{Gate, LOCAL_DATA_GATE};
use crate::send_mailer::{join, open_failure, OpenFailure};
use crate::{
    ConnectedXero, Engine, EngineError, MailboxView, SendOutcomeView, SendReport, XeroSettings,
};

const SENDER: &str = "sender";

/// Whether `message` may go at `at`: during its scheduled local hour (on its day or, approved
/// late, the same hour of a later day), or any time when the owner chose "send now".
pub(crate) fn in_its_hour(
    org: &StoredOrganisation,
    message: &StoredMessage,
    at: DateTime<Utc>,
) -> bool {
    if message.send_now {
        return true;
    }
    let Some(due) = message.items.iter().map(|i| i.due_at).min() else {
        return false;
    };
    let tz = org.organisation.timezone;
    at >= due && at.with_timezone(&tz).hour() == due.with_timezone(&tz).hour()
}

impl Engine {
    /// Runs one batch at `at` (see the module documentation). Running it twice sends nothing twice.
    pub async fn send_batch(
        &self,
        settings: &XeroSettings,
        at: DateTime<Utc>,
    ) -> Result<SendReport, EngineError> {
        let org = self.current().await?;
        let recovered = self.db.recover_sending(org.id, self.now()).await? as u32;
        self.prepare_messages(&org).await?;
        let (gate, cancelled, held_by_gate) = self.run_gate(&org, settings).await?;
        let mut report = SendReport {
            at: instant_text(at),
            gate: match &gate {
                Gate::Xero => "xero",
                Gate::Local(_) => "local",
                Gate::Held(_) => "held",
            }
            .to_owned(),
            gate_reason: match &gate {
                Gate::Held(r) => Some(r.clone()),
                Gate::Local(_) => Some(LOCAL_DATA_GATE.to_owned()),
                Gate::Xero => None,
            },
            sent: 0,
            failed: 0,
            in_doubt: 0,
            held: held_by_gate,
            cancelled,
            waiting: 0,
            recovered_in_doubt: recovered,
            outcomes: Vec::new(),
        };
        if matches!(gate, Gate::Held(_)) {
            return Ok(report);
        }
        let mut due = Vec::new();
        for message in self
            .db
            .outgoing_messages(org.id, &[OutboxState::Approved])
            .await?
        {
            if in_its_hour(&org, &message, at) {
                due.push(message);
            } else {
                report.waiting += 1;
            }
        }
        if due.is_empty() {
            return Ok(report);
        }
        let mailer = self.mailer(&org, settings).await?;
        let xero = self.xero_for_attachments(&org, settings).await?;
        let mut session: Option<SmtpSession> = None;
        // (invoice, note) for the history in Xero of each invoice a sent reminder covered.
        let mut notes: Vec<(i64, String)> = Vec::new();
        // Set when the settings cannot work: every remaining message is held with it.
        let mut settings_problem: Option<String> = None;
        for message in due {
            let mut rendered = self.render_message(&org, &message).await?;
            let mut extras = InvoiceExtras::default();
            let mut problem = match (&rendered.problem, &mailer, message.key.channel) {
                (Some(p), _, _) => Some(p.clone()),
                (None, _, c) if c != Channel::Email => {
                    Some(format!("no {} provider yet", c.as_str()))
                }
                (None, Err(reason), _) => Some(reason.clone()),
                _ => settings_problem.clone(),
            };
            if problem.is_none() {
                match &xero {
                    Some(Ok(x)) => match self.invoice_extras(x, &rendered.invoices).await {
                        Ok(found) => {
                            rendered = self
                                .render_message_with(&org, &message, &found.links)
                                .await?;
                            problem = rendered.problem.clone();
                            extras = found;
                        }
                        Err(reason) => problem = Some(reason),
                    },
                    Some(Err(reason)) => problem = Some(reason.clone()),
                    None => {}
                }
            }
            let view = |state: &str, reason: String, id: Option<String>| SendOutcomeView {
                message_id: message.id,
                customer_name: rendered.contact.name.clone(),
                subject: rendered.subject.clone(),
                state: state.to_owned(),
                reason,
                message_id_header: id,
            };
            if let Some(reason) = problem {
                self.hold(&org, message.id, &reason).await?;
                report.held += 1;
                report.outcomes.push(view("held", reason, None));
                continue;
            }
            let Ok(mailer) = &mailer else { continue };
            let from = rendered
                .from
                .clone()
                .unwrap_or_else(|| crate::message_render::mailbox(None, ""));
            let attempt_no = self.db.attempt_count(org.id, message.id).await? + 1;
            let header = new_message_id(
                &format!("{}.{}.{}", org.id, message.id, attempt_no),
                &from.address,
            );
            let attachment_names: Vec<String> = extras
                .attachments
                .iter()
                .map(|a| a.filename.clone())
                .collect();
            let email = outgoing_email(&rendered, &header, extras.attachments, self.now());
            let composed = match compose(&email) {
                Ok(c) => c,
                Err(e) => {
                    let reason = format!("Held: the message cannot be built: {e}");
                    self.hold(&org, message.id, &reason).await?;
                    report.held += 1;
                    report.outcomes.push(view("held", reason, None));
                    continue;
                }
            };
            // Open (or reuse) the session before anything is committed: offline leaves it
            // approved; settings that cannot work hold it (and the rest of the batch).
            if session.as_ref().is_none_or(|s| !s.is_usable()) {
                let m = mailer.clone();
                match tokio::task::spawn_blocking(move || m.open())
                    .await
                    .map_err(join)?
                {
                    Ok(s) => session = Some(s),
                    Err(e) => {
                        match open_failure(&e) {
                            OpenFailure::Wait(reason) => {
                                report.waiting += 1;
                                report.outcomes.push(view("approved", reason, None));
                            }
                            OpenFailure::Hold(reason) => {
                                self.hold(&org, message.id, &reason).await?;
                                report.held += 1;
                                report.outcomes.push(view("held", reason.clone(), None));
                                settings_problem = Some(reason);
                            }
                        }
                        continue;
                    }
                }
            }
            let archive = self.archive(at, &header, &composed.raw)?;
            let attempt = NewAttempt {
                message_id_header: header.clone(),
                from: from.address.clone(),
                to: rendered.to.iter().map(|m| m.address.clone()).collect(),
                cc: rendered.cc.iter().map(|m| m.address.clone()).collect(),
                subject: rendered.subject.clone(),
                text: rendered.text.clone(),
                html: rendered.html.clone(),
                attachments: attachment_names,
                raw_path: Some(archive.display().to_string()),
                raw_sha256: Some(composed.sha256.clone()),
            };
            let Some(attempt_id) = self
                .db
                .begin_attempt(org.id, message.id, &attempt, self.now())
                .await?
            else {
                continue;
            };
            let mut s = session
                .take()
                .ok_or_else(|| EngineError::InvalidInput("no SMTP session".into()))?;
            let (s, result) = tokio::task::spawn_blocking(move || {
                let r = s.send(&composed);
                (s, r)
            })
            .await
            .map_err(join)?;
            session = Some(s);
            let (end, state, mut reason) = match result {
                Ok(receipt) => (AttemptEnd::Sent, "sent", receipt.server_reply),
                Err(e) => match e.kind {
                    SendErrorKind::InDoubt => (AttemptEnd::InDoubt, "in_doubt", e.to_string()),
                    SendErrorKind::Offline => (
                        AttemptEnd::Offline,
                        "approved",
                        format!("waiting: offline ({e})"),
                    ),
                    SendErrorKind::Temporary => (
                        AttemptEnd::Failed,
                        "failed",
                        format!("temporary failure: {e}"),
                    ),
                    _ => (
                        AttemptEnd::Failed,
                        "failed",
                        format!("permanent failure: {e}"),
                    ),
                },
            };
            if !extras.notes.is_empty() {
                reason = format!("{reason} (note: {})", extras.notes.join("; "));
            }
            self.db
                .finish_attempt(org.id, attempt_id, end, &reason, self.now())
                .await?;
            if end == AttemptEnd::Sent {
                let to: Vec<&str> = rendered.to.iter().map(|m| m.address.as_str()).collect();
                let note = format!(
                    "Payment reminder emailed to {} by Settle: {}",
                    to.join(", "),
                    rendered.subject
                );
                notes.extend(rendered.invoices.iter().map(|i| (i.id, note.clone())));
            }
            match end {
                AttemptEnd::Sent => report.sent += 1,
                AttemptEnd::Failed => report.failed += 1,
                AttemptEnd::InDoubt => report.in_doubt += 1,
                AttemptEnd::Offline => report.waiting += 1,
            }
            report.outcomes.push(view(state, reason, Some(header)));
        }
        if let Some(s) = session {
            let _ = tokio::task::spawn_blocking(move || s.close()).await;
        }
        // The invoice's history in Xero records each reminder, after the batch so the SMTP
        // session is not kept waiting. Best effort: the send is recorded already and must never
        // be failed or repeated because Xero did not take the note.
        let with_xero = matches!(gate, Gate::Xero);
        for (invoice, note) in notes.into_iter().filter(|_| with_xero) {
            if let Err(e) = self
                .note_reminder_sent_in_xero(settings, invoice, &note)
                .await
            {
                tracing::warn!(
                    invoice,
                    "the reminder was sent, but no note was added in Xero: {e}"
                );
            }
        }
        Ok(report)
    }
}

impl Engine {
    /// Approved → held with `reason` (the owner sees it; released by a later passing gate).
    async fn hold(
        &self,
        org: &StoredOrganisation,
        message: i64,
        reason: &str,
    ) -> Result<(), EngineError> {
        self.db
            .move_message(
                org.id,
                message,
                &[OutboxState::Approved],
                OutboxState::Held,
                reason,
                SENDER,
                self.now(),
            )
            .await?;
        Ok(())
    }

    /// Whether `org` has a Xero to fetch PDFs and links from: the owner's connection, or the
    /// standard demo's in-process fake-xero (a benchmark-size demo, imported straight into
    /// SQLite, has none).
    pub(crate) async fn has_xero(&self, org: &StoredOrganisation) -> Result<bool, EngineError> {
        if org.organisation.is_demo {
            return Ok(self.db.demo_recipe(org.id).await?.is_some());
        }
        Ok(self
            .xero_connection()
            .await?
            .is_some_and(|c| c.organisation_id == org.id))
    }

    /// The Xero client for attachments and links when the organisation is connected (`None`
    /// without a connection; `Some(Err)` holds every message: the PDFs cannot be fetched).
    async fn xero_for_attachments(
        &self,
        org: &StoredOrganisation,
        settings: &XeroSettings,
    ) -> Result<Option<Result<ConnectedXero, String>>, EngineError> {
        if !self.has_xero(org).await? {
            return Ok(None);
        }
        Ok(Some(self.current_xero(settings).await.map_err(|e| {
            format!(
                "Held: Settle could not reach Xero for the invoice PDFs ({e}); nothing is sent \
                 without them. The next batch tries again."
            )
        })))
    }
}

fn to_mailbox(m: &MailboxView) -> Mailbox {
    Mailbox {
        name: m.name.clone(),
        address: m.address.clone(),
    }
}

/// The email settle-mail composes from a rendered message.
fn outgoing_email(
    rendered: &Rendered,
    header: &str,
    attachments: Vec<Attachment>,
    date: DateTime<Utc>,
) -> OutgoingEmail {
    let from = rendered
        .from
        .clone()
        .unwrap_or_else(|| crate::message_render::mailbox(None, ""));
    OutgoingEmail {
        message_id: header.to_owned(),
        from: to_mailbox(&from),
        reply_to: None,
        to: rendered.to.iter().map(to_mailbox).collect(),
        cc: rendered.cc.iter().map(to_mailbox).collect(),
        subject: rendered.subject.clone(),
        text: rendered.text.clone(),
        html: rendered.html.clone(),
        attachments,
        date,
    }
}
