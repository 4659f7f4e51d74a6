//! One outgoing message as it will go out: the invoices it still covers, the template (the
//! step's, else chosen by the invoice's status on the day), the sender (normal or escalated), the
//! recipients the rules select — in ONE message with To/CC (safety invariant 4) — and the owner's
//! edits. A message that cannot go as it is carries a `problem` that says what to do.
//! Must not: change any state (callers do), or talk SMTP.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use settle_core::schedule::{parse_occurrence_key, Channel, Subject};
use settle_core::template::{
    builtin_templates, kind_for_invoice, render_email, ContactFields, EmailTemplate, InvoiceFields,
    SenderFields, TemplateContext, TemplateKind,
};
use settle_core::{CurrencyCode, Money};
use settle_db::{SendContact, SendInvoice, SendStep, StoredMessage, StoredOrganisation};

use crate::engine::money_text;
use crate::{Engine, EngineError, MailboxView, MessageInvoiceView};

/// A message rendered for approval or sending.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub contact: SendContact,
    pub invoices: Vec<SendInvoice>,
    pub template_key: String,
    pub escalated: bool,
    /// `before_due`: the message goes on or before every invoice's due date.
    pub before_due: bool,
    pub from: Option<MailboxView>,
    pub to: Vec<MailboxView>,
    pub cc: Vec<MailboxView>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub problem: Option<String>,
}

impl Rendered {
    /// The amount the message asks for, when its invoices share one currency.
    pub fn total_due(&self) -> Option<Decimal> {
        let currency = &self.invoices.first()?.currency;
        self.invoices
            .iter()
            .all(|i| &i.currency == currency)
            .then(|| self.invoices.iter().map(|i| i.amount_due).sum())
    }

    pub fn invoice_views(&self) -> Vec<MessageInvoiceView> {
        self.invoices
            .iter()
            .map(|i| MessageInvoiceView {
                id: i.id,
                number: i.number.clone(),
                currency: i.currency.clone(),
                amount_due: CurrencyCode::new(&i.currency)
                    .map(|c| money_text(i.amount_due, &c))
                    .unwrap_or_else(|_| i.amount_due.to_string()),
                due_date: i.due_date.format("%Y-%m-%d").to_string(),
            })
            .collect()
    }
}

/// Why an invoice is no longer owed (the gate cancels its items with this), or `None`.
pub(crate) fn not_owed(invoice: &SendInvoice, contact: &SendContact) -> Option<String> {
    let number = &invoice.number;
    match invoice.status.as_str() {
        "PAID" => return Some(format!("invoice {number} is paid")),
        "VOIDED" => return Some(format!("invoice {number} was voided in Xero")),
        "DELETED" => return Some(format!("invoice {number} was deleted in Xero")),
        "AUTHORISED" => {}
        other => {
            return Some(format!(
                "invoice {number} is {other} in Xero, not awaiting payment"
            ))
        }
    }
    if invoice.amount_due <= Decimal::ZERO {
        return Some(format!("invoice {number} has nothing left to pay"));
    }
    if !invoice.chasing {
        return Some(format!("chasing was stopped for invoice {number}"));
    }
    if !contact.chasing {
        return Some(format!("chasing was stopped for {}", contact.name));
    }
    invoice
        .held_reason
        .as_ref()
        .map(|r| format!("invoice {number} could not be read from Xero: {r}"))
}

impl Engine {
    /// Renders `message` with the facts stored now. Items whose invoice is no longer owed are left
    /// out of the invoice list (the gate cancels them).
    pub(crate) async fn render_message(
        &self,
        org: &StoredOrganisation,
        message: &StoredMessage,
    ) -> Result<Rendered, EngineError> {
        self.render_message_with(org, message, &HashMap::new())
            .await
    }

    /// [`Self::render_message`] with the invoices' online (payment) links, by invoice id — the
    /// send fetches them from Xero just before composing.
    pub(crate) async fn render_message_with(
        &self,
        org: &StoredOrganisation,
        message: &StoredMessage,
        links: &HashMap<i64, String>,
    ) -> Result<Rendered, EngineError> {
        let db = &self.db;
        let contact = db.send_contact(org.id, message.key.contact_id).await?;
        let first = message.items.first();
        let mut step: Option<SendStep> = None;
        let mut invoices = Vec::new();
        let mut customer_level = false;
        for item in &message.items {
            let parsed = parse_occurrence_key(&item.key);
            if step.is_none() {
                step = match parsed.as_ref() {
                    Some((Subject::Invoice(id), occ)) => {
                        db.invoice_step(org.id, *id, occ.step).await?
                    }
                    Some((Subject::Customer { .. }, occ)) => {
                        db.customer_step(org.id, contact.id, occ.step).await?
                    }
                    _ => None,
                };
            }
            match item.invoice_id {
                Some(id) => {
                    if let Some(inv) = db.send_invoice(org.id, id).await? {
                        if !invoices.iter().any(|i: &SendInvoice| i.id == id) {
                            invoices.push(inv);
                        }
                    }
                }
                None => customer_level = true,
            }
        }
        if customer_level {
            invoices = db.open_send_invoices(org.id, contact.id).await?;
        }
        invoices.retain(|i| not_owed(i, &contact).is_none());
        let day = message.key.local_date;
        let reminded = match invoices.first() {
            Some(i) => db.invoice_reminded(org.id, i.id).await?,
            None => false,
        };
        let kind_key = step
            .as_ref()
            .and_then(|s| s.template_key.clone())
            .unwrap_or_else(|| match invoices.first() {
                Some(i) => kind_for_invoice(i.issue_date, i.due_date, day, reminded)
                    .as_str()
                    .to_owned(),
                None => TemplateKind::PastDue.as_str().to_owned(),
            });
        let escalated = step.as_ref().is_some_and(|s| s.escalated);
        let before_due = !invoices.is_empty() && invoices.iter().all(|i| day <= i.due_date);
        let mut problems: Vec<String> = Vec::new();
        let senders = db.senders(org.id).await?;
        let sender = senders
            .iter()
            .find(|s| s.escalated == escalated)
            .or_else(|| senders.iter().find(|s| !s.escalated));
        if sender.is_none() {
            problems.push(
                "Set up who the reminders come from (`settle sender set --name … --email …`, or \
                 Settings → Senders)."
                    .to_owned(),
            );
        }
        let (mut to, mut cc) =
            recipients(&contact, message, step.as_ref(), &invoices, &mut problems);
        if let Some(list) = &message.to_override {
            to = list.iter().map(|a| mailbox(None, a)).collect();
        }
        if let Some(list) = &message.cc_override {
            cc = list.iter().map(|a| mailbox(None, a)).collect();
        }
        if to.is_empty() && problems.is_empty() {
            problems.push(format!(
                "{} has no email address: add one for {} in Xero, then sync.",
                contact.name, contact.name
            ));
        }
        if invoices.is_empty() {
            problems.push("None of this message's invoices is still owed.".to_owned());
        }
        let template = self.template_for(org.id, &kind_key).await?;
        let template = EmailTemplate {
            subject: message.subject_override.clone().unwrap_or(template.subject),
            body: message.body_override.clone().unwrap_or(template.body),
        };
        let ctx = TemplateContext {
            organisation_name: org.organisation.name.clone(),
            today: day,
            contact: ContactFields {
                first_name: contact.first_name.clone(),
                last_name: contact.last_name.clone(),
                company_name: contact.name.clone(),
            },
            invoices: invoices
                .iter()
                .filter_map(|i| invoice_fields(i, links.get(&i.id)))
                .collect(),
            sender: SenderFields {
                name: sender.map(|s| s.name.clone()).unwrap_or_default(),
                email: sender.map(|s| s.email.clone()).unwrap_or_default(),
                signature: sender.map(|s| s.signature.clone()).unwrap_or_default(),
            },
        };
        let (subject, text, html) = match render_email(&template, &ctx) {
            Ok(r) => (r.subject, r.text, Some(r.html)),
            Err(e) => {
                problems.push(format!(
                    "The template has an error: {}. Correct it in Templates.",
                    e.to_string().trim_end_matches('.')
                ));
                (template.subject.clone(), template.body.clone(), None)
            }
        };
        if message.key.channel != Channel::Email {
            problems.push(format!(
                "Settle cannot send by {} yet (no {} provider is set up): send it yourself, then \
                 skip it here.",
                message.key.channel.as_str(),
                message.key.channel.as_str()
            ));
        }
        let _ = first;
        Ok(Rendered {
            contact,
            invoices,
            template_key: kind_key,
            escalated,
            before_due,
            from: sender.map(|s| mailbox(Some(&s.name), &s.email)),
            to,
            cc,
            subject,
            text,
            html,
            problem: (!problems.is_empty()).then(|| problems.join(" ")),
        })
    }

    /// The organisation's template under `key`, else the built-in one, else past due.
    pub(crate) async fn template_for(
        &self,
        org: i64,
        key: &str,
    ) -> Result<EmailTemplate, EngineError> {
        self.seed_templates(org).await?;
        let stored = self.db.templates(org).await?;
        let found = stored.iter().find(|t| t.key == key).or_else(|| {
            stored
                .iter()
                .find(|t| t.key == TemplateKind::PastDue.as_str())
        });
        match found {
            Some(t) => Ok(EmailTemplate {
                subject: t.subject.clone(),
                body: t.body.clone(),
            }),
            None => builtin_templates()
                .into_iter()
                .find(|b| b.kind == TemplateKind::PastDue)
                .map(|b| b.template)
                .ok_or_else(|| EngineError::NotFound("no past-due template".to_owned())),
        }
    }
}

fn invoice_fields(i: &SendInvoice, link: Option<&String>) -> Option<InvoiceFields> {
    let currency = CurrencyCode::new(&i.currency).ok()?;
    Some(InvoiceFields {
        number: i.number.clone(),
        reference: i.reference.clone(),
        total: Money::new(i.total, currency.clone()),
        amount_due: Money::new(i.amount_due, currency),
        issue_date: i.issue_date,
        due_date: i.due_date,
        online_url: link.cloned(),
    })
}

pub(crate) fn mailbox(name: Option<&str>, address: &str) -> MailboxView {
    MailboxView {
        name: name.filter(|n| !n.trim().is_empty()).map(str::to_owned),
        address: address.trim().to_owned(),
    }
}

/// Who the rules select: the invoice's own list; else the step's role (only people with it);
/// else the customer's address plus the people marked "include in emails". The first address
/// is To, the rest CC — one message, never one per person.
fn recipients(
    contact: &SendContact,
    message: &StoredMessage,
    step: Option<&SendStep>,
    invoices: &[SendInvoice],
    problems: &mut Vec<String>,
) -> (Vec<MailboxView>, Vec<MailboxView>) {
    let mut all: Vec<MailboxView> = Vec::new();
    let audience = message.key.audience.as_str();
    let full = |p: &settle_db::SendPerson| {
        format!("{} {}", p.first_name, p.last_name)
            .trim()
            .to_owned()
    };
    if let Some(id) = audience.strip_prefix("invoice:") {
        let list = invoices
            .iter()
            .find(|i| i.id.to_string() == id)
            .and_then(|i| i.recipients_override.clone())
            .unwrap_or_default();
        all.extend(
            list.split(',')
                .filter(|a| !a.trim().is_empty())
                .map(|a| mailbox(None, a)),
        );
    } else if let Some(role) = audience
        .strip_prefix("role:")
        .or(step.and_then(|s| s.role.as_deref()))
    {
        let people: Vec<_> = contact
            .people
            .iter()
            .filter(|p| p.roles.iter().any(|r| r == role))
            .collect();
        if people.is_empty() {
            problems.push(format!(
                "No contact person of {} has the role {role}: assign it in Settle or Xero.",
                contact.name
            ));
        }
        for p in people {
            match p.email.as_deref().filter(|e| !e.trim().is_empty()) {
                Some(email) => all.push(mailbox(Some(&full(p)), email)),
                None => problems.push(format!(
                    "Add an email address for {} ({role}, {}) in Xero, then sync.",
                    full(p),
                    contact.name
                )),
            }
        }
    } else {
        if let Some(email) = contact.email.as_deref().filter(|e| !e.trim().is_empty()) {
            let name = format!("{} {}", contact.first_name, contact.last_name);
            let name = if name.trim().is_empty() {
                contact.name.clone()
            } else {
                name
            };
            all.push(mailbox(Some(&name), email));
        }
        for p in contact.people.iter().filter(|p| p.include_in_emails) {
            if let Some(email) = p.email.as_deref().filter(|e| !e.trim().is_empty()) {
                all.push(mailbox(Some(&full(p)), email));
            }
        }
        if all.is_empty() {
            problems.push(format!(
                "Add an email address for {} in Xero, then sync.",
                contact.name
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    all.retain(|m| seen.insert(m.address.to_lowercase()));
    let cc = all.split_off(all.len().min(1));
    (all, cc)
}

/// The local day `at` falls on in the organisation's time zone.
pub(crate) fn local_day(org: &StoredOrganisation, at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    at.with_timezone(&org.organisation.timezone).date_naive()
}
