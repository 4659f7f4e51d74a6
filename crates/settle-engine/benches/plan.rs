//! Benchmark: planning the 20,000-customer / ~200,000-invoice demo end to end — reading every
//! plannable invoice with its schedule and outbox history, planning it, and writing the outbox —
//! plus the organisation's 90-day preview and the missed list.
//!
//! `cargo bench -p settle-engine --bench plan` — prints a Markdown table for
//! docs/PERFORMANCE.md. The dataset is generated into `$SETTLE_BENCH_PLAN_DIR` (default
//! `~/.cache/settle-bench-plan`, apart from the overview bench's, because planning writes to it)
//! and regenerated on every run so each run starts from the same outbox. The pure planner alone
//! is `cargo bench -p settle-core --bench plan`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::{Engine, PreviewScope, PREVIEW_DAYS};

fn bench_dir() -> PathBuf {
    std::env::var_os("SETTLE_BENCH_PLAN_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache").join("settle-bench-plan")
        })
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run());
}

async fn timed<T>(work: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let value = work.await;
    (value, started.elapsed())
}

async fn run() {
    let dir = bench_dir();
    let _ = std::fs::remove_dir_all(&dir);
    let imported: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    let engine = Engine::open(&dir, Arc::new(FixedClock(imported)))
        .await
        .expect("open bench database");
    let (_, import) = timed(engine.create_demo(DemoSize::BENCH)).await;
    println!(
        "generated and imported the bench dataset in {:.1} s",
        import.as_secs_f64()
    );

    let at = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap();
    // First plan: gives the not-chased customers' open invoices the default too.
    let (first, first_t) = timed(engine.plan_due(at(22, 10, 5))).await;
    let first = first.expect("plan");
    // Three days off: a day of missed reminders and the morning's due ones.
    let (back, back_t) = timed(engine.plan_due(at(25, 9, 30))).await;
    let back = back.expect("plan");
    // Steady state, as the worker runs every few minutes: nothing new.
    let mut steady = Vec::new();
    for minute in 0..5 {
        let (plan, t) = timed(engine.plan_due(at(25, 9, 35 + minute))).await;
        assert_eq!(plan.expect("plan").new_items, 0);
        steady.push(t);
    }
    steady.sort();
    let later = Engine::open(&dir, Arc::new(FixedClock(at(25, 9, 45))))
        .await
        .expect("open");
    let (preview, preview_t) =
        timed(later.preview(PREVIEW_DAYS, &PreviewScope::Organisation, Some(200))).await;
    let preview = preview.expect("preview");
    let (missed, missed_t) = timed(later.missed()).await;
    let missed = missed.expect("missed");

    println!();
    println!("| use case (whole engine call, release build, one core) | result | time |");
    println!("|---|---|---:|");
    println!(
        "| first plan after import | {} invoices, {} awaiting approval | {} |",
        first.invoices,
        first.awaiting_approval,
        ms(first_t)
    );
    println!(
        "| plan after three days off | {} new, {} missed held | {} |",
        back.new_items,
        back.new_missed,
        ms(back_t)
    );
    println!(
        "| plan again (steady state, median of 5) | nothing new | {} |",
        ms(steady[steady.len() / 2])
    );
    println!(
        "| 90-day preview of the organisation | {} sends | {} |",
        preview.sends,
        ms(preview_t)
    );
    println!(
        "| missed list | {} reminders | {} |",
        missed.total,
        ms(missed_t)
    );
    later.close().await;
    engine.close().await;
}
