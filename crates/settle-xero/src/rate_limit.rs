//! Living within Xero's limits (NOTES.md §3): at most N requests in flight per organisation
//! (a tokio Semaphore each), the latest `X-MinLimit-Remaining` / `X-DayLimit-Remaining` /
//! `X-AppMinLimit-Remaining` per organisation for the UI, reading 429s (`X-Rate-Limit-Problem`,
//! `Retry-After`), and the injectable [`Sleeper`] every wait goes through so tests never sleep for
//! real. Owns: those. Must not: send requests (`call.rs` does) or decide retries.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;
use tokio::sync::Semaphore;
use uuid::Uuid;

/// Which limit a 429 says was hit. Xero's values are lower case; unknown ones are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateLimitProblem {
    Minute,
    Day,
    Concurrent,
    AppMinute,
    Other(String),
}

impl RateLimitProblem {
    pub fn parse(text: &str) -> Self {
        match text.trim().to_ascii_lowercase().as_str() {
            "minute" => Self::Minute,
            "day" => Self::Day,
            "concurrent" => Self::Concurrent,
            "appminute" => Self::AppMinute,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl std::fmt::Display for RateLimitProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Minute => f.write_str("per-minute"),
            Self::Day => f.write_str("daily"),
            Self::Concurrent => f.write_str("simultaneous-request"),
            Self::AppMinute => f.write_str("app-wide per-minute"),
            Self::Other(name) => write!(f, "\"{name}\""),
        }
    }
}

/// What Xero last said about an organisation's remaining calls. `None` = not seen yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateBudget {
    pub minute_remaining: Option<u32>,
    pub day_remaining: Option<u32>,
    pub app_minute_remaining: Option<u32>,
    /// The limit the last 429 named, until a later call succeeds.
    pub last_problem: Option<RateLimitProblem>,
    pub observed_at: Option<DateTime<Utc>>,
}

/// Per-organisation semaphores and budgets. One per client; clones of a client share it.
#[derive(Debug)]
pub(crate) struct Limiter {
    concurrency: usize,
    slots: Mutex<HashMap<Uuid, Arc<Semaphore>>>,
    budgets: Mutex<HashMap<Uuid, RateBudget>>,
    app_minute_remaining: Mutex<Option<u32>>,
}

impl Limiter {
    pub fn new(concurrency: usize) -> Self {
        Self {
            concurrency: concurrency.max(1),
            slots: Mutex::default(),
            budgets: Mutex::default(),
            app_minute_remaining: Mutex::default(),
        }
    }

    pub fn slots(&self, tenant: Uuid) -> Arc<Semaphore> {
        let mut slots = self.slots.lock().unwrap();
        Arc::clone(
            slots
                .entry(tenant)
                .or_insert_with(|| Arc::new(Semaphore::new(self.concurrency))),
        )
    }

    /// Records the limit headers of any answer (tenantless ones carry only the app header).
    pub fn observe(
        &self,
        tenant: Option<Uuid>,
        headers: &HeaderMap,
        problem: Option<RateLimitProblem>,
        now: DateTime<Utc>,
    ) {
        let number = |name: &str| -> Option<u32> {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse().ok())
        };
        let app = number("X-AppMinLimit-Remaining");
        if app.is_some() {
            *self.app_minute_remaining.lock().unwrap() = app;
        }
        let Some(tenant) = tenant else { return };
        let mut budgets = self.budgets.lock().unwrap();
        let budget = budgets.entry(tenant).or_default();
        if let Some(n) = number("X-MinLimit-Remaining") {
            budget.minute_remaining = Some(n);
        }
        if let Some(n) = number("X-DayLimit-Remaining") {
            budget.day_remaining = Some(n);
        }
        budget.app_minute_remaining = app.or(budget.app_minute_remaining);
        budget.last_problem = problem;
        budget.observed_at = Some(now);
    }

    pub fn budget(&self, tenant: Uuid) -> RateBudget {
        let mut budget = self
            .budgets
            .lock()
            .unwrap()
            .get(&tenant)
            .cloned()
            .unwrap_or_default();
        // The app-wide count is app-wide: the latest answer from any call is the freshest.
        budget.app_minute_remaining =
            (*self.app_minute_remaining.lock().unwrap()).or(budget.app_minute_remaining);
        budget
    }
}

/// `X-Rate-Limit-Problem` and `Retry-After` of a 429. Retry-After is seconds (Xero's form) or an
/// HTTP date.
pub(crate) fn read_429(
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> (RateLimitProblem, Option<Duration>) {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let problem = text("X-Rate-Limit-Problem").map_or(
        RateLimitProblem::Other("unspecified".to_owned()),
        RateLimitProblem::parse,
    );
    let retry_after = text("Retry-After").and_then(|v| {
        let v = v.trim();
        v.parse::<u64>().map(Duration::from_secs).ok().or_else(|| {
            DateTime::parse_from_rfc2822(v)
                .ok()
                .map(|at| (at.with_timezone(&Utc) - now).to_std().unwrap_or_default())
        })
    });
    (problem, retry_after)
}

/// How the client waits (backoff, Retry-After). Production uses [`TokioSleeper`]; tests inject
/// one that moves a manual clock instead of sleeping.
pub trait Sleeper: Send + Sync + std::fmt::Debug {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>>;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'static>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use reqwest::header::HeaderValue;

    #[test]
    fn problems_and_retry_after_are_read_leniently() {
        let now = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
        let mut h = HeaderMap::new();
        h.insert("X-Rate-Limit-Problem", HeaderValue::from_static("Minute"));
        h.insert("Retry-After", HeaderValue::from_static("40"));
        assert_eq!(
            read_429(&h, now),
            (RateLimitProblem::Minute, Some(Duration::from_secs(40)))
        );
        h.insert(
            "Retry-After",
            HeaderValue::from_static("Mon, 04 May 2026 09:01:30 GMT"),
        );
        h.insert("X-Rate-Limit-Problem", HeaderValue::from_static("galaxy"));
        assert_eq!(
            read_429(&h, now),
            (
                RateLimitProblem::Other("galaxy".into()),
                Some(Duration::from_secs(90))
            )
        );
    }

    #[test]
    fn budgets_keep_the_latest_headers() {
        let limiter = Limiter::new(5);
        let tenant = Uuid::new_v4();
        let now = Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap();
        let mut h = HeaderMap::new();
        h.insert("X-MinLimit-Remaining", HeaderValue::from_static("58"));
        h.insert("X-DayLimit-Remaining", HeaderValue::from_static("4998"));
        h.insert("X-AppMinLimit-Remaining", HeaderValue::from_static("9990"));
        limiter.observe(Some(tenant), &h, None, now);
        let mut app_only = HeaderMap::new();
        app_only.insert("X-AppMinLimit-Remaining", HeaderValue::from_static("9989"));
        limiter.observe(None, &app_only, None, now);
        let budget = limiter.budget(tenant);
        assert_eq!(budget.minute_remaining, Some(58));
        assert_eq!(budget.day_remaining, Some(4998));
        assert_eq!(budget.app_minute_remaining, Some(9989));
        assert_eq!(limiter.slots(tenant).available_permits(), 5);
    }
}
