//! Benchmark: the Customers overview query on the 20,000-customer / ~200,000-invoice demo.
//!
//! `cargo bench -p settle-engine --bench overview` — prints a Markdown table for
//! docs/PERFORMANCE.md. The dataset is generated once into `$SETTLE_BENCH_DIR` (default
//! `~/.cache/settle-bench`) and reused; delete it to regenerate. Target: a sorted, filtered page
//! in under 50 ms.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use settle_core::demo::DemoSize;
use settle_core::FixedClock;
use settle_engine::{CustomerQuery, Engine, SortKey, Tab};

fn bench_dir() -> PathBuf {
    std::env::var_os("SETTLE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache").join("settle-bench")
        })
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let dir = bench_dir();
    let clock = FixedClock(Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap());
    let fresh = !dir.join("settle.db").exists();
    let engine = Engine::open(&dir, Arc::new(clock))
        .await
        .expect("open bench database");
    if fresh || engine.status().await.unwrap().organisation.is_none() {
        let started = Instant::now();
        engine
            .create_demo(DemoSize::BENCH)
            .await
            .expect("bench dataset");
        println!(
            "generated and imported the bench dataset in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let base = CustomerQuery {
        tab: Tab::Chasing,
        search: String::new(),
        sort: SortKey::Name,
        descending: false,
        offset: 0,
        limit: 200,
    };
    let cases = [
        ("Chasing tab, by name, first 200", base.clone()),
        (
            "Chasing tab, by overdue desc, rows 10,000–10,200",
            CustomerQuery {
                sort: SortKey::Overdue,
                descending: true,
                offset: 10_000,
                ..base.clone()
            },
        ),
        (
            "Not chasing tab, by outstanding desc",
            CustomerQuery {
                tab: Tab::NotChasing,
                sort: SortKey::Outstanding,
                descending: true,
                ..base.clone()
            },
        ),
        (
            "Search \"bakery\", by last reminder",
            CustomerQuery {
                search: "bakery".into(),
                sort: SortKey::LastReminder,
                ..base.clone()
            },
        ),
    ];
    // The first query after a change runs the SQL aggregate; later ones (scrolling, sorting,
    // searching) reuse it until the database changes. Measure both.
    let some_customer = engine.customers(&base).await.expect("query").rows[0].id;
    let mut cold = Vec::new();
    for round in 0..10 {
        // A small change (stop, then start again, one customer) invalidates the cache.
        engine
            .set_customer_chasing(some_customer, round % 2 == 1, "bench")
            .await
            .expect("a change");
        let started = Instant::now();
        std::hint::black_box(engine.customers(&base).await.expect("query"));
        cold.push(started.elapsed());
    }
    cold.sort();
    let first = engine.customers(&base).await.expect("query");
    println!(
        "dataset: {} chasing + {} not chasing customers listed",
        first.counts.chasing, first.counts.not_chasing
    );
    println!();
    println!("| query | median | p95 | max |");
    println!("|---|---:|---:|---:|");
    println!(
        "| first page after a change (SQL aggregate + page) | {:.1} ms | {:.1} ms | {:.1} ms |",
        percentile(&cold, 0.5).as_secs_f64() * 1e3,
        percentile(&cold, 0.95).as_secs_f64() * 1e3,
        cold.last().unwrap().as_secs_f64() * 1e3,
    );
    for (name, query) in cases {
        let mut times = Vec::new();
        for _ in 0..25 {
            let started = Instant::now();
            let page = engine.customers(&query).await.expect("query");
            times.push(started.elapsed());
            std::hint::black_box(page);
        }
        times.sort();
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms |",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            times.last().unwrap().as_secs_f64() * 1e3,
        );
    }
    engine.close().await;
}
