//! The Customers overview and the customer page.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use settle_core::contact::ContactStatus;
use settle_core::money::to_base;
use settle_core::overview::{overview_page, CurrencyBalance, CustomerFacts, OverviewQuery};
use settle_core::CurrencyCode;
use settle_db::{ContactMatch, StoredInvoice, TimelineKind};

use crate::engine::{instant_text, money_text};
use crate::{
    AddressView, BalanceView, CustomerDetail, CustomerPage, CustomerQuery, CustomerRowView, Engine,
    EngineError, InvoiceRowView, PersonView, PhoneView, TabCounts, TimelineEntry,
};

/// The most rows one request may ask for (the window asks for blocks of 200).
pub const MAX_PAGE: u32 = 5_000;

impl Engine {
    /// One window of the overview for the current organisation, at the engine's `now`.
    pub async fn customers(&self, query: &CustomerQuery) -> Result<CustomerPage, EngineError> {
        if query.limit > MAX_PAGE {
            return Err(EngineError::InvalidInput(format!(
                "at most {MAX_PAGE} customers can be listed at once (asked for {})",
                query.limit
            )));
        }
        let org = self.current().await?;
        let today = self.today(&org);
        let base = org.organisation.base_currency.clone();
        let facts = self.overview.facts(&self.db, org.id, today).await?;
        let page = overview_page(
            &facts,
            today,
            &OverviewQuery {
                tab: query.tab,
                search: query.search.clone(),
                sort: query.sort,
                descending: query.descending,
                offset: query.offset as usize,
                limit: query.limit as usize,
            },
        );
        Ok(CustomerPage {
            counts: TabCounts {
                chasing: page.counts.chasing as u32,
                not_chasing: page.counts.not_chasing as u32,
            },
            matched: page.matched as u32,
            outstanding: money_text(page.outstanding_base, &base),
            overdue: money_text(page.overdue_base, &base),
            base_currency: base.to_string(),
            rows: page.rows.into_iter().map(|f| row_view(f, &base)).collect(),
        })
    }

    /// Computes the overview's per-customer facts ahead of the first request (at launch, and after
    /// a planning run), so the window's first rows do not wait for the SQL aggregate.
    pub async fn warm_overview(&self) -> Result<(), EngineError> {
        let org = self.current().await?;
        let today = self.today(&org);
        self.overview.facts(&self.db, org.id, today).await?;
        Ok(())
    }

    /// Everything the customer page shows.
    pub async fn customer_detail(&self, id: i64) -> Result<CustomerDetail, EngineError> {
        let org = self.current().await?;
        let today = self.today(&org);
        let base = org.organisation.base_currency.clone();
        let stored = self.db.contact(org.id, id).await?;
        let invoices = self.db.invoices_of_contact(org.id, id).await?;
        let timeline = self.db.timeline(org.id, id).await?;

        let mut balances: Vec<CurrencyBalance> = Vec::new();
        for inv in invoices.iter().map(|s| &s.invoice).filter(|i| i.is_open()) {
            let overdue = if inv.is_overdue(today) {
                inv.amount_due
            } else {
                Decimal::ZERO
            };
            let slot = match balances.iter().position(|b| b.currency == inv.currency) {
                Some(i) => &mut balances[i],
                None => {
                    balances.push(empty_balance(inv.currency.clone()));
                    balances.last_mut().expect("just pushed")
                }
            };
            slot.open_invoices += 1;
            slot.outstanding += inv.amount_due;
            slot.overdue += overdue;
            slot.outstanding_base += to_base(inv.amount_due, inv.currency_rate);
            slot.overdue_base += to_base(overdue, inv.currency_rate);
        }
        let c = &stored.contact;
        Ok(CustomerDetail {
            id: stored.id,
            name: c.name.clone(),
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            email: c.email.clone(),
            archived: c.status != ContactStatus::Active,
            chasing: c.chasing.is_chasing(),
            schedule: stored.schedule.clone(),
            outstanding: money_text(balances.iter().map(|b| b.outstanding_base).sum(), &base),
            overdue: money_text(balances.iter().map(|b| b.overdue_base).sum(), &base),
            base_currency: base.to_string(),
            balances: balances.iter().map(balance_view).collect(),
            persons: c
                .persons
                .iter()
                .map(|p| PersonView {
                    name: format!("{} {}", p.first_name, p.last_name)
                        .trim()
                        .to_owned(),
                    email: p.email.clone(),
                    include_in_emails: p.include_in_emails,
                    roles: p.roles.clone(),
                })
                .collect(),
            phones: c
                .phones
                .iter()
                .map(|p| PhoneView {
                    kind: p.phone_type.as_str().to_owned(),
                    number: format!("+{} {} {}", p.country_code, p.area_code, p.number),
                })
                .collect(),
            addresses: c
                .addresses
                .iter()
                .map(|a| AddressView {
                    kind: a.address_type.as_str().to_owned(),
                    lines: a
                        .lines
                        .iter()
                        .chain([&a.city, &a.region, &a.postal_code, &a.country])
                        .filter(|l| !l.is_empty())
                        .cloned()
                        .collect(),
                })
                .collect(),
            invoices: invoices
                .iter()
                .map(|s| invoice_row_view(s, today))
                .collect(),
            timeline: timeline
                .into_iter()
                .map(|t| TimelineEntry {
                    at: instant_text(t.at),
                    kind: match t.kind {
                        TimelineKind::Message => "message",
                        TimelineKind::Change => "change",
                    }
                    .to_owned(),
                    title: t.title,
                    detail: t.detail,
                })
                .collect(),
        })
    }

    /// The one customer a CLI argument names (an id, an exact name, or a unique part of a name).
    pub async fn find_customer(&self, needle: &str) -> Result<ContactMatch, EngineError> {
        let org = self.current().await?;
        let mut found = self.db.find_contacts(org.id, needle).await?;
        match found.len() {
            0 => Err(EngineError::NotFound(format!(
                "No customer is called '{needle}'. Run `settle customers` to see their names."
            ))),
            1 => Ok(found.remove(0)),
            _ => Err(EngineError::InvalidInput(format!(
                "'{needle}' matches several customers: {}. Use the full name or the id.",
                found
                    .iter()
                    .map(|m| format!("{} (id {})", m.name, m.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }
}

/// An invoice as a row of the customer page (and the head of the invoice page).
pub(crate) fn invoice_row_view(s: &StoredInvoice, today: NaiveDate) -> InvoiceRowView {
    let i = &s.invoice;
    InvoiceRowView {
        id: s.id,
        number: i.number.clone(),
        reference: i.reference.clone(),
        status: i.status.as_str().to_owned(),
        status_label: i.status.label().to_owned(),
        issue_date: i.issue_date.format("%Y-%m-%d").to_string(),
        due_date: i.due_date.format("%Y-%m-%d").to_string(),
        currency: i.currency.to_string(),
        total: money_text(i.total, &i.currency),
        amount_due: money_text(i.amount_due, &i.currency),
        days_overdue: i.days_overdue(today) as u32,
        chasing: i.chasing_enabled,
    }
}

fn empty_balance(currency: CurrencyCode) -> CurrencyBalance {
    CurrencyBalance {
        currency,
        open_invoices: 0,
        outstanding: Decimal::ZERO,
        overdue: Decimal::ZERO,
        outstanding_base: Decimal::ZERO,
        overdue_base: Decimal::ZERO,
    }
}

fn balance_view(b: &CurrencyBalance) -> BalanceView {
    BalanceView {
        currency: b.currency.to_string(),
        outstanding: money_text(b.outstanding, &b.currency),
        overdue: money_text(b.overdue, &b.currency),
        open_invoices: b.open_invoices,
    }
}

fn row_view(f: &CustomerFacts, base: &CurrencyCode) -> CustomerRowView {
    CustomerRowView {
        id: f.id,
        name: f.name.clone(),
        archived: f.status != ContactStatus::Active,
        chasing: f.chasing.is_chasing(),
        schedule: f.schedule.clone(),
        open_invoices: f.open_invoices(),
        outstanding: money_text(f.outstanding_base(), base),
        overdue: money_text(f.overdue_base(), base),
        balances: f.balances.iter().map(balance_view).collect(),
        last_reminder_at: f.last_reminder_at.map(instant_text),
        next_reminder_at: f.next_reminder_at.map(instant_text),
    }
}
