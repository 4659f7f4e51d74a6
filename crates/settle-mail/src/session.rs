//! The session: one open, authenticated connection that sends many messages (connection reuse
//! across a batch). Each send runs MAIL, RCPT, DATA and the message as separate phases, because
//! what a failure means depends on the phase: before the message bytes leave, nothing was sent
//! and a retry is safe; once they have left, a missing final reply means the message is in doubt
//! and must never be resent automatically. Owns: [`SmtpSession`], [`SendReceipt`], writing the
//! message data in one piece (see `DataBlock`). Must not:
//! retry anything itself (the engine decides), or reconnect silently.

use std::str::FromStr;
use std::time::Duration;

use lettre::transport::smtp::client::SmtpConnection;
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use lettre::Address;

use crate::error::{Failure, SendError, SendErrorKind};
use crate::message::ComposedMessage;

/// The server's final "accepted" reply for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendReceipt {
    /// For example "250 OK: queued as 7F3A2".
    pub server_reply: String,
}

/// An open connection to the owner's mail server. Not usable after a failure that broke the
/// connection ([`SmtpSession::is_usable`]); the engine then opens a new one.
pub struct SmtpSession {
    conn: Option<SmtpConnection>,
    server: String,
    timeout: Duration,
    sent: usize,
}

impl std::fmt::Debug for SmtpSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSession")
            .field("server", &self.server)
            .field("usable", &self.is_usable())
            .field("sent", &self.sent)
            .finish()
    }
}

/// Where a send failed; decides what a failure there means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    MailFrom,
    Recipient,
    DataCommand,
    /// The message bytes have started to go out.
    Message,
}

impl SmtpSession {
    pub(crate) fn new(conn: SmtpConnection, server: String, timeout: Duration) -> Self {
        Self {
            conn: Some(conn),
            server,
            timeout,
            sent: 0,
        }
    }

    /// False once the connection broke (or the server closed it): open a new session.
    pub fn is_usable(&self) -> bool {
        self.conn.as_ref().is_some_and(|c| !c.has_broken())
    }

    /// How many messages this session has delivered.
    pub fn sent_count(&self) -> usize {
        self.sent
    }

    /// Sends one message. The bytes the server receives are exactly `message.raw`.
    pub fn send(&mut self, message: &ComposedMessage) -> Result<SendReceipt, SendError> {
        let Some(conn) = self.conn.as_mut() else {
            return Err(SendError::new(
                SendErrorKind::Temporary,
                format!(
                    "The connection to {} was closed after an earlier error, so this message \
                     was not sent; Settle opens a new connection and tries again.",
                    self.server
                ),
            ));
        };
        let (from, to) = envelope(message)?;
        let params = parameters(conn, &from, &to, &message.raw, &self.server)?;
        let mut phase = Phase::MailFrom;
        let mut rcpt_address = None;
        let result = (|| {
            conn.command(Mail::new(Some(from), params))?;
            phase = Phase::Recipient;
            for address in to {
                rcpt_address = Some(address.to_string());
                conn.command(Rcpt::new(address, Vec::new()))?;
            }
            phase = Phase::DataCommand;
            conn.command(Data)?;
            phase = Phase::Message;
            // The data ends with CRLF "." CRLF; the message's own final CRLF is the first half
            // of that, so leave it off here or the server would store one extra blank line.
            let body = message.raw.strip_suffix(b"\r\n").unwrap_or(&message.raw);
            match std::str::from_utf8(body) {
                Ok(text) => conn.command(DataBlock(text)),
                Err(_) => conn.message(body),
            }
        })();
        match result {
            Ok(reply) => {
                self.sent += 1;
                Ok(SendReceipt {
                    server_reply: reply_text(&reply),
                })
            }
            Err(err) => Err(self.failed(phase, &Failure::of(&err), rcpt_address, message)),
        }
    }

    /// Says goodbye (QUIT) and closes the connection.
    pub fn close(mut self) {
        if let Some(mut conn) = self.conn.take() {
            if !conn.has_broken() {
                let _ = conn.quit();
            }
        }
    }

    fn failed(
        &mut self,
        phase: Phase,
        failure: &Failure,
        recipient: Option<String>,
        message: &ComposedMessage,
    ) -> SendError {
        let server = self.server.clone();
        let Some(class) = failure.class else {
            // No reply at all: the connection broke or timed out. Drop it (no QUIT: a stalled
            // server would only stall that too).
            self.conn = None;
            if phase == Phase::Message {
                let how = if failure.timed_out {
                    format!("no reply came within {} s", self.timeout.as_secs())
                } else {
                    failure.detail.clone()
                };
                return SendError::new(
                    SendErrorKind::InDoubt,
                    format!(
                        "The message {} went to the mail server at {server}, but {how}, so it \
                         may or may not have been delivered. Settle will not send it again by \
                         itself: check your Sent folder or ask the recipient, then resend it \
                         yourself if it did not arrive.",
                        message.message_id
                    ),
                );
            }
            return SendError::new(
                SendErrorKind::Temporary,
                format!(
                    "The connection to the mail server at {server} was lost before the message \
                     was sent ({}). Nothing was delivered; Settle will try again later.",
                    failure.detail
                ),
            );
        };
        let reply = failure.reply.clone().unwrap_or_default();
        if failure.closing {
            self.conn = None;
        } else {
            self.reset();
        }
        let what = match (phase, &recipient) {
            (Phase::Recipient, Some(address)) => format!("the recipient {address}"),
            (Phase::MailFrom, _) => "the sender address".to_owned(),
            _ => "the message".to_owned(),
        };
        let message = if class == 4 {
            SendError::new(
                SendErrorKind::Temporary,
                format!(
                    "The mail server at {server} could not take {what} right now ({reply}). \
                     Nothing was delivered; Settle will try again later."
                ),
            )
        } else {
            SendError::new(
                SendErrorKind::Permanent,
                format!(
                    "The mail server at {server} refused {what}: {reply}. Settle will not retry \
                     this message; correct the address or content, or ask your mail provider."
                ),
            )
        };
        message.with_reply(Some(reply))
    }

    /// Ends the refused transaction so the connection can carry the next message.
    fn reset(&mut self) {
        if let Some(conn) = self.conn.as_mut() {
            if conn.command(Rset).is_err() {
                self.conn = None;
            }
        }
    }
}

/// The message data, dot-stuffed, and its terminator, written in ONE write. lettre's `message()`
/// writes the terminator separately, and lettre does not set TCP_NODELAY: that small second write
/// then waits for the server's delayed ACK (40 ms a message on Linux, 45 s for a 1,000 batch
/// instead of ~2 s). Stuffing rule as lettre's: a "." at the start of a line (after CRLF) doubles.
struct DataBlock<'a>(&'a str);

impl std::fmt::Display for DataBlock<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for line in self.0.split_inclusive("\r\n") {
            if line.starts_with('.') {
                f.write_str(".")?;
            }
            f.write_str(line)?;
        }
        f.write_str("\r\n.\r\n")
    }
}

fn reply_text(reply: &Response) -> String {
    let text = reply.message().collect::<Vec<_>>().join(" ");
    format!("{} {text}", reply.code()).trim_end().to_owned()
}

fn envelope(message: &ComposedMessage) -> Result<(Address, Vec<Address>), SendError> {
    let parse = |address: &str| {
        Address::from_str(address).map_err(|_| {
            SendError::new(
                SendErrorKind::Configuration,
                format!("The address \"{address}\" is not a valid email address: correct it."),
            )
        })
    };
    if message.envelope_to.is_empty() {
        return Err(SendError::new(
            SendErrorKind::Configuration,
            "The message has no recipient: add at least one To address.",
        ));
    }
    let to = message
        .envelope_to
        .iter()
        .map(|a| parse(a))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((parse(&message.envelope_from)?, to))
}

/// SMTPUTF8 for non-ASCII addresses and 8BITMIME for non-ASCII bytes, when the server has them.
fn parameters(
    conn: &SmtpConnection,
    from: &Address,
    to: &[Address],
    raw: &[u8],
    server: &str,
) -> Result<Vec<MailParameter>, SendError> {
    let info = conn.server_info();
    let mut params = Vec::new();
    if std::iter::once(from)
        .chain(to)
        .any(|a: &Address| !AsRef::<str>::as_ref(a).is_ascii())
    {
        if !info.supports_feature(Extension::SmtpUtfEight) {
            return Err(SendError::new(
                SendErrorKind::Configuration,
                format!(
                    "An address in this message has non-ASCII characters and the mail server at \
                     {server} does not accept those (no SMTPUTF8): use the address's ASCII form."
                ),
            ));
        }
        params.push(MailParameter::SmtpUtfEight);
    }
    if !raw.is_ascii() && info.supports_feature(Extension::EightBitMime) {
        params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    Ok(params)
}
