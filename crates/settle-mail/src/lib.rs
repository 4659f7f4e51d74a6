//! settle-mail: Settle's SMTP side. Builds the MIME message from a rendered email (text + HTML,
//! attachments, an explicit Date and a deterministic Message-ID), sends it over TLS (implicit or
//! required STARTTLS, never plaintext) with AUTH, reusing one connection across a batch, and
//! classifies every failure so the engine knows whether to wait, retry, fail the step, or mark
//! the send in doubt (data sent, no final reply: never resent automatically).
//!
//! Must not: render templates, touch the database or the keychain (the password arrives as a
//! [`settle_core::secret::Secret`]), read the clock, or retry on its own. The API is blocking;
//! the engine runs it on `spawn_blocking`. See docs/decisions/0017-smtp-with-lettre.md.

mod error;
mod mailer;
mod message;
mod session;
mod settings;

pub use error::{SendError, SendErrorKind};
pub use mailer::{test_send, SmtpMailer};
pub use message::{
    compose, new_message_id, sha256_hex, Attachment, ComposeError, ComposedMessage, Mailbox,
    OutgoingEmail,
};
pub use session::{SendReceipt, SmtpSession};
pub use settings::{SmtpSecurity, SmtpSettings};
