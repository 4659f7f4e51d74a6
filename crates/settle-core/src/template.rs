//! Reminder emails from owner-editable templates (minijinja; docs/TEMPLATES.md,
//! docs/decisions/0016-templates-with-minijinja.md).
//!
//! The owner writes one plain text per template (a subject and a body with `{{ placeholders }}`,
//! `{% if %}` and `{% for invoice in invoices %}`); [`render_email`] fills it in for one customer
//! and makes the plain-text and the HTML part from it. Rendering is sandboxed (the template sees
//! only the [`TemplateContext`]: no files, includes, imports or clock), fuel- and size-limited, and
//! strict (an unknown placeholder is an error with its line, never an empty string). The subject
//! is refused if a value would put a line break into it.
//!
//! Owns: the template types, the five built-in templates, the status-based choice of template,
//! the placeholder list and value formatting (money, dates, days overdue). Must not: do I/O, read
//! the clock (`today` is in the context), build MIME or know about SMTP (settle-mail does).

mod builtin;
mod context;
mod error;
mod format;
mod html;
mod kind;
mod placeholder;
mod render;
mod standalone;
mod suggest;
mod view;

use serde::{Deserialize, Serialize};

pub use builtin::{builtin_template, builtin_templates, BuiltinTemplate};
pub use context::{sample_context, ContactFields, InvoiceFields, SenderFields, TemplateContext};
pub use error::{TemplateError, TemplatePart};
pub use format::{days_overdue, format_date, format_money, format_totals};
pub use kind::{kind_for_invoice, TemplateKind};
pub use placeholder::{placeholders, Placeholder};
pub use render::{
    check_template, render_email, FILTERS, FUEL, MAX_BODY_BYTES, MAX_BODY_TEMPLATE_CHARS,
    MAX_SUBJECT_BYTES, MAX_SUBJECT_TEMPLATE_CHARS, RECURSION_LIMIT,
};

/// An email template as the owner writes it. `body` is plain text with placeholders; the HTML part
/// is made from the same text (escaped, in paragraphs, the payment links as links).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailTemplate {
    pub subject: String,
    pub body: String,
}

/// A filled-in reminder: a one-line subject, the plain text, and the HTML made from that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}
