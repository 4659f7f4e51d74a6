//! Text output of the chasing commands (JSON goes through `output::json`).

use settle_engine::{
    AssignmentReport, CadenceView, ChangePreviewView, CustomerDueView, MissedView, OccurrenceView,
    PlanView, PreviewView,
};

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `2026-11-25T09:00` → `2026-11-25 09:00`.
fn local(text: &str) -> String {
    text.replace('T', " ")
}

fn status(o: &OccurrenceView) -> String {
    let name = serde_json::to_value(o.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
        .replace('_', " ");
    match &o.reason {
        Some(reason) => format!("{name}: {reason}"),
        None => name,
    }
}

/// The invoice number, or `(customer)` for a send of a customer-level schedule (which lists all
/// of the customer's open invoices and has no invoice of its own).
fn invoice_of(o: &OccurrenceView) -> &str {
    if o.key.contains(":statement:") {
        "(statement)"
    } else if o.key.starts_with("customer:") {
        "(customer)"
    } else {
        &o.invoice_number
    }
}

fn occurrence_rows(occurrences: &[OccurrenceView]) {
    if occurrences.is_empty() {
        println!("  (nothing)");
        return;
    }
    let number = occurrences
        .iter()
        .map(|o| invoice_of(o).chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    println!(
        "  {:<16}  {:<6}  {:<number$}  {:<5}  STATUS",
        "LOCAL TIME", "CHAN", "INVOICE", "STEP"
    );
    for o in occurrences {
        println!(
            "  {:<16}  {:<6}  {:<number$}  {:<5}  {}",
            local(&o.local),
            o.channel,
            invoice_of(o),
            format!("{}.{}", o.step, o.occurrence),
            status(o)
        );
    }
}

fn due_customers(customers: &[CustomerDueView]) {
    for customer in customers {
        println!("{}", customer.customer_name);
        for m in &customer.messages {
            let invoices: Vec<String> = m
                .invoices
                .iter()
                .map(|i| format!("{} ({} {})", i.number, i.currency, i.amount_due))
                .collect();
            let customer_level = m.keys.iter().any(|k| k.starts_with("customer:"));
            let statement = m.keys.iter().any(|k| k.contains(":statement:"));
            println!(
                "  {}  {:<6}  {:<10}  {}{}",
                m.date,
                m.channel,
                m.audience,
                if statement {
                    "monthly statement: "
                } else if customer_level {
                    "customer schedule: "
                } else {
                    ""
                },
                invoices.join(", ")
            );
        }
    }
}

pub fn plan(view: &PlanView) {
    println!(
        "Planned {} at {}: {} now awaiting approval ({} in all).",
        plural(view.invoices, "invoice", "invoices"),
        view.at,
        plural(view.new_items, "new reminder", "new reminders"),
        view.awaiting_approval
    );
    if view.new_missed > 0 {
        println!(
            "{} fell due while Settle was not running: held for you (see `settle missed`).",
            plural(view.new_missed, "reminder", "reminders")
        );
    }
    if view.withdrawn > 0 {
        println!(
            "{} withdrawn: the invoice is no longer chased.",
            plural(view.withdrawn, "waiting reminder", "waiting reminders")
        );
    }
    due_customers(&view.customers);
}

pub fn preview(view: &PreviewView) {
    let what = match view.scope.as_str() {
        "organisation" => "the organisation".to_owned(),
        scope => format!("{scope} {}", view.subject),
    };
    println!(
        "Preview of {what}, {} days from {}: {} in {} with a schedule.",
        view.days,
        view.from,
        plural(view.sends, "send", "sends"),
        plural(view.invoices, "invoice", "invoices")
    );
    if view.scope == "organisation" {
        println!(
            "  {:<10}  {:>6}  {:>6}  {:>6}",
            "DATE", "EMAIL", "SMS", "LETTER"
        );
        for day in &view.by_day {
            println!(
                "  {:<10}  {:>6}  {:>6}  {:>6}",
                day.date, day.email, day.sms, day.letter
            );
        }
        println!("First {} occurrences:", view.occurrences.len());
    }
    occurrence_rows(&view.occurrences);
}

pub fn change_preview(view: &ChangePreviewView) {
    println!(
        "'{}' over {} days on {}: {} sends today, {} after the change.",
        view.cadence,
        view.days,
        plural(view.invoices, "invoice", "invoices"),
        view.sends_before,
        view.sends_after
    );
    println!("{}", view.note);
    println!("Added:");
    occurrence_rows(&view.added);
    println!("Removed:");
    occurrence_rows(&view.removed);
    println!("Moved:");
    if view.moved.is_empty() {
        println!("  (nothing)");
    }
    for change in &view.moved {
        println!(
            "  {} {} step {}.{}: {} → {} ({})",
            change.after.invoice_number,
            change.after.channel,
            change.after.step,
            change.after.occurrence,
            local(&change.before.local),
            local(&change.after.local),
            status(&change.after)
        );
    }
    println!("State changed:");
    if view.state_changed.is_empty() {
        println!("  (nothing)");
    }
    for change in &view.state_changed {
        println!(
            "  {} {} {}: {} → {}",
            change.after.invoice_number,
            change.after.channel,
            local(&change.after.local),
            status(&change.before),
            status(&change.after)
        );
    }
}

pub fn cadence_list(cadences: &[CadenceView]) {
    if cadences.is_empty() {
        println!("(no cadences)");
        return;
    }
    let width = cadences
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<width$}  {:<7}  {:>5}  {:>8}",
        "NAME", "DEFAULT", "STEPS", "INVOICES"
    );
    for c in cadences {
        println!(
            "{:<width$}  {:<7}  {:>5}  {:>8}",
            c.name,
            if c.is_default { "yes" } else { "" },
            c.steps.len(),
            c.invoices
        );
    }
}

pub fn cadence(c: &CadenceView) {
    println!(
        "{}{} — applied to {}",
        c.name,
        if c.is_default { " (default)" } else { "" },
        plural(c.invoices, "invoice", "invoices")
    );
    for step in &c.steps {
        println!("  {}. {}", step.number, step.description);
    }
}

pub fn assignment(report: &AssignmentReport) {
    println!("{}", report.summary);
    for error in &report.errors {
        println!("  line {}: {}", error.line, error.reason);
    }
}

pub fn missed(view: &MissedView) {
    let since = view
        .last_planned_at
        .as_deref()
        .map(|at| format!(" (Settle last planned at {at})"))
        .unwrap_or_default();
    println!(
        "{} fell due while Settle was not running{since}.",
        plural(view.total, "reminder", "reminders")
    );
    for customer in &view.customers {
        println!("{}", customer.customer_name);
        for o in &customer.occurrences {
            println!(
                "  {}  {:<6}  {:<10}  step {}.{}  {}",
                local(&o.local),
                o.channel,
                invoice_of(o),
                o.step,
                o.occurrence,
                o.key
            );
        }
    }
    if view.total > 0 {
        println!(
            "Choose: settle missed send-now|skip|reschedule --all | --customer NAME | --key KEY"
        );
    }
}
