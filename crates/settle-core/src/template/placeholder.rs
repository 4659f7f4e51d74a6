//! The names a template may use, with a description and an example each (the editor's help
//! panel, docs/TEMPLATES.md and the "Did you mean ...?" suggestions all read this one list).
//!
//! Owns: [`placeholders`] and the name lists derived from it. Must not: compute values (view.rs
//! does, and a test keeps the two in step).

/// One name a template can use, e.g. `{{ invoice_number }}`. Names with a dot (`invoice.number`)
/// are fields of each invoice inside `{% for invoice in invoices %}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    pub description: &'static str,
    pub example: &'static str,
}

const fn p(name: &'static str, description: &'static str, example: &'static str) -> Placeholder {
    Placeholder {
        name,
        description,
        example,
    }
}

/// The prefix of the per-invoice fields in [`placeholders`].
pub(crate) const ITEM_PREFIX: &str = "invoice.";

static PLACEHOLDERS: &[Placeholder] = &[
    p(
        "greeting_name",
        "The contact's first name; the company name when no first name is known; \
       otherwise \"there\" (for \"Hi {{ greeting_name }},\").",
        "Sam",
    ),
    p(
        "first_name",
        "The contact person's first name (may be empty).",
        "Sam",
    ),
    p(
        "last_name",
        "The contact person's last name (may be empty).",
        "Taylor",
    ),
    p(
        "company_name",
        "The customer's name in Xero.",
        "Brightwater Cafe",
    ),
    p(
        "organisation_name",
        "Your business's name.",
        "Harbour Design Ltd",
    ),
    p(
        "invoice_number",
        "The invoice's number (the first invoice when the email lists several).",
        "INV-0042",
    ),
    p(
        "reference",
        "The invoice's reference, e.g. the customer's order number (may be empty).",
        "PO 7731",
    ),
    p(
        "amount_due",
        "What is still owed on the invoice, in its currency.",
        "£1,234.50",
    ),
    p(
        "total",
        "The invoice's total, in its currency.",
        "£1,500.00",
    ),
    p("currency", "The invoice's currency code.", "GBP"),
    p("issue_date", "The invoice's date.", "3 February 2026"),
    p("due_date", "The invoice's due date.", "5 March 2026"),
    p(
        "days_overdue",
        "Whole days since the due date; 0 when it is not yet due.",
        "12",
    ),
    p(
        "payment_link",
        "The online invoice link, where the customer can view and pay; empty when \
       the invoice has none, so wrap it in {% if payment_link %}...{% endif %}.",
        "https://in.xero.com/Example0042",
    ),
    p(
        "invoice_count",
        "How many invoices the email is about.",
        "3",
    ),
    p(
        "total_due",
        "What is owed across all the email's invoices (one figure per currency when \
       they differ, e.g. \"£80.00 + €120.00\").",
        "£2,434.50",
    ),
    p(
        "invoices",
        "Every invoice in the email, for a list: {% for invoice in invoices %}...\
       {% endfor %}, with the invoice.* fields below.",
        "(a list)",
    ),
    p(
        "invoice.number",
        "In the list: the invoice's number.",
        "INV-0047",
    ),
    p(
        "invoice.reference",
        "In the list: the invoice's reference (may be empty).",
        "PO 7731",
    ),
    p(
        "invoice.amount_due",
        "In the list: what is still owed on it.",
        "£480.00",
    ),
    p("invoice.total", "In the list: its total.", "£480.00"),
    p("invoice.currency", "In the list: its currency code.", "GBP"),
    p(
        "invoice.issue_date",
        "In the list: its date.",
        "15 February 2026",
    ),
    p(
        "invoice.due_date",
        "In the list: its due date.",
        "17 March 2026",
    ),
    p(
        "invoice.days_overdue",
        "In the list: whole days since its due date (0 when not yet due).",
        "0",
    ),
    p(
        "invoice.payment_link",
        "In the list: its online invoice link (may be empty).",
        "https://in.xero.com/Example0051",
    ),
    p(
        "sender_name",
        "Who signs the email (the normal or the escalated sender).",
        "Alex Morgan",
    ),
    p(
        "sender_email",
        "The sender's email address.",
        "accounts@harbourdesign.example",
    ),
    p(
        "signature",
        "The sender's signature, on as many lines as it was written (their name and \
       your business's name when they have none).",
        "Alex Morgan\nAccounts, Harbour Design Ltd\n020 7946 0000",
    ),
    p("today", "The date the email is sent.", "17 March 2026"),
];

/// Every placeholder, in the order the help panel lists them.
pub fn placeholders() -> &'static [Placeholder] {
    PLACEHOLDERS
}

/// The names usable anywhere (`invoice_number`, ...).
pub(crate) fn top_level_names() -> impl Iterator<Item = &'static str> {
    PLACEHOLDERS
        .iter()
        .map(|p| p.name)
        .filter(|name| !name.contains('.'))
}

/// The fields of each item of `invoices` (`number`, ...).
pub(crate) fn invoice_field_names() -> impl Iterator<Item = &'static str> {
    PLACEHOLDERS
        .iter()
        .filter_map(|p| p.name.strip_prefix(ITEM_PREFIX))
}
