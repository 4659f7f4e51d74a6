//! Printing: aligned tables for people, JSON for scripts.

use serde::Serialize;
use settle_engine::CustomerPage;

pub fn json(value: &impl Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub fn customers_table(page: &CustomerPage) {
    println!(
        "Chasing: {}   Not chasing: {}   Listed here: {}   Outstanding: {} {}   Overdue: {} {}",
        page.counts.chasing,
        page.counts.not_chasing,
        page.matched,
        page.base_currency,
        page.outstanding,
        page.base_currency,
        page.overdue
    );
    if page.rows.is_empty() {
        println!("(no customers)");
        return;
    }
    let width = page
        .rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:>6}  {:<width$}  {:>14}  {:>14}  {:<12}  SCHEDULE",
        "ID", "NAME", "OUTSTANDING", "OVERDUE", "STATUS"
    );
    for row in &page.rows {
        let mut status = if row.chasing {
            "Chasing"
        } else {
            "Not chasing"
        }
        .to_owned();
        if row.archived {
            status.push('*');
        }
        println!(
            "{:>6}  {:<width$}  {:>14}  {:>14}  {:<12}  {}",
            row.id,
            row.name,
            row.outstanding,
            row.overdue,
            status,
            row.schedule.as_deref().unwrap_or("—")
        );
    }
    if page.rows.iter().any(|r| r.archived) {
        println!("* archived in Xero");
    }
}
