//! All mutable state of one fake-xero instance, behind one mutex: organisations with their
//! contacts and invoices, the identity store, and the switches tests flip at run time. Owns: the
//! invariants Xero keeps between records (AmountDue arithmetic, PAID status, which changes bump
//! UpdatedDateUTC). Must not: know HTTP.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::config::{AuthorizeMode, InvoiceRules};
use crate::error::FakeXeroError;
use crate::identity::grants::Grants;
use crate::model::{Contact, HistoryRecord, Invoice, InvoiceStatus, InvoiceType, Organisation};

/// One organisation's books.
pub struct Tenant {
    pub org: Organisation,
    /// In the order they were added (a listing without `order` returns that order). Records are
    /// only ever appended, so the positions in `contact_at` / `invoice_at` stay valid.
    contacts: Vec<Contact>,
    invoices: Vec<Invoice>,
    /// Where each id's first record sits, so lookups by id do not scan: the bench organisation
    /// has 200,000 invoices and a scan per added invoice made seeding quadratic.
    contact_at: HashMap<Uuid, usize>,
    invoice_at: HashMap<Uuid, usize>,
    /// Idempotency-Key → the status and body first returned for it.
    pub idempotent: HashMap<String, (u16, String)>,
}

impl Tenant {
    pub fn new(org: Organisation) -> Self {
        Self {
            org,
            contacts: Vec::new(),
            invoices: Vec::new(),
            contact_at: HashMap::new(),
            invoice_at: HashMap::new(),
            idempotent: HashMap::new(),
        }
    }

    pub fn contacts(&self) -> &[Contact] {
        &self.contacts
    }

    pub fn invoices(&self) -> &[Invoice] {
        &self.invoices
    }

    /// Appends a contact. A second contact with the same id is kept (as a list shows it) but
    /// lookups by id keep finding the first, as Xero's would.
    pub fn push_contact(&mut self, contact: Contact) {
        self.contact_at
            .entry(contact.id)
            .or_insert(self.contacts.len());
        self.contacts.push(contact);
    }

    /// Appends an invoice; the caller has refused a duplicate id.
    pub fn push_invoice(&mut self, invoice: Invoice) {
        self.invoice_at
            .entry(invoice.id)
            .or_insert(self.invoices.len());
        self.invoices.push(invoice);
    }

    pub fn contact(&self, id: Uuid) -> Option<&Contact> {
        self.contact_at.get(&id).map(|at| &self.contacts[*at])
    }

    pub fn contact_mut(&mut self, id: Uuid) -> Option<&mut Contact> {
        self.contact_at.get(&id).map(|at| &mut self.contacts[*at])
    }

    pub fn invoice(&self, id: Uuid) -> Option<&Invoice> {
        self.invoice_at.get(&id).map(|at| &self.invoices[*at])
    }

    pub fn invoice_mut(&mut self, id: Uuid) -> Result<&mut Invoice, FakeXeroError> {
        self.invoice_at
            .get(&id)
            .map(|at| &mut self.invoices[*at])
            .ok_or(FakeXeroError::UnknownInvoice(id))
    }

    /// What a contact's listing derives from the invoices, for the contacts `only` (or for every
    /// contact with `None`), in one pass over the invoices: a list page asks this once instead
    /// of scanning every invoice three times per contact. `balances_at` adds Balances.
    pub fn contact_facts(
        &self,
        only: Option<&HashSet<Uuid>>,
        balances_at: Option<DateTime<Utc>>,
    ) -> HashMap<Uuid, ContactFacts> {
        let today = balances_at.map(|now| self.org.today(now));
        let mut facts: HashMap<Uuid, ContactFacts> = HashMap::new();
        for i in &self.invoices {
            if only.is_some_and(|ids| !ids.contains(&i.contact_id)) {
                continue;
            }
            let entry = facts.entry(i.contact_id).or_default();
            match i.kind {
                InvoiceType::Accrec => entry.is_customer = true,
                InvoiceType::Accpay => entry.is_supplier = true,
            }
            if let Some(today) = today {
                if i.kind == InvoiceType::Accrec && i.status == InvoiceStatus::Authorised {
                    let due = i.amount_due();
                    entry.outstanding += due;
                    if i.due_date < today {
                        entry.overdue += due;
                    }
                }
            }
        }
        facts
    }
}

/// A contact's read-only fields that Xero derives from its invoices (IsCustomer, IsSupplier,
/// Balances.AccountsReceivable).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContactFacts {
    pub is_customer: bool,
    pub is_supplier: bool,
    pub outstanding: Decimal,
    pub overdue: Decimal,
}

pub struct World {
    pub tenants: Vec<Tenant>,
    pub grants: Grants,
    pub authorize_mode: AuthorizeMode,
    pub rules: InvoiceRules,
}

impl World {
    pub fn new(client_id: &str, rules: InvoiceRules) -> Self {
        Self {
            tenants: Vec::new(),
            grants: Grants::new(client_id),
            authorize_mode: AuthorizeMode::Approve,
            rules,
        }
    }

    pub fn tenant(&self, id: Uuid) -> Result<&Tenant, FakeXeroError> {
        self.tenants
            .iter()
            .find(|t| t.org.id == id)
            .ok_or(FakeXeroError::UnknownTenant(id))
    }

    pub fn tenant_mut(&mut self, id: Uuid) -> Result<&mut Tenant, FakeXeroError> {
        self.tenants
            .iter_mut()
            .find(|t| t.org.id == id)
            .ok_or(FakeXeroError::UnknownTenant(id))
    }

    /// (tenant id, name) of every organisation: what a consent connects.
    pub fn tenant_names(&self) -> Vec<(Uuid, String)> {
        self.tenants
            .iter()
            .map(|t| (t.org.id, t.org.name.clone()))
            .collect()
    }
}

/// Re-derives PAID from the allocations and refuses over-allocation, as Xero does.
pub fn settle_status(invoice: &mut Invoice) -> Result<(), FakeXeroError> {
    let due = invoice.amount_due();
    if due < Decimal::ZERO {
        return Err(FakeXeroError::Refused(format!(
            "allocations exceed the total of {} by {}",
            invoice.number, -due
        )));
    }
    match invoice.status {
        InvoiceStatus::Authorised if due.is_zero() && invoice.has_allocations() => {
            invoice.status = InvoiceStatus::Paid;
        }
        InvoiceStatus::Paid if !due.is_zero() => invoice.status = InvoiceStatus::Authorised,
        _ => {}
    }
    Ok(())
}

/// Refuses allocations on documents that cannot take them.
pub fn check_allocatable(invoice: &Invoice, amount: Decimal) -> Result<(), FakeXeroError> {
    if invoice.status != InvoiceStatus::Authorised {
        return Err(FakeXeroError::Refused(format!(
            "{} is {}; payments and credits apply to AUTHORISED invoices only",
            invoice.number,
            invoice.status.as_str()
        )));
    }
    if amount <= Decimal::ZERO {
        return Err(FakeXeroError::Refused(
            "an allocation must be positive".to_owned(),
        ));
    }
    Ok(())
}

/// A history line written by Xero itself.
pub fn system_history(changes: &str, details: &str, at: DateTime<Utc>) -> HistoryRecord {
    HistoryRecord {
        changes: changes.to_owned(),
        user: "System Generated".to_owned(),
        details: details.to_owned(),
        at,
    }
}
