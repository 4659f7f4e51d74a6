//! Xero's records as received (serde, PascalCase as the SPEC spells them, `ID`/`UTC` capitals)
//! and their mapping to settle-core. Unknown fields are ignored, unknown enum values kept
//! (`Other(String)`), money exact (`amount`), dates MS-JSON (`crate::msdate`). Owns: the wire
//! shapes. Must not: do I/O.

mod amount;
pub mod connection;
pub mod contact;
pub mod invoice;
pub(crate) mod open_enum;
pub mod organisation;

use serde::Deserialize;

/// The `pagination` object of a paged list (SPEC `Pagination`; camelCase, unlike the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub page: u32,
    pub page_size: u32,
    pub page_count: u32,
    pub item_count: u32,
}
