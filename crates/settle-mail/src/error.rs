//! Send errors: the classes the sending engine acts on (wait, retry later, fail the step, mark in
//! doubt, ask for the password, fix TLS or settings) and the facts read out of lettre's errors
//! to choose one (the server's reply, a rustls certificate problem, a timeout). Owns:
//! [`SendError`], [`SendErrorKind`]. Must not: decide which phase a failure happened in (the
//! session knows that) or ever put the password into a message.

use std::error::Error as StdError;
use std::io;

use lettre::transport::smtp::Error as SmtpError;
use serde::{Deserialize, Serialize};

/// What the sending engine should do about a failed send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendErrorKind {
    /// Could not connect: wait and retry later.
    Offline,
    /// A 4xx reply (or a lost connection) before the data was accepted: may retry later.
    Temporary,
    /// A 5xx reply: fail the step with the server's reason; never retried automatically.
    Permanent,
    /// The message data went out and no final reply came (timeout, drop, crash): it may have been
    /// delivered, so it is never resent automatically.
    InDoubt,
    /// The server refused the username or password.
    Authentication,
    /// Certificate refused, STARTTLS not offered or refused: never falls back to plaintext.
    Tls,
    /// The settings cannot work (bad extra certificate, no usable login method, SMTPUTF8 needed).
    Configuration,
}

/// A failed SMTP step, said so the owner knows what happened and what to do.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub kind: SendErrorKind,
    /// Owner-facing; says what to do. Never contains the password.
    pub message: String,
    /// The server's reply ("550 5.1.1 No such user") when the server gave one.
    pub server_reply: Option<String>,
}

impl SendError {
    pub(crate) fn new(kind: SendErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            server_reply: None,
        }
    }

    pub(crate) fn with_reply(mut self, reply: Option<String>) -> Self {
        self.server_reply = reply;
        self
    }

    pub fn is_in_doubt(&self) -> bool {
        self.kind == SendErrorKind::InDoubt
    }
}

/// The facts about one lettre error that decide its class.
#[derive(Debug)]
pub(crate) struct Failure {
    /// "550 mailbox unavailable" for a negative reply.
    pub reply: Option<String>,
    /// 4 or 5: the first digit of a negative reply.
    pub class: Option<u8>,
    /// 421: the server is closing the connection.
    pub closing: bool,
    /// A rustls error somewhere in the chain (certificate, handshake, not TLS at all).
    pub tls: Option<String>,
    /// The certificate itself was refused (as opposed to another handshake failure).
    pub certificate: bool,
    /// The socket timed out (a read or write deadline passed).
    pub timed_out: bool,
    /// A readable cause for messages ("connection refused").
    pub detail: String,
}

impl Failure {
    pub(crate) fn of(err: &SmtpError) -> Self {
        let reply = err.status().map(|code| {
            let text = err.source().map(|s| s.to_string()).unwrap_or_default();
            format!("{code} {text}").trim_end().to_owned()
        });
        let class = err
            .status()
            .and_then(|code| code.to_string().bytes().next())
            .map(|b| b - b'0');
        let closing = err.status().is_some_and(|code| code.to_string() == "421");
        let rustls = find_rustls(err);
        let io_kind = find_io(err).map(io::Error::kind);
        let timed_out = err.is_timeout()
            || matches!(
                io_kind,
                Some(io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock)
            );
        Failure {
            certificate: matches!(rustls, Some(rustls::Error::InvalidCertificate(_))),
            tls: rustls.map(plain_tls),
            reply,
            class,
            closing,
            timed_out,
            detail: describe(err, timed_out),
        }
    }
}

fn describe(err: &SmtpError, timed_out: bool) -> String {
    if timed_out {
        return "no answer before the time limit".to_owned();
    }
    if let Some(io_err) = find_io(err) {
        return match io_err.kind() {
            io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            io::ErrorKind::ConnectionReset => "the connection was reset".to_owned(),
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => {
                "the server closed the connection".to_owned()
            }
            _ => io_err.to_string(),
        };
    }
    match err.source() {
        Some(source) if source.to_string() == "incomplete response" => {
            "the server closed the connection".to_owned()
        }
        Some(source) => source.to_string(),
        None => err.to_string(),
    }
}

/// The certificate problems an owner can act on, in words; anything else as rustls says it.
fn plain_tls(err: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match err {
        rustls::Error::InvalidCertificate(C::UnknownIssuer | C::BadSignature) => {
            "it is not signed by an authority Settle trusts".to_owned()
        }
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => {
            format!("it is for a different server name: {err}")
        }
        rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => {
            "it has expired".to_owned()
        }
        other => other.to_string(),
    }
}

/// `io::Error::source` skips the error it wraps, so look inside each `io::Error` explicitly.
fn find_rustls(err: &SmtpError) -> Option<&rustls::Error> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        if let Some(inner) = e.downcast_ref::<io::Error>().and_then(io::Error::get_ref) {
            if let Some(found) = inner.downcast_ref::<rustls::Error>() {
                return Some(found);
            }
        }
        current = e.source();
    }
    None
}

fn find_io(err: &SmtpError) -> Option<&io::Error> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<io::Error>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}
