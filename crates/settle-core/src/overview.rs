//! The Customers overview: which customers are listed, how they split into the Chasing and
//! Not chasing tabs, and how a page of them is searched, sorted and totalled.
//!
//! The database aggregates each customer's invoices into [`CustomerFacts`]; every decision about
//! what the owner sees is taken here, with `today` passed in, so it is table-tested without a
//! database or a clock.

use std::cmp::Ordering;

use chrono::{DateTime, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::contact::{ChasingStatus, ContactStatus};
use crate::CurrencyCode;

/// One customer's open balance in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyBalance {
    pub currency: CurrencyCode,
    pub open_invoices: u32,
    pub outstanding: Decimal,
    pub overdue: Decimal,
    /// The same amounts converted to the organisation's base currency at each invoice's rate.
    pub outstanding_base: Decimal,
    pub overdue_base: Decimal,
}

/// What the database knows about one customer, aggregated for the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerFacts {
    pub id: i64,
    pub name: String,
    pub status: ContactStatus,
    pub chasing: ChasingStatus,
    /// Name of the cadence the customer's invoices follow, if any.
    pub schedule: Option<String>,
    pub balances: Vec<CurrencyBalance>,
    /// The most recent date on which one of the customer's invoices was paid in full.
    pub last_settled_on: Option<NaiveDate>,
    pub last_reminder_at: Option<DateTime<Utc>>,
    pub next_reminder_at: Option<DateTime<Utc>>,
}

impl CustomerFacts {
    pub fn open_invoices(&self) -> u32 {
        self.balances.iter().map(|b| b.open_invoices).sum()
    }

    pub fn outstanding_base(&self) -> Decimal {
        self.balances.iter().map(|b| b.outstanding_base).sum()
    }

    pub fn overdue_base(&self) -> Decimal {
        self.balances.iter().map(|b| b.overdue_base).sum()
    }
}

/// The first day of the "settled in the last month" window: the same day of the previous calendar
/// month (clamped to its last day, so 31 March looks back to 28 or 29 February).
pub fn settled_window_start(today: NaiveDate) -> NaiveDate {
    today
        .checked_sub_months(Months::new(1))
        .unwrap_or(NaiveDate::MIN)
}

/// A customer is listed when it owes something (an issued invoice with an amount due) or settled
/// at least one invoice in the last month — so the owner sees who just paid as well as who owes.
pub fn is_listed(facts: &CustomerFacts, today: NaiveDate) -> bool {
    listed_since(facts, settled_window_start(today), today)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Tab {
    Chasing,
    NotChasing,
}

impl Tab {
    pub fn holds(self, status: ChasingStatus) -> bool {
        matches!(
            (self, status),
            (Tab::Chasing, ChasingStatus::Chasing) | (Tab::NotChasing, ChasingStatus::NotChasing)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum SortKey {
    Name,
    Outstanding,
    Overdue,
    LastReminder,
    NextReminder,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewQuery {
    pub tab: Tab,
    /// Case-insensitive text the customer's name must contain; empty matches everyone.
    pub search: String,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TabCounts {
    pub chasing: usize,
    pub not_chasing: usize,
}

/// One page of the overview plus the numbers around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewPage<'a> {
    /// Listed customers per tab (ignoring the search), for the tab labels.
    pub counts: TabCounts,
    /// Customers in the chosen tab that match the search.
    pub matched: usize,
    /// Totals over `matched`, in the base currency.
    pub outstanding_base: Decimal,
    pub overdue_base: Decimal,
    pub rows: Vec<&'a CustomerFacts>,
}

/// Lists, filters, sorts, totals and pages the customers for one view of the overview.
pub fn overview_page<'a>(
    customers: &'a [CustomerFacts],
    today: NaiveDate,
    query: &OverviewQuery,
) -> OverviewPage<'a> {
    let needle = query.search.trim().to_lowercase();
    let window_start = settled_window_start(today);
    let mut counts = TabCounts::default();
    // Sort keys (lower-cased name, base totals) are computed once per row, not per comparison.
    let mut matched: Vec<Keyed> = Vec::new();
    for facts in customers
        .iter()
        .filter(|f| listed_since(f, window_start, today))
    {
        match facts.chasing {
            ChasingStatus::Chasing => counts.chasing += 1,
            ChasingStatus::NotChasing => counts.not_chasing += 1,
        }
        if !query.tab.holds(facts.chasing) {
            continue;
        }
        let name = facts.name.to_lowercase();
        if needle.is_empty() || name.contains(&needle) {
            matched.push(Keyed {
                facts,
                name,
                outstanding: facts.outstanding_base(),
                overdue: facts.overdue_base(),
            });
        }
    }
    matched.sort_by(|a, b| compare(a, b, query.sort, query.descending));
    let outstanding_base = matched.iter().map(|k| k.outstanding).sum();
    let overdue_base = matched.iter().map(|k| k.overdue).sum();
    let total = matched.len();
    let rows = matched
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .map(|k| k.facts)
        .collect();
    OverviewPage {
        counts,
        matched: total,
        outstanding_base,
        overdue_base,
        rows,
    }
}

fn listed_since(facts: &CustomerFacts, window_start: NaiveDate, today: NaiveDate) -> bool {
    facts.balances.iter().any(|b| b.open_invoices > 0)
        || facts
            .last_settled_on
            .is_some_and(|d| d >= window_start && d <= today)
}

/// A matched customer with its sort keys.
struct Keyed<'a> {
    facts: &'a CustomerFacts,
    name: String,
    outstanding: Decimal,
    overdue: Decimal,
}

/// Orders two customers by the chosen key. Missing reminder times always sort last, and ties fall
/// back to the name so the order is stable between pages.
fn compare(a: &Keyed<'_>, b: &Keyed<'_>, key: SortKey, descending: bool) -> Ordering {
    let by_name = || a.name.cmp(&b.name).then(a.facts.id.cmp(&b.facts.id));
    let directed = |ord: Ordering| if descending { ord.reverse() } else { ord };
    let primary = match key {
        SortKey::Name => return directed(by_name()),
        SortKey::Outstanding => directed(a.outstanding.cmp(&b.outstanding)),
        SortKey::Overdue => directed(a.overdue.cmp(&b.overdue)),
        SortKey::LastReminder => {
            optional_last(a.facts.last_reminder_at, b.facts.last_reminder_at, directed)
        }
        SortKey::NextReminder => {
            optional_last(a.facts.next_reminder_at, b.facts.next_reminder_at, directed)
        }
    };
    primary.then_with(by_name)
}

fn optional_last<T: Ord>(
    a: Option<T>,
    b: Option<T>,
    directed: impl Fn(Ordering) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests;
