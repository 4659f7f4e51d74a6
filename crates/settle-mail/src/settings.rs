//! The owner's SMTP account settings (everything but the password, which lives in the keychain)
//! and the TLS parameters built from them. Owns: [`SmtpSettings`], [`SmtpSecurity`]. Must not:
//! offer a plaintext mode, or turn certificate checking off.

use std::time::Duration;

use lettre::transport::smtp::client::{Certificate, TlsParameters, TlsParametersBuilder};
use serde::{Deserialize, Serialize};

use crate::error::{SendError, SendErrorKind};

/// How the connection is encrypted. There is deliberately no plaintext variant: reminders carry
/// customers' names and amounts, and the login would travel in the clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// TLS from the first byte (usually port 465).
    ImplicitTls,
    /// Plain connect, then STARTTLS, which must be offered and must succeed (usually port 587).
    StartTls,
}

/// Where and how to send. The password is passed separately as a `Secret`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// The login; empty means the server takes mail without AUTH (a relay on a trusted network).
    pub username: String,
    /// One or more PEM certificates trusted in addition to the public roots, for a self-hosted
    /// server with a private CA (and for tests). It adds trust; it never disables checking.
    pub extra_root_certificate_pem: Option<String>,
    /// Limit for connecting and for each read or write; a message whose final reply does not
    /// come within it is in doubt.
    pub timeout: Duration,
}

impl SmtpSettings {
    /// "smtp.example.com:587", for messages.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    pub(crate) fn tls_parameters(&self) -> Result<TlsParameters, SendError> {
        let mut builder = TlsParametersBuilder::new(self.host.clone());
        if let Some(pem) = &self.extra_root_certificate_pem {
            let certificate = Some(pem)
                .filter(|p| p.contains("-----BEGIN CERTIFICATE-----"))
                .and_then(|p| Certificate::from_pem(p.as_bytes()).ok())
                .ok_or_else(|| {
                    SendError::new(
                        SendErrorKind::Configuration,
                        "The extra root certificate in the mail settings is not a PEM \
                         certificate (it should start with -----BEGIN CERTIFICATE-----): paste \
                         the certificate again or remove it.",
                    )
                })?;
            builder = builder.add_root_certificate(certificate);
        }
        builder.build().map_err(|e| {
            SendError::new(
                SendErrorKind::Configuration,
                format!(
                    "Settle could not prepare an encrypted connection to {} ({e}): check the \
                     host name in the mail settings.",
                    self.server()
                ),
            )
        })
    }
}
