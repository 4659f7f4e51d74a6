//! `settle customer-schedule set|statement|show|clear`: a customer's customer-level schedule
//! (steps keyed to the age of its oldest overdue invoice, and a monthly statement;
//! docs/CADENCES.md). Thin calls into settle-engine, printed as text or JSON.

use std::path::PathBuf;

use anyhow::bail;
use clap::Subcommand;
use settle_engine::{
    Channel, CustomerOccurrenceView, CustomerScheduleReceipt, CustomerScheduleView, Engine,
    StatementDayInput, StatementInput,
};

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
    /// Set, change or turn off a customer's monthly statement (a customer without a schedule
    /// gets one with the statement only)
    Statement {
        /// The customer's name (or a unique part of it) or id
        customer: String,
        /// The day of the month: 1–28, or `last`
        #[arg(long, value_name = "N|last", required_unless_present = "off")]
        day: Option<String>,
        /// The hour of the day, 0–23, in the organisation's time zone
        #[arg(
            long,
            value_name = "H",
            required_unless_present = "off",
            allow_negative_numbers = true
        )]
        hour: Option<i64>,
        /// Comma-separated channels: letter, email, sms
        #[arg(long, value_name = "letter[,email]", required_unless_present = "off")]
        channels: Option<String>,
        /// Turn the statement off (its waiting statements are withdrawn)
        #[arg(long, conflicts_with_all = ["day", "hour", "channels"])]
        off: bool,
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
        CustomerScheduleCommand::Statement {
            customer,
            day,
            hour,
            channels,
            off,
            json,
        } => {
            let statement = match (off, day, hour, channels) {
                (true, ..) => None,
                (false, Some(day), Some(hour), Some(channels)) => Some(StatementInput {
                    day: match day.trim().parse::<i64>() {
                        Ok(n) => StatementDayInput::Day(n),
                        Err(_) => StatementDayInput::Text(day),
                    },
                    hour,
                    channels: parse_channels(&channels)?,
                }),
                _ => bail!("give --day, --hour and --channels, or --off"),
            };
            (
                engine
                    .set_customer_statement(&customer, statement.as_ref())
                    .await?,
                json,
            )
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

/// `letter,email` → channels; an unknown one is refused naming it (duplicates are left for the
/// engine to refuse with its own message).
fn parse_channels(text: &str) -> anyhow::Result<Vec<Channel>> {
    text.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| {
            Channel::parse(c)
                .ok_or_else(|| anyhow::anyhow!("channel '{c}' is not one of email, sms or letter"))
        })
        .collect()
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
    if view.steps.is_empty() {
        println!("  No steps: only the monthly statement.");
    }
    match &view.statement {
        Some(statement) => println!(
            "Monthly statement: {} (set {}).",
            statement.description, statement.set_at
        ),
        None => println!("No monthly statement."),
    }
    match &view.current_loop {
        // A statement-only schedule has no loop to speak of.
        _ if view.steps.is_empty() => {}
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
    print_occurrences(&view.occurrences);
    if let Some(statements) = view.statement_occurrences.as_deref() {
        if !statements.is_empty() {
            println!("Statements (STEP 0):");
            print_occurrences(statements);
        }
    }
}

fn print_occurrences(occurrences: &[CustomerOccurrenceView]) {
    if occurrences.is_empty() {
        return;
    }
    let to = occurrences
        .iter()
        .map(|o| o.audience.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    println!(
        "  {:<16}  {:<6}  {:<5}  {:<to$}  STATUS",
        "LOCAL TIME", "CHAN", "STEP", "TO"
    );
    for o in occurrences {
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
