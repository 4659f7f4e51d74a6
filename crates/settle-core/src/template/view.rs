//! What a template can read: the [`TemplateContext`] turned into the placeholders of
//! placeholder.rs, every value already written out as text (or a whole number).
//!
//! Owns: the mapping from context to template values. Must not: expose anything that is not in
//! the placeholder list — the template sees this value and nothing else (no environment, files or
//! clock).

use minijinja::Value;
use serde::Serialize;

use super::context::{InvoiceFields, TemplateContext};
use super::format::{days_overdue, format_date, format_money, format_totals};

/// One item of `invoices` (and the source of the top-level `invoice_number`, ... fields).
#[derive(Debug, Clone, Serialize)]
struct InvoiceView {
    number: String,
    reference: String,
    amount_due: String,
    total: String,
    currency: String,
    issue_date: String,
    due_date: String,
    days_overdue: i64,
    payment_link: String,
}

/// The whole template context. Field names are the placeholder names.
#[derive(Debug, Serialize)]
struct View {
    greeting_name: String,
    first_name: String,
    last_name: String,
    company_name: String,
    organisation_name: String,
    invoice_number: String,
    reference: String,
    amount_due: String,
    total: String,
    currency: String,
    issue_date: String,
    due_date: String,
    days_overdue: i64,
    payment_link: String,
    invoice_count: usize,
    total_due: String,
    invoices: Vec<InvoiceView>,
    sender_name: String,
    sender_email: String,
    signature: String,
    today: String,
}

/// The template values for `ctx`, or `None` when it has no invoice to write about.
pub(crate) fn template_values(ctx: &TemplateContext) -> Option<Value> {
    let invoices: Vec<InvoiceView> = ctx
        .invoices
        .iter()
        .map(|invoice| invoice_view(invoice, ctx))
        .collect();
    let first = invoices.first()?.clone();
    let InvoiceView {
        number: invoice_number,
        reference,
        amount_due,
        total,
        currency,
        issue_date,
        due_date,
        days_overdue,
        payment_link,
    } = first;
    let contact = &ctx.contact;
    let greeting_name = [&contact.first_name, &contact.company_name]
        .into_iter()
        .map(|name| name.trim())
        .find(|name| !name.is_empty())
        .unwrap_or("there")
        .to_owned();
    let view = View {
        greeting_name,
        first_name: contact.first_name.clone(),
        last_name: contact.last_name.clone(),
        company_name: contact.company_name.clone(),
        organisation_name: ctx.organisation_name.clone(),
        invoice_number,
        reference,
        amount_due,
        total,
        currency,
        issue_date,
        due_date,
        days_overdue,
        payment_link,
        invoice_count: invoices.len(),
        total_due: format_totals(ctx.invoices.iter().map(|invoice| &invoice.amount_due)),
        invoices,
        sender_name: ctx.sender.name.clone(),
        sender_email: ctx.sender.email.clone(),
        signature: signature(ctx),
        today: format_date(ctx.today),
    };
    Some(Value::from_serialize(&view))
}

/// The sender's signature as written (line breaks kept); when they have none, their name and
/// the organisation's, so a template's sign-off is never left hanging.
fn signature(ctx: &TemplateContext) -> String {
    let written = ctx.sender.signature.trim_matches(['\r', '\n']);
    if !written.trim().is_empty() {
        return written.to_owned();
    }
    [ctx.sender.name.trim(), ctx.organisation_name.trim()]
        .into_iter()
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn invoice_view(invoice: &InvoiceFields, ctx: &TemplateContext) -> InvoiceView {
    InvoiceView {
        number: invoice.number.clone(),
        reference: invoice.reference.clone(),
        amount_due: format_money(&invoice.amount_due),
        total: format_money(&invoice.total),
        currency: invoice.amount_due.currency.to_string(),
        issue_date: format_date(invoice.issue_date),
        due_date: format_date(invoice.due_date),
        days_overdue: days_overdue(invoice.due_date, ctx.today),
        payment_link: payment_link(invoice.online_url.as_deref()).unwrap_or_default(),
    }
}

/// The online invoice link when it is a plain web address (`https://` or `http://`, no spaces or
/// control characters); anything else is left out rather than put in front of a customer or
/// turned into a link.
pub(crate) fn payment_link(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let lower = url.to_ascii_lowercase();
    let web = ["https://", "http://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    let plain = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"'));
    (web && plain).then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::context::sample_context;
    use super::super::placeholder::{invoice_field_names, top_level_names};
    use super::*;

    #[test]
    fn every_listed_placeholder_has_a_value_and_nothing_else_is_exposed() {
        let values = template_values(&sample_context(chrono::NaiveDate::MIN)).unwrap();
        let mut exposed: Vec<String> = values
            .try_iter()
            .unwrap()
            .map(|key| key.to_string())
            .collect();
        let mut listed: Vec<String> = top_level_names().map(str::to_owned).collect();
        exposed.sort();
        listed.sort();
        assert_eq!(exposed, listed);

        let item = values
            .get_attr("invoices")
            .unwrap()
            .get_item_by_index(0)
            .unwrap();
        let mut fields: Vec<String> = item.try_iter().unwrap().map(|k| k.to_string()).collect();
        let mut listed: Vec<String> = invoice_field_names().map(str::to_owned).collect();
        fields.sort();
        listed.sort();
        assert_eq!(fields, listed);
    }

    #[test]
    fn only_web_addresses_are_payment_links() {
        assert_eq!(
            payment_link(Some(" https://in.xero.com/a ")).as_deref(),
            Some("https://in.xero.com/a")
        );
        assert_eq!(
            payment_link(Some("HTTP://x.example")).as_deref(),
            Some("HTTP://x.example")
        );
        for bad in [
            "javascript:alert(1)",
            "https://",
            "https://a b",
            "https://a\"b",
            "ftp://x",
            "",
        ] {
            assert_eq!(payment_link(Some(bad)), None, "{bad}");
        }
        assert_eq!(payment_link(None), None);
    }
}
