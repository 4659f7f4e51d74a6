//! `settle customer-schedule set|show|clear`: a customer's customer-level schedule (steps keyed
//! to the age of its oldest overdue invoice; docs/CADENCES.md). Thin calls into settle-engine,
//! printed as text or JSON.

use std::path::PathBuf;

use clap::Subcommand;
use settle_engine::{CustomerScheduleReceipt, CustomerScheduleView, Engine};

use crate::chasing_commands::read_steps;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum CustomerScheduleCommand {
    /// Put a customer on a customer-level schedule, or replace its steps (a running loop goes on)
    Set {
        /// The customer's name (or a unique part of it) or id
        customer: String,
        /// A file holding a JSON array of steps, as in cadence files (after_due and repeat only)
        #[arg(long, visible_alias = "steps-json", value_name = "FILE")]
        file: PathBuf,
        /// Print the receipt as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show a customer's schedule, its running loop and what it sends
    Show {
        /// The customer's name (or a unique part of it) or id
        customer: String,
        /// Print JSON (the shape is documented in docs/CLI.md)
        #[arg(long)]
        json: bool,
    },
    /// Take a customer off its customer-level schedule (its waiting reminders are withdrawn)
    Clear {
        /// The customer's name (or a unique part of it) or id
        customer: String,
        /// Print the receipt as JSON
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(engine: &Engine, command: CustomerScheduleCommand) -> anyhow::Result<()> {
    let (receipt, json) = match command {
        CustomerScheduleCommand::Set {
            customer,
            file,
            json,
        } => {
            let steps = read_steps(&file)?;
            (engine.set_customer_schedule(&customer, &steps).await?, json)
        }
        CustomerScheduleCommand::Show { customer, json } => {
            let view = engine.customer_schedule(&customer).await?;
            return if json {
                output::json(&view)
            } else {
                show(&view);
                Ok(())
            };
        }
        CustomerScheduleCommand::Clear { customer, json } => {
            (engine.clear_customer_schedule(&customer).await?, json)
        }
    };
    if json {
        return output::json(&receipt);
    }
    print_receipt(&receipt);
    Ok(())
}

fn print_receipt(receipt: &CustomerScheduleReceipt) {
    println!("{}", receipt.summary);
    if let Some(view) = &receipt.schedule {
        println!();
        show(view);
    }
}

fn show(view: &CustomerScheduleView) {
    let chasing = if view.chasing {
        ""
    } else {
        " — not chasing: nothing of it is sent"
    };
    println!(
        "Customer schedule of {} (set {}){chasing}",
        view.customer_name, view.applied_at
    );
    for step in &view.steps {
        println!("  {}. {}", step.number, step.description);
    }
    match &view.current_loop {
        Some(l) => println!(
            "Loop {}: counted from {} (due {}, {} days ago).",
            l.loop_number, l.anchor_invoice_number, l.anchor_due_date, l.days_overdue
        ),
        None => println!("No loop is running: one starts when an open invoice falls due."),
    }
    let invoices: Vec<String> = view
        .invoices
        .iter()
        .map(|i| format!("{} ({} {})", i.number, i.currency, i.amount_due))
        .collect();
    if !invoices.is_empty() {
        println!("A message lists: {}", invoices.join(", "));
    }
    if view.occurrences.is_empty() {
        return;
    }
    let to = view
        .occurrences
        .iter()
        .map(|o| o.audience.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    println!(
        "  {:<16}  {:<6}  {:<5}  {:<to$}  STATUS",
        "LOCAL TIME", "CHAN", "STEP", "TO"
    );
    for o in &view.occurrences {
        let status = serde_json::to_value(o.status)
            .ok()
            .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
            .unwrap_or_default();
        let status = match &o.reason {
            Some(reason) => format!("{status}: {reason}"),
            None => status,
        };
        println!(
            "  {:<16}  {:<6}  {:<5}  {:<to$}  {status}",
            o.local.replace('T', " "),
            o.channel,
            format!("{}.{}", o.step, o.occurrence),
            o.audience
        );
    }
}
