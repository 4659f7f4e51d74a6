//! The five best-practice reminder templates every organisation starts with.
//!
//! Each is short and polite, says what is owed and by when, gives one clear action (pay online
//! when there is a link, otherwise arrange payment or reply), thanks those who already paid, and
//! signs with the sender's signature. Each reads well for one invoice and for a grouped message
//! listing several.
//!
//! Owns: [`builtin_templates`], [`builtin_template`]. Must not: render (the tests render them).

use super::kind::TemplateKind;
use super::EmailTemplate;

/// A template that ships with the app; `key` is `kind.as_str()`, `name` what the owner sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltinTemplate {
    pub kind: TemplateKind,
    pub key: &'static str,
    pub name: &'static str,
    pub template: EmailTemplate,
}

/// The five templates, in cadence order (new invoice, friendly reminder, due today, past due,
/// final notice).
pub fn builtin_templates() -> Vec<BuiltinTemplate> {
    TemplateKind::ALL
        .into_iter()
        .map(builtin_template)
        .collect()
}

/// The built-in template of one kind.
pub fn builtin_template(kind: TemplateKind) -> BuiltinTemplate {
    let (subject, opening) = match kind {
        TemplateKind::NewInvoice => (NEW_INVOICE_SUBJECT, NEW_INVOICE),
        TemplateKind::FriendlyReminder => (FRIENDLY_SUBJECT, FRIENDLY),
        TemplateKind::DueToday => (DUE_TODAY_SUBJECT, DUE_TODAY),
        TemplateKind::PastDue => (PAST_DUE_SUBJECT, PAST_DUE),
        TemplateKind::FinalNotice => (FINAL_NOTICE_SUBJECT, FINAL_NOTICE),
    };
    BuiltinTemplate {
        kind,
        key: kind.as_str(),
        name: kind.name(),
        template: EmailTemplate {
            subject: subject.to_owned(),
            body: format!(
                "Hi {{{{ greeting_name }}}},\n\n{opening}\nKind regards,\n{{{{ signature }}}}\n"
            ),
        },
    }
}

/// The list of invoices in a grouped message, shared by every template.
macro_rules! invoice_list {
    () => {
        "{% for invoice in invoices %}
- {{ invoice.number }}{% if invoice.reference %} ({{ invoice.reference }}){% endif %}: \
{{ invoice.amount_due }}, due {{ invoice.due_date }}\
{% if invoice.days_overdue > 0 %} ({{ invoice.days_overdue }} \
day{{ '' if invoice.days_overdue == 1 else 's' }} overdue){% endif %}\
{% if invoice.payment_link %}
  View and pay online: {{ invoice.payment_link }}{% endif %}
{% endfor %}

Total: {{ total_due }}
"
    };
}

/// `invoice INV-0042 (PO 7731) for £1,234.50`
macro_rules! the_invoice {
    () => {
        "invoice {{ invoice_number }}{% if reference %} (your reference {{ reference }}){% endif %} \
for {{ amount_due }}"
    };
}

const NEW_INVOICE_SUBJECT: &str = "{% if invoice_count == 1 %}Invoice {{ invoice_number }} from \
{{ organisation_name }}{% else %}{{ invoice_count }} new invoices from {{ organisation_name }}\
{% endif %}";

const NEW_INVOICE: &str = concat!(
    "{% if invoice_count == 1 %}
Thank you for your business. Please find ",
    the_invoice!(),
    ", due on {{ due_date }}.
{% if payment_link %}

You can view and pay it online here:
{{ payment_link }}
{% endif %}
{% else %}
Thank you for your business. Here are your new invoices:

",
    invoice_list!(),
    "{% endif %}

If you have any questions, just reply to this email.

"
);

const FRIENDLY_SUBJECT: &str = "{% if invoice_count == 1 %}Friendly reminder: invoice \
{{ invoice_number }} is due on {{ due_date }}{% else %}Friendly reminder: invoices from \
{{ organisation_name }}{% endif %}";

const FRIENDLY: &str = concat!(
    "{% if invoice_count == 1 %}
Just a friendly reminder that ",
    the_invoice!(),
    " is due on {{ due_date }}.
{% if payment_link %}

You can view and pay it online here:
{{ payment_link }}
{% endif %}
{% else %}
Just a friendly reminder about these invoices:

",
    invoice_list!(),
    "{% endif %}

If you have already paid, thank you, and please ignore this email.

"
);

const DUE_TODAY_SUBJECT: &str = "{% if invoice_count == 1 %}Invoice {{ invoice_number }} is due \
today{% else %}Invoices from {{ organisation_name }} are due{% endif %}";

const DUE_TODAY: &str = concat!(
    "{% if invoice_count == 1 %}
This is a reminder that ",
    the_invoice!(),
    " is due today, {{ due_date }}.
{% if payment_link %}

The quickest way to pay is online:
{{ payment_link }}
{% endif %}
{% else %}
This is a reminder that these invoices are now due:

",
    invoice_list!(),
    "{% endif %}

If you have already paid, thank you, and please ignore this email. If anything is holding up \
payment, just reply and let us know.

"
);

const PAST_DUE_SUBJECT: &str = "{% if invoice_count == 1 %}Overdue: invoice {{ invoice_number }} \
from {{ organisation_name }}{% else %}Overdue invoices from {{ organisation_name }}{% endif %}";

const PAST_DUE: &str = concat!(
    "{% if invoice_count == 1 %}
Our records show that ",
    the_invoice!(),
    " was due on {{ due_date }}\
{% if days_overdue > 0 %} and is now {{ days_overdue }} day{{ '' if days_overdue == 1 else 's' }} \
overdue{% else %} and is still unpaid{% endif %}.
{% if payment_link %}

Please pay it today online:
{{ payment_link }}
{% else %}

Please arrange payment today.
{% endif %}
{% else %}
Our records show that these invoices are unpaid:

",
    invoice_list!(),
    "
Please arrange payment today.
{% endif %}

If you have already paid, thank you: please let us know so we can update our records. If there \
is a problem with an invoice, reply to this email and we will sort it out.

"
);

const FINAL_NOTICE_SUBJECT: &str = "{% if invoice_count == 1 %}Final notice: invoice \
{{ invoice_number }} from {{ organisation_name }}{% else %}Final notice: overdue invoices from \
{{ organisation_name }}{% endif %}";

const FINAL_NOTICE: &str = concat!(
    "{% if invoice_count == 1 %}
Despite our earlier reminders, ",
    the_invoice!(),
    ", due on {{ due_date }}, is still unpaid\
{% if days_overdue > 0 %} ({{ days_overdue }} day{{ '' if days_overdue == 1 else 's' }} \
overdue){% endif %}.

Please pay it within 7 days{% if payment_link %}, online here:
{{ payment_link }}{% else %}.{% endif %}

{% else %}
Despite our earlier reminders, these invoices are still unpaid:

",
    invoice_list!(),
    "
Please pay them within 7 days.
{% endif %}

If payment is not received by then, we will have to take further steps to recover what is owed. \
If there is a reason you cannot pay, please reply to this email today so we can agree a way \
forward.

"
);
