//! The pieces a send batch needs around SMTP: the organisation's mailer (stored settings + the
//! keychain password; why there is none, said for the owner), the SMTP timeout, the archive of
//! raw messages (`<data>/archive/<yyyy>/<message-id>.eml`, fsynced before sending), and what to do
//! when the session cannot be opened. Owns: those helpers.
//! Must not: write SQL, move outbox states (sending.rs does), or log the password.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use settle_db::StoredOrganisation;
use settle_mail::{SendError, SendErrorKind, SmtpMailer, SmtpSecurity, SmtpSettings};

use crate::{Engine, EngineError, XeroSettings};

/// How long Settle waits for any SMTP reply. A reply that does not come after the message data
/// makes the send "in doubt", so this bounds how long a stalled server holds a batch.
static SMTP_TIMEOUT_MS: AtomicU64 = AtomicU64::new(30_000);

/// Changes the SMTP reply timeout for this process (default 30 s). Tests shorten it so a stalled
/// server is detected quickly; the desktop app and the CLI keep the default.
pub fn set_smtp_timeout(timeout: Duration) {
    let ms = u64::try_from(timeout.as_millis())
        .unwrap_or(u64::MAX)
        .max(1);
    SMTP_TIMEOUT_MS.store(ms, Ordering::Relaxed);
}

fn smtp_timeout() -> Duration {
    Duration::from_millis(SMTP_TIMEOUT_MS.load(Ordering::Relaxed))
}

/// What a failure to open the SMTP session means for the batch.
pub(crate) enum OpenFailure {
    /// Offline or a temporary refusal: the messages stay approved and wait for the next batch.
    Wait(String),
    /// The settings cannot work (password, TLS, configuration): nothing can go until the owner
    /// fixes them, so the batch's messages are held with this reason.
    Hold(String),
}

pub(crate) fn open_failure(e: &SendError) -> OpenFailure {
    match e.kind {
        SendErrorKind::Offline | SendErrorKind::Temporary | SendErrorKind::InDoubt => {
            OpenFailure::Wait(format!("waiting: offline ({e})"))
        }
        SendErrorKind::Authentication | SendErrorKind::Tls | SendErrorKind::Configuration => {
            OpenFailure::Hold(format!(
                "Held: the mail server refused Settle's SMTP settings, so nothing can be sent \
                 until they are fixed: {e} Correct them (`settle smtp set`, or Settings → Email), \
                 check with `settle smtp test`; held messages go with the next batch."
            ))
        }
        SendErrorKind::Permanent => OpenFailure::Hold(format!(
            "Held: the mail server refused the session: {e} Check the SMTP settings \
             (`settle smtp set`, or Settings → Email) and `settle smtp test`."
        )),
    }
}

impl Engine {
    /// The organisation's mailer, or why there is none (what to do).
    pub(crate) async fn mailer(
        &self,
        org: &StoredOrganisation,
        secrets: &XeroSettings,
    ) -> Result<Result<SmtpMailer, String>, EngineError> {
        let Some(stored) = self.db.smtp_settings(org.id).await? else {
            return Ok(Err(
                "Set up your SMTP server first (`settle smtp set`, or Settings → Email).".into(),
            ));
        };
        let password = match self.smtp_password(org.id, secrets).await? {
            Some(p) => p,
            None if stored.username.trim().is_empty() => settle_core::secret::Secret::new(""),
            None => {
                return Ok(Err(format!(
                    "Settle has no SMTP password for {}: set it (`settle smtp set … \
                     --password-stdin`, or Settings → Email).",
                    stored.username
                )))
            }
        };
        let settings = SmtpSettings {
            host: stored.host,
            port: stored.port,
            security: if stored.security == "implicit_tls" {
                SmtpSecurity::ImplicitTls
            } else {
                SmtpSecurity::StartTls
            },
            username: stored.username,
            extra_root_certificate_pem: stored.extra_root_certificate_pem,
            timeout: smtp_timeout(),
        };
        Ok(Ok(SmtpMailer::new(settings, password)))
    }

    /// Writes the raw message to `archive/<yyyy>/<message-id>.eml` under the data folder, synced
    /// to disk, before it is sent.
    pub(crate) fn archive(
        &self,
        at: DateTime<Utc>,
        header: &str,
        raw: &[u8],
    ) -> Result<PathBuf, EngineError> {
        let dir = self
            .data_dir()
            .join("archive")
            .join(format!("{:04}", at.year()));
        let name: String = header
            .trim_matches(['<', '>'])
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "._-@=".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{name}.eml"));
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&dir)?;
            let mut file = std::fs::File::create(&path)?;
            file.write_all(raw)?;
            file.sync_all()
        };
        write().map_err(|e| {
            EngineError::InvalidInput(format!(
                "Settle could not archive the message in {} ({e}); nothing was sent. Check the \
                 data folder's free space and permissions.",
                dir.display()
            ))
        })?;
        Ok(path)
    }
}

pub(crate) fn join(e: tokio::task::JoinError) -> EngineError {
    EngineError::InvalidInput(format!("the sending task stopped: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: SendErrorKind) -> SendError {
        SendError {
            kind,
            message: "The mail server said no.".to_owned(),
            server_reply: None,
        }
    }

    #[test]
    fn settings_that_cannot_work_hold_and_the_rest_waits() {
        for kind in [
            SendErrorKind::Authentication,
            SendErrorKind::Tls,
            SendErrorKind::Configuration,
            SendErrorKind::Permanent,
        ] {
            match open_failure(&error(kind)) {
                OpenFailure::Hold(reason) => {
                    assert!(reason.contains("settle smtp set"), "{reason}")
                }
                OpenFailure::Wait(_) => panic!("{kind:?} must hold"),
            }
        }
        for kind in [SendErrorKind::Offline, SendErrorKind::Temporary] {
            match open_failure(&error(kind)) {
                OpenFailure::Wait(reason) => assert!(reason.starts_with("waiting: offline")),
                OpenFailure::Hold(_) => panic!("{kind:?} must wait"),
            }
        }
    }
}
