//! How records are spelled on the wire (SPEC schemas Invoice, Contact, Organisation, Payment,
//! HistoryRecord): PascalCase with Xero's `ID`/`UTC` capitals, MS-JSON dates with their `*String`
//! companions, money as exact decimals. Owns: serialisation only. Must not: filter or decide.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

pub use super::contact_dto::contact;
use super::contact_dto::{contact_summary, ContactDto, ContactSummaryDto};
use crate::model::{CreditAllocation, HistoryRecord, Invoice, LineItem, Organisation, Payment};
use crate::money::Fixed;
use crate::msdate;
use crate::world::Tenant;

/// How much of an invoice a response carries (NOTES.md §4.3, §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceView {
    /// `GET /Invoices/{id}`: full contact, lines, allocations.
    ById,
    /// A list call with `page`: summary contact, with lines.
    Paged,
    /// A list call without `page`: summary contact, no LineItems.
    Unpaged,
    /// `summaryOnly=true`: no lines, no allocations, no amounts beyond the totals.
    Summary,
}

fn skip_empty(s: &&str) -> bool {
    s.is_empty()
}

/// A date-only field and its `*String` companion, in the organisation's date style.
struct DateField {
    ms: String,
    text: String,
}

fn date_field(org: &Organisation, date: NaiveDate) -> DateField {
    DateField {
        ms: msdate::ms_date(date, org.offset_seconds_on(date)),
        text: msdate::date_string(date),
    }
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum InvoiceContactDto<'a> {
    Full(Box<ContactDto<'a>>),
    Summary(ContactSummaryDto<'a>),
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LineItemDto<'a> {
    #[serde(rename = "LineItemID")]
    line_item_id: Uuid,
    description: &'a str,
    quantity: Fixed,
    unit_amount: Fixed,
    tax_type: &'a str,
    tax_amount: Fixed,
    line_amount: Fixed,
    account_code: &'a str,
    tracking: Vec<Value>,
}

fn line(l: &LineItem) -> LineItemDto<'_> {
    LineItemDto {
        line_item_id: l.id,
        description: &l.description,
        quantity: Fixed::quantity(l.quantity),
        unit_amount: Fixed::money(l.unit_amount),
        tax_type: &l.tax_type,
        tax_amount: Fixed::money(l.tax_amount),
        line_amount: Fixed::money(l.line_amount()),
        account_code: &l.account_code,
        tracking: Vec::new(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PaymentDto<'a> {
    #[serde(rename = "PaymentID")]
    payment_id: Uuid,
    date: String,
    amount: Fixed,
    #[serde(skip_serializing_if = "skip_empty")]
    reference: &'a str,
    currency_rate: Fixed,
    has_account: bool,
    has_validation_errors: bool,
}

/// Credit notes, overpayments and prepayments as they appear inside an invoice.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreditDto<'a> {
    #[serde(rename = "CreditNoteID", skip_serializing_if = "Option::is_none")]
    credit_note_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit_note_number: Option<&'a str>,
    #[serde(rename = "OverpaymentID", skip_serializing_if = "Option::is_none")]
    overpayment_id: Option<Uuid>,
    #[serde(rename = "PrepaymentID", skip_serializing_if = "Option::is_none")]
    prepayment_id: Option<Uuid>,
    date: String,
    applied_amount: Fixed,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvoiceDto<'a> {
    #[serde(rename = "Type")]
    kind: &'static str,
    #[serde(rename = "InvoiceID")]
    invoice_id: Uuid,
    invoice_number: &'a str,
    reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    payments: Option<Vec<PaymentDto<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit_notes: Option<Vec<CreditDto<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prepayments: Option<Vec<CreditDto<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overpayments: Option<Vec<CreditDto<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_due: Option<Fixed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_paid: Option<Fixed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_credited: Option<Fixed>,
    sent_to_contact: bool,
    currency_rate: Fixed,
    is_discounted: bool,
    has_attachments: bool,
    has_errors: bool,
    contact: InvoiceContactDto<'a>,
    date_string: String,
    date: String,
    due_date_string: String,
    due_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected_payment_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected_payment_date_string: Option<String>,
    status: &'static str,
    line_amount_types: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line_items: Option<Vec<LineItemDto<'a>>>,
    sub_total: Fixed,
    total_tax: Fixed,
    total: Fixed,
    #[serde(rename = "UpdatedDateUTC")]
    updated_date_utc: String,
    #[serde(rename = "UpdatedDateUTCString")]
    updated_date_utc_string: String,
    currency_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fully_paid_on_date: Option<String>,
}

/// An invoice as `view` shows it. A list passes the contact's name from its own lookup
/// (`contact_name`, "" when the contact is unknown); `GET /Invoices/{id}` looks the contact up.
pub fn invoice<'a>(
    tenant: &'a Tenant,
    i: &'a Invoice,
    view: InvoiceView,
    contact_name: &'a str,
) -> InvoiceDto<'a> {
    let org = &tenant.org;
    let ms = |d: NaiveDate| date_field(org, d).ms;
    let full = matches!(
        view,
        InvoiceView::ById | InvoiceView::Paged | InvoiceView::Unpaged
    );
    let credits = |list: &'a [CreditAllocation], kind: u8| -> Vec<CreditDto<'a>> {
        list.iter()
            .map(|c| CreditDto {
                credit_note_id: (kind == 0).then_some(c.id),
                credit_note_number: (kind == 0).then_some(c.number.as_str()),
                overpayment_id: (kind == 1).then_some(c.id),
                prepayment_id: (kind == 2).then_some(c.id),
                date: ms(c.date),
                applied_amount: Fixed::money(c.amount),
            })
            .collect()
    };
    let payment = |p: &'a Payment| PaymentDto {
        payment_id: p.id,
        date: ms(p.date),
        amount: Fixed::money(p.amount),
        reference: &p.reference,
        currency_rate: Fixed::rate(i.currency_rate),
        has_account: false,
        has_validation_errors: false,
    };
    let contact_dto = match view {
        InvoiceView::ById => match tenant.contact(i.contact_id) {
            Some(c) => {
                let only = HashSet::from([c.id]);
                let facts = tenant.contact_facts(Some(&only), None);
                let facts = facts.get(&c.id).copied().unwrap_or_default();
                InvoiceContactDto::Full(Box::new(contact(c, facts, false)))
            }
            None => InvoiceContactDto::Summary(contact_summary(i.contact_id, "")),
        },
        _ => InvoiceContactDto::Summary(contact_summary(i.contact_id, contact_name)),
    };
    let date = date_field(org, i.date);
    let due = date_field(org, i.due_date);
    let expected = i.expected_payment_date.map(|d| date_field(org, d));
    InvoiceDto {
        kind: i.kind.as_str(),
        invoice_id: i.id,
        invoice_number: &i.number,
        reference: &i.reference,
        payments: full.then(|| i.payments.iter().map(payment).collect()),
        credit_notes: full.then(|| credits(&i.credit_notes, 0)),
        prepayments: full.then(|| credits(&i.prepayments, 2)),
        overpayments: full.then(|| credits(&i.overpayments, 1)),
        amount_due: full.then(|| Fixed::money(i.amount_due())),
        amount_paid: full.then(|| Fixed::money(i.amount_paid())),
        amount_credited: full.then(|| Fixed::money(i.amount_credited())),
        sent_to_contact: i.sent_to_contact,
        currency_rate: Fixed::rate(i.currency_rate),
        is_discounted: false,
        has_attachments: false,
        has_errors: false,
        contact: contact_dto,
        date_string: date.text,
        date: date.ms,
        due_date_string: due.text,
        due_date: due.ms,
        expected_payment_date_string: expected.as_ref().map(|e| e.text.clone()),
        expected_payment_date: expected.map(|e| e.ms),
        status: i.status.as_str(),
        line_amount_types: "Exclusive",
        line_items: matches!(view, InvoiceView::ById | InvoiceView::Paged)
            .then(|| i.lines.iter().map(line).collect()),
        sub_total: Fixed::money(i.sub_total()),
        total_tax: Fixed::money(i.total_tax()),
        total: Fixed::money(i.total()),
        updated_date_utc: msdate::ms_instant(i.updated_utc),
        updated_date_utc_string: msdate::utc_z_string(i.updated_utc),
        currency_code: &i.currency,
        fully_paid_on_date: i.fully_paid_on().map(ms),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HistoryDto<'a> {
    #[serde(skip_serializing_if = "skip_empty")]
    changes: &'a str,
    #[serde(rename = "DateUTCString")]
    date_utc_string: String,
    #[serde(rename = "DateUTC")]
    date_utc: String,
    #[serde(skip_serializing_if = "skip_empty")]
    user: &'a str,
    details: &'a str,
}

pub fn history(h: &HistoryRecord) -> HistoryDto<'_> {
    HistoryDto {
        changes: &h.changes,
        date_utc_string: msdate::naive_seconds_string(h.at),
        date_utc: msdate::ms_instant(h.at),
        user: &h.user,
        details: &h.details,
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OrganisationDto<'a> {
    #[serde(rename = "OrganisationID")]
    organisation_id: Uuid,
    name: &'a str,
    legal_name: &'a str,
    pays_tax: bool,
    version: &'a str,
    organisation_type: &'static str,
    base_currency: &'a str,
    country_code: &'a str,
    is_demo_company: bool,
    organisation_status: &'static str,
    financial_year_end_day: u32,
    financial_year_end_month: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    period_lock_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_of_year_lock_date: Option<String>,
    #[serde(rename = "CreatedDateUTC")]
    created_date_utc: String,
    timezone: &'a str,
    organisation_entity_type: &'static str,
    short_code: &'a str,
    class: &'static str,
    edition: &'static str,
    addresses: Vec<Value>,
    phones: Vec<Value>,
    external_links: Vec<Value>,
}

pub fn organisation(o: &Organisation) -> OrganisationDto<'_> {
    OrganisationDto {
        organisation_id: o.id,
        name: &o.name,
        legal_name: &o.legal_name,
        pays_tax: true,
        version: &o.version,
        organisation_type: "COMPANY",
        base_currency: &o.base_currency,
        country_code: &o.country_code,
        is_demo_company: o.is_demo_company,
        organisation_status: "ACTIVE",
        financial_year_end_day: o.financial_year_end_day,
        financial_year_end_month: o.financial_year_end_month,
        period_lock_date: o.period_lock_date.map(|d| date_field(o, d).ms),
        end_of_year_lock_date: o.end_of_year_lock_date.map(|d| date_field(o, d).ms),
        created_date_utc: msdate::ms_instant(o.created_utc),
        timezone: &o.timezone_name,
        organisation_entity_type: "COMPANY",
        short_code: &o.short_code,
        class: if o.is_demo_company { "DEMO" } else { "PREMIUM" },
        edition: "BUSINESS",
        addresses: Vec::new(),
        phones: Vec::new(),
        external_links: Vec::new(),
    }
}
