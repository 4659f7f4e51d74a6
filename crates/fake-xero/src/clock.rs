//! The fake's notion of "now": injected so tests decide when tokens expire and rate-limit windows
//! roll over. Owns: the `Clock` type and `ManualClock`. Must not: read the wall clock (only the
//! binary does, through its one marked function).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// Where the server reads the current instant. Cheap to clone; shared by every handler.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// A clock that only moves when a test moves it.
#[derive(Clone)]
pub struct ManualClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl std::fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManualClock")
            .field("now", &self.now())
            .finish()
    }
}

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(start)),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap()
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().unwrap() = to;
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap();
        *now += by;
    }

    /// The `Clock` view of this manual clock, for `FakeXeroConfig::clock`.
    pub fn clock(&self) -> Clock {
        let now = Arc::clone(&self.now);
        Arc::new(move || *now.lock().unwrap())
    }
}
