//! fake-xero's library errors: starting the server and seeding data that Xero would refuse.

use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum FakeXeroError {
    #[error("could not listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
    #[error("no organisation with tenant id {0}; add one with FakeState::add_organisation first")]
    UnknownTenant(Uuid),
    #[error("no contact {0} in this organisation")]
    UnknownContact(Uuid),
    #[error("no invoice {0} in this organisation")]
    UnknownInvoice(Uuid),
    /// The seed would break an invariant Xero keeps (e.g. paying more than is due).
    #[error("Xero would refuse this: {0}")]
    Refused(String),
}
