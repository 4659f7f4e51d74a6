//! The shapes of writing back to Xero and linking to it, as the invoice page receives them:
//! the expected payment date with where it lives (saved in Xero, or kept in Settle only and why),
//! the View / Edit in Xero deep links and the online invoice link, and the PDF's file.
//! Same conventions as `views.rs`: camelCase fields, dates `YYYY-MM-DD`, ids as numbers.
//! Must not: compute anything (xero_write_back.rs, invoice_links.rs do).

use serde::Serialize;
use ts_rs::TS;

/// Where the invoice's expected payment date lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExpectedDateWhere {
    /// Xero has it (or, cleared, Xero has none either).
    Xero,
    /// Xero refused it or could not be reached: only Settle has it (it still holds reminders).
    SettleOnly,
}

/// The invoice's expected payment date and, after a change, what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExpectedPaymentDateView {
    pub invoice_id: i64,
    /// The date Settle plans with (`None`: none).
    pub date: Option<String>,
    pub stored_in: ExpectedDateWhere,
    /// The date Xero has, as far as Settle knows.
    pub xero_date: Option<String>,
    /// Why Xero does not have `date`, and what the owner can do (only when kept in Settle only).
    pub kept_reason: Option<String>,
    /// The outcome in words, for the page ("Saved in Xero.", "Kept in Settle only: …").
    pub message: String,
    /// `false` for paid, voided and deleted invoices (with `cannotSetReason`).
    pub can_set: bool,
    pub cannot_set_reason: Option<String>,
}

/// Links from the invoice page into Xero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceLinksView {
    /// `None` when the organisation has no Xero short code yet (sync it first).
    pub view_in_xero: Option<String>,
    /// Only for invoices Xero lets you edit (draft, submitted, or approved with nothing paid).
    pub edit_in_xero: Option<String>,
    /// The customer's online invoice (payment) link, when Xero gives one.
    pub online_invoice: Option<String>,
    /// Why a link is missing, in words (e.g. drafts have no online invoice).
    pub note: Option<String>,
}

/// A link the window was asked to open: opened in the system browser, or (with
/// `SETTLE_NO_BROWSER` set, for tests) only returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OpenedLinkView {
    pub url: String,
    pub opened: bool,
}
