//! What every request handler reaches: the world, the rate limiter, fault hooks, the clock and
//! the bits of config that do not change at run time. Owns: that bundle. Must not: hold logic.

use std::sync::{Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::config::RateLimits;
use crate::faults::Faults;
use crate::rate_limit::RateLimiter;
use crate::world::World;

pub struct Shared {
    pub world: Mutex<World>,
    pub limiter: Mutex<RateLimiter>,
    pub limits: Mutex<RateLimits>,
    pub faults: Faults,
    pub clock: Clock,
    pub provider_name: String,
    pub redirect_uris: Vec<String>,
    /// `http://127.0.0.1:<port>`, known once the listener is bound.
    pub base_url: OnceLock<String>,
}

impl Shared {
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    pub fn world(&self) -> MutexGuard<'_, World> {
        // A handler that panicked mid-change leaves the data as it was; carry on serving.
        self.world
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn limits(&self) -> RateLimits {
        *self.limits.lock().unwrap()
    }

    pub fn base_url(&self) -> &str {
        self.base_url
            .get()
            .map_or("http://127.0.0.1", String::as_str)
    }
}
