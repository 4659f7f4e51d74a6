//! The background work of a running app: open the database and warm the overview at launch (in
//! parallel with the webview starting, so the first rows do not wait for the SQL aggregate), then
//! plan every minute, so due reminders join the approvals queue on time and the planner's
//! heartbeat tells a later launch what fell due while the app was closed (missed reminders are
//! held for the owner, never sent automatically: docs/decisions/0008).
//!
//! Errors are logged, not shown: the window reports database problems itself when it asks, and
//! a fresh install has no organisation to plan yet.

use std::time::Duration;

use settle_engine::EngineError;
use tauri::{AppHandle, Manager};

use crate::state::AppState;

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
