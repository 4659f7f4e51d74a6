//! Invoices and what hangs off them: lines, payments, credit allocations, history. Owns: the
//! arithmetic Xero derives (totals, AmountPaid, AmountCredited, AmountDue, FullyPaidOnDate).
//! Must not: know HTTP or JSON spelling.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceType {
    /// A sales invoice: the only kind Settle chases.
    Accrec,
    /// A bill.
    Accpay,
}

impl InvoiceType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accrec => "ACCREC",
            Self::Accpay => "ACCPAY",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceStatus {
    Draft,
    Submitted,
    Authorised,
    Paid,
    Voided,
    Deleted,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "DRAFT",
            Self::Submitted => "SUBMITTED",
            Self::Authorised => "AUTHORISED",
            Self::Paid => "PAID",
            Self::Voided => "VOIDED",
            Self::Deleted => "DELETED",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::Submitted,
            Self::Authorised,
            Self::Paid,
            Self::Voided,
            Self::Deleted,
        ]
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// One invoice line; amounts are tax-exclusive (LineAmountTypes = Exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    pub id: Uuid,
    pub description: String,
    pub quantity: Decimal,
    pub unit_amount: Decimal,
    pub account_code: String,
    pub tax_type: String,
    pub tax_amount: Decimal,
}

impl LineItem {
    pub fn new(description: &str, quantity: Decimal, unit_amount: Decimal, tax: Decimal) -> Self {
        Self {
            id: Uuid::new_v4(),
            description: description.to_owned(),
            quantity,
            unit_amount,
            account_code: "200".to_owned(),
            tax_type: if tax.is_zero() { "NONE" } else { "OUTPUT2" }.to_owned(),
            tax_amount: tax,
        }
    }

    pub fn line_amount(&self) -> Decimal {
        (self.quantity * self.unit_amount).round_dp(2)
    }
}

/// A payment applied to an invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    pub id: Uuid,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub reference: String,
}

/// A credit note, overpayment or prepayment allocated to an invoice (which of the three is
/// given by the invoice list it sits in).
#[derive(Debug, Clone, PartialEq)]
pub struct CreditAllocation {
    pub id: Uuid,
    /// CreditNoteNumber for credit notes; unused for over/prepayments.
    pub number: String,
    pub date: NaiveDate,
    pub amount: Decimal,
}

/// A history entry: Xero-made changes ("Approved", "Payment Received") or API notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRecord {
    pub changes: String,
    pub user: String,
    pub details: String,
    pub at: DateTime<Utc>,
}

/// A Xero invoice. Status PAID and FullyPaidOnDate follow from the allocations: the fake keeps
/// `AmountDue == Total − AmountPaid − AmountCredited` true after every change.
#[derive(Debug, Clone, PartialEq)]
pub struct Invoice {
    pub id: Uuid,
    pub kind: InvoiceType,
    pub number: String,
    pub reference: String,
    pub contact_id: Uuid,
    pub status: InvoiceStatus,
    pub date: NaiveDate,
    pub due_date: NaiveDate,
    pub expected_payment_date: Option<NaiveDate>,
    pub currency: String,
    pub currency_rate: Decimal,
    pub lines: Vec<LineItem>,
    pub payments: Vec<Payment>,
    pub credit_notes: Vec<CreditAllocation>,
    pub overpayments: Vec<CreditAllocation>,
    pub prepayments: Vec<CreditAllocation>,
    pub sent_to_contact: bool,
    pub updated_utc: DateTime<Utc>,
    pub history: Vec<HistoryRecord>,
}

impl Invoice {
    /// An AUTHORISED sales invoice with one line of `amount` (no tax).
    pub fn accrec(
        contact_id: Uuid,
        number: &str,
        date: NaiveDate,
        due_date: NaiveDate,
        amount: Decimal,
    ) -> Self {
        Self {
            id: Uuid::new_v4(),
            kind: InvoiceType::Accrec,
            number: number.to_owned(),
            reference: String::new(),
            contact_id,
            status: InvoiceStatus::Authorised,
            date,
            due_date,
            expected_payment_date: None,
            currency: "NZD".to_owned(),
            currency_rate: Decimal::ONE,
            lines: vec![LineItem::new(
                "Services",
                Decimal::ONE,
                amount,
                Decimal::ZERO,
            )],
            payments: Vec::new(),
            credit_notes: Vec::new(),
            overpayments: Vec::new(),
            prepayments: Vec::new(),
            sent_to_contact: true,
            updated_utc: DateTime::UNIX_EPOCH,
            history: Vec::new(),
        }
    }

    pub fn with_status(mut self, status: InvoiceStatus) -> Self {
        self.status = status;
        self
    }

    pub fn sub_total(&self) -> Decimal {
        self.lines.iter().map(LineItem::line_amount).sum()
    }

    pub fn total_tax(&self) -> Decimal {
        self.lines.iter().map(|l| l.tax_amount).sum()
    }

    pub fn total(&self) -> Decimal {
        self.sub_total() + self.total_tax()
    }

    pub fn amount_paid(&self) -> Decimal {
        self.payments.iter().map(|p| p.amount).sum()
    }

    pub fn amount_credited(&self) -> Decimal {
        self.credit_notes
            .iter()
            .chain(&self.overpayments)
            .chain(&self.prepayments)
            .map(|c| c.amount)
            .sum()
    }

    pub fn amount_due(&self) -> Decimal {
        self.total() - self.amount_paid() - self.amount_credited()
    }

    /// Any payment or credit allocated: Xero then refuses journal edits.
    pub fn has_allocations(&self) -> bool {
        !(self.payments.is_empty()
            && self.credit_notes.is_empty()
            && self.overpayments.is_empty()
            && self.prepayments.is_empty())
    }

    /// The date of the allocation that settled the invoice; only for PAID invoices.
    pub fn fully_paid_on(&self) -> Option<NaiveDate> {
        if self.status != InvoiceStatus::Paid {
            return None;
        }
        let credits = self
            .credit_notes
            .iter()
            .chain(&self.overpayments)
            .chain(&self.prepayments);
        self.payments
            .iter()
            .map(|p| p.date)
            .chain(credits.map(|c| c.date))
            .max()
    }
}
