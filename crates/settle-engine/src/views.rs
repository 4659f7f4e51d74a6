//! The shapes Settle shows: what the desktop window receives over IPC and what `settle --json`
//! prints. Money is an exact decimal string in the stated currency; dates are `YYYY-MM-DD`;
//! instants are RFC 3339 in UTC. TypeScript copies are generated into `ui/src/lib/bindings/` by
//! ts-rs when the tests run (CI fails if the committed copies drift).

use serde::{Deserialize, Serialize};
use settle_core::overview::{SortKey, Tab};
use ts_rs::TS;

use crate::ErrorCode;

/// An error as the window receives it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrganisationView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub country: String,
    pub timezone: String,
    pub base_currency: String,
    pub is_demo: bool,
    /// Today's date in the organisation's time zone (`YYYY-MM-DD`).
    pub today: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    /// `None` on a fresh data folder: the window welcomes the owner.
    pub organisation: Option<OrganisationView>,
    pub data_dir: String,
}

/// What the overview asks for: one tab, searched, sorted, one window of rows.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct CustomerQuery {
    pub tab: Tab,
    pub search: String,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

/// One currency's open balance for a customer.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BalanceView {
    pub currency: String,
    pub outstanding: String,
    pub overdue: String,
    pub open_invoices: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerRowView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub archived: bool,
    pub chasing: bool,
    pub schedule: Option<String>,
    pub open_invoices: u32,
    /// In the organisation's base currency.
    pub outstanding: String,
    pub overdue: String,
    /// One entry per invoice currency.
    pub balances: Vec<BalanceView>,
    pub last_reminder_at: Option<String>,
    pub next_reminder_at: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TabCounts {
    pub chasing: u32,
    pub not_chasing: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerPage {
    pub counts: TabCounts,
    /// Customers in the tab that match the search (the list's length).
    pub matched: u32,
    /// Totals over `matched`, in the base currency.
    pub outstanding: String,
    pub overdue: String,
    pub base_currency: String,
    pub rows: Vec<CustomerRowView>,
}

/// What a chasing change (or its undo) did, in a sentence ready to show.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangeReceipt {
    #[ts(type = "number")]
    pub audit_id: i64,
    pub summary: String,
    pub customers: u32,
    pub invoices: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonView {
    pub name: String,
    pub email: Option<String>,
    pub include_in_emails: bool,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PhoneView {
    pub kind: String,
    pub number: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AddressView {
    pub kind: String,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InvoiceRowView {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub reference: String,
    /// Xero's status code (AUTHORISED, PAID, ...).
    pub status: String,
    pub status_label: String,
    pub issue_date: String,
    pub due_date: String,
    pub currency: String,
    pub total: String,
    pub amount_due: String,
    pub days_overdue: u32,
    pub chasing: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TimelineEntry {
    pub at: String,
    #[ts(type = "\"message\" | \"change\"")]
    pub kind: String,
    pub title: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CustomerDetail {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub archived: bool,
    pub chasing: bool,
    pub schedule: Option<String>,
    pub outstanding: String,
    pub overdue: String,
    pub base_currency: String,
    pub balances: Vec<BalanceView>,
    pub persons: Vec<PersonView>,
    pub phones: Vec<PhoneView>,
    pub addresses: Vec<AddressView>,
    pub invoices: Vec<InvoiceRowView>,
    pub timeline: Vec<TimelineEntry>,
}
