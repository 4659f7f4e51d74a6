//! `FakeState`: the handle tests use to seed and change the fake's data while it serves, and to
//! flip behaviours (consent, rate limits, faults). Every change that Xero journals bumps
//! UpdatedDateUTC to the injected clock's "now"; the `*_quietly` variants model the edits Xero
//! documents as not bumping it. Owns: the public seeding API. Must not: serve HTTP.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::error::FakeXeroError;
use crate::model::{
    Contact, ContactStatus, CreditAllocation, HistoryRecord, Invoice, InvoiceStatus, Organisation,
    Payment,
};
use crate::shared::Shared;
use crate::world::{check_allocatable, settle_status, system_history, Tenant};

/// The scopes Settle asks for (NOTES.md §2.3, new app): what `mint_tokens_for_settle` grants.
pub const SETTLE_SCOPES: &[&str] = &[
    "offline_access",
    "accounting.invoices",
    "accounting.contacts.read",
    "accounting.settings.read",
    "accounting.payments.read",
];

/// Which allocation list a credit goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditKind {
    CreditNote,
    Overpayment,
    Prepayment,
}

/// Cheap to clone; all clones see the same server.
#[derive(Clone)]
pub struct FakeState {
    pub(crate) shared: Arc<Shared>,
}

impl std::fmt::Debug for FakeState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeState").finish_non_exhaustive()
    }
}

type Result<T> = std::result::Result<T, FakeXeroError>;

impl FakeState {
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.now()
    }

    /// How the token endpoint answered refresh requests so far.
    pub fn refresh_counts(&self) -> crate::identity::grants::RefreshCounts {
        self.shared.world().grants.refresh_counts
    }

    // ----- organisations -----

    /// Adds an organisation (a tenant). It is connected by the next consent or `mint_tokens`.
    pub fn add_organisation(&self, org: Organisation) -> Uuid {
        let id = org.id;
        self.shared.world().tenants.push(Tenant::new(org));
        id
    }

    pub fn organisation(&self, tenant: Uuid) -> Result<Organisation> {
        Ok(self.shared.world().tenant(tenant)?.org.clone())
    }

    /// Changes organisation settings such as lock dates or `date_offsets`.
    pub fn update_organisation(
        &self,
        tenant: Uuid,
        change: impl FnOnce(&mut Organisation),
    ) -> Result<()> {
        change(&mut self.shared.world().tenant_mut(tenant)?.org);
        Ok(())
    }

    // ----- contacts -----

    pub fn add_contact(&self, tenant: Uuid, mut contact: Contact) -> Result<Uuid> {
        contact.updated_utc = self.now();
        let id = contact.id;
        self.shared
            .world()
            .tenant_mut(tenant)?
            .push_contact(contact);
        Ok(id)
    }

    pub fn contact(&self, tenant: Uuid, id: Uuid) -> Result<Contact> {
        let world = self.shared.world();
        world
            .tenant(tenant)?
            .contact(id)
            .cloned()
            .ok_or(FakeXeroError::UnknownContact(id))
    }

    /// Edits a contact as a Xero user would; bumps UpdatedDateUTC.
    pub fn update_contact(
        &self,
        tenant: Uuid,
        id: Uuid,
        change: impl FnOnce(&mut Contact),
    ) -> Result<()> {
        let now = self.now();
        self.with_contact(tenant, id, |c| {
            change(c);
            c.updated_utc = now;
        })
    }

    pub fn set_contact_status(&self, tenant: Uuid, id: Uuid, status: ContactStatus) -> Result<()> {
        self.update_contact(tenant, id, |c| c.status = status)
    }

    /// Moves UpdatedDateUTC to now without other changes.
    pub fn touch_contact(&self, tenant: Uuid, id: Uuid) -> Result<()> {
        self.update_contact(tenant, id, |_| {})
    }

    // ----- invoices -----

    /// Adds an invoice. Allocations already on it are checked and PAID is derived from them.
    pub fn add_invoice(&self, tenant: Uuid, mut invoice: Invoice) -> Result<Uuid> {
        let now = self.now();
        let mut world = self.shared.world();
        let tenant = world.tenant_mut(tenant)?;
        if tenant.contact(invoice.contact_id).is_none() {
            return Err(FakeXeroError::UnknownContact(invoice.contact_id));
        }
        if tenant.invoice(invoice.id).is_some() {
            return Err(FakeXeroError::Refused(format!(
                "invoice {} already exists",
                invoice.id
            )));
        }
        settle_status(&mut invoice)?;
        invoice.updated_utc = now;
        if invoice.history.is_empty() {
            invoice
                .history
                .push(system_history("Created", "INV created.", now));
        }
        let id = invoice.id;
        tenant.push_invoice(invoice);
        Ok(id)
    }

    pub fn invoice(&self, tenant: Uuid, id: Uuid) -> Result<Invoice> {
        let world = self.shared.world();
        world
            .tenant(tenant)?
            .invoice(id)
            .cloned()
            .ok_or(FakeXeroError::UnknownInvoice(id))
    }

    pub fn invoices(&self, tenant: Uuid) -> Result<Vec<Invoice>> {
        Ok(self.shared.world().tenant(tenant)?.invoices().to_vec())
    }

    /// Edits an invoice as a journalled Xero change: bumps UpdatedDateUTC, re-derives PAID.
    pub fn update_invoice(
        &self,
        tenant: Uuid,
        id: Uuid,
        change: impl FnOnce(&mut Invoice),
    ) -> Result<()> {
        let now = self.now();
        self.with_invoice(tenant, id, |i| {
            change(i);
            i.updated_utc = now;
            settle_status(i)
        })
    }

    /// Edits an invoice the way Xero changes that create no journal do (DueDate, SentToContact
    /// on part-paid invoices, D-RR): UpdatedDateUTC stays, so If-Modified-Since misses it.
    pub fn update_invoice_quietly(
        &self,
        tenant: Uuid,
        id: Uuid,
        change: impl FnOnce(&mut Invoice),
    ) -> Result<()> {
        self.with_invoice(tenant, id, |i| {
            change(i);
            settle_status(i)
        })
    }

    pub fn touch_invoice(&self, tenant: Uuid, id: Uuid) -> Result<()> {
        self.update_invoice(tenant, id, |_| {})
    }

    /// Changes DueDate; quietly when the invoice is part-paid, as Xero does (D-RR).
    pub fn set_due_date(&self, tenant: Uuid, id: Uuid, due: NaiveDate) -> Result<()> {
        if self.invoice(tenant, id)?.has_allocations() {
            self.update_invoice_quietly(tenant, id, |i| i.due_date = due)
        } else {
            self.update_invoice(tenant, id, |i| i.due_date = due)
        }
    }

    /// Applies a payment (ACCRECPAYMENT). The invoice turns PAID when nothing is left due.
    pub fn add_payment(
        &self,
        tenant: Uuid,
        invoice: Uuid,
        date: NaiveDate,
        amount: Decimal,
        reference: &str,
    ) -> Result<Uuid> {
        let payment = Payment {
            id: Uuid::new_v4(),
            date,
            amount,
            reference: reference.to_owned(),
        };
        let id = payment.id;
        let details = format!("Payment received from {reference} on {date} for {amount:.2}.");
        self.allocate(tenant, invoice, amount, "Payment Received", &details, |i| {
            i.payments.push(payment)
        })?;
        Ok(id)
    }

    /// Allocates a credit note, overpayment or prepayment; counts towards AmountCredited.
    pub fn add_credit(
        &self,
        tenant: Uuid,
        invoice: Uuid,
        kind: CreditKind,
        number: &str,
        date: NaiveDate,
        amount: Decimal,
    ) -> Result<Uuid> {
        let credit = CreditAllocation {
            id: Uuid::new_v4(),
            number: number.to_owned(),
            date,
            amount,
        };
        let id = credit.id;
        let details = format!("Credit allocated on {date} for {amount:.2}.");
        self.allocate(
            tenant,
            invoice,
            amount,
            "Credit Applied",
            &details,
            |i| match kind {
                CreditKind::CreditNote => i.credit_notes.push(credit),
                CreditKind::Overpayment => i.overpayments.push(credit),
                CreditKind::Prepayment => i.prepayments.push(credit),
            },
        )?;
        Ok(id)
    }

    /// Voids an AUTHORISED invoice. Xero requires payments to be removed first.
    pub fn void_invoice(&self, tenant: Uuid, id: Uuid) -> Result<()> {
        let invoice = self.invoice(tenant, id)?;
        if invoice.status != InvoiceStatus::Authorised || invoice.has_allocations() {
            return Err(FakeXeroError::Refused(
                "only AUTHORISED invoices without payments or credits can be voided".to_owned(),
            ));
        }
        let now = self.now();
        self.update_invoice(tenant, id, |i| {
            i.status = InvoiceStatus::Voided;
            i.history.push(system_history("Voided", "INV voided.", now));
        })
    }

    /// Deletes a DRAFT or SUBMITTED invoice (approved ones are voided instead).
    pub fn delete_invoice(&self, tenant: Uuid, id: Uuid) -> Result<()> {
        let status = self.invoice(tenant, id)?.status;
        if !matches!(status, InvoiceStatus::Draft | InvoiceStatus::Submitted) {
            return Err(FakeXeroError::Refused(format!(
                "a {} invoice cannot be deleted",
                status.as_str()
            )));
        }
        self.update_invoice(tenant, id, |i| i.status = InvoiceStatus::Deleted)
    }

    pub fn history(&self, tenant: Uuid, id: Uuid) -> Result<Vec<HistoryRecord>> {
        Ok(self.invoice(tenant, id)?.history)
    }

    // ----- internals -----

    fn with_contact(
        &self,
        tenant: Uuid,
        id: Uuid,
        change: impl FnOnce(&mut Contact),
    ) -> Result<()> {
        let mut world = self.shared.world();
        let contact = world.tenant_mut(tenant)?.contact_mut(id);
        change(contact.ok_or(FakeXeroError::UnknownContact(id))?);
        Ok(())
    }

    /// Applies `change` to a copy and keeps it only if Xero's invariants still hold.
    fn with_invoice(
        &self,
        tenant: Uuid,
        id: Uuid,
        change: impl FnOnce(&mut Invoice) -> Result<()>,
    ) -> Result<()> {
        let mut world = self.shared.world();
        let invoice = world.tenant_mut(tenant)?.invoice_mut(id)?;
        let mut edited = invoice.clone();
        change(&mut edited)?;
        *invoice = edited;
        Ok(())
    }

    fn allocate(
        &self,
        tenant: Uuid,
        invoice: Uuid,
        amount: Decimal,
        changes: &str,
        details: &str,
        push: impl FnOnce(&mut Invoice),
    ) -> Result<()> {
        let now = self.now();
        let bumps = self.shared.world().rules.allocation_bumps_updated;
        self.with_invoice(tenant, invoice, |i| {
            check_allocatable(i, amount)?;
            push(i);
            i.history.push(system_history(changes, details, now));
            if bumps {
                i.updated_utc = now;
            }
            settle_status(i)
        })
    }
}
