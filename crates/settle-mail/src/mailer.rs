//! The mailer: opens an authenticated, encrypted SMTP connection for the owner's account, one
//! phase at a time (TCP, TLS or STARTTLS, AUTH), so each failure gets its own class and message,
//! and the "send a test email to myself" check. Owns: [`SmtpMailer`], [`test_send`]. Must not:
//! send anything before TLS is up, fall back to plaintext, or let the password into a message.
//! Blocking: the engine calls it from `spawn_blocking`.

use chrono::{DateTime, Utc};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use settle_core::secret::Secret;

use crate::error::{Failure, SendError, SendErrorKind};
use crate::message::{compose, new_message_id, ComposedMessage, Mailbox, OutgoingEmail};
use crate::session::SmtpSession;
use crate::settings::{SmtpSecurity, SmtpSettings};

/// The owner's SMTP account: settings plus the password from the keychain.
#[derive(Debug, Clone)]
pub struct SmtpMailer {
    settings: SmtpSettings,
    password: Secret,
}

impl SmtpMailer {
    pub fn new(settings: SmtpSettings, password: Secret) -> Self {
        Self { settings, password }
    }

    pub fn settings(&self) -> &SmtpSettings {
        &self.settings
    }

    /// Connects, secures the connection and logs in once; the session then sends many messages.
    pub fn open(&self) -> Result<SmtpSession, SendError> {
        let settings = &self.settings;
        let tls = settings.tls_parameters()?;
        let hello = ClientId::default();
        let implicit = (settings.security == SmtpSecurity::ImplicitTls).then_some(&tls);
        let address = (settings.host.as_str(), settings.port);
        let mut conn =
            SmtpConnection::connect(address, Some(settings.timeout), &hello, implicit, None)
                .map_err(|e| self.connect_error(&Failure::of(&e)))?;
        if settings.security == SmtpSecurity::StartTls {
            if !conn.can_starttls() {
                conn.abort();
                return Err(self.no_starttls());
            }
            conn.starttls(&tls, &hello)
                .map_err(|e| self.starttls_error(&Failure::of(&e)))?;
        }
        if !conn.is_encrypted() {
            // Unreachable with the two modes above; kept so no future path sends in the clear.
            conn.abort();
            return Err(self.no_starttls());
        }
        if !settings.username.is_empty() {
            let credentials =
                Credentials::new(settings.username.clone(), self.password.expose().to_owned());
            if let Err(e) = conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials) {
                conn.abort();
                return Err(self.auth_error(&Failure::of(&e)));
            }
        }
        Ok(SmtpSession::new(conn, settings.server(), settings.timeout))
    }

    fn connect_error(&self, failure: &Failure) -> SendError {
        if failure.tls.is_some() {
            return self.tls_error(failure);
        }
        let server = self.settings.server();
        match failure.class {
            Some(class) => SendError::new(
                if class == 4 {
                    SendErrorKind::Temporary
                } else {
                    SendErrorKind::Permanent
                },
                format!(
                    "The mail server at {server} turned the connection away ({}). {}",
                    failure.reply.as_deref().unwrap_or_default(),
                    if class == 4 {
                        "Settle will try again later."
                    } else {
                        "Check the host and port in the mail settings, or ask your provider."
                    }
                ),
            )
            .with_reply(failure.reply.clone()),
            None => SendError::new(
                SendErrorKind::Offline,
                format!(
                    "Settle could not reach the mail server at {server} ({}). Check the internet \
                     connection and the host and port in the mail settings; sending waits and \
                     tries again.{}",
                    failure.detail,
                    if failure.timed_out && self.settings.security == SmtpSecurity::StartTls {
                        " If this port expects SSL/TLS from the start (usually 465), choose \
                         SSL/TLS instead of STARTTLS."
                    } else {
                        ""
                    }
                ),
            ),
        }
    }

    fn tls_error(&self, failure: &Failure) -> SendError {
        let server = self.settings.server();
        let detail = failure.tls.as_deref().unwrap_or("unknown TLS problem");
        let message = if failure.certificate {
            format!(
                "The mail server's certificate is not trusted ({detail}). Check the host name \
                 ({}) in the mail settings, or ask your provider for the right server name; for \
                 a self-hosted server add its CA certificate. Nothing was sent.",
                self.settings.host
            )
        } else {
            format!(
                "Settle could not set up an encrypted connection to {server} ({detail}). Check \
                 the port and security setting: port 465 usually uses SSL/TLS, port 587 \
                 STARTTLS. Nothing was sent."
            )
        };
        SendError::new(SendErrorKind::Tls, message)
    }

    fn no_starttls(&self) -> SendError {
        SendError::new(
            SendErrorKind::Tls,
            format!(
                "The mail server at {} does not offer STARTTLS, so the password and messages \
                 would travel unencrypted; Settle will not send that way. Choose SSL/TLS \
                 (usually port 465) or ask your provider for an encrypted port. Nothing was sent.",
                self.settings.server()
            ),
        )
    }

    fn starttls_error(&self, failure: &Failure) -> SendError {
        if failure.tls.is_some() {
            return self.tls_error(failure);
        }
        match &failure.reply {
            Some(reply) => SendError::new(
                SendErrorKind::Tls,
                format!(
                    "The mail server at {} refused to start encryption ({reply}). Settle will \
                     not send unencrypted: try SSL/TLS (usually port 465) or ask your provider. \
                     Nothing was sent.",
                    self.settings.server()
                ),
            )
            .with_reply(Some(reply.clone())),
            None => self.connect_error(failure),
        }
    }

    fn auth_error(&self, failure: &Failure) -> SendError {
        let server = self.settings.server();
        let reply = failure.reply.clone();
        let (kind, message) = match failure.class {
            Some(5) => (
                SendErrorKind::Authentication,
                format!(
                    "The mail server at {server} did not accept the username \"{}\" with the \
                     saved password ({}). Enter the password again in the mail settings (some \
                     providers need an app password).",
                    self.settings.username,
                    reply.as_deref().unwrap_or_default()
                ),
            ),
            Some(_) => (
                SendErrorKind::Temporary,
                format!(
                    "The mail server at {server} could not check the login right now ({}). \
                     Settle will try again later.",
                    reply.as_deref().unwrap_or_default()
                ),
            ),
            None if failure.detail.contains("authentication mechanism") => (
                SendErrorKind::Configuration,
                format!(
                    "The mail server at {server} offers no login method Settle supports (PLAIN \
                     or LOGIN). Check the host and port, or ask your provider."
                ),
            ),
            None => return self.connect_error(failure),
        };
        SendError::new(kind, message).with_reply(reply)
    }
}

/// Sends a short test email from the owner to the owner over a fresh session: the check behind
/// "send a test email to myself". Returns the message sent (for the archive).
pub fn test_send(
    mailer: &SmtpMailer,
    to: &Mailbox,
    from: &Mailbox,
    now: DateTime<Utc>,
) -> Result<ComposedMessage, SendError> {
    let email = OutgoingEmail {
        message_id: new_message_id(&format!("test.{}", now.timestamp_millis()), &from.address),
        from: from.clone(),
        reply_to: None,
        to: vec![to.clone()],
        cc: Vec::new(),
        subject: "Settle test email".to_owned(),
        text: format!(
            "This is a test email from Settle.\r\n\r\nIt was sent through {} and arrived, so \
             Settle can send your reminders.\r\n",
            mailer.settings.server()
        ),
        html: None,
        attachments: Vec::new(),
        date: now,
    };
    let composed =
        compose(&email).map_err(|e| SendError::new(SendErrorKind::Configuration, e.to_string()))?;
    let mut session = mailer.open()?;
    session.send(&composed)?;
    session.close();
    Ok(composed)
}
