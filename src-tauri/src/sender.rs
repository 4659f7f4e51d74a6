//! The background sender of a running app (window open or closed to the tray): every 15 s it
//! reads how many messages wait for approval (tray, window badge, a notification when the number
//! grows), and every minute — or at once when the owner approves, retries or chooses "send it
//! again" — it runs the engine's send batch when approved messages may be due. The batch itself
//! (the fresh-data gate, the hour rule, SMTP, in doubt) is the engine's `send_batch`; what it did
//! is announced as `send-batch-finished` (a `SendReport`), and a batch with failures or messages
//! in doubt raises one notification.
//! Owns: the timers and when a batch is worth running (so a Xero sync is not run every minute for
//! a message that waits for tomorrow's hour). Must not: decide what is sent — the engine does.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use settle_engine::{Engine, EngineError, OutboxItemView, SendReport, XeroSettings};
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::Notify;

use crate::notices::{self, Notice};
use crate::state::AppState;
use crate::tray;

/// The event carrying the number of messages awaiting approval whenever it changes.
pub const APPROVALS_CHANGED_EVENT: &str = "approvals-changed";
/// The event carrying each send batch's `SendReport`.
pub const SEND_BATCH_EVENT: &str = "send-batch-finished";

/// How often the waiting count is read.
const TICK: Duration = Duration::from_secs(15);
/// Every how many ticks a batch may run without being asked (one minute).
const BATCH_EVERY_TICKS: u32 = 4;
/// The first cycle waits for the planner's first run (5 s after launch).
const FIRST_CYCLE_AFTER: Duration = Duration::from_secs(8);
/// After a batch that found nothing in its hour, the next unasked one waits this long.
const QUIET_AFTER_IDLE: TimeDelta = TimeDelta::minutes(15);
/// Held messages (a failed gate, paused chasing) are looked at again this often.
const HELD_RETRY: TimeDelta = TimeDelta::hours(1);

/// What the sender remembers between cycles.
#[derive(Debug, Default, Clone)]
pub struct Memory {
    /// The waiting count last announced (`None` before the first read).
    pub waiting: Option<u32>,
    /// The last batch left a message approved because the server could not be reached.
    pub retry: bool,
    /// No unasked batch before this (the last one had nothing in its hour).
    pub quiet_until: Option<DateTime<Utc>>,
    pub last_batch: Option<DateTime<Utc>>,
}

/// The sender's wake-up call and memory (managed state).
#[derive(Default)]
pub struct Sender {
    wake: Notify,
    asked: Mutex<bool>,
    memory: Mutex<Memory>,
}

/// Whether an approved message due at `due` may be in its scheduled local hour at `now`: the same
/// time of day within two hours (a DST change moves the local hour by one). The engine applies
/// the exact rule; this only spares a Xero sync when nothing can go.
pub fn maybe_in_its_hour(due: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    if due > now {
        return false;
    }
    let minutes = (now - due).num_minutes().rem_euclid(24 * 60);
    !(120..23 * 60).contains(&minutes)
}

/// Whether an unasked batch is worth running at `now`.
pub fn batch_worth_running(
    approved_due: &[DateTime<Utc>],
    held: usize,
    memory: &Memory,
    now: DateTime<Utc>,
) -> bool {
    if memory.retry {
        return true;
    }
    let quiet = memory.quiet_until.is_some_and(|q| now < q);
    if !quiet && approved_due.iter().any(|&due| maybe_in_its_hour(due, now)) {
        return true;
    }
    held > 0
        && memory
            .last_batch
            .is_none_or(|last| now - last >= HELD_RETRY)
}

/// What a batch's report means for the next cycles.
pub fn remember_batch(memory: &mut Memory, report: &SendReport, now: DateTime<Utc>) {
    memory.last_batch = Some(now);
    memory.retry = report.outcomes.iter().any(|o| o.state == "approved");
    memory.quiet_until = report.outcomes.is_empty().then_some(now + QUIET_AFTER_IDLE);
}

impl Sender {
    fn memory(&self) -> std::sync::MutexGuard<'_, Memory> {
        self.memory.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn take_asked(&self) -> bool {
        std::mem::take(&mut *self.asked.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Something changed (approved, skipped, edited, retried): refresh the count now and run a batch.
pub fn poke(app: &AppHandle) {
    let sender = app.state::<Sender>();
    *sender.asked.lock().unwrap_or_else(PoisonError::into_inner) = true;
    sender.wake.notify_one();
}

/// Starts the background task; returns at once.
pub fn start(app: &AppHandle, launched_in_tray: bool) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_CYCLE_AFTER).await;
        // The first cycle runs a batch: it recovers anything a crash left mid-send (in doubt).
        *app.state::<Sender>()
            .asked
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        let mut ticks = 0u32;
        loop {
            let asked = app.state::<Sender>().take_asked();
            cycle(
                &app,
                asked,
                ticks.is_multiple_of(BATCH_EVERY_TICKS),
                launched_in_tray,
            )
            .await;
            ticks = ticks.wrapping_add(1);
            let sender = app.state::<Sender>();
            let _ = tokio::time::timeout(TICK, sender.wake.notified()).await;
        }
    });
}

async fn cycle(app: &AppHandle, asked: bool, minute: bool, launched_in_tray: bool) {
    let Ok(engine) = app.state::<AppState>().engine().await else {
        return;
    };
    if asked || minute {
        match run_batch_if_worth(app, &engine, asked).await {
            Ok(()) | Err(EngineError::NoOrganisation) => {}
            Err(e) => tracing::warn!("the send batch failed: {e}"),
        }
    }
    refresh_count(app, &engine, launched_in_tray).await;
}

async fn run_batch_if_worth(
    app: &AppHandle,
    engine: &Engine,
    asked: bool,
) -> Result<(), EngineError> {
    let now = engine.now();
    if !asked {
        let due = |items: Vec<OutboxItemView>| -> Vec<DateTime<Utc>> {
            items
                .iter()
                .filter_map(|i| DateTime::parse_from_rfc3339(&i.due_at).ok())
                .map(|d| d.with_timezone(&Utc))
                .collect()
        };
        let approved = due(engine.outbox(Some("approved")).await?);
        let held = engine.outbox(Some("held")).await?.len();
        let sender = app.state::<Sender>();
        let memory = sender.memory().clone();
        if !batch_worth_running(&approved, held, &memory, now) {
            return Ok(());
        }
    }
    let report = engine.send_batch(&XeroSettings::from_env(), now).await?;
    let sender = app.state::<Sender>();
    remember_batch(&mut sender.memory(), &report, now);
    if report.sent + report.failed + report.in_doubt + report.cancelled > 0 {
        tracing::info!(
            sent = report.sent,
            failed = report.failed,
            in_doubt = report.in_doubt,
            "send batch"
        );
    }
    let in_doubt = report.in_doubt + report.recovered_in_doubt;
    if report.failed > 0 || in_doubt > 0 {
        notices::show(
            app,
            Notice::BatchProblems {
                failed: report.failed,
                in_doubt,
            },
        );
    }
    if let Err(e) = app.emit(SEND_BATCH_EVENT, &report) {
        tracing::warn!("could not announce the send batch: {e}");
    }
    Ok(())
}

/// Reads the waiting count; announces a change (tray, window) and notifies when it grew.
async fn refresh_count(app: &AppHandle, engine: &Engine, launched_in_tray: bool) {
    let count = match engine.approval_count().await {
        Ok(n) => n,
        Err(EngineError::NoOrganisation) => 0,
        Err(e) => {
            tracing::warn!("could not count the messages awaiting approval: {e}");
            return;
        }
    };
    let sender = app.state::<Sender>();
    let before = sender.memory().waiting.replace(count);
    if before == Some(count) {
        return;
    }
    tray::set_waiting(app, count);
    if let Err(e) = app.emit(APPROVALS_CHANGED_EVENT, count) {
        tracing::warn!("could not announce the approvals count: {e}");
    }
    let grew = match before {
        Some(before) => count > before,
        // At launch the window opens anyway; started at login into the tray, say what waits.
        None => launched_in_tray && count > 0,
    };
    if grew {
        notices::show(app, Notice::Waiting(count));
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, h, m, 0).unwrap()
    }

    fn report(states: &[&str]) -> SendReport {
        SendReport {
            at: String::new(),
            gate: "local".into(),
            gate_reason: None,
            sent: 0,
            failed: 0,
            in_doubt: 0,
            held: 0,
            cancelled: 0,
            waiting: 0,
            recovered_in_doubt: 0,
            outcomes: states
                .iter()
                .map(|s| settle_engine::SendOutcomeView {
                    message_id: 1,
                    customer_name: String::new(),
                    subject: String::new(),
                    state: (*s).into(),
                    reason: String::new(),
                    message_id_header: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_message_may_be_in_its_hour_near_the_same_time_of_day_only() {
        let due = at(9, 0);
        assert!(!maybe_in_its_hour(due, at(8, 59)), "not before it is due");
        assert!(maybe_in_its_hour(due, at(9, 0)));
        assert!(maybe_in_its_hour(due, at(9, 59)));
        assert!(
            maybe_in_its_hour(due, at(10, 30)),
            "a DST change moves the hour"
        );
        assert!(
            !maybe_in_its_hour(due, at(15, 0)),
            "approved late: tomorrow"
        );
        let tomorrow = due + TimeDelta::days(1);
        assert!(maybe_in_its_hour(due, tomorrow + TimeDelta::minutes(10)));
        assert!(maybe_in_its_hour(due, tomorrow - TimeDelta::minutes(30)));
    }

    #[test]
    fn unasked_batches_run_only_when_something_may_go() {
        let quiet = Memory::default();
        assert!(!batch_worth_running(&[], 0, &quiet, at(9, 0)));
        assert!(batch_worth_running(&[at(9, 0)], 0, &quiet, at(9, 5)));
        assert!(!batch_worth_running(&[at(9, 0)], 0, &quiet, at(15, 0)));
        let idle = Memory {
            quiet_until: Some(at(9, 20)),
            ..Memory::default()
        };
        assert!(!batch_worth_running(&[at(9, 0)], 0, &idle, at(9, 10)));
        assert!(batch_worth_running(&[at(9, 0)], 0, &idle, at(9, 20)));
        let offline = Memory {
            retry: true,
            ..idle.clone()
        };
        assert!(batch_worth_running(&[], 0, &offline, at(9, 10)));
        // Held messages: looked at again once an hour.
        let recent = Memory {
            last_batch: Some(at(9, 0)),
            ..Memory::default()
        };
        assert!(!batch_worth_running(&[], 3, &recent, at(9, 30)));
        assert!(batch_worth_running(&[], 3, &recent, at(10, 0)));
        assert!(batch_worth_running(&[], 3, &Memory::default(), at(10, 0)));
    }

    #[test]
    fn a_batch_report_sets_retry_and_quiet() {
        let mut memory = Memory::default();
        remember_batch(&mut memory, &report(&[]), at(9, 0));
        assert_eq!(memory.quiet_until, Some(at(9, 15)));
        assert!(!memory.retry);
        remember_batch(&mut memory, &report(&["sent", "approved"]), at(9, 1));
        assert!(memory.retry, "offline: try again next minute");
        assert_eq!(memory.quiet_until, None);
        assert_eq!(memory.last_batch, Some(at(9, 1)));
        remember_batch(&mut memory, &report(&["sent"]), at(9, 2));
        assert!(!memory.retry);
    }
}
