//! The shapes of a Xero sync as the window and `settle sync --json` receive them: progress while
//! it runs, the report when it ends, the connection. Same conventions as `views.rs`: camelCase
//! fields, instants RFC 3339 UTC, ids as numbers (Xero ids as strings).

use serde::Serialize;
use ts_rs::TS;

/// Which part of the sync a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncStage {
    Organisation,
    Contacts,
    Invoices,
    /// Re-reading the invoices Settle holds as open (changes Xero does not timestamp).
    Reconcile,
}

/// Sent after every stored page (and once per stage at its start).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncProgress {
    pub stage: SyncStage,
    /// Pages fetched in this stage so far.
    pub page: u32,
    /// Records received in this stage so far.
    pub fetched: u32,
    /// Records stored in this stage so far (received minus held).
    pub stored: u32,
    /// Requests made to Xero by the whole sync so far.
    pub api_calls: u32,
}

/// What one entity's pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EntitySyncView {
    pub pages: u32,
    pub fetched: u32,
    pub inserted: u32,
    pub updated: u32,
    /// Records that could not be stored as Xero sent them (listed in `SyncReport.held`).
    pub held: u32,
    /// The pass continued an earlier, interrupted one.
    pub resumed: bool,
    /// The highest UpdatedDateUTC stored so far (RFC 3339), after this pass.
    pub watermark: Option<String>,
}

/// What the reconcile pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReconcileView {
    /// Invoices Xero lists as awaiting payment (each stored again as listed).
    pub listed: u32,
    /// Invoices open in Settle but not in that list, fetched again by id (paid, voided…).
    pub refetched: u32,
    /// Of those, the ones Xero no longer returns at all (held, never chased).
    pub missing: u32,
}

/// A Xero record Settle could not store as it is, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HeldRecordView {
    #[ts(type = "\"contact\" | \"invoice\"")]
    pub entity: String,
    pub xero_id: String,
    /// The invoice number or contact name, when known.
    pub label: String,
    pub reason: String,
}

/// What Xero last said about the organisation's remaining calls (`null` = not seen).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RateBudgetView {
    pub minute_remaining: Option<u32>,
    pub day_remaining: Option<u32>,
    pub app_minute_remaining: Option<u32>,
}

/// The end of a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SyncReport {
    #[ts(type = "number")]
    pub organisation_id: i64,
    pub organisation: String,
    /// Watermarks were ignored (everything fetched again).
    pub full: bool,
    pub contacts: EntitySyncView,
    pub invoices: EntitySyncView,
    /// `null` when the reconcile pass was not due.
    pub reconcile: Option<ReconcileView>,
    /// Every record currently held (this sync's and earlier ones not yet resolved).
    pub held: Vec<HeldRecordView>,
    /// Requests made to Xero (retries of one request count once).
    pub api_calls: u32,
    pub rate_budget: RateBudgetView,
    pub started_at: String,
    pub finished_at: String,
}

/// The Xero connection as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct XeroConnectionView {
    #[ts(type = "number")]
    pub organisation_id: i64,
    pub organisation: String,
    pub tenant_id: String,
    pub client_id: String,
    /// When the last complete sync finished (RFC 3339), if one has.
    pub last_synced_at: Option<String>,
    pub last_error: Option<String>,
}
