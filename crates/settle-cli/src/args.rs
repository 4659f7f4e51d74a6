//! The command line, as clap derives it. `--help` works on every command.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use settle_engine::{SortKey, Tab, DATA_DIR_ENV};

use crate::chasing_args::{AssignArgs, CadenceCommand, MissedArgs, PlanArgs, PreviewArgs};
use crate::customer_schedule_cli::CustomerScheduleCommand;
use crate::send_cli::{ApproveArgs, InDoubtArgs, MessagesArgs, OutboxArgs, SendArgs, SkipArgs};
use crate::smtp_cli::{SenderCommand, SmtpCommand};
use crate::xero_cli::{ConnectArgs, DisconnectArgs, SyncArgs};

#[derive(Debug, Parser)]
#[command(
    name = "settle",
    version,
    about = "Settle gets small businesses paid: review overdue invoices and chase them, safely.",
    long_about = "Settle gets small businesses paid: review overdue invoices and chase them, \
                  safely.\n\nThe same engine as the desktop app, without a window. Start with \
                  `settle demo` to create the built-in demo business."
)]
pub struct Cli {
    /// The data folder holding Settle's database [default: the per-user application-data folder]
    #[arg(long, global = true, env = DATA_DIR_ENV, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Act as if it were this instant (RFC 3339, e.g. 2026-11-22T09:00:00Z) instead of now
    #[arg(long, global = true, value_name = "RFC3339")]
    pub now: Option<DateTime<Utc>>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the demo organisation, or refresh it to today (real organisations are not touched)
    Demo {
        /// How many customers [default: 60]
        #[arg(long)]
        customers: Option<usize>,
        /// Average invoices per customer [default: 5]
        #[arg(long)]
        invoices_per_customer: Option<usize>,
        /// Print the organisation as JSON
        #[arg(long)]
        json: bool,
    },
    /// List the customers of the Customers overview (unpaid, or settled in the last month)
    Customers {
        /// Which tab to list
        #[arg(long, value_enum, default_value_t = TabArg::Chasing)]
        tab: TabArg,
        /// Only customers whose name contains this text
        #[arg(long)]
        search: Option<String>,
        /// Sort by
        #[arg(long, value_enum, default_value_t = SortArg::Name)]
        sort: SortArg,
        /// Sort descending
        #[arg(long)]
        desc: bool,
        /// At most this many rows
        #[arg(long, default_value_t = 5000)]
        limit: u32,
        /// Print JSON (the shape is documented in docs/CLI.md)
        #[arg(long)]
        json: bool,
    },
    /// Start or stop chasing a customer (all of its invoices follow), or everyone with --all
    Chase {
        action: ChaseAction,
        /// The customer's name (or a unique part of it) or id
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        customer: Option<String>,
        /// Every customer ("Set all to 'Chasing'/'Not chasing'")
        #[arg(long)]
        all: bool,
        /// Print the receipt as JSON
        #[arg(long)]
        json: bool,
    },
    /// Undo the latest chasing change, by the number `settle chase` printed
    Undo {
        change: i64,
        /// Print the receipt as JSON
        #[arg(long)]
        json: bool,
    },
    /// What is due at an instant: queue due reminders for approval (never twice), hold missed ones
    Plan(PlanArgs),
    /// What the plan would send over the next days, for an invoice, a customer or everyone
    Preview(PreviewArgs),
    /// Cadences: reusable, named lists of chasing steps
    Cadence {
        #[command(subcommand)]
        command: CadenceCommand,
    },
    /// Assign cadences to invoices in bulk from a CSV file (checked first; applied with --accept)
    AssignCadences(AssignArgs),
    /// Reminders that fell due while Settle was not running: list, send now, skip or reschedule
    Missed(MissedArgs),
    /// Connect Settle to Xero in the browser (`settle connect xero --client-id ID`)
    Connect(ConnectArgs),
    /// Fetch the connected organisation's customers and invoices from Xero (progress on stderr)
    Sync(SyncArgs),
    /// Disconnect from Xero (the sign-in is revoked; synced data stays)
    Disconnect(DisconnectArgs),
    /// Customer-level schedules: one message listing all open invoices, keyed to the oldest overdue
    CustomerSchedule {
        #[command(subcommand)]
        command: CustomerScheduleCommand,
    },
    /// Every outbox item (one planned send) with its state, message and reason
    Outbox(OutboxArgs),
    /// Messages as they will go out (From, To/CC, subject, attachments, any problem)
    Messages(MessagesArgs),
    /// Approve messages (by id, or --all awaiting approval) to go during their scheduled hour
    Approve(ApproveArgs),
    /// Run a send batch: the fresh-data gate, then every approved message whose hour has come
    Send(SendArgs),
    /// Skip messages (not sent; the next step carries on), with your reason
    Skip(SkipArgs),
    /// Settle a message in doubt (sent data, no final reply): --mark-sent or --send-again
    InDoubt(InDoubtArgs),
    /// The SMTP server Settle sends through: set it, or send a test email
    Smtp {
        #[command(subcommand)]
        command: SmtpCommand,
    },
    /// Who reminders come from (name, address, signature)
    Sender {
        #[command(subcommand)]
        command: SenderCommand,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ChaseAction {
    Start,
    Stop,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TabArg {
    Chasing,
    NotChasing,
}

impl From<TabArg> for Tab {
    fn from(value: TabArg) -> Self {
        match value {
            TabArg::Chasing => Tab::Chasing,
            TabArg::NotChasing => Tab::NotChasing,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Name,
    Outstanding,
    Overdue,
    LastReminder,
    NextReminder,
}

impl From<SortArg> for SortKey {
    fn from(value: SortArg) -> Self {
        match value {
            SortArg::Name => SortKey::Name,
            SortArg::Outstanding => SortKey::Outstanding,
            SortArg::Overdue => SortKey::Overdue,
            SortArg::LastReminder => SortKey::LastReminder,
            SortArg::NextReminder => SortKey::NextReminder,
        }
    }
}
