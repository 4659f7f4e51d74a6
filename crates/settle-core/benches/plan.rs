//! Benchmarks of the chasing planner (`cargo bench -p settle-core --bench plan`): planning a
//! large book of open invoices for one instant, and the 90-day preview of one invoice. Plain
//! `std::time::Instant` timing on one thread; prints a Markdown table for docs/PERFORMANCE.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, Utc};
use rust_decimal::Decimal;
use settle_core::invoice::InvoiceStatus;
use settle_core::schedule::{
    group_reminders, invoice_preview, invoice_schedule, Audience, Channel, DueReminder,
    InvoicePlanInput, OccurrenceState, Outcome, PastSend, Schedule, StepInput, TriggerInput,
    PREVIEW_DAYS,
};

const INVOICES: usize = 200_000;
const PLAN_RUNS: usize = 5;
const PREVIEW_RUNS: usize = 1_000;
const TZ: chrono_tz::Tz = chrono_tz::Europe::London;

fn step(trigger: TriggerInput, hour: i64, channels: &[Channel]) -> StepInput {
    StepInput {
        trigger,
        hour,
        channels: channels.to_vec(),
        contact_role: None,
        template: None,
        escalated_sender: false,
    }
}

/// The best-practice shape: new invoice, friendly reminder, past due (email and SMS), final
/// notice, then a weekly reminder five times.
fn schedule() -> Schedule {
    use Channel::{Email, Sms};
    Schedule::new(&[
        step(TriggerInput::WhenIssued, 9, &[Email]),
        step(TriggerInput::BeforeDue { days: 3 }, 9, &[Email]),
        step(TriggerInput::AfterDue { days: 1 }, 10, &[Email, Sms]),
        step(TriggerInput::AfterDue { days: 7 }, 9, &[Email]),
        step(
            TriggerInput::Repeat {
                every_days: 7,
                times: 5,
            },
            9,
            &[Email],
        ),
    ])
    .expect("the benchmark schedule is valid")
}

/// A deterministic book of open invoices issued over the last 150 days, with varied terms and
/// some promised payment dates. Its outbox is what the engine would hold had it run until a day
/// before `now`: every send that fell due until then was sent.
fn book(schedule: &Schedule, now: DateTime<Utc>) -> Vec<(InvoicePlanInput, Vec<PastSend>)> {
    let today = now.date_naive();
    let yesterday = now - chrono::Duration::days(1);
    (0..INVOICES)
        .map(|i| {
            let age = (i * 7_919) % 150;
            let issue_date = today - Days::new(age as u64);
            let terms = [7, 14, 30, 60][i % 4];
            let input = InvoicePlanInput {
                status: InvoiceStatus::Authorised,
                amount_due: Decimal::new(10_000 + i as i64, 2),
                issue_date,
                due_date: issue_date + Days::new(terms),
                expected_payment_date: (i % 10 == 0).then(|| today + Days::new(14)),
                sent_to_contact: i % 5 != 0,
                invoice_chasing: true,
                customer_chasing: true,
                applied_at: issue_date.and_hms_opt(0, 0, 0).unwrap().and_utc(),
                hold_until_expected_payment: true,
            };
            let history = invoice_schedule(&input, schedule, TZ, &[], yesterday)
                .into_iter()
                .filter(|o| o.state == OccurrenceState::Due)
                .map(|o| PastSend {
                    id: o.id(),
                    at: o.at,
                    outcome: Outcome::Sent,
                })
                .collect();
            (input, history)
        })
        .collect()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let now: DateTime<Utc> = "2026-06-15T09:30:00Z".parse().unwrap();
    let schedule = schedule();
    let book = book(&schedule, now);
    let past_sends: usize = book.iter().map(|(_, history)| history.len()).sum();

    // Planning the whole book, as the engine does after a sync.
    let mut plan_times = Vec::new();
    let mut occurrences = 0;
    let mut due = Vec::new();
    for run in 0..PLAN_RUNS {
        let started = Instant::now();
        let mut count = 0;
        let mut due_now = Vec::new();
        for (i, (input, history)) in book.iter().enumerate() {
            let plan = invoice_schedule(input, &schedule, TZ, history, now);
            count += plan.len();
            for occurrence in plan {
                if occurrence.state == OccurrenceState::Due {
                    due_now.push(DueReminder {
                        customer: (i / 10) as i64,
                        invoice: i as i64,
                        audience: Audience::Customer,
                        occurrence,
                    });
                }
            }
        }
        plan_times.push(started.elapsed());
        occurrences = black_box(count);
        if run == 0 {
            due = due_now;
        }
    }
    let plan_median = median(plan_times.clone());
    let plan_min = *plan_times.iter().min().unwrap();

    // Grouping what is due into messages (same customer, day and channel).
    let mut group_times = Vec::new();
    let mut groups = 0;
    for _ in 0..PLAN_RUNS {
        let started = Instant::now();
        groups = black_box(group_reminders(&due)).len();
        group_times.push(started.elapsed());
    }

    // The 90-day preview of one invoice, as the cadence editor asks for it.
    let (input, history) = &book[7];
    let mut preview_times = Vec::with_capacity(PREVIEW_RUNS);
    for _ in 0..PREVIEW_RUNS {
        let started = Instant::now();
        black_box(invoice_preview(
            input,
            &schedule,
            TZ,
            history,
            now,
            PREVIEW_DAYS,
        ));
        preview_times.push(started.elapsed());
    }
    let preview_median = median(preview_times.clone());
    let preview_min = *preview_times.iter().min().unwrap();

    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!("| benchmark | size | median | best | target | result |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| plan open invoices for one instant (4 steps + repeat ×5) | {INVOICES} invoices, \
         {past_sends} past sends → {occurrences} occurrences, {} due | {} | {} | < 500 ms | {} |",
        due.len(),
        ms(plan_median),
        ms(plan_min),
        verdict(plan_median < Duration::from_millis(500)),
    );
    println!(
        "| group the due reminders into messages | {} reminders → {groups} messages | {} | {} | — | — |",
        due.len(),
        ms(median(group_times.clone())),
        ms(*group_times.iter().min().unwrap()),
    );
    println!(
        "| 90-day preview of one invoice | {PREVIEW_RUNS} runs | {} | {} | < 1 ms | {} |",
        us(preview_median),
        us(preview_min),
        verdict(preview_median < Duration::from_millis(1)),
    );
}
