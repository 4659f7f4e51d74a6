//! The Clock port: the one way any Settle code learns the time. Logic takes `now` as a parameter;
//! only the binaries' edges hold a clock (settle-engine's `SystemClock`), and tests use
//! [`FixedClock`].

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that always says the same time: for tests, benchmarks and reproducible CLI runs
/// (`settle --now`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
