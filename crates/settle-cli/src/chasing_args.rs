//! The chasing commands' arguments: plan, preview, cadence, assign-cadences and missed.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Plan for this instant (RFC 3339, e.g. 2026-11-23T09:30:00Z) [default: now]
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<DateTime<Utc>>,
    /// Print JSON (the shape is documented in docs/CLI.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// How many days ahead
    #[arg(long, default_value_t = 90)]
    pub days: u32,
    /// Only this invoice (its number, as in Xero)
    #[arg(long, value_name = "NUMBER", conflicts_with = "customer")]
    pub invoice: Option<String>,
    /// Only this customer (its name, a unique part of it, or its id)
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    /// List at most this many occurrences (the counts cover all) [default: all for an invoice
    /// or customer, 200 for the organisation]
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print JSON (the shape is documented in docs/CLI.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CadenceCommand {
    /// List the cadences with their steps
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one cadence
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Create a cadence from a JSON list of steps (format: docs/CADENCES.md)
    Create {
        name: String,
        /// A file holding a JSON array of steps
        #[arg(long, value_name = "FILE")]
        steps_json: PathBuf,
        /// Make it the default cadence for new invoices
        #[arg(long)]
        default: bool,
        #[arg(long)]
        json: bool,
    },
    /// Replace a cadence's steps (invoices it was applied to keep theirs)
    Update {
        name: String,
        /// A file holding a JSON array of steps
        #[arg(long, value_name = "FILE")]
        steps_json: PathBuf,
        /// Show what would change over the next days instead of saving
        #[arg(long)]
        preview: bool,
        /// Days the preview covers
        #[arg(long, default_value_t = 90)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
    /// Put a cadence's steps in a new order, e.g. `reorder "Firm" 2 1 3`
    Reorder {
        name: String,
        /// Every step number, from 1, in the new order
        #[arg(required = true, num_args = 1..)]
        order: Vec<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Rename a cadence
    Rename {
        name: String,
        new_name: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a cadence (invoices keep the steps copied from it)
    Delete {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Make a cadence the default for new invoices
    Default {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Import cadences from a cadence file (format: docs/CADENCES.md); existing names are updated
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Export cadences as a cadence file (all of them when no name is given)
    Export {
        names: Vec<String>,
        /// Write to this file instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Apply a cadence to invoices now (a copy of its steps goes onto each)
    Apply {
        name: String,
        /// Invoice numbers
        #[arg(long = "invoice", value_name = "NUMBER", num_args = 1.., required_unless_present = "all_open", conflicts_with = "all_open")]
        invoices: Vec<String>,
        /// Every open invoice
        #[arg(long)]
        all_open: bool,
        /// Show what would change over the next days instead of applying
        #[arg(long)]
        preview: bool,
        /// Days the preview covers
        #[arg(long, default_value_t = 90)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// A CSV file with the header `invoice_number,cadence_name`
    pub file: PathBuf,
    /// Apply the valid rows (without it the file is only checked)
    #[arg(long)]
    pub accept: bool,
    /// Print JSON (the shape is documented in docs/CLI.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MissedArgs {
    #[command(subcommand)]
    pub action: Option<MissedCommand>,
    /// Print JSON (the shape is documented in docs/CLI.md)
    #[arg(long, global = true)]
    pub json: bool,
}

/// Which missed reminders an action covers.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct MissedTarget {
    /// Every missed reminder
    #[arg(long)]
    pub all: bool,
    /// One customer's (its name, a unique part of it, or its id)
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    /// These reminders, by the key `settle missed` prints
    #[arg(long = "key", value_name = "KEY", num_args = 1..)]
    pub keys: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum MissedCommand {
    /// Put them in the approvals queue now
    SendNow {
        #[command(flatten)]
        target: MissedTarget,
    },
    /// Skip them (they are not sent)
    Skip {
        #[command(flatten)]
        target: MissedTarget,
        /// Why (shown in the invoice's chasing history)
        #[arg(long)]
        reason: Option<String>,
    },
    /// Send them at a later time instead
    Reschedule {
        #[command(flatten)]
        target: MissedTarget,
        /// The new time (RFC 3339, e.g. 2026-11-24T09:00:00Z)
        #[arg(long, value_name = "RFC3339")]
        to: String,
    },
}
