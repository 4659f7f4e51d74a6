//! The shapes of sending as the window and `settle … --json` receive them: messages awaiting
//! approval (rendered as they will go out), the outbox, send reports, the conversation, templates,
//! senders, SMTP settings and auto-approve rules. Same conventions as `views.rs`: camelCase
//! fields, money as exact strings, instants RFC 3339 UTC, ids as numbers. Owns: these types only.
//! Must not: hold logic or secrets (the SMTP password never appears here).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One address on a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MailboxView {
    pub name: Option<String>,
    pub address: String,
}

/// An invoice a message is about.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageInvoiceView {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub currency: String,
    pub amount_due: String,
    pub due_date: String,
}

/// One message as it will go out (or went out): several outbox items of one customer due the
/// same day on the same channel to the same people share one message and move together.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutgoingMessageView {
    /// The message's id (approve/skip/edit take these).
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    #[ts(type = "\"email\" | \"sms\" | \"letter\"")]
    pub channel: String,
    /// `customer`, `role:<name>` or `invoice` (the invoice's own list).
    pub audience: String,
    /// The state of its items (they move together).
    pub state: String,
    /// Why it is held, skipped, cancelled or failed; empty otherwise.
    pub reason: String,
    /// When it is scheduled to go (its scheduled hour).
    pub due_at: String,
    /// The template used (its key), and whether the escalated sender signs it.
    pub template_key: String,
    pub escalated: bool,
    pub from: Option<MailboxView>,
    pub to: Vec<MailboxView>,
    pub cc: Vec<MailboxView>,
    pub subject: String,
    pub text: String,
    /// Attachment file names (the invoice PDFs), when Xero is connected.
    pub attachments: Vec<String>,
    pub invoices: Vec<MessageInvoiceView>,
    /// The owner changed subject, body or recipients before sending.
    pub edited: bool,
    /// Set when the message cannot be rendered or sent as it is (no email address, a template
    /// error, no sender): what to do about it.
    pub problem: Option<String>,
    /// The outbox items this message covers.
    #[ts(type = "Array<number>")]
    pub item_ids: Vec<i64>,
}

/// What waits for the owner.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ApprovalsView {
    pub messages: Vec<OutgoingMessageView>,
    /// Outbox items awaiting approval (a message may cover several).
    pub items: u32,
    /// Approved messages waiting for their hour or the next batch.
    pub approved: u32,
    /// Held messages (gate, missing address, no SMS/letter provider) with their reasons.
    pub held: u32,
    /// Messages whose outcome is unknown (see `resolveInDoubt`).
    pub in_doubt: u32,
}

/// The owner's changes to a message before it goes; `None` keeps what the template gives.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MessageEdit {
    pub subject: Option<String>,
    pub body: Option<String>,
    /// Replaces the To list (addresses are checked).
    pub to: Option<Vec<String>>,
    pub cc: Option<Vec<String>>,
}

/// One outbox row.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OutboxItemView {
    #[ts(type = "number")]
    pub id: i64,
    pub key: String,
    #[ts(type = "number")]
    pub customer_id: i64,
    pub customer_name: String,
    #[ts(type = "number | null")]
    pub invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub channel: String,
    pub due_at: String,
    pub state: String,
    pub reason: String,
    #[ts(type = "number | null")]
    pub message_id: Option<i64>,
    pub updated_at: String,
}

/// One message's outcome in a batch.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SendOutcomeView {
    #[ts(type = "number")]
    pub message_id: i64,
    pub customer_name: String,
    pub subject: String,
    /// `sent`, `failed`, `in_doubt`, `approved` (offline: retried next batch), `held`,
    /// `cancelled`.
    pub state: String,
    pub reason: String,
    pub message_id_header: Option<String>,
}

/// What one send batch did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SendReport {
    pub at: String,
    /// `xero` (synced just now), `local` (demo organisation: no Xero to check), or `held`.
    pub gate: String,
    /// Why the gate held everything, with what to do; `None` when it passed.
    pub gate_reason: Option<String>,
    pub sent: u32,
    pub failed: u32,
    pub in_doubt: u32,
    pub held: u32,
    pub cancelled: u32,
    /// Approved messages whose hour has not come (they wait).
    pub waiting: u32,
    /// Left in `sending` by a crash and now in doubt.
    pub recovered_in_doubt: u32,
    pub outcomes: Vec<SendOutcomeView>,
}

/// One message of the conversation (any channel, any outcome).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConversationEntryView {
    #[ts(type = "number")]
    pub attempt_id: i64,
    #[ts(type = "number")]
    pub message_id: i64,
    pub channel: String,
    pub state: String,
    pub reason: String,
    pub from: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<String>,
    pub message_id_header: String,
    /// When the attempt started, and when its outcome was known.
    pub at: String,
    pub finished_at: Option<String>,
    /// The archived raw message (.eml) and its SHA-256 (hex).
    pub raw_path: Option<String>,
    pub raw_sha256: Option<String>,
    #[ts(type = "Array<number>")]
    pub invoice_ids: Vec<i64>,
}

/// An editable template (a copy of a built-in, per organisation).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateView {
    /// `new_invoice`, `friendly_reminder`, `due_today`, `past_due`, `final_notice`, or the
    /// owner's own key.
    pub key: String,
    pub name: String,
    pub subject: String,
    pub body: String,
}

/// A template rendered on a real invoice (or the error with its line).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplatePreviewView {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// "subject" or "body", the line (from 1), and the message, when the template has an error.
    pub error: Option<TemplateErrorView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateErrorView {
    pub part: String,
    pub line: Option<u32>,
    pub message: String,
}

/// Who signs: the normal sender, or the escalated one (e.g. the owner) for steps that say so.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SenderView {
    pub escalated: bool,
    pub name: String,
    pub email: String,
    pub signature: String,
}

/// SMTP settings (the password lives in the keychain; `hasPassword` says whether one is saved).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SmtpSettingsView {
    pub host: String,
    pub port: u16,
    #[ts(type = "\"starttls\" | \"implicit_tls\"")]
    pub security: String,
    pub username: String,
    /// An extra root certificate (PEM) to trust, for a server with a private CA.
    pub extra_root_certificate_pem: Option<String>,
    #[serde(default)]
    pub has_password: bool,
}

/// A rule that approves matching messages without asking. Letters and final notices are never
/// matched unless the rule names them (`channel: "letter"`, `templateKey: "final_notice"`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AutoApproveRuleView {
    #[ts(type = "number | null")]
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[ts(type = "\"email\" | \"sms\" | \"letter\"")]
    pub channel: String,
    /// Only messages made with this template; `None` = any (except final notices).
    pub template_key: Option<String>,
    /// `before_due` (steps before or on the due date), `after_due`, or `any`.
    #[ts(type = "\"before_due\" | \"after_due\" | \"any\"")]
    pub when: String,
    /// Only when the total amount due of the message is at most this ("500.00"); `None` = any.
    pub max_amount: Option<String>,
}

/// What the owner decides about a message whose outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InDoubtChoice {
    /// The customer did get it (e.g. it is in the Sent folder): record it as sent.
    MarkSent,
    /// Send it again, with a new Message-ID, in the next batch.
    SendAgain,
}

/// The result of `settle smtp test` / "Send a test email".
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SmtpTestView {
    pub ok: bool,
    pub message: String,
    pub server_reply: Option<String>,
}
