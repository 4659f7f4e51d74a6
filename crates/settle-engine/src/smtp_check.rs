//! "Send a test email to myself": `test_smtp` opens a fresh session with the organisation's SMTP
//! settings and the keychain password and sends one short email (settle-mail's `test_send`) to
//! the owner — the normal sender's address unless another is given. The outcome is said for the
//! owner (what happened, what to do). Owns: that check only.
//! Must not: write SQL, touch the outbox, or put the password anywhere but the mailer.

use settle_mail::{test_send, Mailbox};

use crate::sending_settings::looks_like_address;
use crate::{Engine, EngineError, SmtpTestView, XeroSettings};

impl Engine {
    /// Sends a test email to `to` (default: the normal sender's address, else the SMTP username
    /// when it is an address). A failure is reported in the view (`ok: false`), not as an error;
    /// an unusable `to` is bad input.
    pub async fn test_smtp(
        &self,
        to: Option<String>,
        secrets: &XeroSettings,
    ) -> Result<SmtpTestView, EngineError> {
        let org = self.current().await?;
        let mailer = match self.mailer(&org, secrets).await? {
            Ok(m) => m,
            Err(reason) => {
                return Ok(SmtpTestView {
                    ok: false,
                    message: reason,
                    server_reply: None,
                })
            }
        };
        let senders = self.db.senders(org.id).await?;
        let sender = senders.iter().find(|s| !s.escalated);
        let from_address = sender
            .map(|s| s.email.clone())
            .unwrap_or_else(|| mailer.settings().username.clone());
        if !looks_like_address(&from_address) {
            return Ok(SmtpTestView {
                ok: false,
                message: "Set up who the reminders come from first (`settle sender set --name … \
                          --email …`, or Settings → Senders): the test goes from that address."
                    .to_owned(),
                server_reply: None,
            });
        }
        let to = to
            .map(|t| t.trim().to_owned())
            .unwrap_or_else(|| from_address.clone());
        if !looks_like_address(&to) || to.contains(['\r', '\n']) {
            return Err(EngineError::InvalidInput(format!(
                "'{}' is not an email address: give the address the test should go to (e.g. \
                 you@yourbusiness.com).",
                to.escape_debug()
            )));
        }
        let from = Mailbox {
            name: sender
                .map(|s| s.name.clone())
                .filter(|n| !n.trim().is_empty()),
            address: from_address,
        };
        let recipient = Mailbox {
            name: None,
            address: to.clone(),
        };
        let server = mailer.settings().server();
        let now = self.now();
        let result =
            tokio::task::spawn_blocking(move || test_send(&mailer, &recipient, &from, now))
                .await
                .map_err(|e| EngineError::InvalidInput(format!("the test send stopped: {e}")))?;
        Ok(match result {
            Ok(_) => SmtpTestView {
                ok: true,
                message: format!(
                    "A test email went to {to} through {server}. If it does not arrive within a \
                     few minutes, look in the spam folder."
                ),
                server_reply: None,
            },
            Err(e) => SmtpTestView {
                ok: false,
                message: format!("The test email was not sent: {}", e.message),
                server_reply: e.server_reply,
            },
        })
    }
}
