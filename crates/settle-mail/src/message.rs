//! The message: an outgoing email as Settle describes it, checked and turned into the exact MIME
//! bytes that go over SMTP (text + HTML alternative, attachments, explicit Date and Message-ID),
//! with their SHA-256 so the archive can prove what was sent. Owns: [`OutgoingEmail`],
//! [`compose`], [`new_message_id`] and the owner-facing [`ComposeError`]. Must not: render
//! templates (the text arrives rendered), talk to a server or read the clock (the date is given).

use std::str::FromStr;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment as LettreAttachment, MultiPart, SinglePart};
use lettre::{Address, Message};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A person's address with an optional display name ("Accounts <accounts@example.com>").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

/// A file attached to the message (a PDF of the invoice, a statement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    /// A MIME type such as `application/pdf`.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// One email, fully rendered, as the sending engine hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// From [`new_message_id`], recorded before sending so a resend can be recognised.
    pub message_id: String,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
    /// The Date header: the time of the send attempt, passed in (no hidden clock).
    pub date: DateTime<Utc>,
}

/// The exact bytes to send and archive, with the SMTP envelope they go under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposedMessage {
    pub message_id: String,
    pub envelope_from: String,
    /// To then CC, each address once.
    pub envelope_to: Vec<String>,
    /// The message exactly as the server receives it (headers, blank line, body; CRLF lines).
    pub raw: Vec<u8>,
    /// Lower-case hex SHA-256 of `raw`.
    pub sha256: String,
}

/// Why a message could not be built, naming the field so the owner can correct it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("The {field} contains a line break, which an email header cannot hold: remove the line break and try again.")]
    LineBreak { field: String },
    #[error("The {field} \"{address}\" is not a valid email address: correct it (it should look like name@example.com).")]
    InvalidAddress { field: String, address: String },
    #[error("The message has no recipient: add at least one To address.")]
    NoRecipients,
    #[error("The attachment \"{filename}\" has the content type \"{content_type}\", which is not a valid MIME type (for example application/pdf): correct it.")]
    InvalidContentType {
        filename: String,
        content_type: String,
    },
    #[error("The email could not be built ({0}). Check the sender and recipients and try again.")]
    Build(String),
}

/// The Message-ID for one outbox item: `<settle.{unique}@{domain of from}>`. Deterministic, so
/// it is written down before the send and a copy found later can be matched to its item.
/// Characters outside `[A-Za-z0-9_-]` in `unique` are written as `=HH` (so distinct items never
/// share an id); a sender domain that cannot appear in a Message-ID becomes `settle.invalid`.
pub fn new_message_id(unique: &str, from_address: &str) -> String {
    let mut left = String::with_capacity(unique.len());
    for byte in unique.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            left.push(char::from(byte));
        } else {
            left.push_str(&format!("={byte:02X}"));
        }
    }
    let domain = from_address
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_ascii_lowercase());
    let domain = match domain {
        Some(d) if is_plain_domain(&d) => d,
        _ => "settle.invalid".to_owned(),
    };
    format!("<settle.{left}@{domain}>")
}

fn is_plain_domain(domain: &str) -> bool {
    !domain.is_empty()
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Builds the MIME message: `multipart/alternative` (text, HTML) when there is HTML, wrapped in
/// `multipart/mixed` when there are attachments. Refuses line breaks in any header value or
/// display name, invalid addresses and a message without a To recipient.
pub fn compose(email: &OutgoingEmail) -> Result<ComposedMessage, ComposeError> {
    no_line_break("Message-ID", &email.message_id)?;
    no_line_break("subject", &email.subject)?;
    if email.to.is_empty() {
        return Err(ComposeError::NoRecipients);
    }
    let from = mailbox("From", &email.from)?;
    let mut builder = Message::builder()
        .message_id(Some(email.message_id.clone()))
        .date(SystemTime::from(email.date))
        .from(from.clone())
        .subject(email.subject.clone());
    if let Some(reply_to) = &email.reply_to {
        builder = builder.reply_to(mailbox("Reply-To", reply_to)?);
    }
    let mut envelope_to: Vec<String> = Vec::new();
    for (role, list) in [("To", &email.to), ("CC", &email.cc)] {
        for (index, person) in list.iter().enumerate() {
            let field = format!("{role} recipient #{}", index + 1);
            let checked = mailbox(&field, person)?;
            let address = checked.email.to_string();
            if !envelope_to.iter().any(|a| a.eq_ignore_ascii_case(&address)) {
                envelope_to.push(address);
            }
            builder = if role == "To" {
                builder.to(checked)
            } else {
                builder.cc(checked)
            };
        }
    }
    let alternative =
        |html: &String| MultiPart::alternative_plain_html(email.text.clone(), html.clone());
    let message = match (&email.html, email.attachments.is_empty()) {
        (None, true) => builder.singlepart(SinglePart::plain(email.text.clone())),
        (Some(html), true) => builder.multipart(alternative(html)),
        (html, false) => {
            let mut mixed = match html {
                Some(html) => MultiPart::mixed().multipart(alternative(html)),
                None => MultiPart::mixed().singlepart(SinglePart::plain(email.text.clone())),
            };
            for (index, file) in email.attachments.iter().enumerate() {
                mixed = mixed.singlepart(attachment(index, file)?);
            }
            builder.multipart(mixed)
        }
    }
    .map_err(|e| ComposeError::Build(e.to_string()))?;
    let raw = message.formatted();
    Ok(ComposedMessage {
        message_id: email.message_id.clone(),
        envelope_from: from.email.to_string(),
        envelope_to,
        sha256: sha256_hex(&raw),
        raw,
    })
}

/// Lower-case hex SHA-256, the archive's fingerprint of the bytes sent.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn no_line_break(field: &str, value: &str) -> Result<(), ComposeError> {
    if value.contains(['\r', '\n']) {
        return Err(ComposeError::LineBreak {
            field: field.to_owned(),
        });
    }
    Ok(())
}

fn mailbox(field: &str, person: &Mailbox) -> Result<lettre::message::Mailbox, ComposeError> {
    if let Some(name) = &person.name {
        no_line_break(&format!("{field} display name"), name)?;
    }
    no_line_break(&format!("{field} address"), &person.address)?;
    let address =
        Address::from_str(person.address.trim()).map_err(|_| ComposeError::InvalidAddress {
            field: format!("{field} address"),
            address: person.address.clone(),
        })?;
    let name = person.name.clone().filter(|n| !n.trim().is_empty());
    Ok(lettre::message::Mailbox::new(name, address))
}

fn attachment(index: usize, file: &Attachment) -> Result<SinglePart, ComposeError> {
    no_line_break(
        &format!("attachment #{} file name", index + 1),
        &file.filename,
    )?;
    no_line_break(
        &format!("attachment #{} content type", index + 1),
        &file.content_type,
    )?;
    let content_type =
        ContentType::parse(&file.content_type).map_err(|_| ComposeError::InvalidContentType {
            filename: file.filename.clone(),
            content_type: file.content_type.clone(),
        })?;
    Ok(LettreAttachment::new(file.filename.clone()).body(file.bytes.clone(), content_type))
}
