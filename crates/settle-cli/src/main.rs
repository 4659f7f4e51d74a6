//! settle-cli: the `settle` command, Settle's engine without a window.
//!
//! Owns: argument parsing, choosing the data folder and clock, printing tables or stable JSON,
//! and exit codes (0 done, 1 failed with a message on stderr, 2 bad usage).
//!
//! Must not: hold business rules or SQL — every command is a thin call into settle-engine.

mod args;
mod chasing_args;
mod chasing_commands;
mod chasing_output;
mod customer_schedule_cli;
mod output;
mod send_cli;
mod smtp_cli;
mod xero_cli;

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use settle_core::demo::DemoSize;
use settle_core::{Clock, FixedClock};
use settle_engine::{default_data_dir, CustomerQuery, Engine, EngineError, SystemClock};

use args::{ChaseAction, Cli, Command};

/// Audit-log actor for changes made from the command line.
const ACTOR_CLI: &str = "cli";

fn main() -> ExitCode {
    quiet_when_the_reader_goes_away();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("SETTLE_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("settle: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("settle: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let data_dir = match cli.data_dir.clone() {
        Some(dir) => dir,
        None => default_data_dir().context(
            "no home folder found: choose a data folder with --data-dir or SETTLE_DATA_DIR",
        )?,
    };
    let clock: Arc<dyn Clock> = match cli.now {
        Some(now) => Arc::new(FixedClock(now)),
        None => Arc::new(SystemClock),
    };
    let engine = Engine::open(&data_dir, clock).await?;
    let result = dispatch(&engine, cli.command).await;
    engine.close().await;
    result
}

async fn dispatch(engine: &Engine, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Demo {
            customers,
            invoices_per_customer,
            json,
        } => {
            let size = DemoSize {
                customers: customers.unwrap_or(DemoSize::DEMO.customers),
                invoices_per_customer: invoices_per_customer
                    .unwrap_or(DemoSize::DEMO.invoices_per_customer),
            };
            let org = engine.create_demo(size).await?;
            if json {
                output::json(&org)?;
            } else {
                println!(
                    "Demo organisation ready: {} ({} customers) in {}",
                    org.name,
                    size.customers,
                    engine.data_dir().display()
                );
            }
        }
        Command::Customers {
            tab,
            search,
            sort,
            desc,
            limit,
            json,
        } => {
            let page = engine
                .customers(&CustomerQuery {
                    tab: tab.into(),
                    search: search.unwrap_or_default(),
                    sort: sort.into(),
                    descending: desc,
                    offset: 0,
                    limit,
                })
                .await?;
            if json {
                output::json(&page)?;
            } else {
                output::customers_table(&page);
            }
        }
        Command::Chase {
            action,
            customer,
            all,
            json,
        } => {
            let chasing = matches!(action, ChaseAction::Start);
            let receipt = match (customer, all) {
                (_, true) => engine.set_all_chasing(chasing, ACTOR_CLI).await?,
                (Some(needle), false) => {
                    let found = engine.find_customer(&needle).await?;
                    engine
                        .set_customer_chasing(found.id, chasing, ACTOR_CLI)
                        .await?
                }
                (None, false) => {
                    return Err(EngineError::InvalidInput(
                        "name a customer (or its id), or pass --all".into(),
                    )
                    .into())
                }
            };
            if json {
                output::json(&receipt)?;
            } else {
                println!(
                    "{} (undo with: settle undo {})",
                    receipt.summary, receipt.audit_id
                );
            }
        }
        Command::Undo { change, json } => {
            let receipt = engine.undo_change(change, ACTOR_CLI).await?;
            if json {
                output::json(&receipt)?;
            } else {
                println!("{}", receipt.summary);
            }
        }
        Command::Plan(args) => chasing_commands::plan(engine, args).await?,
        Command::Preview(args) => chasing_commands::preview(engine, args).await?,
        Command::Cadence { command } => chasing_commands::cadence(engine, command).await?,
        Command::AssignCadences(args) => chasing_commands::assign(engine, args).await?,
        Command::Missed(args) => chasing_commands::missed(engine, args).await?,
        Command::CustomerSchedule { command } => {
            customer_schedule_cli::run(engine, command).await?
        }
        Command::Connect(args) => xero_cli::connect(engine, args).await?,
        Command::Sync(args) => xero_cli::sync(engine, args).await?,
        Command::Disconnect(args) => xero_cli::disconnect(engine, args).await?,
        Command::Outbox(args) => send_cli::outbox(engine, args).await?,
        Command::Messages(args) => send_cli::messages(engine, args).await?,
        Command::Approve(args) => send_cli::approve(engine, args).await?,
        Command::Send(args) => send_cli::send(engine, args).await?,
        Command::Skip(args) => send_cli::skip(engine, args).await?,
        Command::InDoubt(args) => send_cli::in_doubt(engine, args).await?,
        Command::Smtp { command } => smtp_cli::smtp(engine, command).await?,
        Command::Sender { command } => smtp_cli::sender(engine, command).await?,
    }
    Ok(())
}

/// `settle customers | head` closes the pipe early and `println!` then panics with "Broken pipe".
/// Like other command-line tools, treat that as the reader being done: stop quietly. Every
/// change is committed before its output is printed, so nothing is lost by stopping here.
fn quiet_when_the_reader_goes_away() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or_default();
        if message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
}
