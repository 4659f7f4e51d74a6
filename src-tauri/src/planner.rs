//! The background work of a running app: open the database and warm the overview at launch (in
//! parallel with the webview starting, so the first rows do not wait for the SQL aggregate), then
//! plan every minute, so due reminders join the approvals queue on time and the planner's
//! heartbeat tells a later launch what fell due while the app was closed (missed reminders are
//! held for the owner, never sent automatically: docs/decisions/0008).
//!
//! Before planning, a cycle syncs the connected Xero organisation when a sync is due
//! (settle-engine's `background_sync_due`: once a day, and at launch when the last success is
//! older than a day), so the plan is made from fresh books. The daily sync is also what keeps
//! the refresh token alive (Xero drops one unused for 60 days). It shares the "Sync now" slot,
//! so Cancel reaches it and a sync the owner started is never doubled; a failure is recorded in
//! sync_state by the engine, and one that needs the owner to sign in again pauses chasing and is
//! announced (`chasing-pause-changed`).
//!
//! Errors are logged, not shown: the window reports database problems itself when it asks, and
//! a fresh install has no organisation to plan yet.

use std::time::Duration;

use settle_engine::{Engine, EngineError, Reconcile, SyncOptions};
use tauri::{AppHandle, Manager};

use crate::state::AppState;
use crate::xero_commands::{run_sync, SyncSlot};

/// How often a running app plans. Reminders are due on the hour (each step has an hour), so a
/// minute keeps "awaiting approval" within a minute of the due time.
const PLAN_EVERY: Duration = Duration::from_secs(60);

/// The first planning run waits this long after launch: the launch's critical path is showing the
/// owner their customers (the overview is warmed first), and nothing is sent without approval,
/// so planning a few seconds later loses nothing. It still runs early enough to report missed
/// reminders while the owner is looking.
const FIRST_PLAN_AFTER: Duration = Duration::from_secs(5);

/// Starts the background task; returns at once.
pub fn start(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        warm(&app).await;
        tokio::time::sleep(FIRST_PLAN_AFTER).await;
        let mut ticker = tokio::time::interval(PLAN_EVERY);
        // A laptop waking from sleep plans once, not once per minute slept.
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            plan_once(&app).await;
        }
    });
}

async fn warm(app: &AppHandle) {
    let state = app.state::<AppState>();
    let Ok(engine) = state.engine().await else {
        return;
    };
    match engine.warm_overview().await {
        Ok(()) | Err(EngineError::NoOrganisation) => {}
        Err(e) => tracing::warn!("could not prepare the overview: {e}"),
    }
}

async fn plan_once(app: &AppHandle) {
    let state = app.state::<AppState>();
    let engine = match state.engine().await {
        Ok(engine) => engine,
        Err(e) => {
            tracing::debug!("not planning: {e}");
            return;
        }
    };
    sync_if_due(app, &engine).await;
    match engine.plan_due(engine.now()).await {
        Ok(plan) => {
            if plan.new_items > 0 || plan.new_missed > 0 || plan.withdrawn > 0 {
                tracing::info!(
                    new = plan.new_items,
                    missed = plan.new_missed,
                    withdrawn = plan.withdrawn,
                    "planned"
                );
            }
            // Planning writes (its heartbeat at least), which invalidates the overview cache:
            // compute it again now rather than on the owner's next scroll.
            if let Err(e) = engine.warm_overview().await {
                tracing::warn!("could not prepare the overview: {e}");
            }
        }
        Err(EngineError::NoOrganisation) => {}
        Err(e) => tracing::warn!("planning failed: {e}"),
    }
}

/// The daily (and at-launch) sync, when one is due and no other sync runs.
async fn sync_if_due(app: &AppHandle, engine: &Engine) {
    match engine.background_sync_due(engine.now()).await {
        Ok(true) => {}
        Ok(false) | Err(EngineError::NoOrganisation) => return,
        Err(e) => {
            tracing::warn!("could not tell whether a Xero sync is due: {e}");
            return;
        }
    }
    let slot = app.state::<SyncSlot>();
    let Some((cancel, _running)) = slot.try_start() else {
        return;
    };
    let options = SyncOptions {
        full: false,
        reconcile: Reconcile::Auto,
    };
    match run_sync(app, engine.clone(), options, cancel, |_| {}).await {
        Ok(report) => tracing::info!(
            invoices = report.invoices.fetched,
            calls = report.api_calls,
            "daily Xero sync done"
        ),
        Err(e) => tracing::warn!("the daily Xero sync failed: {e}"),
    }
}
