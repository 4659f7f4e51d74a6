//! `settle outbox`, `settle approve`, `settle send`, `settle skip`, `settle in-doubt`
//! (docs/CLI.md, docs/SENDING.md).
//!
//! Owns: their arguments and printing. `settle send` exits 0 when the batch ran — held, waiting,
//! failed or in-doubt messages are outcomes the report shows, not errors; only a real error (no
//! database, an archive that cannot be written) exits 1.
//! Must not: hold sending rules (settle-engine) or touch SMTP itself.

use chrono::{DateTime, Utc};
use clap::{ArgGroup, Args};
use settle_engine::{
    Engine, EngineError, InDoubtChoice, MailboxView, OutboxItemView, OutgoingMessageView,
    SendReport,
};

use crate::output::json as print_json;
use crate::xero_cli::XeroHosts;

#[derive(Debug, Args)]
pub struct OutboxArgs {
    /// Only items in this state (planned, awaiting_approval, approved, sending, sent, failed,
    /// in_doubt, skipped, cancelled, held)
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// Print JSON (the shape is documented in docs/CLI.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MessagesArgs {
    /// Only messages with an item in this state (e.g. awaiting_approval, held, in_doubt)
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// Print JSON (`OutgoingMessageView`, as the approvals screen gets it)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// Message ids (the MESSAGE column of `settle outbox`)
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub ids: Vec<i64>,
    /// Every message awaiting approval
    #[arg(long)]
    pub all: bool,
    /// Send in the next batch even outside the scheduled hour (recorded as your choice)
    #[arg(long)]
    pub send_now: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Run the batch as of this instant (RFC 3339) [default: now, or --now]
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<DateTime<Utc>>,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub hosts: XeroHosts,
}

#[derive(Debug, Args)]
pub struct SkipArgs {
    /// Message ids
    #[arg(required = true)]
    pub ids: Vec<i64>,
    /// Why (kept with the items and shown in the conversation)
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("choice").required(true).args(["mark_sent", "send_again"])))]
pub struct InDoubtArgs {
    /// The message in doubt
    pub id: i64,
    /// You checked (e.g. in your Sent folder) that it arrived: record it as sent
    #[arg(long)]
    pub mark_sent: bool,
    /// Send it again in the next batch (a new attempt with a new Message-ID)
    #[arg(long)]
    pub send_again: bool,
}

pub async fn outbox(engine: &Engine, args: OutboxArgs) -> anyhow::Result<()> {
    let items = engine.outbox(args.state.as_deref()).await?;
    if args.json {
        return print_json(&items);
    }
    print_outbox(&items);
    Ok(())
}

fn print_outbox(items: &[OutboxItemView]) {
    if items.is_empty() {
        println!("(the outbox is empty)");
        return;
    }
    let name = items
        .iter()
        .map(|i| i.customer_name.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    println!(
        "{:>7}  {:>7}  {:<17}  {:<20}  {:<name$}  {:<10}  REASON",
        "ITEM", "MESSAGE", "STATE", "DUE", "CUSTOMER", "INVOICE"
    );
    for i in items {
        println!(
            "{:>7}  {:>7}  {:<17}  {:<20}  {:<name$}  {:<10}  {}",
            i.id,
            i.message_id.map(|m| m.to_string()).unwrap_or_default(),
            i.state,
            i.due_at,
            i.customer_name,
            i.invoice_number.as_deref().unwrap_or("-"),
            i.reason
        );
    }
    println!("{} item(s)", items.len());
}

pub async fn messages(engine: &Engine, args: MessagesArgs) -> anyhow::Result<()> {
    let messages = engine.messages(args.state.as_deref()).await?;
    if args.json {
        return print_json(&messages);
    }
    if messages.is_empty() {
        println!("(no messages)");
    }
    for m in &messages {
        print_message(m);
    }
    Ok(())
}

fn print_message(m: &OutgoingMessageView) {
    let list = |l: &[MailboxView]| -> String {
        l.iter()
            .map(|b| match &b.name {
                Some(name) => format!("{name} <{}>", b.address),
                None => b.address.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "Message {}  {}  due {}  {} ({}, {})",
        m.id, m.state, m.due_at, m.customer_name, m.channel, m.audience
    );
    if let Some(from) = &m.from {
        println!("  From: {}", list(std::slice::from_ref(from)));
    }
    println!("  To: {}", list(&m.to));
    if !m.cc.is_empty() {
        println!("  Cc: {}", list(&m.cc));
    }
    println!("  Subject: {}", m.subject);
    if !m.attachments.is_empty() {
        println!("  Attachments: {}", m.attachments.join(", "));
    }
    if let Some(problem) = &m.problem {
        println!("  Problem: {problem}");
    }
    if !m.reason.is_empty() {
        println!("  Reason: {}", m.reason);
    }
}

pub async fn approve(engine: &Engine, args: ApproveArgs) -> anyhow::Result<()> {
    let approved = if args.all {
        let waiting: Vec<i64> = engine
            .approvals()
            .await?
            .messages
            .iter()
            .map(|m| m.id)
            .collect();
        engine.approve(&waiting, args.send_now).await?
    } else {
        engine.approve(&args.ids, args.send_now).await?
    };
    let when = if args.send_now {
        "they go with the next `settle send`"
    } else {
        "each goes during its scheduled hour"
    };
    println!("Approved {approved} message(s); {when}.");
    Ok(())
}

pub async fn send(engine: &Engine, args: SendArgs) -> anyhow::Result<()> {
    let at = args.at.unwrap_or_else(|| engine.now());
    let report = engine.send_batch(&args.hosts.settings(), at).await?;
    if args.json {
        return print_json(&report);
    }
    print_report(&report);
    Ok(())
}

fn print_report(r: &SendReport) {
    match &r.gate_reason {
        Some(reason) => println!("Gate: {} ({reason})", r.gate),
        None => println!("Gate: {} (synced just now)", r.gate),
    }
    println!(
        "Sent {}, failed {}, in doubt {}, held {}, cancelled {}, waiting {}{}",
        r.sent,
        r.failed,
        r.in_doubt,
        r.held,
        r.cancelled,
        r.waiting,
        if r.recovered_in_doubt > 0 {
            format!(
                "; {} left mid-send by an earlier run are now in doubt (check and settle them: \
                 `settle in-doubt ID --mark-sent|--send-again`)",
                r.recovered_in_doubt
            )
        } else {
            String::new()
        }
    );
    for o in &r.outcomes {
        println!(
            "  message {:>6}  {:<9} {} — {}: {}",
            o.message_id, o.state, o.customer_name, o.subject, o.reason
        );
    }
}

pub async fn skip(engine: &Engine, args: SkipArgs) -> anyhow::Result<()> {
    let skipped = engine.skip(&args.ids, &args.reason).await?;
    println!("Skipped {skipped} message(s): {}", args.reason.trim());
    Ok(())
}

pub async fn in_doubt(engine: &Engine, args: InDoubtArgs) -> anyhow::Result<()> {
    let choice = match (args.mark_sent, args.send_again) {
        (true, false) => InDoubtChoice::MarkSent,
        (false, true) => InDoubtChoice::SendAgain,
        _ => {
            return Err(
                EngineError::InvalidInput("choose --mark-sent or --send-again".into()).into(),
            )
        }
    };
    engine.resolve_in_doubt(args.id, choice).await?;
    match choice {
        InDoubtChoice::MarkSent => println!("Message {} recorded as sent.", args.id),
        InDoubtChoice::SendAgain => println!(
            "Message {} is approved again: `settle send` sends it as a new attempt (new \
             Message-ID).",
            args.id
        ),
    }
    Ok(())
}
